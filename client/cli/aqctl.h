// aqctl's entry point, separate from main() so tests can run it in-process.
#ifndef AQGATE_CLIENT_CLI_AQCTL_H_
#define AQGATE_CLIENT_CLI_AQCTL_H_

#include <string>
#include <vector>

#include "client/cli/io.h"

namespace aqgate::cli {

// Runs one aqctl command line (args without the program name) and returns
// the exit code (see exit_codes.h). The flags keep the values this command
// line set: a caller that runs it many times in one process (the tests) wraps
// each run in an absl::FlagSaver. (The binary runs it once; a FlagSaver there
// would make abseil print a "Restore saved value" line per flag on stderr.)
int RunAqctl(const std::vector<std::string>& args, Io& io);

}  // namespace aqgate::cli

#endif  // AQGATE_CLIENT_CLI_AQCTL_H_
