// gRPC server credentials from TLS options: plaintext, TLS, or mutual TLS.
#ifndef AQGATE_SERVICE_SERVER_SERVER_CREDENTIALS_H_
#define AQGATE_SERVICE_SERVER_SERVER_CREDENTIALS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/security/server_credentials.h"
#include "service/server/server_options.h"

namespace aqgate::server {

// The whole content of a (PEM) file; NOT_FOUND / INVALID_ARGUMENT naming
// the file when it cannot be read or is empty. Never echoes the content.
absl::StatusOr<std::string> ReadPemFile(const std::string& path);

// Insecure credentials when no certificate is configured; TLS with the
// given cert/key; and when a client CA is set, TLS that requires and
// verifies a client certificate.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TlsOptions& tls);

}  // namespace aqgate::server

#endif  // AQGATE_SERVICE_SERVER_SERVER_CREDENTIALS_H_
