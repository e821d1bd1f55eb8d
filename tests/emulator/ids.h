// Resource IDs as the real API mints them: standard base64 (with padding) of
// "Kind:number:suffix". The suffix is derived from kind and number, so an ID
// can be checked without a lookup, and it is chosen so that '+', '/' and '='
// all occur in practice (clients must percent-encode IDs in paths).
#ifndef AQGATE_TESTS_EMULATOR_IDS_H_
#define AQGATE_TESTS_EMULATOR_IDS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace aqgate::emulator {

inline constexpr char kKindQueue[] = "AnnotationQueue";
inline constexpr char kKindRecord[] = "AnnotationQueueRecord";
inline constexpr char kKindSpace[] = "Space";
inline constexpr char kKindUser[] = "User";
inline constexpr char kKindConfig[] = "AnnotationConfig";
inline constexpr char kKindProject[] = "Project";
inline constexpr char kKindDataset[] = "Dataset";
inline constexpr char kKindDatasetVersion[] = "DatasetVersion";
inline constexpr char kKindExample[] = "DatasetExample";
inline constexpr char kKindOrganization[] = "Organization";

std::string MintId(absl::string_view kind, int64_t number);

// The number inside `id` if it is a well-formed ID of `kind` minted here.
std::optional<int64_t> ParseId(absl::string_view kind, absl::string_view id);

// Opaque pagination cursors: a position (the last row's number) and a tag
// naming the listing, so a cursor from one listing is rejected by another.
std::string MintCursor(absl::string_view listing, int64_t position);
std::optional<int64_t> ParseCursor(absl::string_view listing, absl::string_view cursor);

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_IDS_H_
