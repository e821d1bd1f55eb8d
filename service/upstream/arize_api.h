// The Arize AX REST API v2, annotation-queue operations, as typed
// asynchronous calls. One method per upstream operation; no JSON, no HTTP
// and no gRPC types cross this interface.
//
// Every method returns at once and later invokes `done` exactly once, on an
// upstream I/O thread: `done` must not block (hand long work elsewhere).
// Errors are absl::Status values with google.rpc detail payloads (see
// status_payloads.h): always an ErrorInfo; a RetryInfo when the upstream
// said when to retry; a BadRequest when it named invalid fields.
#ifndef AQGATE_SERVICE_UPSTREAM_ARIZE_API_H_
#define AQGATE_SERVICE_UPSTREAM_ARIZE_API_H_

#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "aqgate/v1/annotation_queue.pb.h"
#include "aqgate/v1/annotation_queue_service.pb.h"
#include "service/upstream/arize_api_types.h"
#include "service/upstream/call_context.h"

namespace aqgate::upstream {

template <typename T>
using Callback = absl::AnyInvocable<void(absl::StatusOr<T>) &&>;
using DoneCallback = absl::AnyInvocable<void(absl::Status) &&>;

class ArizeApi {
 public:
  virtual ~ArizeApi() = default;

  // GET /v2/annotation-queues
  virtual void ListQueues(const CallContext& ctx, ListQueuesParams params,
                          Callback<QueuePage> done) = 0;
  // GET /v2/annotation-queues/{id}
  virtual void GetQueue(const CallContext& ctx, std::string queue_id,
                        Callback<aqgate::v1::AnnotationQueue> done) = 0;
  // POST /v2/annotation-queues (201)
  virtual void CreateQueue(const CallContext& ctx, CreateQueueParams params,
                           Callback<aqgate::v1::AnnotationQueue> done) = 0;
  // PATCH /v2/annotation-queues/{id}
  virtual void UpdateQueue(const CallContext& ctx, std::string queue_id,
                           UpdateQueueParams params,
                           Callback<aqgate::v1::AnnotationQueue> done) = 0;
  // DELETE /v2/annotation-queues/{id} (204)
  virtual void DeleteQueue(const CallContext& ctx, std::string queue_id,
                           DoneCallback done) = 0;
  // GET /v2/annotation-queues/{id}/records
  virtual void ListRecords(const CallContext& ctx, std::string queue_id,
                           ListRecordsParams params, Callback<RecordPage> done) = 0;
  // POST /v2/annotation-queues/{id}/records (200 or 201): the created records.
  virtual void AddRecords(const CallContext& ctx, std::string queue_id,
                          std::vector<aqgate::v1::RecordSource> sources,
                          Callback<std::vector<aqgate::v1::Record>> done) = 0;
  // DELETE /v2/annotation-queues/{id}/records (204)
  virtual void DeleteRecords(const CallContext& ctx, std::string queue_id,
                             std::vector<std::string> record_ids, DoneCallback done) = 0;
  // POST /v2/annotation-queues/{id}/records/{record_id}/annotate
  virtual void AnnotateRecord(const CallContext& ctx, std::string queue_id,
                              std::string record_id,
                              std::vector<aqgate::v1::AnnotationInput> annotations,
                              Callback<aqgate::v1::AnnotateRecordResponse> done) = 0;
  // POST /v2/annotation-queues/{id}/records/{record_id}/assign
  virtual void AssignRecord(const CallContext& ctx, std::string queue_id,
                            std::string record_id, std::vector<std::string> emails,
                            Callback<aqgate::v1::AssignRecordResponse> done) = 0;
  // GET /v2/spaces
  virtual void ListSpaces(const CallContext& ctx, ListSpacesParams params,
                          Callback<SpacePage> done) = 0;
};

}  // namespace aqgate::upstream

#endif  // AQGATE_SERVICE_UPSTREAM_ARIZE_API_H_
