// list, get, create, update, delete.
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "client/cli/commands.h"
#include "client/cli/flags.h"
#include "client/cli/queue_ref.h"

namespace aqgate::cli {
namespace {

void PrintQueue(CommandContext& context, const v1::AnnotationQueue& queue) {
  Render(context.format, QueueColumns(), {&queue}, true, context.io.out);
}

std::string Describe(const v1::QueueRef& ref) {
  if (ref.has_id()) return absl::StrCat("queue ", ref.id());
  return absl::StrCat("queue \"", ref.name(), "\" of space ",
                      ref.space().has_id() ? ref.space().id() : "\"" + ref.space().name() + "\"");
}

}  // namespace

void PrintNextPageHint(CommandContext& context, const std::string& token) {
  if (!token.empty()) context.io.err << "more results: repeat with --cursor=" << token << "\n";
}

absl::Status RunList(CommandContext& context) {
  v1::ListAnnotationQueuesRequest request;
  absl::StatusOr<std::optional<v1::SpaceRef>> space = SpaceFromFlags();
  if (!space.ok()) return space.status();
  if (space->has_value()) *request.mutable_space() = **space;
  request.set_name_contains(absl::GetFlag(FLAGS_name));
  request.set_page_size(absl::GetFlag(FLAGS_limit));
  request.set_page_token(absl::GetFlag(FLAGS_cursor));
  std::vector<v1::AnnotationQueue> queues;
  std::string next;
  if (absl::GetFlag(FLAGS_all)) {
    for (absl::StatusOr<v1::AnnotationQueue>& queue :
         context.client.ListAllAnnotationQueues(request)) {
      if (!queue.ok()) return queue.status();
      queues.push_back(*std::move(queue));
    }
  } else {
    absl::StatusOr<v1::ListAnnotationQueuesResponse> page =
        context.client.ListAnnotationQueues(request);
    if (!page.ok()) return page.status();
    queues.assign(page->annotation_queues().begin(), page->annotation_queues().end());
    next = page->next_page_token();
  }
  std::vector<const google::protobuf::Message*> items;
  for (const auto& q : queues) items.push_back(&q);
  Render(context.format, QueueColumns(), items, false, context.io.out);
  PrintNextPageHint(context, next);
  return absl::OkStatus();
}

absl::Status RunGet(CommandContext& context) {
  v1::GetAnnotationQueueRequest request;
  absl::StatusOr<v1::QueueRef> queue = QueueFromFlags();
  if (!queue.ok()) return queue.status();
  *request.mutable_queue() = *queue;
  absl::StatusOr<v1::GetAnnotationQueueResponse> response =
      context.client.GetAnnotationQueue(request);
  if (!response.ok()) return response.status();
  PrintQueue(context, response->annotation_queue());
  return absl::OkStatus();
}

absl::Status RunCreate(CommandContext& context) {
  v1::CreateAnnotationQueueRequest request;
  request.set_name(absl::GetFlag(FLAGS_name));
  if (request.name().empty()) return UsageError("create needs the queue's --name");
  absl::StatusOr<std::optional<v1::SpaceRef>> space = SpaceFromFlags();
  if (!space.ok()) return space.status();
  if (!space->has_value()) return UsageError("create needs the space: --space NAME or --space-id ID");
  *request.mutable_space() = **space;
  for (const std::string& id : CommaListValues(absl::GetFlag(FLAGS_annotation_config_id))) {
    request.add_annotation_config_ids(id);
  }
  for (const std::string& email : CommaListValues(absl::GetFlag(FLAGS_annotator_email))) {
    request.add_annotator_emails(email);
  }
  if (auto instructions = absl::GetFlag(FLAGS_instructions)) request.set_instructions(*instructions);
  std::string method = absl::AsciiStrToLower(absl::GetFlag(FLAGS_assignment_method));
  if (method == "all") {
    request.set_assignment_method(v1::ASSIGNMENT_METHOD_ALL);
  } else if (method == "random") {
    request.set_assignment_method(v1::ASSIGNMENT_METHOD_RANDOM);
  } else if (!method.empty()) {
    return UsageError(absl::StrCat("--assignment-method must be all or random, not \"", method, "\""));
  }
  absl::StatusOr<std::vector<v1::RecordSource>> sources = SourcesFromFlags();
  if (!sources.ok()) return sources.status();
  for (auto& source : *sources) *request.add_record_sources() = std::move(source);
  absl::StatusOr<v1::CreateAnnotationQueueResponse> response =
      context.client.CreateAnnotationQueue(request);
  if (!response.ok()) return response.status();
  PrintQueue(context, response->annotation_queue());
  return absl::OkStatus();
}

absl::Status RunUpdate(CommandContext& context) {
  v1::UpdateAnnotationQueueRequest request;
  absl::StatusOr<v1::QueueRef> queue = QueueFromFlags();
  if (!queue.ok()) return queue.status();
  *request.mutable_queue() = *queue;
  auto* mask = request.mutable_update_mask();
  const auto given = [&](const char* flag) { return context.seen_flags.count(flag) > 0; };
  if (auto name = GivenString(absl::GetFlag(FLAGS_new_name), given("new_name"))) {
    if (name->empty()) return UsageError("--new-name needs a value: a queue's name is never empty");
    request.set_name(*name);
    mask->add_paths("name");
  }
  if (auto instructions = GivenString(absl::GetFlag(FLAGS_instructions), given("instructions"))) {
    request.set_instructions(*instructions);
    mask->add_paths("instructions");
  }
  if (given("annotation_config_id")) {
    for (const std::string& id : CommaListValues(absl::GetFlag(FLAGS_annotation_config_id))) {
      request.add_annotation_config_ids(id);
    }
    mask->add_paths("annotation_config_ids");
  }
  if (given("annotator_email")) {
    for (const std::string& email : CommaListValues(absl::GetFlag(FLAGS_annotator_email))) {
      request.add_annotator_emails(email);
    }
    mask->add_paths("annotator_emails");
  }
  if (mask->paths().empty()) {
    return UsageError(
        "nothing to change: give --new-name, --instructions, --annotation-config-id or "
        "--annotator-email");
  }
  absl::StatusOr<v1::UpdateAnnotationQueueResponse> response =
      context.client.UpdateAnnotationQueue(request);
  if (!response.ok()) return response.status();
  PrintQueue(context, response->annotation_queue());
  return absl::OkStatus();
}

absl::Status RunDelete(CommandContext& context) {
  v1::DeleteAnnotationQueueRequest request;
  absl::StatusOr<v1::QueueRef> queue = QueueFromFlags();
  if (!queue.ok()) return queue.status();
  *request.mutable_queue() = *queue;
  if (!absl::GetFlag(FLAGS_force) && context.io.in_is_tty && context.io.err_is_tty) {
    context.io.err << "Delete " << Describe(*queue)
                   << " and all its records? This cannot be undone. [y/N] " << std::flush;
    std::string answer;
    std::getline(context.io.in, answer);
    answer = absl::AsciiStrToLower(absl::StripAsciiWhitespace(answer));
    if (answer != "y" && answer != "yes") {
      return absl::CancelledError("not deleted: the deletion was not confirmed");
    }
  }
  absl::StatusOr<v1::DeleteAnnotationQueueResponse> response =
      context.client.DeleteAnnotationQueue(request);
  if (!response.ok()) return response.status();
  Render(context.format, QueueIdColumns(), {&*response}, true, context.io.out);
  return absl::OkStatus();
}

}  // namespace aqgate::cli
