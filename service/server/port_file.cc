#include "service/server/port_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"

namespace aqgate::server {
namespace {

absl::Status ErrnoError(absl::string_view what, const std::string& path) {
  return absl::InternalError(absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

}  // namespace

absl::Status WritePortFile(const std::string& path, int port) {
  if (path.empty()) return absl::InvalidArgumentError("empty port file path");
  const std::string tmp = absl::StrCat(path, ".tmp.", getpid());
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("cannot create", tmp);
  const std::string content = absl::StrCat(port, "\n");
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      absl::Status status = ErrnoError("cannot write", tmp);
      close(fd);
      unlink(tmp.c_str());
      return status;
    }
    written += static_cast<size_t>(n);
  }
  const bool synced = fsync(fd) == 0;
  const bool closed = close(fd) == 0;
  if (!synced || !closed) {
    absl::Status status = ErrnoError("cannot flush", tmp);
    unlink(tmp.c_str());
    return status;
  }
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    absl::Status status = ErrnoError("cannot rename into", path);
    unlink(tmp.c_str());
    return status;
  }
  return absl::OkStatus();
}

}  // namespace aqgate::server
