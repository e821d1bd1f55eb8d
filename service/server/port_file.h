// Publishes the port a server bound, for launchers that asked for port 0.
#ifndef AQGATE_SERVICE_SERVER_PORT_FILE_H_
#define AQGATE_SERVICE_SERVER_PORT_FILE_H_

#include <string>

#include "absl/status/status.h"

namespace aqgate::server {

// Writes "PORT\n" to `path` atomically: a reader sees either no file or the
// complete content (written to a temporary file in the same folder, flushed,
// then renamed over `path`).
absl::Status WritePortFile(const std::string& path, int port);

}  // namespace aqgate::server

#endif  // AQGATE_SERVICE_SERVER_PORT_FILE_H_
