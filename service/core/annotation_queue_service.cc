#include "service/core/annotation_queue_service.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "service/core/name_resolver.h"
#include "service/core/record_stream.h"
#include "service/core/request_validation.h"
#include "service/core/unary_call.h"
#include "service/core/update_request.h"
#include "service/core/upstream_field_names.h"

namespace aqgate::core {
namespace {

namespace v1 = ::aqgate::v1;
using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

constexpr int kDefaultQueuePageSize = 50;
constexpr int kDefaultRecordPageSize = 50;
// A cached queue name is trusted for its TTL (one upstream request per warm
// call), except by Update and Delete of the queue itself: rare, and the
// wrong queue must never be changed or deleted, so they verify it (one GET).
constexpr NameResolver::CachedName kTrustCache = NameResolver::CachedName::kTrust;
constexpr NameResolver::CachedName kVerifyCache = NameResolver::CachedName::kVerify;

template <typename T>
std::vector<T> ToVector(const google::protobuf::RepeatedPtrField<T>& values) {
  return std::vector<T>(values.begin(), values.end());
}

class AnnotationQueueServiceImpl final : public v1::AnnotationQueueService::CallbackService {
 public:
  AnnotationQueueServiceImpl(upstream::ArizeApi* api, CoreOptions options)
      : api_(api),
        options_(std::move(options)),
        resolver_(api, options_.name_cache_ttl, options_.clock) {}

  ServerUnaryReactor* ListAnnotationQueues(CallbackServerContext* context,
                                           const v1::ListAnnotationQueuesRequest* request,
                                           v1::ListAnnotationQueuesResponse* response) override {
    auto* call = new UnaryCall(context, "ListAnnotationQueues", options_);
    if (!Admit(call, ValidateListQueues(*request))) return call;
    upstream::ListQueuesParams params;
    params.name = request->name_contains();
    params.limit = request->page_size() > 0 ? request->page_size() : kDefaultQueuePageSize;
    params.cursor = request->page_token();
    auto list = [this, call, response](upstream::ListQueuesParams params) {
      call->CountUpstreamCalls(1);
      api_->ListQueues(call->ctx(), std::move(params),
                       [call, response](absl::StatusOr<upstream::QueuePage> page) {
                         if (page.ok()) {
                           for (auto& queue : page->queues) {
                             *response->add_annotation_queues() = std::move(queue);
                           }
                           response->set_next_page_token(page->next_cursor);
                         }
                         call->Reply(page.status());
                       });
    };
    if (!request->has_space()) {
      list(std::move(params));
      return call;
    }
    resolver_.ResolveSpace(call->ctx(), request->space(),
                           [call, list, params = std::move(params)](
                               absl::StatusOr<std::string> space_id, int calls) mutable {
                             call->CountUpstreamCalls(calls);
                             if (!space_id.ok()) return call->Reply(space_id.status());
                             params.space_id = *std::move(space_id);
                             list(std::move(params));
                           });
    return call;
  }

  ServerUnaryReactor* GetAnnotationQueue(CallbackServerContext* context,
                                         const v1::GetAnnotationQueueRequest* request,
                                         v1::GetAnnotationQueueResponse* response) override {
    auto* call = new UnaryCall(context, "GetAnnotationQueue", options_);
    if (!Admit(call, ValidateGetQueue(*request))) return call;
    GetQueue(call, request->queue(), response, /*retry_if_stale=*/true);
    return call;
  }

  ServerUnaryReactor* CreateAnnotationQueue(CallbackServerContext* context,
                                            const v1::CreateAnnotationQueueRequest* request,
                                            v1::CreateAnnotationQueueResponse* response) override {
    auto* call = new UnaryCall(context, "CreateAnnotationQueue", options_);
    call->set_request_field_names({"page_token", SourceKinds(request->record_sources())});
    if (!Admit(call, ValidateCreateQueue(*request))) return call;
    upstream::CreateQueueParams params;
    params.name = request->name();
    params.annotation_config_ids = ToVector(request->annotation_config_ids());
    params.annotator_emails = ToVector(request->annotator_emails());
    if (!request->instructions().empty()) params.instructions = request->instructions();
    params.assignment_method = request->assignment_method();
    params.record_sources = ToVector(request->record_sources());
    resolver_.ResolveSpace(
        call->ctx(), request->space(),
        [this, call, response, params = std::move(params)](absl::StatusOr<std::string> space_id,
                                                           int calls) mutable {
          call->CountUpstreamCalls(calls);
          if (!space_id.ok()) return call->Reply(space_id.status());
          params.space_id = *std::move(space_id);
          call->CountUpstreamCalls(1);
          api_->CreateQueue(call->ctx(), std::move(params),
                            [call, response](absl::StatusOr<v1::AnnotationQueue> queue) {
                              if (queue.ok()) {
                                *response->mutable_annotation_queue() = *std::move(queue);
                              }
                              call->Reply(queue.status());
                            });
        });
    return call;
  }

  ServerUnaryReactor* UpdateAnnotationQueue(CallbackServerContext* context,
                                            const v1::UpdateAnnotationQueueRequest* request,
                                            v1::UpdateAnnotationQueueResponse* response) override {
    auto* call = new UnaryCall(context, "UpdateAnnotationQueue", options_);
    absl::StatusOr<upstream::UpdateQueueParams> params = ValidateUpdateQueue(*request);
    if (!Admit(call, params.status())) return call;
    WithQueue(call, request->queue(), kVerifyCache,
              [this, call, response, params = *std::move(params)](std::string queue_id) mutable {
                const bool renames = params.name.has_value();
                api_->UpdateQueue(
                    call->ctx(), queue_id, std::move(params),
                    [this, call, response, queue_id, renames](
                        absl::StatusOr<v1::AnnotationQueue> queue) {
                      if (queue.ok()) {
                        if (renames) resolver_.EvictQueue(queue_id);
                        *response->mutable_annotation_queue() = *std::move(queue);
                      }
                      ReplyForQueue(call, queue_id, queue.status());
                    });
              });
    return call;
  }

  ServerUnaryReactor* DeleteAnnotationQueue(CallbackServerContext* context,
                                            const v1::DeleteAnnotationQueueRequest* request,
                                            v1::DeleteAnnotationQueueResponse* response) override {
    auto* call = new UnaryCall(context, "DeleteAnnotationQueue", options_);
    if (!Admit(call, ValidateDeleteQueue(*request))) return call;
    WithQueue(call, request->queue(), kVerifyCache, [this, call, response](std::string queue_id) {
      api_->DeleteQueue(call->ctx(), queue_id,
                        [this, call, response, queue_id](absl::Status status) {
                          if (status.ok()) {
                            resolver_.EvictQueue(queue_id);
                            response->set_annotation_queue_id(queue_id);
                          }
                          ReplyForQueue(call, queue_id, status);
                        });
    });
    return call;
  }

  ServerUnaryReactor* ListRecords(CallbackServerContext* context,
                                  const v1::ListRecordsRequest* request,
                                  v1::ListRecordsResponse* response) override {
    auto* call = new UnaryCall(context, "ListRecords", options_);
    if (!Admit(call, ValidateListRecords(*request))) return call;
    upstream::ListRecordsParams params;
    params.limit = request->page_size() > 0 ? request->page_size() : kDefaultRecordPageSize;
    params.cursor = request->page_token();
    WithQueue(call, request->queue(), kTrustCache,
              [this, call, response, params = std::move(params)](std::string queue_id) mutable {
                api_->ListRecords(call->ctx(), queue_id, std::move(params),
                                  [this, call, response, queue_id](
                                      absl::StatusOr<upstream::RecordPage> page) {
                                    if (page.ok()) {
                                      response->set_annotation_queue_id(queue_id);
                                      for (auto& record : page->records) {
                                        *response->add_records() = std::move(record);
                                      }
                                      response->set_next_page_token(page->next_cursor);
                                    }
                                    ReplyForQueue(call, queue_id, page.status());
                                  });
              });
    return call;
  }

  grpc::ServerWriteReactor<v1::StreamRecordsResponse>* StreamRecords(
      CallbackServerContext* context, const v1::StreamRecordsRequest* request) override {
    auto* stream = new RecordStream(context, *request, api_, &resolver_, options_);
    stream->Start();
    return stream;
  }

  ServerUnaryReactor* AddRecords(CallbackServerContext* context,
                                 const v1::AddRecordsRequest* request,
                                 v1::AddRecordsResponse* response) override {
    auto* call = new UnaryCall(context, "AddRecords", options_);
    call->set_request_field_names({"page_token", SourceKinds(request->record_sources())});
    if (!Admit(call, ValidateAddRecords(*request))) return call;
    WithQueue(call, request->queue(), kTrustCache,
              [this, call, response,
               sources = ToVector(request->record_sources())](std::string queue_id) mutable {
                api_->AddRecords(call->ctx(), queue_id, std::move(sources),
                                 [this, call, response, queue_id](
                                     absl::StatusOr<std::vector<v1::Record>> records) {
                                   if (records.ok()) {
                                     response->set_annotation_queue_id(queue_id);
                                     for (auto& record : *records) {
                                       *response->add_records() = std::move(record);
                                     }
                                   }
                                   ReplyForQueue(call, queue_id, records.status());
                                 });
              });
    return call;
  }

  ServerUnaryReactor* DeleteRecords(CallbackServerContext* context,
                                    const v1::DeleteRecordsRequest* request,
                                    v1::DeleteRecordsResponse* response) override {
    auto* call = new UnaryCall(context, "DeleteRecords", options_);
    if (!Admit(call, ValidateDeleteRecords(*request))) return call;
    WithQueue(call, request->queue(), kTrustCache,
              [this, call, response,
               ids = ToVector(request->record_ids())](std::string queue_id) mutable {
                api_->DeleteRecords(call->ctx(), queue_id, std::move(ids),
                                    [this, call, response, queue_id](absl::Status status) {
                                      if (status.ok()) response->set_annotation_queue_id(queue_id);
                                      ReplyForQueue(call, queue_id, status);
                                    });
              });
    return call;
  }

  ServerUnaryReactor* AnnotateRecord(CallbackServerContext* context,
                                     const v1::AnnotateRecordRequest* request,
                                     v1::AnnotateRecordResponse* response) override {
    auto* call = new UnaryCall(context, "AnnotateRecord", options_);
    if (!Admit(call, ValidateAnnotateRecord(*request))) return call;
    WithQueue(call, request->queue(), kTrustCache,
              [this, call, response, record_id = request->record_id(),
               annotations = ToVector(request->annotations())](std::string queue_id) mutable {
                api_->AnnotateRecord(
                    call->ctx(), queue_id, std::move(record_id), std::move(annotations),
                    [this, call, response, queue_id](
                        absl::StatusOr<v1::AnnotateRecordResponse> result) {
                      if (result.ok()) *response = *std::move(result);
                      ReplyForQueue(call, queue_id, result.status());
                    });
              });
    return call;
  }

  ServerUnaryReactor* AssignRecord(CallbackServerContext* context,
                                   const v1::AssignRecordRequest* request,
                                   v1::AssignRecordResponse* response) override {
    auto* call = new UnaryCall(context, "AssignRecord", options_);
    if (!Admit(call, ValidateAssignRecord(*request))) return call;
    WithQueue(call, request->queue(), kTrustCache,
              [this, call, response, record_id = request->record_id(),
               emails = ToVector(request->assigned_user_emails())](std::string queue_id) mutable {
                api_->AssignRecord(
                    call->ctx(), queue_id, std::move(record_id), std::move(emails),
                    [this, call, response, queue_id](
                        absl::StatusOr<v1::AssignRecordResponse> result) {
                      if (result.ok()) *response = *std::move(result);
                      ReplyForQueue(call, queue_id, result.status());
                    });
              });
    return call;
  }

 private:
  // Whether the call may go on: its metadata is usable and `validation`
  // passed. Otherwise the call is finished with the error (the handler still
  // returns it: gRPC deletes it only after the handler returns).
  static bool Admit(UnaryCall* call, const absl::Status& validation) {
    absl::Status status = call->setup_status();
    if (status.ok()) status = validation;
    if (status.ok()) return true;
    call->Reply(status);
    return false;
  }

  // Resolves `ref`, then runs `then(queue_id)` with one upstream call
  // counted; a resolution error ends the call.
  template <typename Then>
  void WithQueue(UnaryCall* call, const v1::QueueRef& ref, NameResolver::CachedName cached,
                 Then then) {
    resolver_.ResolveQueue(call->ctx(), ref, cached,
                           [call, then = std::move(then)](absl::StatusOr<std::string> queue_id,
                                                          int calls) mutable {
                             call->CountUpstreamCalls(calls);
                             if (!queue_id.ok()) return call->Reply(queue_id.status());
                             call->CountUpstreamCalls(1);
                             then(*std::move(queue_id));
                           });
  }

  // GETs the queue `ref` names. The GET shows, at no extra cost, whether a
  // cached name was stale (the queue is gone, or now has another name
  // because it was renamed elsewhere): then the name is looked up again,
  // once, so Get never answers with another queue than the one named.
  void GetQueue(UnaryCall* call, const v1::QueueRef& ref,
                v1::GetAnnotationQueueResponse* response, bool retry_if_stale) {
    WithQueue(call, ref, kTrustCache, [this, call, ref, response,
                                       retry_if_stale](std::string queue_id) {
      api_->GetQueue(
          call->ctx(), queue_id,
          [this, call, ref, response, retry_if_stale,
           queue_id](absl::StatusOr<v1::AnnotationQueue> queue) {
            const bool stale = ref.queue_case() == v1::QueueRef::kName &&
                               (queue.ok() ? queue->name() != ref.name()
                                           : absl::IsNotFound(queue.status()));
            if (stale && retry_if_stale) {
              resolver_.EvictQueue(queue_id);
              return GetQueue(call, ref, response, /*retry_if_stale=*/false);
            }
            if (queue.ok()) *response->mutable_annotation_queue() = *std::move(queue);
            ReplyForQueue(call, queue_id, queue.status());
          });
    });
  }

  // Replies; a queue the upstream no longer knows leaves the name cache.
  void ReplyForQueue(UnaryCall* call, const std::string& queue_id, const absl::Status& status) {
    if (absl::IsNotFound(status)) resolver_.EvictQueue(queue_id);
    call->Reply(status);
  }

  upstream::ArizeApi* const api_;
  const CoreOptions options_;
  NameResolver resolver_;
};

}  // namespace

std::unique_ptr<v1::AnnotationQueueService::CallbackService> MakeAnnotationQueueService(
    upstream::ArizeApi* api, CoreOptions options) {
  return std::make_unique<AnnotationQueueServiceImpl>(api, std::move(options));
}

}  // namespace aqgate::core
