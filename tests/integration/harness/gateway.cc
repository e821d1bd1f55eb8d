#include "tests/integration/harness/gateway.h"

#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/support/channel_arguments.h"

namespace aqgate::testing {
namespace {

constexpr absl::Duration kStartTimeout = absl::Seconds(30);

}  // namespace

absl::StatusOr<std::unique_ptr<Gateway>> Gateway::Start(GatewayOptions options) {
  std::unique_ptr<Gateway> gateway(new Gateway());
  if (options.channel_credentials == nullptr) {
    options.channel_credentials = grpc::InsecureChannelCredentials();
  }
  gateway->options_ = options;
  const std::string port_file = gateway->dir_.File("aqgate.port");
  SubprocessOptions process_options;
  process_options.binary = AQGATE_SERVER_BIN;
  process_options.args = {"--listen=127.0.0.1:0", absl::StrCat("--port_file=", port_file),
                          "--shutdown_grace=5s"};
  if (!options.upstream_url.empty()) {
    process_options.args.push_back(absl::StrCat("--upstream_url=", options.upstream_url));
  }
  process_options.args.insert(process_options.args.end(), options.extra_args.begin(),
                              options.extra_args.end());
  process_options.unset_env = {"ARIZE_API_KEY", "ARIZE_BASE_URL", "ARIZE_API_HOST"};
  process_options.env = options.env;
  if (!options.api_key.empty()) process_options.env["ARIZE_API_KEY"] = options.api_key;
  process_options.stdout_path = gateway->dir_.File("aqgate.stdout");
  process_options.stderr_path = gateway->dir_.File("aqgate.stderr");
  absl::StatusOr<std::unique_ptr<Subprocess>> process =
      Subprocess::Start(std::move(process_options));
  if (!process.ok()) return process.status();
  gateway->process_ = *std::move(process);

  absl::StatusOr<int> port = WaitForPortFile(port_file, *gateway->process_, kStartTimeout);
  if (!port.ok()) return port.status();
  gateway->port_ = *port;

  absl::Status last = absl::UnavailableError("no probe yet");
  bool serving = PollUntil(
      [&] {
        if (!gateway->process_->Running()) return true;
        absl::StatusOr<int> health = gateway->HealthStatus("");
        last = health.status();
        return health.ok() && *health == grpc::health::v1::HealthCheckResponse::SERVING;
      },
      kStartTimeout);
  if (!serving || !gateway->process_->Running()) {
    return absl::UnavailableError(absl::StrCat("gateway not serving (", last.ToString(),
                                               "); stderr:\n", gateway->Stderr()));
  }
  return gateway;
}

Gateway::~Gateway() {
  if (process_ != nullptr) process_->Stop(absl::Seconds(10));
}

std::string Gateway::target() const { return absl::StrCat("127.0.0.1:", port_); }

std::shared_ptr<grpc::Channel> Gateway::NewChannel() const {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  if (!options_.tls_target_name_override.empty()) {
    args.SetSslTargetNameOverride(options_.tls_target_name_override);
  }
  // A fresh subchannel per channel, so tests do not share connections.
  args.SetInt("grpc.use_local_subchannel_pool", 1);
  return grpc::CreateCustomChannel(target(), options_.channel_credentials, args);
}

std::unique_ptr<aqgate::v1::AnnotationQueueService::Stub> Gateway::NewStub() const {
  return aqgate::v1::AnnotationQueueService::NewStub(NewChannel());
}

absl::StatusOr<int> Gateway::HealthStatus(const std::string& service) const {
  auto stub = grpc::health::v1::Health::NewStub(NewChannel());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        status.error_message());
  }
  return static_cast<int>(response.status());
}

RunResult RunToExit(const std::string& binary, std::vector<std::string> args,
                    std::map<std::string, std::string> env, absl::Duration timeout) {
  TempDir dir;
  SubprocessOptions options;
  options.binary = binary;
  options.args = std::move(args);
  options.env = std::move(env);
  options.stdout_path = dir.File("stdout");
  options.stderr_path = dir.File("stderr");
  RunResult result;
  absl::StatusOr<std::unique_ptr<Subprocess>> process = Subprocess::Start(options);
  if (!process.ok()) {
    result.err = process.status().ToString();
    return result;
  }
  std::optional<int> status = (*process)->Wait(timeout);
  if (!status.has_value()) result.wait_status = (*process)->Stop(absl::Seconds(1));
  else result.wait_status = *status;
  result.out = (*process)->ReadStdout();
  result.err = (*process)->ReadStderr();
  return result;
}

}  // namespace aqgate::testing
