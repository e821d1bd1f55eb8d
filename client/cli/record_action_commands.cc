// annotate-record, assign-record.
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "client/cli/commands.h"
#include "client/cli/flags.h"
#include "client/cli/queue_ref.h"
#include "client/cli/record_sources.h"

namespace aqgate::cli {
namespace {

// Exactly one --record-id.
absl::StatusOr<std::string> SingleRecordId(const char* command) {
  std::vector<std::string> ids = CommaListValues(absl::GetFlag(FLAGS_record_id));
  if (ids.size() != 1) {
    return UsageError(absl::StrCat(command, " needs exactly one --record-id"));
  }
  return ids[0];
}

}  // namespace

absl::Status RunAnnotateRecord(CommandContext& context) {
  v1::AnnotateRecordRequest request;
  absl::StatusOr<v1::QueueRef> queue = QueueFromFlags();
  if (!queue.ok()) return queue.status();
  *request.mutable_queue() = *queue;
  absl::StatusOr<std::string> record_id = SingleRecordId("annotate-record");
  if (!record_id.ok()) return record_id.status();
  request.set_record_id(*record_id);

  std::string config = absl::GetFlag(FLAGS_config_name);
  auto score = absl::GetFlag(FLAGS_score);
  if (!score && context.seen_flags.count("score") > 0) return UsageError("--score needs a number");
  auto label = GivenString(absl::GetFlag(FLAGS_label), context.seen_flags.count("label") > 0);
  auto text = GivenString(absl::GetFlag(FLAGS_text), context.seen_flags.count("text") > 0);
  if (!config.empty()) {
    if (!score && !label && !text) {
      return UsageError("--config-name needs a value: --score, --label and/or --text");
    }
    v1::AnnotationInput* input = request.add_annotations();
    input->set_name(config);
    if (score) input->set_score(*score);
    if (label) input->set_label(*label);
    if (text) input->set_text(*text);
  } else if (score || label || text) {
    return UsageError("--score, --label and --text need --config-name");
  }
  std::string file = absl::GetFlag(FLAGS_from_file);
  if (!file.empty()) {
    absl::StatusOr<std::string> json = ReadTextFile(file);
    if (!json.ok()) return UsageError(std::string(json.status().message()));
    absl::StatusOr<std::vector<v1::AnnotationInput>> inputs = ParseAnnotationsJson(*json);
    if (!inputs.ok()) return UsageError(absl::StrCat(file, ": ", inputs.status().message()));
    for (auto& input : *inputs) *request.add_annotations() = std::move(input);
  }
  if (request.annotations().empty()) {
    return UsageError("annotate-record needs --config-name with a value, or --from-file");
  }
  absl::StatusOr<v1::AnnotateRecordResponse> response = context.client.AnnotateRecord(request);
  if (!response.ok()) return response.status();
  Render(context.format, AnnotateResultColumns(), {&*response}, true, context.io.out);
  return absl::OkStatus();
}

absl::Status RunAssignRecord(CommandContext& context) {
  v1::AssignRecordRequest request;
  absl::StatusOr<v1::QueueRef> queue = QueueFromFlags();
  if (!queue.ok()) return queue.status();
  *request.mutable_queue() = *queue;
  absl::StatusOr<std::string> record_id = SingleRecordId("assign-record");
  if (!record_id.ok()) return record_id.status();
  request.set_record_id(*record_id);
  for (const std::string& email : CommaListValues(absl::GetFlag(FLAGS_user_email))) {
    request.add_assigned_user_emails(email);
  }
  bool clear = absl::GetFlag(FLAGS_clear);
  if (clear && !request.assigned_user_emails().empty()) {
    return UsageError("--clear removes every assignee; it does not go with --user-email");
  }
  if (!clear && request.assigned_user_emails().empty()) {
    return UsageError("assign-record needs --user-email (or --clear to remove every assignee)");
  }
  absl::StatusOr<v1::AssignRecordResponse> response = context.client.AssignRecord(request);
  if (!response.ok()) return response.status();
  Render(context.format, AssignResultColumns(), {&*response}, true, context.io.out);
  return absl::OkStatus();
}

}  // namespace aqgate::cli
