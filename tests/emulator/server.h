// The emulator's HTTP(S) server: the /v2 API, fault injection, the request
// log and the /_admin endpoints, on cpp-httplib.
#ifndef AQGATE_TESTS_EMULATOR_SERVER_H_
#define AQGATE_TESTS_EMULATOR_SERVER_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "tests/emulator/api.h"
#include "tests/emulator/faults.h"
#include "tests/emulator/request_log.h"
#include "tests/emulator/stop_signal.h"
#include "tests/emulator/store.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace aqgate::emulator {

struct EmulatorOptions {
  std::string host = "127.0.0.1";
  int port = 0;              // 0 = the OS picks
  std::string tls_cert;      // PEM files; both set = HTTPS
  std::string tls_key;
  int64_t latency_ms = 0;    // added to every /v2 request
  int64_t latency_jitter_ms = 0;  // plus uniform [0, jitter]
  size_t max_threads = 2048; // worker threads grow on demand up to this
  int keep_alive_timeout_s = 5;
  bool log_requests = false; // one logfmt line per /v2 request on stderr
  std::vector<FaultSpec> faults;  // armed at start
};

class EmulatorServer {
 public:
  // Binds the listening socket (so port() is known) without serving yet.
  static absl::StatusOr<std::unique_ptr<EmulatorServer>> Bind(Store& store,
                                                              EmulatorOptions options);
  ~EmulatorServer();

  int port() const { return port_; }
  const std::string& scheme() const { return scheme_; }

  // Serves until Stop(); returns once the listener and workers are done.
  void Run();
  // Serves on a background thread (tests); Stop() or the destructor joins it.
  void Start();
  // Stops accepting, interrupts stalls and injected latency. Thread safe.
  void Stop();

  FaultInjector& faults() { return faults_; }
  RequestLog& request_log() { return request_log_; }

 private:
  EmulatorServer(Store& store, EmulatorOptions options);
  void InstallRoutes();
  void HandleApi(const httplib::Request& req, httplib::Response& res);
  // Sleeps up to `ms`; false if interrupted by Stop().
  bool Sleep(int64_t ms);

  Store& store_;
  EmulatorOptions options_;
  Api api_;
  FaultInjector faults_;
  RequestLog request_log_;
  std::unique_ptr<httplib::Server> http_;
  int port_ = 0;
  std::string scheme_ = "http";
  int listen_fd_ = -1;
  StopSignal stopping_;
  std::once_flag stop_once_;
  std::thread background_;
};

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_SERVER_H_
