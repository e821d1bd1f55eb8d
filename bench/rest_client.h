// The direct-REST baseline: one libcurl easy handle reused for every GET, so
// the connection stays open (keep-alive) as the gateway's own would.
#ifndef AQGATE_BENCH_REST_CLIENT_H_
#define AQGATE_BENCH_REST_CLIENT_H_

#include <string>

#include "absl/status/statusor.h"

namespace aqgate::bench {

class KeepAliveGet {
 public:
  // `authorization` is the full header value ("Bearer <key>"); never printed.
  KeepAliveGet(std::string base_url, const std::string& authorization);
  ~KeepAliveGet();
  KeepAliveGet(const KeepAliveGet&) = delete;
  KeepAliveGet& operator=(const KeepAliveGet&) = delete;

  // GETs base_url + path_and_query. The body of a 200, else an error naming
  // the HTTP status (the body is not echoed: it is the server's business).
  absl::StatusOr<std::string> Get(const std::string& path_and_query);

 private:
  std::string base_url_;
  void* curl_;         // CURL*
  void* headers_;      // curl_slist*
  std::string body_;
};

}  // namespace aqgate::bench

#endif  // AQGATE_BENCH_REST_CLIENT_H_
