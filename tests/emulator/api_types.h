// The HTTP-independent request/response of the emulated /v2 API.
#ifndef AQGATE_TESTS_EMULATOR_API_TYPES_H_
#define AQGATE_TESTS_EMULATOR_API_TYPES_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace aqgate::emulator {

struct ApiRequest {
  std::string method;
  std::string raw_path;               // as received, percent-encoding intact
  std::vector<std::string> segments;  // path segments, each decoded exactly once
  std::multimap<std::string, std::string> query;  // decoded query parameters
  std::string authorization;          // the Authorization header, if any
  std::string body;
};

// A GET of /segments[0]/segments[1]/... (unencoded segments) for in-process
// callers (benchmarks and tests that render the emulator's real pages).
inline ApiRequest MakeGetRequest(std::vector<std::string> segments,
                                 std::multimap<std::string, std::string> query,
                                 std::string authorization) {
  ApiRequest request;
  request.method = "GET";
  for (const std::string& segment : segments) request.raw_path += "/" + segment;
  request.segments = std::move(segments);
  request.query = std::move(query);
  request.authorization = std::move(authorization);
  return request;
}

struct ApiResponse {
  int status = 200;
  std::string body;  // empty for 204
  std::string content_type = "application/json";
};

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_API_TYPES_H_
