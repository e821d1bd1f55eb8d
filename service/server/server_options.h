// Settings of the aqgate server process (filled from flags by main.cc).
#ifndef AQGATE_SERVICE_SERVER_SERVER_OPTIONS_H_
#define AQGATE_SERVICE_SERVER_SERVER_OPTIONS_H_

#include <string>

#include "absl/time/time.h"
#include "service/core/core_options.h"
#include "service/upstream/make_arize_api.h"

namespace aqgate::server {

struct TlsOptions {
  // PEM files of the server's certificate chain and private key. Both empty
  // means plaintext; one without the other is an error.
  std::string cert_file;
  std::string key_file;
  // PEM bundle of CAs whose client certificates are accepted. When set,
  // every client must present a certificate signed by one of them (mTLS).
  std::string client_ca_file;
};

struct ServerOptions {
  // host:port to listen on. Loopback by default: listening on other
  // interfaces is an explicit choice. Port 0 lets the OS choose.
  std::string listen_address = "127.0.0.1:50051";
  TlsOptions tls;
  // Largest request message accepted, and largest response message sent.
  int max_receive_message_bytes = 8 << 20;
  int max_send_message_bytes = 64 << 20;
  // On shutdown, how long in-flight calls may run before being cancelled.
  absl::Duration shutdown_grace = absl::Seconds(10);
  upstream::UpstreamOptions upstream;
  core::CoreOptions core;
};

}  // namespace aqgate::server

#endif  // AQGATE_SERVICE_SERVER_SERVER_OPTIONS_H_
