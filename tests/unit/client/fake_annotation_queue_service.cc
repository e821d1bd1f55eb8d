#include "fake_annotation_queue_service.h"

#include <algorithm>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/server_builder.h"

namespace aqgate::testing {
namespace {

// A gRPC status with google.rpc details, the way the gateway builds them.
grpc::Status RichStatus(grpc::StatusCode code, const std::string& message,
                        const std::string& reason,
                        const std::vector<std::pair<std::string, std::string>>& violations = {},
                        int retry_seconds = 0) {
  google::rpc::Status rich;
  rich.set_code(code);
  rich.set_message(message);
  google::rpc::ErrorInfo info;
  info.set_reason(reason);
  info.set_domain("aqgate");
  (*info.mutable_metadata())["request_id"] = "fake-request";
  rich.add_details()->PackFrom(info);
  if (!violations.empty()) {
    google::rpc::BadRequest bad;
    for (const auto& [field, description] : violations) {
      auto* v = bad.add_field_violations();
      v->set_field(field);
      v->set_description(description);
    }
    rich.add_details()->PackFrom(bad);
  }
  if (retry_seconds > 0) {
    google::rpc::RetryInfo retry;
    retry.mutable_retry_delay()->set_seconds(retry_seconds);
    rich.add_details()->PackFrom(retry);
  }
  return grpc::Status(code, message, rich.SerializeAsString());
}

grpc::Status QueueNotFound(const std::string& what) {
  return RichStatus(grpc::StatusCode::NOT_FOUND, absl::StrCat("queue ", what, " not found"),
                    "QUEUE_NOT_FOUND");
}

// Page tokens are "p<offset>".
bool ParseToken(const std::string& token, size_t* offset) {
  if (token.empty()) {
    *offset = 0;
    return true;
  }
  return token[0] == 'p' && absl::SimpleAtoi(token.substr(1), offset);
}

}  // namespace

std::string FakeAnnotationQueueService::AddQueue(const std::string& name, int records) {
  absl::MutexLock lock(&mu_);
  std::string id = absl::StrCat("QW5ub3RhdGlvblF1ZXVlOj", next_queue_++);
  Queue& q = queues_[id];
  q.queue.set_id(id);
  q.queue.set_name(name);
  q.queue.set_space_id(kSpaceId);
  q.queue.set_instructions("Label each record.");
  auto* config = q.queue.add_annotation_configs();
  config->set_id(kConfigId);
  config->set_name(kConfigName);
  config->set_space_id(kSpaceId);
  config->mutable_continuous()->set_maximum_score(1);
  auto* annotator = q.queue.add_annotators();
  annotator->set_id("VXNlcjox");
  annotator->set_email(kAnnotatorEmail);
  q.queue.mutable_created_at()->set_seconds(1767225600 + next_queue_);
  for (int i = 0; i < records; ++i) {
    q.records.push_back(NewRecord(q, v1::SOURCE_TYPE_SPANS, absl::StrCat("span-", i)));
  }
  order_.push_back(id);
  return id;
}

v1::Record FakeAnnotationQueueService::NewRecord(Queue& queue, v1::SourceType type,
                                                 const std::string& origin) {
  v1::Record record;
  record.set_id(absl::StrCat("rec-", queue.next_record++));
  record.set_annotation_queue_id(queue.queue.id());
  record.set_source_type(type);
  if (type == v1::SOURCE_TYPE_SPANS) record.set_granularity(v1::GRANULARITY_SPAN);
  (*record.mutable_data()->mutable_fields())["origin"].set_string_value(origin);
  (*record.mutable_data()->mutable_fields())["attributes.input.value"].set_string_value(
      "say \"hi\", then\nstop");
  return record;
}

void FakeAnnotationQueueService::FailStreams(int streams, int after_messages) {
  absl::MutexLock lock(&mu_);
  failing_streams_ = streams;
  fail_after_messages_ = after_messages;
}

std::vector<std::string> FakeAnnotationQueueService::stream_resume_tokens() const {
  absl::MutexLock lock(&mu_);
  return stream_resume_tokens_;
}
std::string FakeAnnotationQueueService::last_authorization() const {
  absl::MutexLock lock(&mu_);
  return last_authorization_;
}
std::string FakeAnnotationQueueService::last_request_id() const {
  absl::MutexLock lock(&mu_);
  return last_request_id_;
}
std::vector<std::string> FakeAnnotationQueueService::list_page_tokens() const {
  absl::MutexLock lock(&mu_);
  return list_page_tokens_;
}

void FakeAnnotationQueueService::Remember(grpc::ServerContext* context) {
  const auto& metadata = context->client_metadata();
  auto value = [&](const char* key) {
    auto it = metadata.find(key);
    return it == metadata.end() ? std::string() : std::string(it->second.data(), it->second.size());
  };
  absl::MutexLock lock(&mu_);
  last_authorization_ = value("authorization");
  last_request_id_ = value("x-request-id");
}

grpc::Status FakeAnnotationQueueService::Find(const v1::QueueRef& ref, Queue** queue) {
  switch (ref.queue_case()) {
    case v1::QueueRef::kId: {
      auto it = queues_.find(ref.id());
      if (it == queues_.end()) return QueueNotFound(ref.id());
      *queue = &it->second;
      return grpc::Status::OK;
    }
    case v1::QueueRef::kName: {
      bool space_ok = (ref.space().has_id() && ref.space().id() == kSpaceId) ||
                      (ref.space().has_name() && ref.space().name() == kSpaceName);
      if (ref.space().space_case() == v1::SpaceRef::SPACE_NOT_SET) {
        return RichStatus(grpc::StatusCode::INVALID_ARGUMENT, "queue.space is required",
                          "INVALID_REQUEST", {{"queue.space", "required with queue.name"}});
      }
      if (space_ok) {
        for (auto& [id, q] : queues_) {
          if (q.queue.name() == ref.name()) {
            *queue = &q;
            return grpc::Status::OK;
          }
        }
      }
      return QueueNotFound(ref.name());
    }
    default:
      return RichStatus(grpc::StatusCode::INVALID_ARGUMENT, "queue is required",
                        "INVALID_REQUEST", {{"queue", "set queue.id or queue.name"}});
  }
}

grpc::Status FakeAnnotationQueueService::ListAnnotationQueues(
    grpc::ServerContext* context, const v1::ListAnnotationQueuesRequest* request,
    v1::ListAnnotationQueuesResponse* response) {
  Remember(context);
  absl::MutexLock lock(&mu_);
  list_page_tokens_.push_back(request->page_token());
  size_t offset = 0;
  if (!ParseToken(request->page_token(), &offset)) {
    return RichStatus(grpc::StatusCode::INVALID_ARGUMENT, "bad page token", "INVALID_REQUEST",
                      {{"page_token", "malformed"}});
  }
  size_t size = request->page_size() > 0 ? request->page_size() : 50;
  std::vector<const v1::AnnotationQueue*> matching;
  for (auto it = order_.rbegin(); it != order_.rend(); ++it) {
    auto found = queues_.find(*it);
    if (found == queues_.end()) continue;
    const std::string& name = found->second.queue.name();
    if (name.find(request->name_contains()) == std::string::npos) continue;
    matching.push_back(&found->second.queue);
  }
  for (size_t i = offset; i < matching.size() && i < offset + size; ++i) {
    *response->add_annotation_queues() = *matching[i];
  }
  if (offset + size < matching.size()) response->set_next_page_token(absl::StrCat("p", offset + size));
  return grpc::Status::OK;
}

grpc::Status FakeAnnotationQueueService::GetAnnotationQueue(
    grpc::ServerContext* context, const v1::GetAnnotationQueueRequest* request,
    v1::GetAnnotationQueueResponse* response) {
  return WithQueue(context, request->queue(), [&](Queue* queue) -> grpc::Status {
    *response->mutable_annotation_queue() = queue->queue;
    return grpc::Status::OK;
  });
}

grpc::Status FakeAnnotationQueueService::CreateAnnotationQueue(
    grpc::ServerContext* context, const v1::CreateAnnotationQueueRequest* request,
    v1::CreateAnnotationQueueResponse* response) {
  Remember(context);
  if (request->name() == "rate-limited") {
    return RichStatus(grpc::StatusCode::RESOURCE_EXHAUSTED, "slow down", "RATE_LIMITED", {}, 3);
  }
  std::vector<std::pair<std::string, std::string>> violations;
  if (request->name().empty()) violations.emplace_back("name", "must not be empty");
  if (request->annotation_config_ids().empty()) {
    violations.emplace_back("annotation_config_ids", "at least one is required");
  }
  if (request->space().space_case() == v1::SpaceRef::SPACE_NOT_SET) {
    violations.emplace_back("space", "required");
  }
  if (!violations.empty()) {
    return RichStatus(grpc::StatusCode::INVALID_ARGUMENT, "the request has invalid fields",
                      "INVALID_REQUEST", violations);
  }
  std::string id = AddQueue(request->name(), 0);
  absl::MutexLock lock(&mu_);
  Queue& q = queues_[id];
  if (!request->instructions().empty()) q.queue.set_instructions(request->instructions());
  q.queue.clear_annotators();
  for (const std::string& email : request->annotator_emails()) {
    q.queue.add_annotators()->set_email(email);
  }
  for (const v1::RecordSource& source : request->record_sources()) {
    for (const std::string& span : source.spans().span_ids()) {
      q.records.push_back(NewRecord(q, v1::SOURCE_TYPE_SPANS, span));
    }
  }
  *response->mutable_annotation_queue() = q.queue;
  return grpc::Status::OK;
}

grpc::Status FakeAnnotationQueueService::UpdateAnnotationQueue(
    grpc::ServerContext* context, const v1::UpdateAnnotationQueueRequest* request,
    v1::UpdateAnnotationQueueResponse* response) {
  return WithQueue(context, request->queue(), [&](Queue* queue) -> grpc::Status {
    if (request->update_mask().paths_size() == 0) {
      return RichStatus(grpc::StatusCode::INVALID_ARGUMENT, "nothing to change", "INVALID_REQUEST",
                        {{"update_mask", "at least one field must change"}});
    }
    for (const std::string& path : request->update_mask().paths()) {
      if (path == "name") {
        queue->queue.set_name(request->name());
      } else if (path == "instructions") {
        queue->queue.set_instructions(request->instructions());
      } else if (path == "annotator_emails") {
        queue->queue.clear_annotators();
        for (const std::string& email : request->annotator_emails()) {
          queue->queue.add_annotators()->set_email(email);
        }
      } else if (path != "annotation_config_ids") {
        return RichStatus(grpc::StatusCode::INVALID_ARGUMENT, "bad mask", "INVALID_REQUEST",
                          {{"update_mask", absl::StrCat("unknown path ", path)}});
      }
    }
    *response->mutable_annotation_queue() = queue->queue;
    return grpc::Status::OK;
  });
}

grpc::Status FakeAnnotationQueueService::DeleteAnnotationQueue(
    grpc::ServerContext* context, const v1::DeleteAnnotationQueueRequest* request,
    v1::DeleteAnnotationQueueResponse* response) {
  return WithQueue(context, request->queue(), [&](Queue* queue) -> grpc::Status {
    std::string id = queue->queue.id();
    queues_.erase(id);
    response->set_annotation_queue_id(id);
    return grpc::Status::OK;
  });
}

grpc::Status FakeAnnotationQueueService::ListRecords(grpc::ServerContext* context,
                                                     const v1::ListRecordsRequest* request,
                                                     v1::ListRecordsResponse* response) {
  return WithQueue(context, request->queue(), [&](Queue* queue) -> grpc::Status {
    size_t offset = 0;
    if (!ParseToken(request->page_token(), &offset)) {
      return RichStatus(grpc::StatusCode::INVALID_ARGUMENT, "bad page token", "INVALID_REQUEST",
                        {{"page_token", "malformed"}});
    }
    size_t size = request->page_size() > 0 ? request->page_size() : 50;
    response->set_annotation_queue_id(queue->queue.id());
    for (size_t i = offset; i < queue->records.size() && i < offset + size; ++i) {
      *response->add_records() = queue->records[i];
    }
    if (offset + size < queue->records.size()) {
      response->set_next_page_token(absl::StrCat("p", offset + size));
    }
    return grpc::Status::OK;
  });
}

grpc::Status FakeAnnotationQueueService::StreamRecords(
    grpc::ServerContext* context, const v1::StreamRecordsRequest* request,
    grpc::ServerWriter<v1::StreamRecordsResponse>* writer) {
  Remember(context);
  std::vector<v1::Record> records;
  std::string queue_id;
  int fail_after = -1;
  size_t start = 0;
  {
    absl::MutexLock lock(&mu_);
    stream_resume_tokens_.push_back(request->resume_token());
    Queue* queue = nullptr;
    grpc::Status status = Find(request->queue(), &queue);
    if (!status.ok()) return status;
    queue_id = queue->queue.id();
    if (!request->resume_token().empty()) {
      std::vector<std::string> parts = absl::StrSplit(request->resume_token(), '|');
      if (parts.size() != 2 || parts[0] != queue_id || !absl::SimpleAtoi(parts[1], &start)) {
        return RichStatus(grpc::StatusCode::INVALID_ARGUMENT, "bad resume token",
                          "INVALID_REQUEST", {{"resume_token", "malformed"}});
      }
    }
    records = queue->records;
    if (failing_streams_ > 0) {
      --failing_streams_;
      fail_after = fail_after_messages_;
    }
  }
  size_t per_message = request->max_records_per_message() > 0 ? request->max_records_per_message()
                                                               : 100;
  int sent = 0;
  for (size_t i = start; i < records.size(); i += per_message) {
    if (sent == fail_after) {
      return RichStatus(grpc::StatusCode::UNAVAILABLE, "upstream unavailable", "UPSTREAM_UNAVAILABLE");
    }
    v1::StreamRecordsResponse message;
    message.set_annotation_queue_id(queue_id);
    size_t end = std::min(records.size(), i + per_message);
    for (size_t j = i; j < end; ++j) *message.add_records() = records[j];
    message.set_resume_token(absl::StrCat(queue_id, "|", end));
    if (!writer->Write(message)) return grpc::Status::CANCELLED;
    ++sent;
  }
  if (sent == fail_after) {
    return RichStatus(grpc::StatusCode::UNAVAILABLE, "upstream unavailable", "UPSTREAM_UNAVAILABLE");
  }
  return grpc::Status::OK;
}

grpc::Status FakeAnnotationQueueService::AddRecords(grpc::ServerContext* context,
                                                    const v1::AddRecordsRequest* request,
                                                    v1::AddRecordsResponse* response) {
  return WithQueue(context, request->queue(), [&](Queue* queue) -> grpc::Status {
    if (request->record_sources().empty()) {
      return RichStatus(grpc::StatusCode::INVALID_ARGUMENT, "no sources", "INVALID_REQUEST",
                        {{"record_sources", "1-2 sources are required"}});
    }
    response->set_annotation_queue_id(queue->queue.id());
    for (const v1::RecordSource& source : request->record_sources()) {
      std::vector<std::pair<v1::SourceType, std::string>> origins;
      for (const auto& id : source.spans().span_ids()) origins.emplace_back(v1::SOURCE_TYPE_SPANS, id);
      for (const auto& id : source.traces().trace_ids()) origins.emplace_back(v1::SOURCE_TYPE_SPANS, id);
      for (const auto& id : source.examples().example_ids()) {
        origins.emplace_back(v1::SOURCE_TYPE_DATASET, id);
      }
      for (const auto& [type, origin] : origins) {
        queue->records.push_back(NewRecord(*queue, type, origin));
        *response->add_records() = queue->records.back();
      }
    }
    return grpc::Status::OK;
  });
}

grpc::Status FakeAnnotationQueueService::DeleteRecords(grpc::ServerContext* context,
                                                       const v1::DeleteRecordsRequest* request,
                                                       v1::DeleteRecordsResponse* response) {
  return WithQueue(context, request->queue(), [&](Queue* queue) -> grpc::Status {
    auto& records = queue->records;
    for (const std::string& id : request->record_ids()) {
      records.erase(std::remove_if(records.begin(), records.end(),
                                   [&](const v1::Record& r) { return r.id() == id; }),
                    records.end());
    }
    response->set_annotation_queue_id(queue->queue.id());
    return grpc::Status::OK;
  });
}

grpc::Status FakeAnnotationQueueService::AnnotateRecord(grpc::ServerContext* context,
                                                        const v1::AnnotateRecordRequest* request,
                                                        v1::AnnotateRecordResponse* response) {
  return WithQueue(context, request->queue(), [&](Queue* queue) -> grpc::Status {
    for (const v1::Record& record : queue->records) {
      if (record.id() != request->record_id()) continue;
      response->set_record_id(record.id());
      response->set_annotation_queue_id(queue->queue.id());
      response->set_source_type(record.source_type());
      response->set_granularity(record.granularity());
      for (const v1::AnnotationInput& input : request->annotations()) {
        v1::Annotation* out = response->add_annotations();
        out->set_name(input.name());
        if (input.has_score()) out->set_score(input.score());
        if (input.has_label()) out->set_label(input.label());
        if (input.has_text()) out->set_text(input.text());
      }
      return grpc::Status::OK;
    }
    return RichStatus(grpc::StatusCode::NOT_FOUND, "record not found", "RECORD_NOT_FOUND");
  });
}

grpc::Status FakeAnnotationQueueService::AssignRecord(grpc::ServerContext* context,
                                                      const v1::AssignRecordRequest* request,
                                                      v1::AssignRecordResponse* response) {
  return WithQueue(context, request->queue(), [&](Queue* queue) -> grpc::Status {
    for (const v1::Record& record : queue->records) {
      if (record.id() != request->record_id()) continue;
      response->set_record_id(record.id());
      response->set_annotation_queue_id(queue->queue.id());
      response->set_source_type(record.source_type());
      for (const std::string& email : request->assigned_user_emails()) {
        v1::AssignedUser* user = response->add_assigned_users();
        user->mutable_user()->set_email(email);
        user->set_completion_status(v1::COMPLETION_STATUS_PENDING);
      }
      return grpc::Status::OK;
    }
    return RichStatus(grpc::StatusCode::NOT_FOUND, "record not found", "RECORD_NOT_FOUND");
  });
}

FakeServer::FakeServer() {
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
  builder.RegisterService(&service_);
  server_ = builder.BuildAndStart();
}

FakeServer::~FakeServer() { server_->Shutdown(); }

std::string FakeServer::target() const { return absl::StrCat("127.0.0.1:", port_); }

}  // namespace aqgate::testing
