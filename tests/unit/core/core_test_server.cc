#include "tests/unit/core/core_test_server.h"

#include <utility>

#include "absl/strings/match.h"
#include "service/common/log.h"
#include "service/core/annotation_queue_service.h"
#include "service/upstream/status_payloads.h"

namespace aqgate::core::testing {

void CoreServiceTest::StartServer(CoreOptions options) {
  ASSERT_EQ(server_, nullptr) << "server already started";
  if (!options.clock) options.clock = [this] { return clock_.Now(); };
  service_ = MakeAnnotationQueueService(&api_, std::move(options));
  grpc::ServerBuilder builder;
  int& port = port_;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(service_.get());
  server_ = builder.BuildAndStart();
  ASSERT_NE(server_, nullptr);
  ASSERT_GT(port, 0);
  stub_ = aqgate::v1::AnnotationQueueService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
}

void CoreServiceTest::TearDown() {
  if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now());
  server_.reset();
  service_.reset();
}

aqgate::v1::AnnotationQueueService::Stub& CoreServiceTest::stub() {
  if (stub_ == nullptr) StartServer();
  return *stub_;
}

std::unique_ptr<aqgate::v1::AnnotationQueueService::Stub> CoreServiceTest::NewStub(
    const grpc::ChannelArguments& args) {
  if (server_ == nullptr) StartServer();
  return aqgate::v1::AnnotationQueueService::NewStub(grpc::CreateCustomChannel(
      "127.0.0.1:" + std::to_string(port_), grpc::InsecureChannelCredentials(), args));
}

google::rpc::Status RpcStatusOf(const grpc::Status& status) {
  google::rpc::Status rpc_status;
  EXPECT_TRUE(rpc_status.ParseFromString(status.error_details()));
  return rpc_status;
}

template <typename T>
std::optional<T> DetailOf(const grpc::Status& status) {
  const google::rpc::Status rpc_status = RpcStatusOf(status);
  for (const google::protobuf::Any& any : rpc_status.details()) {
    T detail;
    if (any.UnpackTo(&detail)) return detail;
  }
  return std::nullopt;
}

std::optional<google::rpc::ErrorInfo> ErrorInfoOf(const grpc::Status& status) {
  return DetailOf<google::rpc::ErrorInfo>(status);
}

std::optional<google::rpc::RetryInfo> RetryInfoOf(const grpc::Status& status) {
  return DetailOf<google::rpc::RetryInfo>(status);
}

std::vector<std::string> BadRequestFields(const grpc::Status& status) {
  std::vector<std::string> fields;
  if (auto bad_request = DetailOf<google::rpc::BadRequest>(status)) {
    for (const auto& violation : bad_request->field_violations()) {
      fields.push_back(violation.field());
    }
  }
  return fields;
}

absl::Status UpstreamInvalidFields(const std::vector<std::string>& fields) {
  absl::Status status = absl::InvalidArgumentError("upstream returned HTTP 400");
  google::rpc::ErrorInfo info;
  info.set_domain(upstream::kDomainUpstream);
  info.set_reason("UPSTREAM_BAD_REQUEST");
  upstream::SetDetail(status, info);
  google::rpc::BadRequest bad_request;
  for (const std::string& field : fields) {
    auto* violation = bad_request.add_field_violations();
    violation->set_field(field);
    violation->set_description("rejected upstream");
  }
  upstream::SetDetail(status, bad_request);
  return status;
}

struct LogCapture::State {
  absl::Mutex mu;
  std::vector<std::string> lines ABSL_GUARDED_BY(mu);
};

LogCapture::LogCapture() : state_(std::make_shared<State>()) {
  SetLogSink([state = state_](const std::string& line) {
    absl::MutexLock lock(&state->mu);
    state->lines.push_back(line);
  });
}

LogCapture::~LogCapture() { SetLogSink(nullptr); }

std::vector<std::string> LogCapture::Lines() {
  absl::MutexLock lock(&state_->mu);
  return state_->lines;
}

bool LogCapture::WaitFor(const std::vector<std::string>& parts) {
  auto found = [&]() {
    for (const std::string& line : state_->lines) {
      bool all = true;
      for (const std::string& part : parts) all = all && absl::StrContains(line, part);
      if (all) return true;
    }
    return false;
  };
  absl::MutexLock lock(&state_->mu);
  return state_->mu.AwaitWithTimeout(absl::Condition(&found), absl::Seconds(10));
}

}  // namespace aqgate::core::testing
