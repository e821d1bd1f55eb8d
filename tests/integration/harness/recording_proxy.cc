#include "tests/integration/harness/recording_proxy.h"

#include "absl/strings/str_cat.h"
#include "httplib.h"
#include "tests/integration/harness/subprocess.h"

namespace aqgate::testing {

absl::StatusOr<std::unique_ptr<RecordingProxy>> RecordingProxy::Start(
    int upstream_port, const std::string& cert_file, const std::string& key_file) {
  std::unique_ptr<RecordingProxy> proxy(new RecordingProxy());
  proxy->upstream_port_ = upstream_port;
  proxy->tls_ = !cert_file.empty();
  if (proxy->tls_) {
    proxy->server_ = std::make_unique<httplib::SSLServer>(cert_file.c_str(), key_file.c_str());
  } else {
    proxy->server_ = std::make_unique<httplib::Server>();
  }
  if (!proxy->server_->is_valid()) return absl::InternalError("proxy server setup failed");

  RecordingProxy* self = proxy.get();
  auto forward = [self](const httplib::Request& req, httplib::Response& res) {
    {
      absl::MutexLock lock(&self->mu_);
      self->requests_.push_back({req.method, req.target, req.get_header_value("X-Request-Id"),
                                 req.has_header("Authorization")});
    }
    httplib::Client client("127.0.0.1", self->upstream_port_);
    client.set_read_timeout(30, 0);
    httplib::Headers headers;
    for (const auto& [name, value] : req.headers) {
      if (name == "Host" || name == "Content-Length" || name == "Connection") continue;
      headers.emplace(name, value);
    }
    const std::string content_type = req.get_header_value("Content-Type");
    httplib::Result result = [&] {
      if (req.method == "POST") return client.Post(req.target, headers, req.body, content_type);
      if (req.method == "PATCH") return client.Patch(req.target, headers, req.body, content_type);
      if (req.method == "DELETE") {
        return client.Delete(req.target, headers, req.body, content_type);
      }
      return client.Get(req.target, headers);
    }();
    if (!result) {
      res.status = 502;
      return;
    }
    res.status = result->status;
    for (const char* name : {"Retry-After"}) {
      if (result->has_header(name)) res.set_header(name, result->get_header_value(name));
    }
    res.set_content(result->body, result->get_header_value("Content-Type"));
  };
  proxy->server_->Get(".*", forward);
  proxy->server_->Post(".*", forward);
  proxy->server_->Patch(".*", forward);
  proxy->server_->Delete(".*", forward);

  proxy->port_ = proxy->server_->bind_to_any_port("127.0.0.1");
  if (proxy->port_ <= 0) return absl::UnavailableError("proxy cannot bind");
  proxy->thread_ = std::thread([self] { self->server_->listen_after_bind(); });
  if (!PollUntil([self] { return self->server_->is_running(); }, absl::Seconds(10))) {
    return absl::UnavailableError("proxy did not start");
  }
  return proxy;
}

RecordingProxy::~RecordingProxy() {
  if (server_ != nullptr) server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string RecordingProxy::base_url() const {
  return absl::StrCat(tls_ ? "https" : "http", "://127.0.0.1:", port_);
}

std::vector<ProxiedRequest> RecordingProxy::Requests() const {
  absl::MutexLock lock(&mu_);
  return requests_;
}

}  // namespace aqgate::testing
