#include "tests/reliability/rpc_catalog.h"

#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"
#include "service/upstream/url_builder.h"
#include "tests/emulator/path_util.h"
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
  const std::vector<std::string> queues = {"v2", "annotation-queues"};
  std::vector<std::string> queue = queues;
  queue.push_back(target.queue_id);
  auto with = [](std::vector<std::string> base, std::initializer_list<std::string> more) {
    base.insert(base.end(), more);
    return base;
  };
  switch (rpc) {
    case Rpc::kListQueues: return {"GET", queues};
    case Rpc::kCreateQueue: return {"POST", queues};
    case Rpc::kGetQueue: return {"GET", queue};
    case Rpc::kUpdateQueue: return {"PATCH", queue};
    case Rpc::kDeleteQueue: return {"DELETE", queue};
    case Rpc::kListRecords:
    case Rpc::kStreamRecords: return {"GET", with(queue, {"records"})};
    case Rpc::kAddRecords: return {"POST", with(queue, {"records"})};
    case Rpc::kDeleteRecords: return {"DELETE", with(queue, {"records"})};
    case Rpc::kAnnotateRecord:
      return {"POST", with(queue, {"records", target.record_id, "annotate"})};
    case Rpc::kAssignRecord:
      return {"POST", with(queue, {"records", target.record_id, "assign"})};
  }
  return {};
}

std::optional<std::vector<std::string>> DecodedSegments(const std::string& raw_path) {
  if (raw_path.empty() || raw_path[0] != '/') return std::nullopt;
  std::vector<std::string> segments;
  // Empty segments are kept (unlike the emulator's router): an ID that
  // became empty must not collapse into a different route.
  for (absl::string_view raw : absl::StrSplit(absl::string_view(raw_path).substr(1), '/')) {
    std::optional<std::string> decoded = emulator::PercentDecode(raw);
    if (!decoded.has_value()) return std::nullopt;
    segments.push_back(*std::move(decoded));
  }
  return segments;
}

bool Matches(const UpstreamRoute& route, const std::string& method, const std::string& raw_path) {
  if (method != route.method) return false;
  std::optional<std::vector<std::string>> segments = DecodedSegments(raw_path);
  return segments.has_value() && *segments == route.segments;
}

std::string RawPathOf(const UpstreamRoute& route) {
  std::string out;
  for (const std::string& segment : route.segments) {
    absl::StrAppend(&out, "/", upstream::PercentEncode(segment));
  }
  return out;
}

std::string DescribeRoute(const UpstreamRoute& route) {
  std::string out = route.method + " ";
  for (const std::string& segment : route.segments) {
    absl::StrAppend(&out, "/", absl::CHexEscape(segment));
  }
  return out;
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

absl::StatusOr<Target> TryMakeTarget(v1::AnnotationQueueService::Stub& stub,
                                     const std::string& name, absl::Duration timeout) {
  v1::CreateAnnotationQueueRequest create = NewQueueRequest(name);
  create.mutable_space()->set_id(SpaceId());
  v1::CreateAnnotationQueueResponse created;
  grpc::Status status = stub.CreateAnnotationQueue(Ctx("", "", timeout).get(), create, &created);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        absl::StrCat("create ", name, ": ", status.error_message()));
  }
  Target target;
  target.queue_id = created.annotation_queue().id();
  v1::AddRecordsRequest add;
  *add.mutable_queue() = QueueById(target.queue_id);
  *add.add_record_sources() = SpanSource({"span-1-1"});
  v1::AddRecordsResponse added;
  status = stub.AddRecords(Ctx("", "", timeout).get(), add, &added);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        absl::StrCat("add records to ", name, ": ", status.error_message()));
  }
  // No record when the seed has no span-1-1 (it_big.json): callers that
  // need one check record_id.
  if (added.records_size() > 0) target.record_id = added.records(0).id();
  return target;
}

Target MakeTarget(v1::AnnotationQueueService::Stub& stub, const std::string& name) {
  absl::StatusOr<Target> target = TryMakeTarget(stub, name);
  EXPECT_TRUE(target.ok()) << target.status();
  return target.ok() ? *target : Target{};
}

}  // namespace aqgate::testing
