// Unary load at a fixed number of calls in flight: ghz (the standard gRPC
// load tester) as a child process, or a C++ callback-API client where ghz is
// not installed. Both report the same figures.
#ifndef AQGATE_BENCH_LOAD_CLIENT_H_
#define AQGATE_BENCH_LOAD_CLIENT_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace aqgate::bench {

struct LoadSpec {
  std::string target;      // host:port of the gateway
  std::string queue_id;    // GetAnnotationQueue of this queue
  int in_flight = 100;     // concurrent calls
  int total = 1000;        // calls in all
  int connections = 1;     // HTTP/2 connections the calls share
  absl::Duration timeout = absl::Seconds(60);  // per call
};

struct LoadResult {
  int64_t count = 0;
  int64_t errors = 0;
  double seconds = 0;
  double rps = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  std::map<std::string, int64_t> error_kinds;  // message or status -> count
};

// Runs `ghz` (the binary at `ghz_path`) with the proto files of
// `source_dir`/proto and parses its JSON report.
absl::StatusOr<LoadResult> RunGhz(const std::string& ghz_path, const std::string& source_dir,
                                  const LoadSpec& spec);

// The same load from this process with the gRPC callback API.
absl::StatusOr<LoadResult> RunCppLoad(const LoadSpec& spec);

}  // namespace aqgate::bench

#endif  // AQGATE_BENCH_LOAD_CLIENT_H_
