// The local upstream (tests/emulator) as a child process, with its admin API:
// fault injection and the request log.
#ifndef AQGATE_TESTS_INTEGRATION_HARNESS_EMULATOR_H_
#define AQGATE_TESTS_INTEGRATION_HARNESS_EMULATOR_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "tests/integration/harness/subprocess.h"
#include "tests/integration/harness/temp_dir.h"

namespace aqgate::testing {

struct LoggedRequest {
  std::string method;
  std::string path;
  std::string query;
  int status = 0;
};

struct Fault {
  std::string kind = "status";  // see tests/emulator/README.md
  int status = 0;
  int retry_after = -1;  // seconds; < 0 = no Retry-After header
  int count = 1;         // how many matching requests get it
  std::string path_prefix;
  std::string method;
  int latency_ms = 0;
  int stall_ms = 0;
};

class Emulator {
 public:
  // Starts bin/aqgate-emulator on an OS-chosen port with `seed_file` (a file
  // of tests/emulator/seed by default) and waits until /_admin/health says OK.
  static absl::StatusOr<std::unique_ptr<Emulator>> Start(const std::string& seed_file,
                                                         std::vector<std::string> extra_args = {});
  ~Emulator();

  int port() const { return port_; }
  std::string base_url() const;
  Subprocess& process() { return *process_; }

  absl::Status AddFault(const Fault& fault);
  absl::Status ClearFaults();
  absl::StatusOr<std::vector<LoggedRequest>> Requests();
  absl::Status ClearRequests();

 private:
  Emulator() = default;

  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<Subprocess> process_;
};

// Absolute path of a file in tests/emulator/seed.
std::string SeedFile(const std::string& name);

}  // namespace aqgate::testing

#endif  // AQGATE_TESTS_INTEGRATION_HARNESS_EMULATOR_H_
