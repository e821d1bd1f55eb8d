#include "tests/integration/harness/emulator.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "httplib.h"

namespace aqgate::testing {
namespace {

constexpr absl::Duration kStartTimeout = absl::Seconds(30);

std::unique_ptr<httplib::Client> AdminClient(int port) {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", port);
  client->set_connection_timeout(2, 0);
  client->set_read_timeout(10, 0);
  return client;
}

absl::Status Expect2xx(const httplib::Result& result, absl::string_view what) {
  if (!result) {
    return absl::UnavailableError(
        absl::StrCat(what, ": ", httplib::to_string(result.error())));
  }
  if (result->status < 200 || result->status > 299) {
    return absl::InternalError(
        absl::StrCat(what, ": HTTP ", result->status, " ", result->body));
  }
  return absl::OkStatus();
}

}  // namespace

std::string SeedFile(const std::string& name) {
  return absl::StrCat(AQGATE_SOURCE_DIR, "/tests/emulator/seed/", name);
}

absl::StatusOr<std::unique_ptr<Emulator>> Emulator::Start(const std::string& seed_file,
                                                          std::vector<std::string> extra_args) {
  std::unique_ptr<Emulator> emulator(new Emulator());
  const std::string port_file = emulator->dir_.File("emulator.port");
  SubprocessOptions options;
  options.binary = AQGATE_EMULATOR_BIN;
  options.args = {"--seed", seed_file, "--db", emulator->dir_.File("emulator.db"),
                  "--host", "127.0.0.1", "--port", "0", "--port_file", port_file};
  options.args.insert(options.args.end(), extra_args.begin(), extra_args.end());
  options.stdout_path = emulator->dir_.File("emulator.stdout");
  options.stderr_path = emulator->dir_.File("emulator.stderr");
  absl::StatusOr<std::unique_ptr<Subprocess>> process = Subprocess::Start(std::move(options));
  if (!process.ok()) return process.status();
  emulator->process_ = *std::move(process);

  absl::StatusOr<int> port = WaitForPortFile(port_file, *emulator->process_, kStartTimeout);
  if (!port.ok()) return port.status();
  emulator->port_ = *port;

  auto client = AdminClient(emulator->port_);
  bool healthy = PollUntil(
      [&] {
        httplib::Result r = client->Get("/_admin/health");
        return (r && r->status == 200) || !emulator->process_->Running();
      },
      kStartTimeout);
  if (!healthy || !emulator->process_->Running()) {
    return absl::UnavailableError(absl::StrCat("emulator not healthy; stderr:\n",
                                               emulator->process_->ReadStderr()));
  }
  return emulator;
}

Emulator::~Emulator() {
  if (process_ != nullptr) process_->Stop(absl::Seconds(5));
}

std::string Emulator::base_url() const { return absl::StrCat("http://127.0.0.1:", port_); }

absl::Status Emulator::AddFault(const Fault& fault) {
  nlohmann::json body = {{"kind", fault.kind}, {"count", fault.count}};
  if (fault.status != 0) body["status"] = fault.status;
  if (fault.retry_after >= 0) body["retry_after"] = fault.retry_after;
  if (!fault.path_prefix.empty()) body["path_prefix"] = fault.path_prefix;
  if (!fault.method.empty()) body["method"] = fault.method;
  if (fault.latency_ms > 0) body["latency_ms"] = fault.latency_ms;
  if (fault.stall_ms > 0) body["stall_ms"] = fault.stall_ms;
  return Expect2xx(AdminClient(port_)->Post("/_admin/faults", body.dump(), "application/json"),
                   "POST /_admin/faults");
}

absl::Status Emulator::ClearFaults() {
  return Expect2xx(AdminClient(port_)->Delete("/_admin/faults"), "DELETE /_admin/faults");
}

absl::StatusOr<std::vector<LoggedRequest>> Emulator::Requests() {
  httplib::Result result = AdminClient(port_)->Get("/_admin/requests");
  if (absl::Status s = Expect2xx(result, "GET /_admin/requests"); !s.ok()) return s;
  nlohmann::json body = nlohmann::json::parse(result->body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("requests") || !body["requests"].is_array()) {
    return absl::InternalError(absl::StrCat("unexpected request log: ", result->body));
  }
  std::vector<LoggedRequest> out;
  for (const nlohmann::json& entry : body["requests"]) {
    LoggedRequest r;
    r.method = entry.value("method", "");
    r.path = entry.value("path", "");
    r.query = entry.value("query", "");
    r.status = entry.value("status", 0);
    out.push_back(std::move(r));
  }
  return out;
}

absl::Status Emulator::ClearRequests() {
  return Expect2xx(AdminClient(port_)->Delete("/_admin/requests"), "DELETE /_admin/requests");
}

}  // namespace aqgate::testing
