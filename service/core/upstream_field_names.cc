#include "service/core/upstream_field_names.h"

#include <optional>

#include "absl/strings/strip.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "service/upstream/status_payloads.h"

namespace aqgate::core {
namespace {

namespace v1 = ::aqgate::v1;

constexpr absl::string_view kSourcesPrefix = "record_sources[";

const char* SourceField(v1::RecordSource::SourceCase kind) {
  switch (kind) {
    case v1::RecordSource::kSpans: return "spans";
    case v1::RecordSource::kTraces: return "traces";
    case v1::RecordSource::kExamples: return "examples";
    case v1::RecordSource::SOURCE_NOT_SET: break;
  }
  return nullptr;
}

// "record_sources[i].rest" with the source's kind put in after the index.
std::optional<std::string> NestedSourceField(absl::string_view field,
                                             const RequestFieldNames& names) {
  if (!absl::ConsumePrefix(&field, kSourcesPrefix)) return std::nullopt;
  const size_t close = field.find(']');
  size_t index = 0;
  if (close == absl::string_view::npos || !absl::SimpleAtoi(field.substr(0, close), &index) ||
      index >= names.record_sources.size()) {
    return std::nullopt;
  }
  const char* kind = SourceField(names.record_sources[index]);
  absl::string_view rest = field.substr(close + 1);
  if (kind == nullptr || !absl::ConsumePrefix(&rest, ".")) return std::nullopt;
  const std::string source = absl::StrCat(kSourcesPrefix, index, "]");
  if (rest == "record_type") return source;
  return absl::StrCat(source, ".", kind, ".", rest);
}

// ErrorInfo metadata key marking an error of a name lookup.
constexpr char kLookupKey[] = "name_lookup";

// The ErrorInfo of an error the upstream reported; nullopt for anything else.
std::optional<google::rpc::ErrorInfo> UpstreamErrorInfo(const absl::Status& status) {
  if (status.ok()) return std::nullopt;
  std::optional<google::rpc::ErrorInfo> info =
      upstream::GetDetail<google::rpc::ErrorInfo>(status);
  if (!info.has_value() || info->domain() != upstream::kDomainUpstream) return std::nullopt;
  return info;
}

// Renames every field of the status's BadRequest, if it has one.
template <typename Rename>
void RenameViolations(absl::Status& status, Rename rename) {
  std::optional<google::rpc::BadRequest> bad_request =
      upstream::GetDetail<google::rpc::BadRequest>(status);
  if (!bad_request.has_value()) return;
  for (auto& violation : *bad_request->mutable_field_violations()) {
    violation.set_field(rename(violation.field()));
  }
  upstream::SetDetail(status, *bad_request);
}

}  // namespace

std::string RequestFieldFor(absl::string_view rest_field, const RequestFieldNames& names) {
  if (rest_field == "cursor") return names.cursor;
  if (rest_field == "limit") return "page_size";
  if (rest_field == "space_id") return "space";
  if (std::optional<std::string> nested = NestedSourceField(rest_field, names)) return *nested;
  return std::string(rest_field);
}

absl::Status WithRequestFieldNames(absl::Status status, const RequestFieldNames& names) {
  std::optional<google::rpc::ErrorInfo> info = UpstreamErrorInfo(status);
  if (!info.has_value() || info->metadata().count(kLookupKey) > 0) return status;
  RenameViolations(status, [&names](const std::string& field) {
    return RequestFieldFor(field, names);
  });
  return status;
}

absl::Status AsLookupError(absl::Status status, absl::string_view ref_path) {
  std::optional<google::rpc::ErrorInfo> info = UpstreamErrorInfo(status);
  if (!info.has_value() || info->metadata().count(kLookupKey) > 0) return status;
  (*info->mutable_metadata())[kLookupKey] = std::string(ref_path);
  upstream::SetDetail(status, *info);
  RenameViolations(status, [ref_path](const std::string& field) {
    if (field == "name") return absl::StrCat(ref_path, ".name");
    if (field == "space_id") return absl::StrCat(ref_path, ".space");
    return field;
  });
  return status;
}

std::vector<v1::RecordSource::SourceCase> SourceKinds(
    const google::protobuf::RepeatedPtrField<v1::RecordSource>& sources) {
  std::vector<v1::RecordSource::SourceCase> kinds;
  kinds.reserve(sources.size());
  for (const v1::RecordSource& source : sources) kinds.push_back(source.source_case());
  return kinds;
}

}  // namespace aqgate::core
