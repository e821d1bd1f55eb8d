// Logs one line per upstream call (all attempts together when it wraps the
// retry decorator): method, path (no query string), HTTP status or error
// code and reason, attempts, latency and request_id; at debug level also one
// line when a call starts (method, path, header names, body size). Header
// values and bodies are never logged, so neither is the API key.
#ifndef AQGATE_SERVICE_UPSTREAM_LOGGING_TRANSPORT_H_
#define AQGATE_SERVICE_UPSTREAM_LOGGING_TRANSPORT_H_

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "service/upstream/http_transport.h"

namespace aqgate::upstream {

// "https://h/v2/annotation-queues/x?limit=5" -> "/v2/annotation-queues/x".
std::string UrlPathForLogs(absl::string_view url);

class LoggingTransport final : public HttpTransport {
 public:
  // `inner` and `clock` must outlive every call sent through this.
  LoggingTransport(HttpTransport* inner, Scheduler* clock) : inner_(inner), clock_(clock) {}

  void Send(HttpRequest request, absl::Time deadline, std::shared_ptr<Cancellation> cancellation,
            HttpCallback done) override;

 private:
  HttpTransport* inner_;
  Scheduler* clock_;
};

}  // namespace aqgate::upstream

#endif  // AQGATE_SERVICE_UPSTREAM_LOGGING_TRANSPORT_H_
