// Fuzzes the HTTP -> status mapping with arbitrary error responses: the
// first two bytes choose the HTTP status, the next byte the length of a
// Retry-After header value, the rest is the (problem+json) body. The
// mapping always yields a non-OK status and never crashes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "service/upstream/http_error_mapping.h"
#include "service/upstream/http_types.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace up = ::aqgate::upstream;
  if (size < 3) return 0;
  up::HttpResponse response;
  // 300..999: every non-2xx status the transport can hand over.
  response.status = 300 + ((data[0] << 8) | data[1]) % 700;
  size_t header_length = data[2];
  data += 3;
  size -= 3;
  if (header_length > size) header_length = size;
  response.headers.emplace_back("retry-after",
                                std::string(reinterpret_cast<const char*>(data), header_length));
  response.headers.emplace_back("content-type", "application/problem+json");
  response.body.assign(reinterpret_cast<const char*>(data + header_length), size - header_length);
  up::ErrorContext context;
  context.request_id = "fuzz-request";
  context.now = absl::FromUnixSeconds(1767225600);  // 2026-01-01
  const absl::Status status = up::StatusFromHttpResponse(response, context);
  if (status.ok()) std::abort();
  return 0;
}
