// ArizeApi over REST: builds each operation's URL and JSON body, adds the
// headers (Authorization, User-Agent, Accept, Content-Type, X-Request-Id),
// sends through an HttpTransport (in production: logging -> retry -> curl),
// maps non-2xx responses to statuses (http_error_mapping.h) and decodes
// 2xx bodies (json_decode.h). Errors found before sending (empty IDs, no
// key, unencodable bodies) are delivered through the Scheduler so that
// `done` still runs on the I/O thread.
#ifndef AQGATE_SERVICE_UPSTREAM_ARIZE_REST_API_H_
#define AQGATE_SERVICE_UPSTREAM_ARIZE_REST_API_H_

#include <string>
#include <vector>

#include "service/upstream/arize_api.h"
#include "service/upstream/http_transport.h"

namespace aqgate::upstream {

struct RestApiOptions {
  std::string base_url = "https://api.arize.com";
  std::string default_api_key;
  std::string user_agent = "aqgate/0.1.0";
};

class ArizeRestApi final : public ArizeApi {
 public:
  // `transport` and `scheduler` must outlive every call.
  ArizeRestApi(RestApiOptions options, HttpTransport* transport, Scheduler* scheduler);

  void ListQueues(const CallContext& ctx, ListQueuesParams params, Callback<QueuePage> done) override;
  void GetQueue(const CallContext& ctx, std::string queue_id,
                Callback<aqgate::v1::AnnotationQueue> done) override;
  void CreateQueue(const CallContext& ctx, CreateQueueParams params,
                   Callback<aqgate::v1::AnnotationQueue> done) override;
  void UpdateQueue(const CallContext& ctx, std::string queue_id, UpdateQueueParams params,
                   Callback<aqgate::v1::AnnotationQueue> done) override;
  void DeleteQueue(const CallContext& ctx, std::string queue_id, DoneCallback done) override;
  void ListRecords(const CallContext& ctx, std::string queue_id, ListRecordsParams params,
                   Callback<RecordPage> done) override;
  void AddRecords(const CallContext& ctx, std::string queue_id,
                  std::vector<aqgate::v1::RecordSource> sources,
                  Callback<std::vector<aqgate::v1::Record>> done) override;
  void DeleteRecords(const CallContext& ctx, std::string queue_id,
                     std::vector<std::string> record_ids, DoneCallback done) override;
  void AnnotateRecord(const CallContext& ctx, std::string queue_id, std::string record_id,
                      std::vector<aqgate::v1::AnnotationInput> annotations,
                      Callback<aqgate::v1::AnnotateRecordResponse> done) override;
  void AssignRecord(const CallContext& ctx, std::string queue_id, std::string record_id,
                    std::vector<std::string> emails,
                    Callback<aqgate::v1::AssignRecordResponse> done) override;
  void ListSpaces(const CallContext& ctx, ListSpacesParams params, Callback<SpacePage> done) override;

 private:
  // Called with a 2xx response, or the mapped error.
  using ResponseHandler = absl::AnyInvocable<void(absl::StatusOr<HttpResponse>) &&>;

  struct Operation {
    HttpMethod method;
    Idempotency idempotency;
    std::string url;
    absl::StatusOr<std::string> body = std::string();
  };

  void Execute(const CallContext& ctx, Operation operation, ResponseHandler handler);
  void Fail(ResponseHandler handler, absl::Status status);

  RestApiOptions options_;
  HttpTransport* transport_;
  Scheduler* scheduler_;
};

}  // namespace aqgate::upstream

#endif  // AQGATE_SERVICE_UPSTREAM_ARIZE_REST_API_H_
