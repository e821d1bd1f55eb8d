// Parameters and results of the upstream operations that have no aqgate
// proto of their own. IDs here are canonical upstream IDs: names are resolved
// above this layer.
#ifndef AQGATE_SERVICE_UPSTREAM_ARIZE_API_TYPES_H_
#define AQGATE_SERVICE_UPSTREAM_ARIZE_API_TYPES_H_

#include <optional>
#include <string>
#include <vector>

#include "aqgate/v1/annotation_queue.pb.h"
#include "aqgate/v1/annotation_queue_service.pb.h"

namespace aqgate::upstream {

// GET /v2/annotation-queues
struct ListQueuesParams {
  std::string space_id;    // exact space ID filter; empty = none
  std::string space_name;  // case-insensitive substring filter; empty = none
  std::string name;        // case-insensitive substring filter; empty = none
  int limit = 0;           // 1-100; 0 = let the upstream choose
  std::string cursor;      // empty = first page
};

struct QueuePage {
  std::vector<aqgate::v1::AnnotationQueue> queues;
  std::string next_cursor;  // empty on the last page
};

// POST /v2/annotation-queues
struct CreateQueueParams {
  std::string name;
  std::string space_id;
  std::vector<std::string> annotation_config_ids;
  std::vector<std::string> annotator_emails;
  std::optional<std::string> instructions;  // absent = not sent
  aqgate::v1::AssignmentMethod assignment_method =
      aqgate::v1::ASSIGNMENT_METHOD_UNSPECIFIED;  // UNSPECIFIED = not sent
  std::vector<aqgate::v1::RecordSource> record_sources;  // empty = not sent
};

// PATCH /v2/annotation-queues/{id}: only the present fields are sent.
struct UpdateQueueParams {
  std::optional<std::string> name;
  // Present and empty = clear the instructions (sent as JSON null).
  std::optional<std::string> instructions;
  std::optional<std::vector<std::string>> annotation_config_ids;
  std::optional<std::vector<std::string>> annotator_emails;
};

// GET /v2/annotation-queues/{id}/records
struct ListRecordsParams {
  int limit = 0;  // 1-500; 0 = let the upstream choose
  std::string cursor;
};

struct RecordPage {
  std::vector<aqgate::v1::Record> records;
  std::string next_cursor;  // empty on the last page
};

// GET /v2/spaces
struct ListSpacesParams {
  std::string name;  // the upstream's name filter; empty = none
  int limit = 0;     // 0 = let the upstream choose
  std::string cursor;
};

struct Space {
  std::string id;
  std::string name;
};

struct SpacePage {
  std::vector<Space> spaces;
  std::string next_cursor;  // empty on the last page
};

}  // namespace aqgate::upstream

#endif  // AQGATE_SERVICE_UPSTREAM_ARIZE_API_TYPES_H_
