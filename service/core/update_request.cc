#include "service/core/update_request.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "service/core/field_violations.h"
#include "service/core/request_validation.h"

namespace aqgate::core {
namespace {

enum class UpdateField { kName, kInstructions, kAnnotationConfigIds, kAnnotatorEmails, kUnknown };

UpdateField ParsePath(const std::string& path) {
  if (path == "name") return UpdateField::kName;
  if (path == "instructions") return UpdateField::kInstructions;
  if (path == "annotation_config_ids" || path == "annotationConfigIds") {
    return UpdateField::kAnnotationConfigIds;
  }
  if (path == "annotator_emails" || path == "annotatorEmails") {
    return UpdateField::kAnnotatorEmails;
  }
  return UpdateField::kUnknown;
}

std::vector<std::string> ToVector(const google::protobuf::RepeatedPtrField<std::string>& values) {
  return std::vector<std::string>(values.begin(), values.end());
}

}  // namespace

absl::StatusOr<upstream::UpdateQueueParams> ValidateUpdateQueue(
    const aqgate::v1::UpdateAnnotationQueueRequest& request) {
  FieldViolations violations;
  CheckQueueRef(request.queue(), "queue", violations);

  bool name = false, instructions = false, config_ids = false, emails = false;
  if (request.has_update_mask()) {
    const auto& paths = request.update_mask().paths();
    for (int i = 0; i < paths.size(); ++i) {
      switch (ParsePath(paths[i])) {
        case UpdateField::kName: name = true; break;
        case UpdateField::kInstructions: instructions = true; break;
        case UpdateField::kAnnotationConfigIds: config_ids = true; break;
        case UpdateField::kAnnotatorEmails: emails = true; break;
        case UpdateField::kUnknown:
          violations.Add(absl::StrCat("update_mask.paths[", i, "]"),
                         "not an updatable field (name, instructions, annotation_config_ids, "
                         "annotator_emails)");
          break;
      }
    }
  } else {
    name = !request.name().empty();
    instructions = !request.instructions().empty();
    config_ids = !request.annotation_config_ids().empty();
    emails = !request.annotator_emails().empty();
  }
  if (!name && !instructions && !config_ids && !emails) {
    violations.Add("update_mask", "nothing to change: set a field or name it in update_mask");
  }

  upstream::UpdateQueueParams params;
  if (name) {
    CheckQueueName(request.name(), "name", violations);
    params.name = request.name();
  }
  if (instructions) {
    CheckInstructions(request.instructions(), "instructions", violations);
    params.instructions = request.instructions();
  }
  if (config_ids) {
    CheckStringList(request.annotation_config_ids(), "annotation_config_ids", 1, INT32_MAX,
                    violations);
    params.annotation_config_ids = ToVector(request.annotation_config_ids());
  }
  if (emails) {
    CheckStringList(request.annotator_emails(), "annotator_emails", 1, kMaxEmails, violations);
    params.annotator_emails = ToVector(request.annotator_emails());
  }
  absl::Status status = violations.ToStatus();
  if (!status.ok()) return status;
  return params;
}

}  // namespace aqgate::core
