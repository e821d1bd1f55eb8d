// How an AnnotationQueueClient reaches the gateway: target, transport
// security, credentials and per-call defaults.
#ifndef AQGATE_CLIENT_CLIENT_OPTIONS_H_
#define AQGATE_CLIENT_CLIENT_OPTIONS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"

namespace aqgate::client {

struct ClientOptions {
  // The gateway's address, "host:port" (any gRPC target string works).
  std::string target;
  // TLS when true, plaintext otherwise.
  bool use_tls = false;
  // PEM file of the CA certificates that verify the gateway (TLS only);
  // empty means the system roots.
  std::string ca_file;
  // The Arize API key, sent as `authorization: Bearer <key>` metadata on
  // every call. Empty sends no authorization (the gateway's key applies).
  // Never logged and never put into an error message by this library.
  std::string api_key;
  // Deadline of each unary call. Zero or negative means no deadline.
  absl::Duration default_deadline = absl::Seconds(30);
  // Sent as `x-request-id` metadata on every call when not empty.
  std::string request_id;
};

// Per-call overrides of the client's defaults.
struct CallOptions {
  // Replaces ClientOptions::default_deadline when set (> 0).
  absl::Duration deadline = absl::ZeroDuration();
  // Replaces ClientOptions::request_id when not empty.
  std::string request_id;
};

// A channel to options.target with the transport security it asks for.
// INVALID_ARGUMENT for an empty target; NOT_FOUND / INVALID_ARGUMENT when
// the CA file cannot be read.
absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const ClientOptions& options);

}  // namespace aqgate::client

#endif  // AQGATE_CLIENT_CLIENT_OPTIONS_H_
