// Annotation queue records in the store. Record JSON is assembled from ready
// JSON text (span/example data, annotations, assignments) without re-parsing,
// so a 500-record page costs a few milliseconds.
#ifndef AQGATE_TESTS_EMULATOR_RECORD_MODEL_H_
#define AQGATE_TESTS_EMULATOR_RECORD_MODEL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tests/emulator/queue_model.h"
#include "tests/emulator/record_sources.h"
#include "tests/emulator/sqlite_db.h"

namespace aqgate::emulator {

// Inserts `records` into `queue`, assigning the queue's annotators (ALL: every
// annotator; RANDOM: one each), and returns the JSON array of the new records.
absl::StatusOr<std::string> InsertRecords(SqliteDb& db, const QueueRow& queue,
                                          const std::vector<NewRecord>& records);

// The list-records response body: records after position `after`, oldest first.
absl::StatusOr<std::string> ListRecordsBody(SqliteDb& db, const QueueRow& queue, int64_t after,
                                            int64_t limit);

struct RecordState {
  int64_t n = 0;
  bool from_span = true;
  bool trace_granularity = false;
  std::string annotations_json;
  std::string assigned_json;
};

// The record `record_id` of `queue`; 404 when malformed, unknown or elsewhere.
absl::StatusOr<RecordState> LoadRecord(SqliteDb& db, const QueueRow& queue,
                                       const std::string& record_id);
absl::Status SaveRecordState(SqliteDb& db, const RecordState& record);

// Deletes the given record IDs of the queue; unknown IDs are ignored.
absl::Status DeleteRecords(SqliteDb& db, const QueueRow& queue,
                           const std::vector<std::string>& record_ids);

// {"id", "annotation_queue_id", "source_type", "granularity"} of a record.
std::string RecordIdentityJson(const QueueRow& queue, const RecordState& record);

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_RECORD_MODEL_H_
