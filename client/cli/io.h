// Where aqctl reads and writes, and what it knows about its terminal and
// environment: main() wires the real ones, tests pass string streams.
#ifndef AQGATE_CLIENT_CLI_IO_H_
#define AQGATE_CLIENT_CLI_IO_H_

#include <functional>
#include <iostream>
#include <optional>
#include <string>

namespace aqgate::cli {

struct Io {
  std::ostream& out;
  std::ostream& err;
  std::istream& in;
  bool out_is_tty = false;
  bool err_is_tty = false;
  bool in_is_tty = false;
  // Reads an environment variable.
  std::function<std::optional<std::string>(const std::string&)> getenv;
};

}  // namespace aqgate::cli

#endif  // AQGATE_CLIENT_CLI_IO_H_
