// The HTTP-independent request/response of the emulated /v2 API.
#ifndef AQGATE_TESTS_EMULATOR_API_TYPES_H_
#define AQGATE_TESTS_EMULATOR_API_TYPES_H_

#include <map>
#include <string>
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

struct ApiResponse {
  int status = 200;
  std::string body;  // empty for 204
  std::string content_type = "application/json";
};

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_API_TYPES_H_
