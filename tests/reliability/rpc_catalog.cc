#include "tests/reliability/rpc_catalog.h"

#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "service/upstream/url_builder.h"
#include "tests/integration/harness/stack.h"

namespace aqgate::testing {
namespace v1 = ::aqgate::v1;

const std::vector<Rpc>& AllRpcs() {
  static const auto* const kAll = new std::vector<Rpc>{
      Rpc::kListQueues,  Rpc::kGetQueue,      Rpc::kCreateQueue,   Rpc::kUpdateQueue,
      Rpc::kDeleteQueue, Rpc::kListRecords,   Rpc::kStreamRecords, Rpc::kAddRecords,
      Rpc::kDeleteRecords, Rpc::kAnnotateRecord, Rpc::kAssignRecord};
  return *kAll;
}

const char* RpcName(Rpc rpc) {
  switch (rpc) {
    case Rpc::kListQueues: return "ListAnnotationQueues";
    case Rpc::kGetQueue: return "GetAnnotationQueue";
    case Rpc::kCreateQueue: return "CreateAnnotationQueue";
    case Rpc::kUpdateQueue: return "UpdateAnnotationQueue";
    case Rpc::kDeleteQueue: return "DeleteAnnotationQueue";
    case Rpc::kListRecords: return "ListRecords";
    case Rpc::kStreamRecords: return "StreamRecords";
    case Rpc::kAddRecords: return "AddRecords";
    case Rpc::kDeleteRecords: return "DeleteRecords";
    case Rpc::kAnnotateRecord: return "AnnotateRecord";
    case Rpc::kAssignRecord: return "AssignRecord";
  }
  return "?";
}

bool IsIdempotent(Rpc rpc) { return rpc != Rpc::kCreateQueue && rpc != Rpc::kAddRecords; }

UpstreamRoute RouteOf(Rpc rpc, const Target& target) {
  const std::string queue =
      absl::StrCat("/v2/annotation-queues/", upstream::PercentEncode(target.queue_id));
  const std::string record =
      absl::StrCat(queue, "/records/", upstream::PercentEncode(target.record_id));
  switch (rpc) {
    case Rpc::kListQueues: return {"GET", "/v2/annotation-queues", true};
    case Rpc::kCreateQueue: return {"POST", "/v2/annotation-queues", true};
    case Rpc::kGetQueue: return {"GET", queue, true};
    case Rpc::kUpdateQueue: return {"PATCH", queue, true};
    case Rpc::kDeleteQueue: return {"DELETE", queue, true};
    case Rpc::kListRecords:
    case Rpc::kStreamRecords: return {"GET", queue + "/records", true};
    case Rpc::kAddRecords: return {"POST", queue + "/records", true};
    case Rpc::kDeleteRecords: return {"DELETE", queue + "/records", true};
    case Rpc::kAnnotateRecord: return {"POST", record + "/annotate", true};
    case Rpc::kAssignRecord: return {"POST", record + "/assign", true};
  }
  return {};
}

bool Matches(const UpstreamRoute& route, const std::string& method, const std::string& path) {
  if (method != route.method) return false;
  return route.exact ? path == route.path : absl::StartsWith(path, route.path);
}

grpc::Status CallRpc(v1::AnnotationQueueService::Stub& stub, Rpc rpc, const Target& target,
                     const CallOptions& options) {
  std::unique_ptr<grpc::ClientContext> context = Ctx(options.api_key, "", options.timeout);
  const v1::QueueRef queue = QueueById(target.queue_id);
  switch (rpc) {
    case Rpc::kListQueues: {
      v1::ListAnnotationQueuesRequest request;
      request.mutable_space()->set_id(SpaceId());
      request.set_page_size(5);
      v1::ListAnnotationQueuesResponse response;
      return stub.ListAnnotationQueues(context.get(), request, &response);
    }
    case Rpc::kGetQueue: {
      v1::GetAnnotationQueueRequest request;
      *request.mutable_queue() = queue;
      v1::GetAnnotationQueueResponse response;
      return stub.GetAnnotationQueue(context.get(), request, &response);
    }
    case Rpc::kCreateQueue: {
      v1::CreateAnnotationQueueRequest request =
          NewQueueRequest(absl::StrCat("created-", options.unique));
      request.mutable_space()->set_id(SpaceId());
      v1::CreateAnnotationQueueResponse response;
      return stub.CreateAnnotationQueue(context.get(), request, &response);
    }
    case Rpc::kUpdateQueue: {
      v1::UpdateAnnotationQueueRequest request;
      *request.mutable_queue() = queue;
      request.set_instructions(absl::StrCat("updated ", options.unique));
      request.mutable_update_mask()->add_paths("instructions");
      v1::UpdateAnnotationQueueResponse response;
      return stub.UpdateAnnotationQueue(context.get(), request, &response);
    }
    case Rpc::kDeleteQueue: {
      v1::DeleteAnnotationQueueRequest request;
      *request.mutable_queue() = queue;
      v1::DeleteAnnotationQueueResponse response;
      return stub.DeleteAnnotationQueue(context.get(), request, &response);
    }
    case Rpc::kListRecords: {
      v1::ListRecordsRequest request;
      *request.mutable_queue() = queue;
      request.set_page_size(10);
      v1::ListRecordsResponse response;
      return stub.ListRecords(context.get(), request, &response);
    }
    case Rpc::kStreamRecords: {
      v1::StreamRecordsRequest request;
      *request.mutable_queue() = queue;
      auto reader = stub.StreamRecords(context.get(), request);
      v1::StreamRecordsResponse message;
      while (reader->Read(&message)) {
      }
      return reader->Finish();
    }
    case Rpc::kAddRecords: {
      v1::AddRecordsRequest request;
      *request.mutable_queue() = queue;
      *request.add_record_sources() = SpanSource({"span-1-2"});
      v1::AddRecordsResponse response;
      return stub.AddRecords(context.get(), request, &response);
    }
    case Rpc::kDeleteRecords: {
      v1::DeleteRecordsRequest request;
      *request.mutable_queue() = queue;
      request.add_record_ids(target.record_id);
      v1::DeleteRecordsResponse response;
      return stub.DeleteRecords(context.get(), request, &response);
    }
    case Rpc::kAnnotateRecord: {
      v1::AnnotateRecordRequest request;
      *request.mutable_queue() = queue;
      request.set_record_id(target.record_id);
      v1::AnnotationInput* annotation = request.add_annotations();
      annotation->set_name("quality");
      annotation->set_score(0.5);
      v1::AnnotateRecordResponse response;
      return stub.AnnotateRecord(context.get(), request, &response);
    }
    case Rpc::kAssignRecord: {
      v1::AssignRecordRequest request;
      *request.mutable_queue() = queue;
      request.set_record_id(target.record_id);
      request.add_assigned_user_emails(kAnnotatorEmail);
      v1::AssignRecordResponse response;
      return stub.AssignRecord(context.get(), request, &response);
    }
  }
  return grpc::Status(grpc::StatusCode::INTERNAL, "unknown rpc");
}

Target MakeTarget(v1::AnnotationQueueService::Stub& stub, const std::string& name) {
  Target target;
  v1::CreateAnnotationQueueRequest create = NewQueueRequest(name);
  create.mutable_space()->set_id(SpaceId());
  v1::CreateAnnotationQueueResponse created;
  grpc::Status status = stub.CreateAnnotationQueue(Ctx().get(), create, &created);
  EXPECT_TRUE(status.ok()) << "create " << name << ": " << status.error_message();
  target.queue_id = created.annotation_queue().id();
  v1::AddRecordsRequest add;
  *add.mutable_queue() = QueueById(target.queue_id);
  *add.add_record_sources() = SpanSource({"span-1-1"});
  v1::AddRecordsResponse added;
  status = stub.AddRecords(Ctx().get(), add, &added);
  EXPECT_TRUE(status.ok()) << "add records to " << name << ": " << status.error_message();
  if (added.records_size() > 0) target.record_id = added.records(0).id();
  return target;
}

}  // namespace aqgate::testing
