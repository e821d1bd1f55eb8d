#include "tests/integration/harness/stack.h"

#include <algorithm>
#include <chrono>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "google/rpc/status.pb.h"
#include "tests/emulator/ids.h"

namespace aqgate::testing {
namespace v1 = ::aqgate::v1;

std::string SeedId(const std::string& kind, int number) {
  return emulator::MintId(kind, number);
}

void StackTest::StartStack(StackOptions options) {
  StartEmulator(options.seed);
  if (HasFatalFailure()) return;
  StartGateway(std::move(options));
}

void StackTest::StartEmulator(const std::string& seed) {
  absl::StatusOr<std::unique_ptr<Emulator>> emulator = Emulator::Start(
      absl::StrCat(AQGATE_SOURCE_DIR, "/tests/integration/seed/", seed));
  ASSERT_TRUE(emulator.ok()) << emulator.status();
  emulator_ = *std::move(emulator);
}

void StackTest::StartGateway(StackOptions options) {
  GatewayOptions gateway_options;
  gateway_options.upstream_url = options.upstream_url_override.empty()
                                     ? emulator_->base_url()
                                     : options.upstream_url_override;
  gateway_options.api_key = options.server_key;
  gateway_options.extra_args = {"--upstream_initial_backoff=10ms",
                                "--upstream_max_backoff=200ms"};
  gateway_options.extra_args.insert(gateway_options.extra_args.end(),
                                    options.gateway_args.begin(), options.gateway_args.end());
  absl::StatusOr<std::unique_ptr<Gateway>> gateway = Gateway::Start(gateway_options);
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  gateway_ = *std::move(gateway);
  stub_ = gateway_->NewStub();
}

std::vector<LoggedRequest> StackTest::UpstreamRequests() {
  absl::StatusOr<std::vector<LoggedRequest>> all = emulator_->Requests();
  EXPECT_TRUE(all.ok()) << all.status();
  std::vector<LoggedRequest> out;
  if (!all.ok()) return out;
  for (LoggedRequest& r : *all) {
    if (absl::StartsWith(r.path, "/v2/")) out.push_back(std::move(r));
  }
  return out;
}

void StackTest::ClearUpstreamRequests() {
  absl::Status status = emulator_->ClearRequests();
  EXPECT_TRUE(status.ok()) << status;
}

std::unique_ptr<grpc::ClientContext> Ctx(const std::string& api_key,
                                         const std::string& request_id, absl::Duration timeout) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(timeout));
  if (!api_key.empty()) context->AddMetadata("authorization", absl::StrCat("Bearer ", api_key));
  if (!request_id.empty()) context->AddMetadata("x-request-id", request_id);
  return context;
}

v1::QueueRef QueueById(const std::string& id) {
  v1::QueueRef ref;
  ref.set_id(id);
  return ref;
}

v1::QueueRef QueueByName(const std::string& name, const std::string& space_name) {
  v1::QueueRef ref;
  ref.set_name(name);
  ref.mutable_space()->set_name(space_name);
  return ref;
}

v1::CreateAnnotationQueueRequest NewQueueRequest(const std::string& name) {
  v1::CreateAnnotationQueueRequest request;
  request.set_name(name);
  request.mutable_space()->set_name(kSpace);
  for (int n = 1; n <= 3; ++n) request.add_annotation_config_ids(ConfigId(n));
  request.add_annotator_emails(kOwnerEmail);
  request.add_annotator_emails(kAnnotatorEmail);
  request.set_instructions("Label carefully.");
  return request;
}

v1::AnnotationQueue CreateQueue(v1::AnnotationQueueService::Stub& stub, const std::string& name) {
  v1::CreateAnnotationQueueResponse response;
  grpc::Status status = stub.CreateAnnotationQueue(Ctx().get(), NewQueueRequest(name), &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.annotation_queue();
}

namespace {

google::protobuf::Timestamp Time(const char* text) {
  google::protobuf::Timestamp t;
  google::protobuf::util::TimeUtil::FromString(text, &t);
  return t;
}

std::optional<google::rpc::Status> RpcStatusOf(const grpc::Status& status) {
  google::rpc::Status rpc;
  if (status.error_details().empty() || !rpc.ParseFromString(status.error_details())) {
    return std::nullopt;
  }
  return rpc;
}

template <typename T>
std::optional<T> DetailOf(const grpc::Status& status) {
  std::optional<google::rpc::Status> rpc = RpcStatusOf(status);
  if (!rpc.has_value()) return std::nullopt;
  for (const google::protobuf::Any& any : rpc->details()) {
    T detail;
    if (any.UnpackTo(&detail)) return detail;
  }
  return std::nullopt;
}

}  // namespace

v1::RecordSource SpanSource(const std::vector<std::string>& span_ids) {
  v1::RecordSource source;
  v1::SpanSource* spans = source.mutable_spans();
  spans->set_project_id(ProjectId());
  *spans->mutable_start_time() = Time("2026-03-01T00:00:00Z");
  *spans->mutable_end_time() = Time("2026-03-02T00:00:00Z");
  for (const auto& id : span_ids) spans->add_span_ids(id);
  return source;
}

v1::RecordSource TraceSource(const std::vector<std::string>& trace_ids) {
  v1::RecordSource source;
  v1::TraceSource* traces = source.mutable_traces();
  traces->set_project_id(ProjectId());
  *traces->mutable_start_time() = Time("2026-03-01T00:00:00Z");
  *traces->mutable_end_time() = Time("2026-03-02T00:00:00Z");
  for (const auto& id : trace_ids) traces->add_trace_ids(id);
  return source;
}

v1::RecordSource ExampleSource(const std::vector<std::string>& example_ids) {
  v1::RecordSource source;
  v1::ExampleSource* examples = source.mutable_examples();
  examples->set_dataset_id(DatasetId());
  for (const auto& id : example_ids) examples->add_example_ids(id);
  return source;
}

std::optional<google::rpc::ErrorInfo> ErrorInfoOf(const grpc::Status& status) {
  return DetailOf<google::rpc::ErrorInfo>(status);
}
std::optional<google::rpc::BadRequest> BadRequestOf(const grpc::Status& status) {
  return DetailOf<google::rpc::BadRequest>(status);
}
std::optional<google::rpc::RetryInfo> RetryInfoOf(const grpc::Status& status) {
  return DetailOf<google::rpc::RetryInfo>(status);
}

std::vector<std::string> ViolationFields(const grpc::Status& status) {
  std::vector<std::string> fields;
  if (std::optional<google::rpc::BadRequest> bad = BadRequestOf(status)) {
    for (const auto& v : bad->field_violations()) fields.push_back(v.field());
  }
  std::sort(fields.begin(), fields.end());
  return fields;
}

}  // namespace aqgate::testing
