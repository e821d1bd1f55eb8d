// Fuzzes the upstream URL builder with an arbitrary ID: whatever the ID, it
// lands in exactly one path segment made only of unreserved characters and
// %XX escapes, decodes back to itself, and the query stays one key=value.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "service/upstream/url_builder.h"

namespace {

bool Unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '.' || c == '_' || c == '~';
}

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;  // lower case is not what the builder emits
}

// Decodes `encoded`, aborting on anything but unreserved characters and
// upper-case %XX escapes.
std::string StrictDecode(absl::string_view encoded) {
  std::string out;
  for (size_t i = 0; i < encoded.size(); ++i) {
    const char c = encoded[i];
    if (c == '%') {
      if (i + 2 >= encoded.size()) std::abort();
      const int high = Hex(encoded[i + 1]);
      const int low = Hex(encoded[i + 2]);
      if (high < 0 || low < 0) std::abort();
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else if (Unreserved(c)) {
      out.push_back(c);
    } else {
      std::abort();
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace up = ::aqgate::upstream;
  const std::string id(reinterpret_cast<const char*>(data), size);
  if (id.empty()) return 0;  // callers reject empty IDs first (url_builder.h)
  const std::string base = "http://127.0.0.1:1/prefix";
  const std::string url = up::UrlBuilder(base + "/")
                              .Path("v2/annotation-queues")
                              .Segment(id)
                              .Path("records")
                              .Query("cursor", id)
                              .url();
  const std::string head = base + "/v2/annotation-queues/";
  if (!absl::StartsWith(url, head)) std::abort();
  const size_t records = url.find("/records?cursor=", head.size());
  if (records == std::string::npos) std::abort();
  const absl::string_view segment = absl::string_view(url).substr(head.size(), records - head.size());
  // One segment, never "." or ".." literally (no one may normalize it away).
  if (segment == "." || segment == "..") std::abort();
  if (StrictDecode(segment) != id) std::abort();
  const absl::string_view query =
      absl::string_view(url).substr(records + std::string("/records?cursor=").size());
  if (StrictDecode(query) != id) std::abort();
  if (up::PercentEncode(id) != std::string(query)) std::abort();
  return 0;
}
