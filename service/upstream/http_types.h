// Plain value types for one HTTP exchange with the upstream. No curl, no JSON:
// the transport, the retry and logging decorators and the REST layer all
// speak these.
#ifndef AQGATE_SERVICE_UPSTREAM_HTTP_TYPES_H_
#define AQGATE_SERVICE_UPSTREAM_HTTP_TYPES_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"

namespace aqgate::upstream {

enum class HttpMethod { kGet, kPost, kPatch, kDelete };

inline absl::string_view HttpMethodName(HttpMethod method) {
  switch (method) {
    case HttpMethod::kGet: return "GET";
    case HttpMethod::kPost: return "POST";
    case HttpMethod::kPatch: return "PATCH";
    case HttpMethod::kDelete: return "DELETE";
  }
  return "GET";
}

// Whether repeating the request is harmless (decision 5). Set by the REST
// layer per operation; the retry decorator reads it.
enum class Idempotency {
  kIdempotent,     // GET, DELETE, PATCH, annotate (upsert), assign (replace)
  kNonIdempotent,  // create queue, add records: retried only if surely not acted on
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  HttpMethod method = HttpMethod::kGet;
  std::string url;      // absolute, already percent-encoded
  HttpHeaders headers;  // may hold secrets (Authorization): never log them
  std::string body;     // empty = no body
  Idempotency idempotency = Idempotency::kIdempotent;

  // The first value of header `name` (case-insensitive), if any.
  std::optional<std::string> Header(absl::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (absl::EqualsIgnoreCase(key, name)) return value;
    }
    return std::nullopt;
  }
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;  // names lower-cased by the transport
  std::string body;
  // How many HTTP attempts produced this response (set by the retry layer).
  int attempts = 1;

  std::optional<std::string> Header(absl::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (absl::EqualsIgnoreCase(key, name)) return value;
    }
    return std::nullopt;
  }
};

}  // namespace aqgate::upstream

#endif  // AQGATE_SERVICE_UPSTREAM_HTTP_TYPES_H_
