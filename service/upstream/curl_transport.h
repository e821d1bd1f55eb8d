// The production HttpTransport + Scheduler: one event-loop thread driving a
// libcurl multi handle. Every request of the process shares it, so the
// thread count stays fixed however many calls are in flight; connections
// are reused across calls (HTTP/2 multiplexing when the upstream offers it
// over TLS, HTTP/1.1 keep-alive otherwise). Backoff timers run on the same
// loop. curl itself is confined to curl_transport.cc.
#ifndef AQGATE_SERVICE_UPSTREAM_CURL_TRANSPORT_H_
#define AQGATE_SERVICE_UPSTREAM_CURL_TRANSPORT_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/upstream/http_transport.h"

namespace aqgate::upstream {

struct CurlTransportOptions {
  // Extra CA bundle (PEM) trusted besides the system store.
  std::string ca_file;
  // Turns off TLS peer and host verification (logged as a warning).
  bool insecure_skip_tls_verify = false;
  // Bounds of one attempt; the request's deadline may cut them shorter.
  absl::Duration attempt_timeout = absl::Seconds(30);
  absl::Duration connect_timeout = absl::Seconds(5);
  // A larger response body fails the attempt (UPSTREAM_RESPONSE_TOO_LARGE).
  std::size_t max_response_bytes = 64 << 20;
  // Concurrent connections per host; further requests wait inside curl
  // (or multiplex over HTTP/2). Bounds sockets under load.
  int max_host_connections = 64;
  // Idle connections kept for reuse.
  int max_idle_connections = 64;
  // Send "Accept-Encoding: gzip" (and inflate); false sends no Accept-Encoding.
  bool request_compression = true;
};

class EventLoopTransport : public HttpTransport, public Scheduler {
 public:
  // Completes every pending request and timer with CANCELLED, on the I/O
  // thread, and joins it. Later Send/RunAt complete at once with CANCELLED
  // on the calling thread. Idempotent; must not be called from the I/O
  // thread (that is, from inside a completion callback).
  virtual void Shutdown() = 0;
};

// Starts the event-loop thread. Fails if curl cannot be initialized or the
// CA file is unreadable.
absl::StatusOr<std::unique_ptr<EventLoopTransport>> MakeCurlTransport(
    const CurlTransportOptions& options);

}  // namespace aqgate::upstream

#endif  // AQGATE_SERVICE_UPSTREAM_CURL_TRANSPORT_H_
