// The upstream's problem+json names REST fields ("cursor", "limit",
// "space_id", "record_sources[0].dataset_version_id"); a gRPC caller knows
// the fields of its request ("page_token", "page_size", "space",
// "record_sources[0].examples.dataset_version_id"). These rewrite the
// google.rpc.BadRequest of an upstream error into the request's names.
#ifndef AQGATE_SERVICE_CORE_UPSTREAM_FIELD_NAMES_H_
#define AQGATE_SERVICE_CORE_UPSTREAM_FIELD_NAMES_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "aqgate/v1/annotation_queue.pb.h"

namespace aqgate::core {

// What one RPC's request calls the REST fields that differ.
struct RequestFieldNames {
  // The request field whose value became the upstream "cursor".
  std::string cursor = "page_token";
  // The kind of each of the request's record sources, in order.
  std::vector<aqgate::v1::RecordSource::SourceCase> record_sources;
};

// "cursor" -> names.cursor, "limit" -> "page_size", "space_id" -> "space",
// "record_sources[i].x" -> "record_sources[i].<spans|traces|examples>.x"
// ("record_sources[i].record_type" -> "record_sources[i]"); anything else
// is already the request's name and is returned as it is.
std::string RequestFieldFor(absl::string_view rest_field, const RequestFieldNames& names);

// `status` with every BadRequest field renamed by RequestFieldFor, when it
// is an error the upstream reported for the RPC's own call; the gateway's
// own errors already use the request's names, and name-lookup errors (see
// AsLookupError) are named already: both are returned unchanged.
absl::Status WithRequestFieldNames(absl::Status status, const RequestFieldNames& names);

// For an upstream error of a lookup the gateway made to resolve the
// request's reference at `ref_path` ("space", "queue.space" or "queue"):
// the lookup's "name" becomes `ref_path`.name and its "space_id"
// `ref_path`.space, and the ErrorInfo metadata gains name_lookup=<ref_path>.
// Other errors are returned unchanged.
absl::Status AsLookupError(absl::Status status, absl::string_view ref_path);

// The kinds of `sources`, for RequestFieldNames::record_sources.
std::vector<aqgate::v1::RecordSource::SourceCase> SourceKinds(
    const google::protobuf::RepeatedPtrField<aqgate::v1::RecordSource>& sources);

}  // namespace aqgate::core

#endif  // AQGATE_SERVICE_CORE_UPSTREAM_FIELD_NAMES_H_
