// The real aqgate binary as a child process: started on an OS-chosen port,
// ready once grpc.health.v1 says SERVING.
#ifndef AQGATE_TESTS_INTEGRATION_HARNESS_GATEWAY_H_
#define AQGATE_TESTS_INTEGRATION_HARNESS_GATEWAY_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "aqgate/v1/annotation_queue_service.grpc.pb.h"
#include "grpcpp/channel.h"
#include "grpcpp/security/credentials.h"
#include "tests/integration/harness/subprocess.h"
#include "tests/integration/harness/temp_dir.h"

namespace aqgate::testing {

// The server key the tests give the gateway (via ARIZE_API_KEY), and one the
// emulator seed does not know.
inline constexpr char kTestServerKey[] = "aqgate-it-server-key-0123456789";

struct GatewayOptions {
  std::string upstream_url;
  // Put into the child's ARIZE_API_KEY; empty = unset.
  std::string api_key = kTestServerKey;
  std::vector<std::string> extra_args;
  std::map<std::string, std::string> env;
  // Credentials the readiness probe (and Channel()) use; insecure by default.
  std::shared_ptr<grpc::ChannelCredentials> channel_credentials;
  // For TLS: the name the probe expects in the server certificate.
  std::string tls_target_name_override;
};

class Gateway {
 public:
  static absl::StatusOr<std::unique_ptr<Gateway>> Start(GatewayOptions options);
  ~Gateway();

  int port() const { return port_; }
  std::string target() const;
  std::shared_ptr<grpc::Channel> NewChannel() const;
  std::unique_ptr<aqgate::v1::AnnotationQueueService::Stub> NewStub() const;
  Subprocess& process() { return *process_; }
  std::string Stderr() const { return process_->ReadStderr(); }
  std::string Stdout() const { return process_->ReadStdout(); }

  // grpc.health.v1 Check of `service` ("" = overall). The serving status
  // enum value, or the call's error.
  absl::StatusOr<int> HealthStatus(const std::string& service) const;

 private:
  Gateway() = default;

  GatewayOptions options_;
  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<Subprocess> process_;
};

// Starts `binary` with `args`, captures stdout/stderr, waits for exit.
struct RunResult {
  int wait_status = -1;
  std::string out;
  std::string err;
};
RunResult RunToExit(const std::string& binary, std::vector<std::string> args,
                    std::map<std::string, std::string> env = {},
                    absl::Duration timeout = absl::Seconds(20));

}  // namespace aqgate::testing

#endif  // AQGATE_TESTS_INTEGRATION_HARNESS_GATEWAY_H_
