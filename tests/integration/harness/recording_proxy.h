// An HTTP or HTTPS reverse proxy in front of the emulator that records the
// headers the gateway sends upstream (the emulator's own log keeps no
// headers). Used to see X-Request-Id arrive and to serve the upstream over
// TLS with a test certificate.
#ifndef AQGATE_TESTS_INTEGRATION_HARNESS_RECORDING_PROXY_H_
#define AQGATE_TESTS_INTEGRATION_HARNESS_RECORDING_PROXY_H_

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace httplib {
class Server;
}

namespace aqgate::testing {

struct ProxiedRequest {
  std::string method;
  std::string target;      // path and query
  std::string request_id;  // the X-Request-Id header
  bool had_authorization = false;
};

class RecordingProxy {
 public:
  // Forwards to http://127.0.0.1:<upstream_port>. With cert and key files
  // it serves HTTPS, else plain HTTP; the port is chosen by the OS.
  static absl::StatusOr<std::unique_ptr<RecordingProxy>> Start(int upstream_port,
                                                               const std::string& cert_file = "",
                                                               const std::string& key_file = "");
  ~RecordingProxy();

  std::string base_url() const;
  std::vector<ProxiedRequest> Requests() const;

 private:
  RecordingProxy() = default;

  bool tls_ = false;
  int port_ = 0;
  int upstream_port_ = 0;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  mutable absl::Mutex mu_;
  std::vector<ProxiedRequest> requests_ ABSL_GUARDED_BY(mu_);
};

}  // namespace aqgate::testing

#endif  // AQGATE_TESTS_INTEGRATION_HARNESS_RECORDING_PROXY_H_
