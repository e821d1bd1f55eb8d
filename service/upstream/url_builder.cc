#include "service/upstream/url_builder.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace aqgate::upstream {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

bool IsUnreserved(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

void AppendEscaped(std::string& out, char c) {
  const auto byte = static_cast<unsigned char>(c);
  out += '%';
  out += kHex[byte >> 4];
  out += kHex[byte & 0x0F];
}

}  // namespace

std::string PercentEncode(absl::string_view value) {
  std::string out;
  out.reserve(value.size() * 3);
  for (char c : value) {
    if (IsUnreserved(c)) {
      out += c;
    } else {
      AppendEscaped(out, c);
    }
  }
  return out;
}

UrlBuilder::UrlBuilder(absl::string_view base) : url_(base) {
  while (!url_.empty() && url_.back() == '/') url_.pop_back();
}

UrlBuilder& UrlBuilder::Path(absl::string_view literal) {
  absl::StrAppend(&url_, "/", literal);
  return *this;
}

UrlBuilder& UrlBuilder::Segment(absl::string_view value) {
  url_ += '/';
  if (value == "." || value == "..") {
    for (char c : value) AppendEscaped(url_, c);
  } else {
    url_ += PercentEncode(value);
  }
  return *this;
}

UrlBuilder& UrlBuilder::Query(absl::string_view key, absl::string_view value) {
  absl::StrAppend(&url_, has_query_ ? "&" : "?", PercentEncode(key), "=", PercentEncode(value));
  has_query_ = true;
  return *this;
}

UrlBuilder& UrlBuilder::QueryIfNotEmpty(absl::string_view key, absl::string_view value) {
  if (!value.empty()) Query(key, value);
  return *this;
}

}  // namespace aqgate::upstream
