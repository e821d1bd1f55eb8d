// Internal: the resuming StreamRecords walker behind
// AnnotationQueueClient::StreamRecords.
#ifndef AQGATE_CLIENT_SRC_RECORD_STREAM_H_
#define AQGATE_CLIENT_SRC_RECORD_STREAM_H_

#include <deque>
#include <memory>
#include <optional>

#include "absl/status/statusor.h"
#include "aqgate/client/client_options.h"
#include "aqgate/client/record_stream_options.h"
#include "aqgate/v1/annotation_queue_service.grpc.pb.h"
#include "grpcpp/client_context.h"

namespace aqgate::client::internal {

class ResumingRecordStream {
 public:
  ResumingRecordStream(std::shared_ptr<v1::AnnotationQueueService::StubInterface> stub,
                       ClientOptions options, v1::StreamRecordsRequest request,
                       RecordStreamOptions stream_options);
  ~ResumingRecordStream();

  // The next record, std::nullopt at the end, or the error that ended the
  // walk (not transient, or retries exhausted).
  absl::StatusOr<std::optional<v1::Record>> Next();

 private:
  void Open();
  // Ends the current stream, returning its final status.
  absl::Status Close();
  absl::Duration BackoffFor(int retry) const;

  std::shared_ptr<v1::AnnotationQueueService::StubInterface> stub_;
  ClientOptions options_;
  v1::StreamRecordsRequest request_;  // resume_token = after the last message received
  RecordStreamOptions stream_options_;
  std::unique_ptr<grpc::ClientContext> context_;
  std::unique_ptr<grpc::ClientReaderInterface<v1::StreamRecordsResponse>> reader_;
  std::deque<v1::Record> buffer_;
  int consecutive_failures_ = 0;
  bool received_since_open_ = false;
  bool done_ = false;
};

}  // namespace aqgate::client::internal

#endif  // AQGATE_CLIENT_SRC_RECORD_STREAM_H_
