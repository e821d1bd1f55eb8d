#include "service/upstream/arize_rest_api.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "service/upstream/credentials.h"
#include "service/upstream/gateway_errors.h"
#include "service/upstream/http_error_mapping.h"
#include "service/upstream/json_decode.h"
#include "service/upstream/json_encode.h"
#include "service/upstream/url_builder.h"

namespace aqgate::upstream {
namespace {

namespace v1 = ::aqgate::v1;

constexpr char kQueuesPath[] = "v2/annotation-queues";
constexpr char kSpacesPath[] = "v2/spaces";

bool IsSuccess(int status) { return status >= 200 && status < 300; }

// X-Request-Id must be a single header-safe token; anything else is not sent.
bool IsHeaderSafe(absl::string_view value) {
  for (char c : value) {
    if (c < 0x20 || c >= 0x7f) return false;
  }
  return !value.empty() && value.size() <= 256;
}

absl::Status EmptyId(absl::string_view field) {
  return GatewayError(absl::StatusCode::kInvalidArgument, kReasonInvalidRequest,
                      absl::StrCat(field, " must not be empty"), {{"field", std::string(field)}});
}

// Decodes a 2xx body with `decode`, or passes the error on.
template <typename T, typename Decoder>
auto DecodeWith(Decoder decode, Callback<T> done) {
  return [decode, done = std::move(done)](absl::StatusOr<HttpResponse> response) mutable {
    if (!response.ok()) {
      std::move(done)(response.status());
      return;
    }
    absl::StatusOr<T> value = decode(response->body);
    if (!value.ok()) {
      absl::Status status = value.status();
      SetErrorMetadata(status, "http_status", absl::StrCat(response->status));
      SetErrorMetadata(status, "attempts", absl::StrCat(response->attempts));
      std::move(done)(std::move(status));
      return;
    }
    std::move(done)(std::move(value));
  };
}

auto NoBody(DoneCallback done) {
  return [done = std::move(done)](absl::StatusOr<HttpResponse> response) mutable {
    std::move(done)(response.status());
  };
}

UrlBuilder QueueUrl(const std::string& base, const std::string& queue_id) {
  UrlBuilder url(base);
  url.Path(kQueuesPath).Segment(queue_id);
  return url;
}

}  // namespace

ArizeRestApi::ArizeRestApi(RestApiOptions options, HttpTransport* transport, Scheduler* scheduler)
    : options_(std::move(options)), transport_(transport), scheduler_(scheduler) {}

void ArizeRestApi::Fail(ResponseHandler handler, absl::Status status) {
  scheduler_->RunAt(absl::InfinitePast(),
                    [handler = std::move(handler), status = std::move(status)](absl::Status) mutable {
                      std::move(handler)(std::move(status));
                    });
}

void ArizeRestApi::Execute(const CallContext& ctx, Operation operation, ResponseHandler handler) {
  if (!operation.body.ok()) return Fail(std::move(handler), operation.body.status());
  absl::StatusOr<std::string> key = SelectApiKey(ctx.api_key, options_.default_api_key);
  if (!key.ok()) return Fail(std::move(handler), key.status());

  HttpRequest request;
  request.method = operation.method;
  request.idempotency = operation.idempotency;
  request.url = std::move(operation.url);
  request.body = std::move(*operation.body);
  request.headers.emplace_back("Authorization", BearerAuthorization(*key));
  request.headers.emplace_back("User-Agent", options_.user_agent);
  request.headers.emplace_back("Accept", "application/json, application/problem+json");
  if (!request.body.empty()) request.headers.emplace_back("Content-Type", "application/json");
  const std::string request_id = IsHeaderSafe(ctx.request_id) ? ctx.request_id : std::string();
  if (!request_id.empty()) request.headers.emplace_back("X-Request-Id", request_id);

  Scheduler* clock = scheduler_;
  transport_->Send(
      std::move(request), ctx.deadline, ctx.cancellation,
      [secret = std::move(*key), request_id, clock,
       handler = std::move(handler)](absl::StatusOr<HttpResponse> response) mutable {
        absl::Status status;
        if (!response.ok()) {
          status = response.status();
          if (!request_id.empty()) SetErrorMetadata(status, "request_id", request_id);
        } else if (!IsSuccess(response->status)) {
          status = StatusFromHttpResponse(*response, ErrorContext{request_id, clock->Now()});
        } else {
          std::move(handler)(std::move(response));
          return;
        }
        RedactSecret(status, secret);
        std::move(handler)(std::move(status));
      });
}

void ArizeRestApi::ListQueues(const CallContext& ctx, ListQueuesParams params,
                              Callback<QueuePage> done) {
  UrlBuilder url(options_.base_url);
  url.Path(kQueuesPath)
      .QueryIfNotEmpty("space_id", params.space_id)
      .QueryIfNotEmpty("space_name", params.space_name)
      .QueryIfNotEmpty("name", params.name)
      .QueryIfNotEmpty("limit", params.limit > 0 ? absl::StrCat(params.limit) : "")
      .QueryIfNotEmpty("cursor", params.cursor);
  Execute(ctx, {HttpMethod::kGet, Idempotency::kIdempotent, url.url()},
          DecodeWith<QueuePage>(&DecodeQueuePage, std::move(done)));
}

void ArizeRestApi::GetQueue(const CallContext& ctx, std::string queue_id,
                            Callback<v1::AnnotationQueue> done) {
  auto handler = DecodeWith<v1::AnnotationQueue>(&DecodeQueue, std::move(done));
  if (queue_id.empty()) return Fail(std::move(handler), EmptyId("queue_id"));
  Execute(ctx, {HttpMethod::kGet, Idempotency::kIdempotent, QueueUrl(options_.base_url, queue_id).url()},
          std::move(handler));
}

void ArizeRestApi::CreateQueue(const CallContext& ctx, CreateQueueParams params,
                               Callback<v1::AnnotationQueue> done) {
  UrlBuilder url(options_.base_url);
  url.Path(kQueuesPath);
  Execute(ctx, {HttpMethod::kPost, Idempotency::kNonIdempotent, url.url(), EncodeCreateQueue(params)},
          DecodeWith<v1::AnnotationQueue>(&DecodeQueue, std::move(done)));
}

void ArizeRestApi::UpdateQueue(const CallContext& ctx, std::string queue_id,
                               UpdateQueueParams params, Callback<v1::AnnotationQueue> done) {
  auto handler = DecodeWith<v1::AnnotationQueue>(&DecodeQueue, std::move(done));
  if (queue_id.empty()) return Fail(std::move(handler), EmptyId("queue_id"));
  Execute(ctx,
          {HttpMethod::kPatch, Idempotency::kIdempotent, QueueUrl(options_.base_url, queue_id).url(),
           EncodeUpdateQueue(params)},
          std::move(handler));
}

void ArizeRestApi::DeleteQueue(const CallContext& ctx, std::string queue_id, DoneCallback done) {
  auto handler = NoBody(std::move(done));
  if (queue_id.empty()) return Fail(std::move(handler), EmptyId("queue_id"));
  Execute(ctx,
          {HttpMethod::kDelete, Idempotency::kIdempotent, QueueUrl(options_.base_url, queue_id).url()},
          std::move(handler));
}

void ArizeRestApi::ListRecords(const CallContext& ctx, std::string queue_id,
                               ListRecordsParams params, Callback<RecordPage> done) {
  auto handler = DecodeWith<RecordPage>(&DecodeRecordPage, std::move(done));
  if (queue_id.empty()) return Fail(std::move(handler), EmptyId("queue_id"));
  UrlBuilder url = QueueUrl(options_.base_url, queue_id);
  url.Path("records")
      .QueryIfNotEmpty("limit", params.limit > 0 ? absl::StrCat(params.limit) : "")
      .QueryIfNotEmpty("cursor", params.cursor);
  Execute(ctx, {HttpMethod::kGet, Idempotency::kIdempotent, url.url()}, std::move(handler));
}

void ArizeRestApi::AddRecords(const CallContext& ctx, std::string queue_id,
                              std::vector<v1::RecordSource> sources,
                              Callback<std::vector<v1::Record>> done) {
  auto handler = DecodeWith<std::vector<v1::Record>>(&DecodeAddedRecords, std::move(done));
  if (queue_id.empty()) return Fail(std::move(handler), EmptyId("queue_id"));
  UrlBuilder url = QueueUrl(options_.base_url, queue_id);
  url.Path("records");
  Execute(ctx, {HttpMethod::kPost, Idempotency::kNonIdempotent, url.url(), EncodeAddRecords(sources)},
          std::move(handler));
}

void ArizeRestApi::DeleteRecords(const CallContext& ctx, std::string queue_id,
                                 std::vector<std::string> record_ids, DoneCallback done) {
  auto handler = NoBody(std::move(done));
  if (queue_id.empty()) return Fail(std::move(handler), EmptyId("queue_id"));
  UrlBuilder url = QueueUrl(options_.base_url, queue_id);
  url.Path("records");
  Execute(ctx,
          {HttpMethod::kDelete, Idempotency::kIdempotent, url.url(), EncodeDeleteRecords(record_ids)},
          std::move(handler));
}

void ArizeRestApi::AnnotateRecord(const CallContext& ctx, std::string queue_id,
                                  std::string record_id,
                                  std::vector<v1::AnnotationInput> annotations,
                                  Callback<v1::AnnotateRecordResponse> done) {
  auto handler = DecodeWith<v1::AnnotateRecordResponse>(&DecodeAnnotateSnapshot, std::move(done));
  if (queue_id.empty()) return Fail(std::move(handler), EmptyId("queue_id"));
  if (record_id.empty()) return Fail(std::move(handler), EmptyId("record_id"));
  UrlBuilder url = QueueUrl(options_.base_url, queue_id);
  url.Path("records").Segment(record_id).Path("annotate");
  Execute(ctx, {HttpMethod::kPost, Idempotency::kIdempotent, url.url(), EncodeAnnotate(annotations)},
          std::move(handler));
}

void ArizeRestApi::AssignRecord(const CallContext& ctx, std::string queue_id,
                                std::string record_id, std::vector<std::string> emails,
                                Callback<v1::AssignRecordResponse> done) {
  auto handler = DecodeWith<v1::AssignRecordResponse>(&DecodeAssignSnapshot, std::move(done));
  if (queue_id.empty()) return Fail(std::move(handler), EmptyId("queue_id"));
  if (record_id.empty()) return Fail(std::move(handler), EmptyId("record_id"));
  UrlBuilder url = QueueUrl(options_.base_url, queue_id);
  url.Path("records").Segment(record_id).Path("assign");
  Execute(ctx, {HttpMethod::kPost, Idempotency::kIdempotent, url.url(), EncodeAssign(emails)},
          std::move(handler));
}

void ArizeRestApi::ListSpaces(const CallContext& ctx, ListSpacesParams params,
                              Callback<SpacePage> done) {
  UrlBuilder url(options_.base_url);
  url.Path(kSpacesPath)
      .QueryIfNotEmpty("name", params.name)
      .QueryIfNotEmpty("limit", params.limit > 0 ? absl::StrCat(params.limit) : "")
      .QueryIfNotEmpty("cursor", params.cursor);
  Execute(ctx, {HttpMethod::kGet, Idempotency::kIdempotent, url.url()},
          DecodeWith<SpacePage>(&DecodeSpacePage, std::move(done)));
}

}  // namespace aqgate::upstream
