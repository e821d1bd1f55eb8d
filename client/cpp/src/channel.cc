#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "aqgate/client/client_options.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace aqgate::client {

absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const ClientOptions& options) {
  if (options.target.empty()) {
    return absl::InvalidArgumentError("no gateway target given (host:port)");
  }
  if (!options.use_tls) {
    if (!options.ca_file.empty()) {
      return absl::InvalidArgumentError("a CA file was given but TLS is off");
    }
    return grpc::CreateChannel(options.target, grpc::InsecureChannelCredentials());
  }
  grpc::SslCredentialsOptions ssl;
  if (!options.ca_file.empty()) {
    std::ifstream in(options.ca_file, std::ios::binary);
    if (!in) {
      return absl::NotFoundError(absl::StrCat("cannot read CA file ", options.ca_file));
    }
    std::ostringstream pem;
    pem << in.rdbuf();
    if (pem.str().find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("CA file ", options.ca_file, " holds no PEM certificate"));
    }
    ssl.pem_root_certs = pem.str();
  }
  return grpc::CreateChannel(options.target, grpc::SslCredentials(ssl));
}

}  // namespace aqgate::client
