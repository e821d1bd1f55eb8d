#include "tests/emulator/ids.h"

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace aqgate::emulator {
namespace {

// '~', '?' and '>' have their low six bits all (or nearly all) set, so they
// produce '/' and '+' in base64 when they land on the third byte of a group.
constexpr char kSuffixAlphabet[] = "aB3~xK9?mQ>zT7";
constexpr int kSuffixLength = 6;

uint64_t Fnv1a(absl::string_view text, uint64_t hash = 1469598103934665603ull) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string Suffix(absl::string_view kind, int64_t number) {
  uint64_t hash = Fnv1a(absl::StrCat(kind, "#", number));
  std::string suffix;
  constexpr uint64_t kAlphabetSize = sizeof(kSuffixAlphabet) - 1;
  for (int i = 0; i < kSuffixLength; ++i) {
    suffix.push_back(kSuffixAlphabet[hash % kAlphabetSize]);
    hash /= kAlphabetSize;
  }
  return suffix;
}

// Decodes "Kind:number:suffix" base64 and checks the kind and the suffix.
std::optional<int64_t> ParseTriple(absl::string_view kind, absl::string_view encoded) {
  if (encoded.empty() || encoded.size() > 256) return std::nullopt;
  std::string decoded;
  if (!absl::Base64Unescape(encoded, &decoded)) return std::nullopt;
  std::vector<absl::string_view> parts = absl::StrSplit(decoded, absl::MaxSplits(':', 2));
  if (parts.size() != 3 || parts[0] != kind) return std::nullopt;
  int64_t number = 0;
  if (!absl::SimpleAtoi(parts[1], &number) || number <= 0) return std::nullopt;
  if (parts[2] != Suffix(kind, number)) return std::nullopt;
  return number;
}

}  // namespace

std::string MintId(absl::string_view kind, int64_t number) {
  return absl::Base64Escape(absl::StrCat(kind, ":", number, ":", Suffix(kind, number)));
}

std::optional<int64_t> ParseId(absl::string_view kind, absl::string_view id) {
  return ParseTriple(kind, id);
}

std::string MintCursor(absl::string_view listing, int64_t position) {
  return absl::WebSafeBase64Escape(
      absl::StrCat("Cursor/", listing, ":", position, ":", Suffix(listing, position)));
}

std::optional<int64_t> ParseCursor(absl::string_view listing, absl::string_view cursor) {
  if (cursor.empty() || cursor.size() > 256) return std::nullopt;
  std::string decoded;
  if (!absl::WebSafeBase64Unescape(cursor, &decoded)) return std::nullopt;
  std::vector<absl::string_view> parts = absl::StrSplit(decoded, absl::MaxSplits(':', 2));
  if (parts.size() != 3 || parts[0] != absl::StrCat("Cursor/", listing)) return std::nullopt;
  int64_t position = 0;
  if (!absl::SimpleAtoi(parts[1], &position) || position < 0) return std::nullopt;
  if (parts[2] != Suffix(listing, position)) return std::nullopt;
  return position;
}

}  // namespace aqgate::emulator
