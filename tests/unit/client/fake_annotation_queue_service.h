// An in-memory AnnotationQueueService on a real gRPC server (port 0), for
// testing the client library and aqctl without the gateway. It keeps queues
// and records in memory, pages with opaque tokens, returns errors with
// google.rpc details like the gateway does, records the metadata it saw, and
// can break StreamRecords mid-stream with UNAVAILABLE.
#ifndef AQGATE_TESTS_UNIT_CLIENT_FAKE_ANNOTATION_QUEUE_SERVICE_H_
#define AQGATE_TESTS_UNIT_CLIENT_FAKE_ANNOTATION_QUEUE_SERVICE_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "aqgate/v1/annotation_queue_service.grpc.pb.h"
#include "grpcpp/server.h"

namespace aqgate::testing {

namespace v1 = ::aqgate::v1;

// Seed values of every fake.
inline constexpr char kSpaceId[] = "U3BhY2U6MTpkZW1v";
inline constexpr char kSpaceName[] = "demo-space";
inline constexpr char kConfigId[] = "QW5ub3RhdGlvbkNvbmZpZzoxOmE=";
inline constexpr char kConfigName[] = "accuracy";
inline constexpr char kAnnotatorEmail[] = "ann@example.com";

class FakeAnnotationQueueService final : public v1::AnnotationQueueService::Service {
 public:
  // Adds a queue named `name` in kSpaceId with `records` records
  // ("rec-<n>", n from 0); returns its ID.
  std::string AddQueue(const std::string& name, int records);

  // The next `streams` StreamRecords calls fail with UNAVAILABLE after
  // sending `after_messages` messages.
  void FailStreams(int streams, int after_messages);
  // How many StreamRecords calls were made, and the resume tokens they had.
  std::vector<std::string> stream_resume_tokens() const;

  // Metadata of the last call.
  std::string last_authorization() const;
  std::string last_request_id() const;
  std::vector<std::string> list_page_tokens() const;

  grpc::Status ListAnnotationQueues(grpc::ServerContext* context,
                                    const v1::ListAnnotationQueuesRequest* request,
                                    v1::ListAnnotationQueuesResponse* response) override;
  grpc::Status GetAnnotationQueue(grpc::ServerContext* context,
                                  const v1::GetAnnotationQueueRequest* request,
                                  v1::GetAnnotationQueueResponse* response) override;
  grpc::Status CreateAnnotationQueue(grpc::ServerContext* context,
                                     const v1::CreateAnnotationQueueRequest* request,
                                     v1::CreateAnnotationQueueResponse* response) override;
  grpc::Status UpdateAnnotationQueue(grpc::ServerContext* context,
                                     const v1::UpdateAnnotationQueueRequest* request,
                                     v1::UpdateAnnotationQueueResponse* response) override;
  grpc::Status DeleteAnnotationQueue(grpc::ServerContext* context,
                                     const v1::DeleteAnnotationQueueRequest* request,
                                     v1::DeleteAnnotationQueueResponse* response) override;
  grpc::Status ListRecords(grpc::ServerContext* context, const v1::ListRecordsRequest* request,
                           v1::ListRecordsResponse* response) override;
  grpc::Status StreamRecords(grpc::ServerContext* context,
                             const v1::StreamRecordsRequest* request,
                             grpc::ServerWriter<v1::StreamRecordsResponse>* writer) override;
  grpc::Status AddRecords(grpc::ServerContext* context, const v1::AddRecordsRequest* request,
                          v1::AddRecordsResponse* response) override;
  grpc::Status DeleteRecords(grpc::ServerContext* context,
                             const v1::DeleteRecordsRequest* request,
                             v1::DeleteRecordsResponse* response) override;
  grpc::Status AnnotateRecord(grpc::ServerContext* context,
                              const v1::AnnotateRecordRequest* request,
                              v1::AnnotateRecordResponse* response) override;
  grpc::Status AssignRecord(grpc::ServerContext* context, const v1::AssignRecordRequest* request,
                            v1::AssignRecordResponse* response) override;

 private:
  struct Queue {
    v1::AnnotationQueue queue;
    std::vector<v1::Record> records;
    int next_record = 0;
  };
  void Remember(grpc::ServerContext* context) ABSL_LOCKS_EXCLUDED(mu_);
  // Remembers the call, then runs `fn(queue)` under the lock for the queue
  // `ref` names; Find's error when there is none.
  template <typename Fn>
  grpc::Status WithQueue(grpc::ServerContext* context, const v1::QueueRef& ref, Fn fn)
      ABSL_LOCKS_EXCLUDED(mu_) {
    Remember(context);
    absl::MutexLock lock(&mu_);
    Queue* queue = nullptr;
    grpc::Status status = Find(ref, &queue);
    return status.ok() ? fn(queue) : status;
  }
  // The queue `ref` names, or NOT_FOUND / INVALID_ARGUMENT.
  grpc::Status Find(const v1::QueueRef& ref, Queue** queue) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  v1::Record NewRecord(Queue& queue, v1::SourceType type, const std::string& origin)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  std::map<std::string, Queue> queues_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> order_ ABSL_GUARDED_BY(mu_);  // creation order
  int next_queue_ ABSL_GUARDED_BY(mu_) = 1;
  int failing_streams_ ABSL_GUARDED_BY(mu_) = 0;
  int fail_after_messages_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<std::string> stream_resume_tokens_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> list_page_tokens_ ABSL_GUARDED_BY(mu_);
  std::string last_authorization_ ABSL_GUARDED_BY(mu_);
  std::string last_request_id_ ABSL_GUARDED_BY(mu_);
};

// The fake on a real server at 127.0.0.1:<port chosen by the OS>.
class FakeServer {
 public:
  FakeServer();
  ~FakeServer();
  FakeAnnotationQueueService& service() { return service_; }
  std::string target() const;

 private:
  FakeAnnotationQueueService service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace aqgate::testing

#endif  // AQGATE_TESTS_UNIT_CLIENT_FAKE_ANNOTATION_QUEUE_SERVICE_H_
