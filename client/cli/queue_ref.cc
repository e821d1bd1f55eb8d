#include "client/cli/queue_ref.h"

#include "absl/flags/flag.h"
#include "client/cli/command_table.h"
#include "client/cli/flags.h"

namespace aqgate::cli {

absl::StatusOr<std::optional<v1::SpaceRef>> SpaceFromFlags() {
  std::string name = absl::GetFlag(FLAGS_space);
  std::string id = absl::GetFlag(FLAGS_space_id);
  if (!name.empty() && !id.empty()) {
    return UsageError("give the space by --space (name) or by --space-id, not both");
  }
  if (name.empty() && id.empty()) return std::optional<v1::SpaceRef>();
  v1::SpaceRef space;
  if (!id.empty()) {
    space.set_id(id);
  } else {
    space.set_name(name);
  }
  return std::optional<v1::SpaceRef>(space);
}

absl::StatusOr<v1::QueueRef> QueueFromFlags() {
  std::string id = absl::GetFlag(FLAGS_id);
  std::string name = absl::GetFlag(FLAGS_name);
  absl::StatusOr<std::optional<v1::SpaceRef>> space = SpaceFromFlags();
  if (!space.ok()) return space.status();
  v1::QueueRef queue;
  if (!id.empty() && !name.empty()) {
    return UsageError("name the queue by --id or by --name, not both");
  }
  if (!id.empty()) {
    if (space->has_value()) {
      return UsageError("--space/--space-id go with --name; a queue ID needs no space");
    }
    queue.set_id(id);
    return queue;
  }
  if (name.empty()) return UsageError("name the queue with --id, or --name and --space/--space-id");
  if (!space->has_value()) {
    return UsageError("a queue --name needs its space: --space NAME or --space-id ID");
  }
  queue.set_name(name);
  *queue.mutable_space() = **space;
  return queue;
}

}  // namespace aqgate::cli
