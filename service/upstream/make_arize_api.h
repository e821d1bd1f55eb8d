// Builds the production ArizeApi: REST over the libcurl event loop, with
// retries and backoff, credentials, User-Agent and request logging.
#ifndef AQGATE_SERVICE_UPSTREAM_MAKE_ARIZE_API_H_
#define AQGATE_SERVICE_UPSTREAM_MAKE_ARIZE_API_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/upstream/arize_api.h"

namespace aqgate::upstream {

struct UpstreamOptions {
  // Scheme, host and optional port (and path prefix) of the Arize REST API.
  std::string base_url = "https://api.arize.com";
  // Used when a call brings no key of its own. May be empty.
  std::string default_api_key;
  // Extra CA bundle (PEM) to trust for the upstream's TLS certificate.
  std::string ca_file;
  // Turns TLS peer and host verification off. Logged loudly at start-up.
  bool insecure_skip_tls_verify = false;
  // Upper bound of one HTTP attempt; a call's deadline may cut it shorter.
  absl::Duration attempt_timeout = absl::Seconds(30);
  absl::Duration connect_timeout = absl::Seconds(5);
  // Attempts per call, first included (1 = no retries).
  int max_attempts = 4;
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(10);
  // Larger response bodies fail the attempt.
  std::size_t max_response_bytes = 64 << 20;
  // Upstream connections open at once (and kept idle for reuse). An HTTP/2
  // upstream multiplexes many calls over each; an HTTP/1.1 one needs one per
  // call in flight, so this caps upstream concurrency: calls beyond it wait.
  int max_connections = 64;
  // Ask the upstream for gzip-compressed responses. Right across a network;
  // an upstream on the same host (the local emulator) spends more CPU
  // compressing than the transfer saves.
  bool request_compression = true;
  // Sent as the User-Agent header.
  std::string user_agent = "aqgate/0.1.0";
};

// Fails on unusable options (a base URL without http(s) scheme, a missing
// CA file). Owns the event-loop thread until destroyed; destruction
// completes every pending call with CANCELLED.
absl::StatusOr<std::unique_ptr<ArizeApi>> MakeArizeApi(const UpstreamOptions& options);

}  // namespace aqgate::upstream

#endif  // AQGATE_SERVICE_UPSTREAM_MAKE_ARIZE_API_H_
