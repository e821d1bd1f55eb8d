#include "tests/emulator/path_util.h"

#include "absl/strings/str_split.h"

namespace aqgate::emulator {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> PercentDecode(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    int high = HexValue(text[i + 1]);
    int low = HexValue(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return out;
}

std::optional<std::vector<std::string>> DecodePathSegments(absl::string_view raw_path) {
  std::vector<std::string> segments;
  for (absl::string_view part : absl::StrSplit(raw_path, '/', absl::SkipEmpty())) {
    std::optional<std::string> decoded = PercentDecode(part);
    if (!decoded.has_value()) return std::nullopt;
    segments.push_back(std::move(*decoded));
  }
  return segments;
}

absl::string_view PathOfTarget(absl::string_view target) {
  return target.substr(0, target.find('?'));
}

absl::string_view QueryOfTarget(absl::string_view target) {
  size_t pos = target.find('?');
  return pos == absl::string_view::npos ? absl::string_view() : target.substr(pos + 1);
}

}  // namespace aqgate::emulator
