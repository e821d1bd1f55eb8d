#include "tests/unit/upstream/raw_reply_server.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace aqgate::upstream::testing {
namespace {

// Reads until the blank line that ends a request's headers (bodies unread);
// false once the client has closed the connection.
bool ReadRequestHeaders(int fd) {
  std::string received;
  char buffer[4096];
  while (received.find("\r\n\r\n") == std::string::npos) {
    const ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n <= 0) return false;
    received.append(buffer, static_cast<size_t>(n));
  }
  return true;
}

bool WriteAll(int fd, const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = write(fd, bytes.data() + sent, bytes.size() - sent);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

RawReplyServer::RawReplyServer(std::vector<std::string> replies) : replies_(std::move(replies)) {
  if (replies_.empty()) throw std::invalid_argument("RawReplyServer needs a reply");
  listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (listen_fd_ < 0 || bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      listen(listen_fd_, 16) != 0 ||
      getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("RawReplyServer: cannot listen on loopback");
  }
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

RawReplyServer::~RawReplyServer() {
  {
    // Wakes accept() or a read() on a kept-alive connection; the loop ends.
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    if (client_fd_ >= 0) shutdown(client_fd_, SHUT_RDWR);
  }
  shutdown(listen_fd_, SHUT_RDWR);
  thread_.join();
  close(listen_fd_);
}

std::string RawReplyServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

void RawReplyServer::Serve() {
  for (;;) {
    const int fd = accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) return;
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) {
        close(fd);
        return;
      }
      client_fd_ = fd;
    }
    ++connections_;
    while (ReadRequestHeaders(fd)) {
      const size_t index = std::min<size_t>(requests_++, replies_.size() - 1);
      if (!WriteAll(fd, replies_[index])) break;
    }
    absl::MutexLock lock(&mu_);
    client_fd_ = -1;
    close(fd);
  }
}

}  // namespace aqgate::upstream::testing
