// Runs the aqgate gRPC server: the annotation-queue service over the
// upstream, plus reflection and grpc.health.v1, with graceful shutdown.
#ifndef AQGATE_SERVICE_SERVER_SERVER_RUNNER_H_
#define AQGATE_SERVICE_SERVER_SERVER_RUNNER_H_

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "aqgate/v1/annotation_queue_service.grpc.pb.h"
#include "grpcpp/server.h"
#include "service/server/server_options.h"
#include "service/upstream/arize_api.h"

namespace aqgate::server {

// The name the health service reports besides the overall "" entry.
inline constexpr char kServiceName[] = "aqgate.v1.AnnotationQueueService";

class ServerRunner {
 public:
  // Builds the production upstream from `options.upstream`, then serves.
  static absl::StatusOr<std::unique_ptr<ServerRunner>> Start(const ServerOptions& options);
  // Serves over a given upstream (tests inject fakes here).
  static absl::StatusOr<std::unique_ptr<ServerRunner>> Start(
      const ServerOptions& options, std::unique_ptr<upstream::ArizeApi> api);

  ServerRunner(const ServerRunner&) = delete;
  ServerRunner& operator=(const ServerRunner&) = delete;
  // Shuts down (with the grace period) if that has not happened yet.
  ~ServerRunner();

  // The port actually bound (the OS's choice when the address said 0).
  int port() const { return port_; }
  // The listen host with the bound port, e.g. "127.0.0.1:41234".
  const std::string& address() const { return address_; }

  // Health turns NOT_SERVING, no new calls are accepted, calls in flight may
  // finish until the grace period ends and are cancelled after it; then the
  // service and the upstream are destroyed. Thread safe; later calls wait
  // for the first one to finish.
  void Shutdown();

 private:
  ServerRunner() = default;

  absl::Duration shutdown_grace_;
  int port_ = 0;
  std::string address_;
  // Destroyed in reverse order: the server before the service it runs,
  // the service before the upstream it calls.
  std::unique_ptr<upstream::ArizeApi> api_;
  std::unique_ptr<aqgate::v1::AnnotationQueueService::CallbackService> service_;
  std::unique_ptr<grpc::Server> server_;

  absl::Mutex shutdown_mu_;
  bool shut_down_ ABSL_GUARDED_BY(shutdown_mu_) = false;
};

// Splits "host:port" / "[v6]:port"; INVALID_ARGUMENT when there is no port.
absl::Status SplitListenAddress(const std::string& address, std::string* host, int* port);

}  // namespace aqgate::server

#endif  // AQGATE_SERVICE_SERVER_SERVER_RUNNER_H_
