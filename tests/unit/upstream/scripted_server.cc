#include "tests/unit/upstream/scripted_server.h"

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace aqgate::upstream::testing {

TestCertificate::TestCertificate(std::string folder)
    : cert_path(folder + "/cert.pem"), key_path(folder + "/key.pem"), folder_(std::move(folder)) {}

TestCertificate::~TestCertificate() {
  std::error_code ignored;
  std::filesystem::remove_all(folder_, ignored);
}

std::unique_ptr<TestCertificate> MakeSelfSignedCertificate() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/aqgate-upstream-tls-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  auto certificate = std::make_unique<TestCertificate>(pattern);
  const std::string command = absl::StrCat(
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2",
      " -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost",
      " -keyout ", certificate->key_path, " -out ", certificate->cert_path, " >/dev/null 2>&1");
  if (std::system(command.c_str()) != 0) throw std::runtime_error("openssl req failed");
  return certificate;
}

ScriptedServer::ScriptedServer() : server_(std::make_unique<httplib::Server>()) { Init(); }

ScriptedServer::ScriptedServer(const std::string& cert_path, const std::string& key_path)
    : server_(std::make_unique<httplib::SSLServer>(cert_path.c_str(), key_path.c_str())), tls_(true) {
  Init();
}

void ScriptedServer::Init() {
  server_->new_task_queue = [] { return new httplib::ThreadPool(16); };
  server_->set_keep_alive_timeout(2);
  server_->set_keep_alive_max_count(10000);
  server_->set_tcp_nodelay(true);  // no Nagle + delayed-ACK stalls on loopback
  server_->set_pre_routing_handler([this](const httplib::Request& request, httplib::Response&) {
    RecordedRequest recorded{request.method,
                             request.target,
                             request.get_header_value("Authorization"),
                             request.get_header_value("User-Agent"),
                             request.get_header_value("X-Request-Id"),
                             absl::Now()};
    absl::MutexLock lock(&mu_);
    requests_.push_back(std::move(recorded));
    return httplib::Server::HandlerResponse::Unhandled;
  });
}

void ScriptedServer::Start() {
  // The socket listens once bound: connections queue in its backlog until
  // the accept loop runs, so no readiness wait is needed.
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("bind failed");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // Readiness probe: stop() before the accept loop runs would be lost.
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (!server_->is_running() && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(1));
}

ScriptedServer::~ScriptedServer() {
  ReleaseAll();
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string ScriptedServer::base_url() const {
  return absl::StrCat(tls_ ? "https" : "http", "://127.0.0.1:", port_);
}

std::vector<RecordedRequest> ScriptedServer::requests() {
  absl::MutexLock lock(&mu_);
  return requests_;
}

int ScriptedServer::request_count() {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(requests_.size());
}

bool ScriptedServer::WaitForRelease(absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  return mu_.AwaitWithTimeout(absl::Condition(&released_), timeout);
}

void ScriptedServer::ReleaseAll() {
  absl::MutexLock lock(&mu_);
  released_ = true;
}

bool ScriptedServer::WaitForRequests(int count, absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto arrived = [this, count]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return static_cast<int>(requests_.size()) >= count;
  };
  return mu_.AwaitWithTimeout(absl::Condition(&arrived), timeout);
}

}  // namespace aqgate::upstream::testing
