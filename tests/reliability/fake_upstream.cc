#include "tests/reliability/fake_upstream.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "httplib.h"
#include "tests/integration/harness/subprocess.h"

namespace aqgate::testing {

absl::StatusOr<std::unique_ptr<FakeUpstream>> FakeUpstream::Start(std::string body) {
  std::unique_ptr<FakeUpstream> fake(new FakeUpstream());
  fake->body_ = std::move(body);
  fake->server_ = std::make_unique<httplib::Server>();
  FakeUpstream* self = fake.get();
  auto answer = [self](const httplib::Request&, httplib::Response& response) {
    ++self->requests_;
    response.status = 200;
    response.set_content(self->body_, "application/json");
  };
  fake->server_->Get(".*", answer);
  fake->server_->Post(".*", answer);
  fake->port_ = fake->server_->bind_to_any_port("127.0.0.1");
  if (fake->port_ <= 0) return absl::UnavailableError("fake upstream: cannot bind");
  fake->thread_ = std::thread([self] { self->server_->listen_after_bind(); });
  if (!PollUntil([self] { return self->server_->is_running(); }, absl::Seconds(10))) {
    return absl::DeadlineExceededError("fake upstream did not start");
  }
  return fake;
}

FakeUpstream::~FakeUpstream() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string FakeUpstream::base_url() const { return absl::StrCat("http://127.0.0.1:", port_); }

}  // namespace aqgate::testing
