// The StreamRecords reactor: resolves the queue, then walks the upstream's
// cursor pages and writes their records in messages of at most
// max_records_per_message, each with a resume token (resume_token.h).
//
// Flow control: one write in flight, and at most one page fetched ahead of
// the page being written, so a slow reader costs about two pages of memory.
// Cancellation (OnCancel, or a failed write) stops fetching at once and
// aborts the page request in flight. An upstream error ends the stream with
// its status once the records already fetched are written. The reactor
// deletes itself only when gRPC is done with it AND no upstream callback is
// outstanding (those arrive on upstream I/O threads).
#ifndef AQGATE_SERVICE_CORE_RECORD_STREAM_H_
#define AQGATE_SERVICE_CORE_RECORD_STREAM_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "aqgate/v1/annotation_queue_service.pb.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "service/core/core_options.h"
#include "service/core/name_resolver.h"
#include "service/core/resume_token.h"
#include "service/core/rpc_log.h"
#include "service/upstream/arize_api.h"
#include "service/upstream/call_context.h"

namespace aqgate::core {

class RecordStream final : public grpc::ServerWriteReactor<aqgate::v1::StreamRecordsResponse> {
 public:
  RecordStream(grpc::CallbackServerContext* context, aqgate::v1::StreamRecordsRequest request,
               upstream::ArizeApi* api, NameResolver* resolver, const CoreOptions& options);

  // Validates and starts resolving; call once, from the handler.
  void Start();

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  struct Page {
    std::vector<aqgate::v1::Record> records;
    std::string cursor;  // the cursor this page was fetched with
    int page_size = 0;   // the limit it was fetched with
    std::string next_cursor;
    size_t next = 0;  // index of the next record to write
  };
  struct Fetch {
    std::string cursor;
    int page_size = 0;
  };
  // What to do once the lock is released (gRPC and the upstream are never
  // called under it: either may call back inline).
  struct Actions {
    std::optional<Fetch> fetch;
    bool write = false;
    std::optional<absl::Status> finish;
  };

  void OnResolved(absl::StatusOr<std::string> queue_id, int upstream_calls);
  void OnPage(absl::StatusOr<upstream::RecordPage> page, Fetch fetch);
  Actions PlanLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void PlanFetchLocked(Actions& actions) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void BuildMessageLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void SkipDeliveredLocked(Page& page) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Runs `actions`; `this` may be gone when it returns.
  void Execute(Actions actions);
  void StartFetch(const Fetch& fetch);

  const aqgate::v1::StreamRecordsRequest request_;
  upstream::ArizeApi* const api_;
  NameResolver* const resolver_;
  const absl::Duration default_deadline_;
  const std::optional<absl::Time> caller_deadline_;
  RpcLog log_;
  upstream::CallContext ctx_;  // api_key, request_id, cancellation
  absl::Status setup_status_;
  int page_size_ = 0;
  size_t max_records_per_message_ = 0;
  std::optional<ResumeToken> resume_;
  std::string queue_id_;  // set once, before any fetch

  absl::Mutex mu_;
  bool resolving_ ABSL_GUARDED_BY(mu_) = false;
  bool started_ ABSL_GUARDED_BY(mu_) = false;  // queue resolved, fetching may begin
  bool skip_pending_ ABSL_GUARDED_BY(mu_) = false;  // first page of a resume
  bool fetch_in_flight_ ABSL_GUARDED_BY(mu_) = false;
  bool write_in_flight_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool finish_called_ ABSL_GUARDED_BY(mu_) = false;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status error_ ABSL_GUARDED_BY(mu_);
  std::optional<Fetch> next_fetch_ ABSL_GUARDED_BY(mu_);  // nullopt: no more pages
  std::optional<Page> current_ ABSL_GUARDED_BY(mu_);      // the page being written
  std::optional<Page> ahead_ ABSL_GUARDED_BY(mu_);        // the page fetched ahead
  aqgate::v1::StreamRecordsResponse out_;  // the write in flight (one at a time)
};

}  // namespace aqgate::core

#endif  // AQGATE_SERVICE_CORE_RECORD_STREAM_H_
