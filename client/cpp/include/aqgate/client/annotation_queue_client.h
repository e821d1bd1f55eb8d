// A typed C++ client of aqgate.v1.AnnotationQueueService.
//
//   ClientOptions options{.target = "127.0.0.1:8443", .api_key = key};
//   absl::StatusOr<AnnotationQueueClient> client = AnnotationQueueClient::Create(options);
//   v1::GetAnnotationQueueRequest req;
//   req.mutable_queue()->set_id("QW5ub3RhdGlvblF1ZXVlOjE6YQ==");
//   absl::StatusOr<v1::GetAnnotationQueueResponse> got = client->GetAnnotationQueue(req);
//
// Every method returns absl::StatusOr: on failure the status has the gRPC
// code and message, and the google.rpc details (BadRequest, ErrorInfo,
// RetryInfo, ...) as payloads (see error_details.h). The client is
// thread-safe; copies share the channel.
#ifndef AQGATE_CLIENT_ANNOTATION_QUEUE_CLIENT_H_
#define AQGATE_CLIENT_ANNOTATION_QUEUE_CLIENT_H_

#include <memory>

#include "absl/status/statusor.h"
#include "aqgate/client/client_options.h"
#include "aqgate/client/range.h"
#include "aqgate/client/record_stream_options.h"
#include "aqgate/v1/annotation_queue_service.grpc.pb.h"

namespace aqgate::client {

namespace v1 = ::aqgate::v1;

class AnnotationQueueClient {
 public:
  // Connects to options.target (see MakeChannel for the errors).
  static absl::StatusOr<AnnotationQueueClient> Create(const ClientOptions& options);
  // Uses a given stub (a channel of your own, or a mock in tests).
  AnnotationQueueClient(std::shared_ptr<v1::AnnotationQueueService::StubInterface> stub,
                        ClientOptions options);

  absl::StatusOr<v1::ListAnnotationQueuesResponse> ListAnnotationQueues(
      const v1::ListAnnotationQueuesRequest& request, const CallOptions& call = {}) const;
  absl::StatusOr<v1::GetAnnotationQueueResponse> GetAnnotationQueue(
      const v1::GetAnnotationQueueRequest& request, const CallOptions& call = {}) const;
  absl::StatusOr<v1::CreateAnnotationQueueResponse> CreateAnnotationQueue(
      const v1::CreateAnnotationQueueRequest& request, const CallOptions& call = {}) const;
  absl::StatusOr<v1::UpdateAnnotationQueueResponse> UpdateAnnotationQueue(
      const v1::UpdateAnnotationQueueRequest& request, const CallOptions& call = {}) const;
  absl::StatusOr<v1::DeleteAnnotationQueueResponse> DeleteAnnotationQueue(
      const v1::DeleteAnnotationQueueRequest& request, const CallOptions& call = {}) const;
  absl::StatusOr<v1::ListRecordsResponse> ListRecords(const v1::ListRecordsRequest& request,
                                                      const CallOptions& call = {}) const;
  absl::StatusOr<v1::AddRecordsResponse> AddRecords(const v1::AddRecordsRequest& request,
                                                    const CallOptions& call = {}) const;
  absl::StatusOr<v1::DeleteRecordsResponse> DeleteRecords(const v1::DeleteRecordsRequest& request,
                                                          const CallOptions& call = {}) const;
  absl::StatusOr<v1::AnnotateRecordResponse> AnnotateRecord(
      const v1::AnnotateRecordRequest& request, const CallOptions& call = {}) const;
  absl::StatusOr<v1::AssignRecordResponse> AssignRecord(const v1::AssignRecordRequest& request,
                                                        const CallOptions& call = {}) const;

  // Every queue matching `request`, across all pages: starts at
  // request.page_token and follows next_page_token until it is empty. Each
  // page is one ListAnnotationQueues call with the unary deadline.
  Range<v1::AnnotationQueue> ListAllAnnotationQueues(v1::ListAnnotationQueuesRequest request,
                                                     const CallOptions& call = {}) const;
  // Every record of a queue, across all pages of ListRecords.
  Range<v1::Record> ListAllRecords(v1::ListRecordsRequest request,
                                   const CallOptions& call = {}) const;

  // Every record of a queue through StreamRecords. When a stream ends with a
  // transient error (UNAVAILABLE), a new stream resumes from the resume token
  // of the last message received, after a backoff, so no record is repeated
  // or skipped; see RecordStreamOptions for the bounds.
  Range<v1::Record> StreamRecords(v1::StreamRecordsRequest request,
                                  RecordStreamOptions options = {}) const;

 private:
  std::shared_ptr<v1::AnnotationQueueService::StubInterface> stub_;
  ClientOptions options_;
};

}  // namespace aqgate::client

#endif  // AQGATE_CLIENT_ANNOTATION_QUEUE_CLIENT_H_
