// The fast decode of a record page (200 {records, pagination}), the body
// StreamRecords and ListRecords spend most of their CPU on.
//
// simdjson's DOM parser validates the whole body in one pass into a flat
// tape (no allocation per value; the parser and its buffers are reused per
// thread), and the tape is walked straight into the protos, with no
// intermediate nlohmann DOM to build and tear down.
//
// It accepts a subset of what the reference decoder (DecodeRecordPageDom in
// json_decode.h) accepts and then builds equal messages. Everything else -- a
// wrong type, a missing member, invalid JSON, or a value it leaves to the
// reference decoder (integers beyond 64 bits, -0, numbers beyond the double
// range) -- returns nullopt, and the caller runs the reference decoder, which
// either decodes it or names the JSON path of the error. The two decoders
// are compared by tests/unit/upstream/json_record_page_test.cc and by the
// upstream_json fuzz target.
#ifndef AQGATE_SERVICE_UPSTREAM_JSON_RECORD_PAGE_H_
#define AQGATE_SERVICE_UPSTREAM_JSON_RECORD_PAGE_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "service/upstream/arize_api_types.h"

namespace aqgate::upstream {

std::optional<RecordPage> TryDecodeRecordPage(absl::string_view body);

}  // namespace aqgate::upstream

#endif  // AQGATE_SERVICE_UPSTREAM_JSON_RECORD_PAGE_H_
