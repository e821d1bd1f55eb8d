// A local HTTP(S) server for upstream socket tests: cpp-httplib on
// 127.0.0.1, port chosen by the OS, handlers scripted by each test, every
// request recorded. Handlers that must stall call WaitForRelease(), which
// returns when the test calls ReleaseAll() (or the server is destroyed).
// Requests are recorded on arrival, before their body is read: handlers
// that care about bodies look at them themselves.
#ifndef AQGATE_TESTS_UNIT_UPSTREAM_SCRIPTED_SERVER_H_
#define AQGATE_TESTS_UNIT_UPSTREAM_SCRIPTED_SERVER_H_

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace aqgate::upstream::testing {

struct RecordedRequest {
  std::string method;
  std::string target;  // raw request target, still percent-encoded
  std::string authorization;
  std::string user_agent;
  std::string request_id;
  absl::Time received;
};

// A self-signed certificate for 127.0.0.1 / localhost, made with the
// openssl CLI in a fresh temporary folder that goes away with the object.
class TestCertificate {
 public:
  explicit TestCertificate(std::string folder);
  ~TestCertificate();
  TestCertificate(const TestCertificate&) = delete;
  TestCertificate& operator=(const TestCertificate&) = delete;

  const std::string cert_path;
  const std::string key_path;

 private:
  const std::string folder_;
};
std::unique_ptr<TestCertificate> MakeSelfSignedCertificate();

class ScriptedServer {
 public:
  // Plain HTTP.
  ScriptedServer();
  // HTTPS with the given PEM files.
  ScriptedServer(const std::string& cert_path, const std::string& key_path);
  ~ScriptedServer();

  // Register handlers on server() first, then Start().
  httplib::Server& server() { return *server_; }
  void Start();

  int port() const { return port_; }
  std::string base_url() const;

  std::vector<RecordedRequest> requests();
  int request_count();
  // Blocks until ReleaseAll() (or `timeout`); returns whether released.
  bool WaitForRelease(absl::Duration timeout = absl::Seconds(20));
  void ReleaseAll();
  // Blocks until at least `count` requests arrived (or `timeout`).
  bool WaitForRequests(int count, absl::Duration timeout = absl::Seconds(10));

 private:
  void Init();

  std::unique_ptr<httplib::Server> server_;
  bool tls_ = false;
  int port_ = 0;
  std::thread thread_;
  absl::Mutex mu_;
  std::vector<RecordedRequest> requests_ ABSL_GUARDED_BY(mu_);
  bool released_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace aqgate::upstream::testing

#endif  // AQGATE_TESTS_UNIT_UPSTREAM_SCRIPTED_SERVER_H_
