#include "service/server/server_runner.h"

#include <chrono>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/server_builder.h"
#include "service/common/log.h"
#include "service/core/annotation_queue_service.h"
#include "service/server/server_credentials.h"
#include "service/server/upstream_url.h"
#include "service/upstream/make_arize_api.h"

namespace aqgate::server {
namespace {

bool IsLoopbackHost(absl::string_view host) {
  return host == "127.0.0.1" || host == "localhost" || host == "[::1]" || host == "::1" ||
         absl::StartsWith(host, "127.");
}

}  // namespace

absl::Status SplitListenAddress(const std::string& address, std::string* host, int* port) {
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("listen address \"", address, "\" is not host:port"));
  }
  const std::string host_part = address.substr(0, colon);
  if (host_part.find(':') != std::string::npos && host_part.front() != '[') {
    return absl::InvalidArgumentError(
        absl::StrCat("listen address \"", address, "\": write IPv6 hosts as [addr]:port"));
  }
  int parsed = -1;
  if (!absl::SimpleAtoi(address.substr(colon + 1), &parsed) || parsed < 0 || parsed > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("listen address \"", address, "\" has no valid port"));
  }
  *host = host_part;
  *port = parsed;
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<ServerRunner>> ServerRunner::Start(const ServerOptions& options) {
  absl::StatusOr<std::unique_ptr<upstream::ArizeApi>> api =
      upstream::MakeArizeApi(options.upstream);
  if (!api.ok()) return api.status();
  return Start(options, *std::move(api));
}

absl::StatusOr<std::unique_ptr<ServerRunner>> ServerRunner::Start(
    const ServerOptions& options, std::unique_ptr<upstream::ArizeApi> api) {
  if (api == nullptr) return absl::InvalidArgumentError("no upstream");
  std::string host;
  int requested_port = 0;
  if (absl::Status s = SplitListenAddress(options.listen_address, &host, &requested_port);
      !s.ok()) {
    return s;
  }
  if (options.shutdown_grace < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("shutdown grace must not be negative");
  }
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      MakeServerCredentials(options.tls);
  if (!credentials.ok()) return credentials.status();

  std::unique_ptr<ServerRunner> runner(new ServerRunner());
  runner->shutdown_grace_ = options.shutdown_grace;
  runner->api_ = std::move(api);
  runner->service_ = core::MakeAnnotationQueueService(runner->api_.get(), options.core);

  // Both must be set before the builder exists: they register builder plugins.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  // gRPC's built-in health service registers no schema; touching the linked
  // grpc.health.v1 descriptor keeps it in the binary, so reflection clients
  // (grpcurl describe, buf curl --list-methods) can describe the service.
  (void)grpc::health::v1::HealthCheckRequest::descriptor();

  grpc::ServerBuilder builder;
  // gRPC turns SO_REUSEPORT on by default: a second gateway on a busy port
  // would then start and share the first one's connections. It must fail.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  int selected_port = 0;
  builder.AddListeningPort(options.listen_address, *credentials, &selected_port);
  builder.RegisterService(runner->service_.get());
  builder.SetMaxReceiveMessageSize(options.max_receive_message_bytes);
  builder.SetMaxSendMessageSize(options.max_send_message_bytes);
  runner->server_ = builder.BuildAndStart();
  if (runner->server_ == nullptr || selected_port == 0) {
    runner->server_.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen_address,
                     " (the port is in use, or the host is not an address of this machine)"));
  }
  runner->port_ = selected_port;
  runner->address_ = absl::StrCat(host, ":", selected_port);

  grpc::HealthCheckServiceInterface* health = runner->server_->GetHealthCheckService();
  if (health != nullptr) {
    health->SetServingStatus(true);
    health->SetServingStatus(kServiceName, true);
  }
  if (!IsLoopbackHost(host)) {
    Log(LogLevel::kWarning, "listen_not_loopback",
        {{"address", runner->address_},
         {"note", "the gateway is reachable from other hosts"}});
  }
  if (options.upstream.insecure_skip_tls_verify) {
    Log(LogLevel::kWarning, "upstream_tls_verify_off",
        {{"note", "upstream TLS certificates are NOT verified"}});
  }
  Log(LogLevel::kInfo, "serving",
      {{"address", runner->address_},
       {"tls", options.tls.cert_file.empty() ? "off"
               : options.tls.client_ca_file.empty() ? "on"
                                                    : "mutual"},
       {"upstream", RedactUrlCredentials(options.upstream.base_url)},
       {"require_caller_key", options.core.require_caller_key ? "true" : "false"}});
  return runner;
}

void ServerRunner::Shutdown() {
  absl::MutexLock lock(&shutdown_mu_);
  if (shut_down_) return;
  shut_down_ = true;
  if (server_ == nullptr) return;
  const absl::Time started = absl::Now();
  Log(LogLevel::kInfo, "shutdown_begin",
      {{"grace", absl::FormatDuration(shutdown_grace_)}});
  if (grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService()) {
    // Every status becomes NOT_SERVING and stays so.
    health->Shutdown();
  }
  server_->Shutdown(absl::ToChronoTime(started + shutdown_grace_));
  server_->Wait();
  server_.reset();
  service_.reset();
  api_.reset();
  Log(LogLevel::kInfo, "shutdown_done",
      {{"took", absl::FormatDuration(absl::Now() - started)}});
}

ServerRunner::~ServerRunner() { Shutdown(); }

}  // namespace aqgate::server
