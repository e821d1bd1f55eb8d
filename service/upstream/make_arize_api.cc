// Assembles the production stack:
//   ArizeRestApi -> LoggingTransport -> RetryingTransport -> CurlTransport
// (the curl transport is also the Scheduler of the retries and of the REST
// layer's early errors).
#include "service/upstream/make_arize_api.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "service/upstream/arize_rest_api.h"
#include "service/upstream/curl_transport.h"
#include "service/upstream/gateway_errors.h"
#include "service/upstream/logging_transport.h"
#include "service/upstream/retrying_transport.h"

namespace aqgate::upstream {
namespace {

namespace v1 = ::aqgate::v1;

absl::Status BadOption(absl::string_view message) {
  return GatewayError(absl::StatusCode::kInvalidArgument, kReasonInvalidRequest, message);
}

// Owns the stack; its destructor shuts the event loop down first, so every
// pending call completes with CANCELLED while the decorators still exist.
class OwningArizeApi final : public ArizeApi {
 public:
  OwningArizeApi(std::unique_ptr<EventLoopTransport> curl, const UpstreamOptions& options)
      : curl_(std::move(curl)),
        retrying_(curl_.get(), curl_.get(),
                  RetryOptions{options.max_attempts,
                               BackoffOptions{options.initial_backoff, options.max_backoff, 2.0}},
                  DefaultUniformRandom()),
        logging_(&retrying_, curl_.get()),
        rest_(RestApiOptions{options.base_url, options.default_api_key, options.user_agent},
              &logging_, curl_.get()) {}

  ~OwningArizeApi() override { curl_->Shutdown(); }

  void ListQueues(const CallContext& ctx, ListQueuesParams params, Callback<QueuePage> done) override {
    rest_.ListQueues(ctx, std::move(params), std::move(done));
  }
  void GetQueue(const CallContext& ctx, std::string queue_id,
                Callback<v1::AnnotationQueue> done) override {
    rest_.GetQueue(ctx, std::move(queue_id), std::move(done));
  }
  void CreateQueue(const CallContext& ctx, CreateQueueParams params,
                   Callback<v1::AnnotationQueue> done) override {
    rest_.CreateQueue(ctx, std::move(params), std::move(done));
  }
  void UpdateQueue(const CallContext& ctx, std::string queue_id, UpdateQueueParams params,
                   Callback<v1::AnnotationQueue> done) override {
    rest_.UpdateQueue(ctx, std::move(queue_id), std::move(params), std::move(done));
  }
  void DeleteQueue(const CallContext& ctx, std::string queue_id, DoneCallback done) override {
    rest_.DeleteQueue(ctx, std::move(queue_id), std::move(done));
  }
  void ListRecords(const CallContext& ctx, std::string queue_id, ListRecordsParams params,
                   Callback<RecordPage> done) override {
    rest_.ListRecords(ctx, std::move(queue_id), std::move(params), std::move(done));
  }
  void AddRecords(const CallContext& ctx, std::string queue_id, std::vector<v1::RecordSource> sources,
                  Callback<std::vector<v1::Record>> done) override {
    rest_.AddRecords(ctx, std::move(queue_id), std::move(sources), std::move(done));
  }
  void DeleteRecords(const CallContext& ctx, std::string queue_id,
                     std::vector<std::string> record_ids, DoneCallback done) override {
    rest_.DeleteRecords(ctx, std::move(queue_id), std::move(record_ids), std::move(done));
  }
  void AnnotateRecord(const CallContext& ctx, std::string queue_id, std::string record_id,
                      std::vector<v1::AnnotationInput> annotations,
                      Callback<v1::AnnotateRecordResponse> done) override {
    rest_.AnnotateRecord(ctx, std::move(queue_id), std::move(record_id), std::move(annotations),
                         std::move(done));
  }
  void AssignRecord(const CallContext& ctx, std::string queue_id, std::string record_id,
                    std::vector<std::string> emails, Callback<v1::AssignRecordResponse> done) override {
    rest_.AssignRecord(ctx, std::move(queue_id), std::move(record_id), std::move(emails),
                       std::move(done));
  }
  void ListSpaces(const CallContext& ctx, ListSpacesParams params, Callback<SpacePage> done) override {
    rest_.ListSpaces(ctx, std::move(params), std::move(done));
  }

 private:
  std::unique_ptr<EventLoopTransport> curl_;
  RetryingTransport retrying_;
  LoggingTransport logging_;
  ArizeRestApi rest_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<ArizeApi>> MakeArizeApi(const UpstreamOptions& options) {
  if (!absl::StartsWith(options.base_url, "http://") &&
      !absl::StartsWith(options.base_url, "https://")) {
    return BadOption("the upstream base URL must start with http:// or https://");
  }
  if (options.base_url.find_first_of("?# \r\n") != std::string::npos) {
    return BadOption("the upstream base URL must not contain a query, fragment or spaces");
  }
  if (options.max_attempts < 1) return BadOption("max_attempts must be at least 1");
  if (options.attempt_timeout <= absl::ZeroDuration() ||
      options.connect_timeout <= absl::ZeroDuration()) {
    return BadOption("the attempt and connect timeouts must be positive");
  }
  if (options.initial_backoff < absl::ZeroDuration() || options.max_backoff < options.initial_backoff) {
    return BadOption("backoff must satisfy 0 <= initial_backoff <= max_backoff");
  }
  if (options.max_response_bytes == 0) return BadOption("max_response_bytes must be positive");
  if (options.max_connections < 1) return BadOption("max_connections must be at least 1");

  CurlTransportOptions curl_options;
  curl_options.ca_file = options.ca_file;
  curl_options.insecure_skip_tls_verify = options.insecure_skip_tls_verify;
  curl_options.attempt_timeout = options.attempt_timeout;
  curl_options.connect_timeout = options.connect_timeout;
  curl_options.max_response_bytes = options.max_response_bytes;
  curl_options.max_host_connections = options.max_connections;
  curl_options.max_idle_connections = options.max_connections;
  curl_options.request_compression = options.request_compression;
  absl::StatusOr<std::unique_ptr<EventLoopTransport>> curl = MakeCurlTransport(curl_options);
  if (!curl.ok()) return curl.status();
  return std::unique_ptr<ArizeApi>(new OwningArizeApi(std::move(*curl), options));
}

}  // namespace aqgate::upstream
