// Launches a child process with its output captured to files, and stops it.
#ifndef AQGATE_TESTS_INTEGRATION_HARNESS_SUBPROCESS_H_
#define AQGATE_TESTS_INTEGRATION_HARNESS_SUBPROCESS_H_

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace aqgate::testing {

struct SubprocessOptions {
  std::string binary;
  std::vector<std::string> args;
  // Variables to set in the child (on top of this process's environment).
  std::map<std::string, std::string> env;
  // Variables to remove from the child's environment.
  std::vector<std::string> unset_env;
  // Where the child's stdout and stderr go (created / truncated).
  std::string stdout_path;
  std::string stderr_path;
};

class Subprocess {
 public:
  static absl::StatusOr<std::unique_ptr<Subprocess>> Start(SubprocessOptions options);
  // Kills (SIGKILL) and reaps a child that is still running.
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  pid_t pid() const { return pid_; }
  // True while the child has not exited (reaps it when it has).
  bool Running();
  // Sends a signal; no-op after exit.
  void Signal(int signal_number);
  // Waits up to `timeout` for the exit. The raw wait status, or nullopt
  // when it is still running.
  std::optional<int> Wait(absl::Duration timeout);
  // SIGTERM, then SIGKILL after `grace`. Returns the wait status.
  int Stop(absl::Duration grace = absl::Seconds(10));

  std::string ReadStdout() const;
  std::string ReadStderr() const;
  const SubprocessOptions& options() const { return options_; }

 private:
  Subprocess(SubprocessOptions options, pid_t pid) : options_(std::move(options)), pid_(pid) {}

  SubprocessOptions options_;
  pid_t pid_;
  std::optional<int> exit_status_;
};

// The content of a file, or "" when it cannot be read.
std::string ReadFileOrEmpty(const std::string& path);

// Waits until `path` holds a port number (written atomically by the child),
// failing early if `process` exits first.
absl::StatusOr<int> WaitForPortFile(const std::string& path, Subprocess& process,
                                    absl::Duration timeout);

// Polls `probe` (with short, growing pauses) until it returns true, the
// process exits, or `timeout` passes.
template <typename Probe>
bool PollUntil(Probe probe, absl::Duration timeout);

// Describes a wait status ("exit 0", "signal 9").
std::string DescribeWaitStatus(int status);

}  // namespace aqgate::testing

#include "tests/integration/harness/poll_until_impl.h"  // IWYU pragma: export

#endif  // AQGATE_TESTS_INTEGRATION_HARNESS_SUBPROCESS_H_
