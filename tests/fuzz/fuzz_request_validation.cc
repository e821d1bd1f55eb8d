// Fuzzes request validation: the first byte picks an RPC, the rest is parsed
// as its request message (as gRPC would), then validated. Validation
// answers OK or INVALID_ARGUMENT, never crashes; a request it lets through
// is then encoded into the upstream JSON body, which must not crash either
// (and may only refuse with INVALID_ARGUMENT).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "aqgate/v1/annotation_queue_service.pb.h"
#include "service/core/request_validation.h"
#include "service/core/update_request.h"
#include "service/upstream/json_encode.h"

namespace {

namespace v1 = ::aqgate::v1;
namespace up = ::aqgate::upstream;

void CheckValidation(const absl::Status& status) {
  if (!status.ok() && status.code() != absl::StatusCode::kInvalidArgument) std::abort();
}

template <typename T>
void CheckEncoding(const absl::StatusOr<T>& result) {
  if (!result.ok() && result.status().code() != absl::StatusCode::kInvalidArgument) std::abort();
}

template <typename Message>
bool Parse(const uint8_t* data, size_t size, Message* message) {
  return message->ParseFromArray(data, static_cast<int>(size));
}

template <typename Item>
std::vector<Item> ToVector(const google::protobuf::RepeatedPtrField<Item>& items) {
  return std::vector<Item>(items.begin(), items.end());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t rpc = data[0] % 11;
  ++data;
  --size;
  switch (rpc) {
    case 0: {
      v1::ListAnnotationQueuesRequest r;
      if (Parse(data, size, &r)) CheckValidation(aqgate::core::ValidateListQueues(r));
      break;
    }
    case 1: {
      v1::GetAnnotationQueueRequest r;
      if (Parse(data, size, &r)) CheckValidation(aqgate::core::ValidateGetQueue(r));
      break;
    }
    case 2: {
      v1::CreateAnnotationQueueRequest r;
      if (!Parse(data, size, &r)) break;
      const absl::Status status = aqgate::core::ValidateCreateQueue(r);
      CheckValidation(status);
      if (status.ok()) {
        up::CreateQueueParams params;
        params.name = r.name();
        params.annotation_config_ids = ToVector(r.annotation_config_ids());
        params.annotator_emails = ToVector(r.annotator_emails());
        params.instructions = r.instructions();
        params.record_sources = ToVector(r.record_sources());
        CheckEncoding(up::EncodeCreateQueue(params));
      }
      break;
    }
    case 3: {
      v1::UpdateAnnotationQueueRequest r;
      if (!Parse(data, size, &r)) break;
      absl::StatusOr<up::UpdateQueueParams> params = aqgate::core::ValidateUpdateQueue(r);
      CheckValidation(params.status());
      if (params.ok()) CheckEncoding(up::EncodeUpdateQueue(*params));
      break;
    }
    case 4: {
      v1::DeleteAnnotationQueueRequest r;
      if (Parse(data, size, &r)) CheckValidation(aqgate::core::ValidateDeleteQueue(r));
      break;
    }
    case 5: {
      v1::ListRecordsRequest r;
      if (Parse(data, size, &r)) CheckValidation(aqgate::core::ValidateListRecords(r));
      break;
    }
    case 6: {
      v1::StreamRecordsRequest r;
      if (Parse(data, size, &r)) CheckValidation(aqgate::core::ValidateStreamRecords(r).status());
      break;
    }
    case 7: {
      v1::AddRecordsRequest r;
      if (!Parse(data, size, &r)) break;
      const absl::Status status = aqgate::core::ValidateAddRecords(r);
      CheckValidation(status);
      if (status.ok()) CheckEncoding(up::EncodeAddRecords(ToVector(r.record_sources())));
      break;
    }
    case 8: {
      v1::DeleteRecordsRequest r;
      if (!Parse(data, size, &r)) break;
      const absl::Status status = aqgate::core::ValidateDeleteRecords(r);
      CheckValidation(status);
      if (status.ok()) CheckEncoding(up::EncodeDeleteRecords(ToVector(r.record_ids())));
      break;
    }
    case 9: {
      v1::AnnotateRecordRequest r;
      if (!Parse(data, size, &r)) break;
      const absl::Status status = aqgate::core::ValidateAnnotateRecord(r);
      CheckValidation(status);
      if (status.ok()) CheckEncoding(up::EncodeAnnotate(ToVector(r.annotations())));
      break;
    }
    default: {
      v1::AssignRecordRequest r;
      if (!Parse(data, size, &r)) break;
      const absl::Status status = aqgate::core::ValidateAssignRecord(r);
      CheckValidation(status);
      if (status.ok()) CheckEncoding(up::EncodeAssign(ToVector(r.assigned_user_emails())));
      break;
    }
  }
  return 0;
}
