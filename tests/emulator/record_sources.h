// Resolves the record sources of a create-queue or add-records request
// (SPAN / TRACE / EXAMPLE) to the spans and dataset examples they name.
#ifndef AQGATE_TESTS_EMULATOR_RECORD_SOURCES_H_
#define AQGATE_TESTS_EMULATOR_RECORD_SOURCES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "tests/emulator/sqlite_db.h"

namespace aqgate::emulator {

inline constexpr size_t kMaxRecordsPerRequest = 500;
inline constexpr size_t kMaxSourcesPerRequest = 2;

struct NewRecord {
  bool from_span = true;       // SPANS (span_row) or DATASET (example_row)
  bool trace_granularity = false;
  int64_t span_row = 0;
  int64_t example_row = 0;
};

// `sources` is the JSON array given under `field`. Spans outside a source's
// window and unknown span/trace IDs add nothing; everything else invalid is
// a 400 or 422 naming the field (e.g. "record_sources[1].end_time").
absl::StatusOr<std::vector<NewRecord>> ResolveRecordSources(SqliteDb& db, int64_t space_n,
                                                            const nlohmann::json& sources,
                                                            const std::string& field);

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_RECORD_SOURCES_H_
