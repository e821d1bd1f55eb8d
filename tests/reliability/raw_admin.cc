#include "tests/reliability/raw_admin.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "httplib.h"

namespace aqgate::testing {
namespace {

absl::Status Check(const httplib::Result& result, const std::string& what) {
  if (!result) {
    return absl::UnavailableError(absl::StrCat(what, ": ", httplib::to_string(result.error())));
  }
  if (result->status / 100 != 2) {
    return absl::InternalError(absl::StrCat(what, ": HTTP ", result->status, " ", result->body));
  }
  return absl::OkStatus();
}

std::unique_ptr<httplib::Client> Client(int port) {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", port);
  client->set_connection_timeout(5);
  client->set_read_timeout(10);
  return client;
}

}  // namespace

absl::Status ArmRawFault(int emulator_port, const nlohmann::json& fault) {
  return Check(Client(emulator_port)->Post("/_admin/faults", fault.dump(), "application/json"),
               "POST /_admin/faults");
}

absl::StatusOr<std::string> RawAdminGet(int emulator_port, const std::string& path) {
  httplib::Result result = Client(emulator_port)->Get(path);
  if (absl::Status status = Check(result, "GET " + path); !status.ok()) return status;
  return result->body;
}

}  // namespace aqgate::testing
