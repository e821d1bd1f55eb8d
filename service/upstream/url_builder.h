// Builds upstream URLs from a base URL, path segments and query parameters.
// Every segment and every query key/value is percent-encoded (RFC 3986:
// only unreserved characters stay literal), so an ID such as
// "a/b?c#d%2F.." reaches the upstream as one path segment, unchanged, and
// can never alter the route. A segment made only of dots ("." / "..") has
// its dots encoded too, so no one normalizes it away.
#ifndef AQGATE_SERVICE_UPSTREAM_URL_BUILDER_H_
#define AQGATE_SERVICE_UPSTREAM_URL_BUILDER_H_

#include <string>

#include "absl/strings/string_view.h"

namespace aqgate::upstream {

// Encodes every byte except ALPHA / DIGIT / "-" / "." / "_" / "~" as %XX.
std::string PercentEncode(absl::string_view value);

class UrlBuilder {
 public:
  // `base` is scheme://host[:port][/prefix]; a trailing '/' is ignored.
  explicit UrlBuilder(absl::string_view base);

  // Appends "/" + a literal, trusted path piece (e.g. "v2/annotation-queues").
  UrlBuilder& Path(absl::string_view literal);
  // Appends "/" + one encoded segment. Callers reject empty IDs first: an
  // empty segment would make "//".
  UrlBuilder& Segment(absl::string_view value);
  // Appends key=value (both encoded).
  UrlBuilder& Query(absl::string_view key, absl::string_view value);
  // Appends key=value unless value is empty.
  UrlBuilder& QueryIfNotEmpty(absl::string_view key, absl::string_view value);

  const std::string& url() const { return url_; }

 private:
  std::string url_;
  bool has_query_ = false;
};

}  // namespace aqgate::upstream

#endif  // AQGATE_SERVICE_UPSTREAM_URL_BUILDER_H_
