// aqgate-emulator-load: holds N concurrent keep-alive HTTP/1.1 connections
// against a server, each sending one request after another, and reports
// throughput, latency percentiles, errors and reconnects. One epoll thread,
// so the probe itself is never the bottleneck at 1,000 connections.
//   aqgate-emulator-load --port 8080 --connections 1000 --duration_s 10
//       --path /v2/spaces --api_key ak-alice-demo-0001
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

ABSL_FLAG(std::string, host, "127.0.0.1", "Server IPv4 address");
ABSL_FLAG(int, port, 0, "Server port");
ABSL_FLAG(int, connections, 1000, "Concurrent keep-alive connections");
ABSL_FLAG(int, duration_s, 10, "How long to run after all connections are open");
ABSL_FLAG(std::string, path, "/_admin/health", "Request target");
ABSL_FLAG(std::string, api_key, "", "Bearer key (never printed)");

namespace {

struct Conn {
  int fd = -1;
  bool connected = false;
  std::string in;
  size_t out_sent = 0;
  absl::Time sent_at;
  int64_t completed = 0;
};

int Connect(const sockaddr_in& addr) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  int yes = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
  if (connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) < 0 &&
      errno != EINPROGRESS) {
    close(fd);
    return -1;
  }
  return fd;
}

// Size of a complete response at the front of `in`, or 0 if incomplete.
size_t CompleteResponse(const std::string& in, int* status) {
  size_t header_end = in.find("\r\n\r\n");
  if (header_end == std::string::npos) return 0;
  size_t length = 0;
  size_t pos = in.find("\r\n");
  *status = in.size() > 12 ? std::atoi(in.substr(9, 3).c_str()) : 0;
  while (pos < header_end) {
    size_t next = in.find("\r\n", pos + 2);
    absl::string_view line(in.data() + pos + 2, next - pos - 2);
    if (absl::StartsWithIgnoreCase(line, "content-length:")) {
      absl::SimpleAtoi(absl::StripAsciiWhitespace(line.substr(15)), &length);
    }
    pos = next;
  }
  size_t total = header_end + 4 + length;
  return in.size() >= total ? total : 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const int n = absl::GetFlag(FLAGS_connections);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(absl::GetFlag(FLAGS_port)));
  if (inet_pton(AF_INET, absl::GetFlag(FLAGS_host).c_str(), &addr.sin_addr) != 1 || n < 1) {
    std::fprintf(stderr, "aqgate-emulator-load: bad --host or --connections\n");
    return 2;
  }
  std::string request = absl::StrCat("GET ", absl::GetFlag(FLAGS_path),
                                     " HTTP/1.1\r\nHost: load\r\nConnection: keep-alive\r\n");
  if (!absl::GetFlag(FLAGS_api_key).empty()) {
    absl::StrAppend(&request, "Authorization: Bearer ", absl::GetFlag(FLAGS_api_key), "\r\n");
  }
  request += "\r\n";

  int ep = epoll_create1(0);
  std::vector<Conn> conns(static_cast<size_t>(n));
  auto open_conn = [&](size_t i) {
    conns[i] = Conn{};
    conns[i].fd = Connect(addr);
    if (conns[i].fd < 0) return false;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.u64 = i;
    epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev);
    return true;
  };
  for (size_t i = 0; i < conns.size(); ++i) {
    if (!open_conn(i)) {
      std::fprintf(stderr, "aqgate-emulator-load: socket/connect failed\n");
      return 1;
    }
  }
  std::vector<double> latencies_ms;
  int64_t errors = 0, reconnects = 0, non_2xx = 0;
  const absl::Time start = absl::Now();
  const absl::Time end = start + absl::Seconds(absl::GetFlag(FLAGS_duration_s));
  absl::Time all_open_at = absl::InfinitePast();
  size_t open_count = 0;
  std::vector<epoll_event> events(1024);
  while (absl::Now() < end) {
    int ready = epoll_wait(ep, events.data(), static_cast<int>(events.size()), 100);
    for (int e = 0; e < ready; ++e) {
      const size_t i = events[e].data.u64;
      Conn& c = conns[i];
      bool failed = (events[e].events & (EPOLLERR | EPOLLHUP)) != 0;
      if (!failed && !c.connected && (events[e].events & EPOLLOUT)) {
        c.connected = true;
        c.sent_at = absl::Now();
        if (++open_count == conns.size()) all_open_at = absl::Now();
      }
      if (!failed && c.connected && c.out_sent < request.size() && (events[e].events & EPOLLOUT)) {
        ssize_t w = send(c.fd, request.data() + c.out_sent, request.size() - c.out_sent,
                         MSG_NOSIGNAL);
        if (w > 0) c.out_sent += static_cast<size_t>(w);
        if (w < 0 && errno != EAGAIN) failed = true;
        if (c.out_sent == request.size()) {
          epoll_event ev{};
          ev.events = EPOLLIN;
          ev.data.u64 = i;
          epoll_ctl(ep, EPOLL_CTL_MOD, c.fd, &ev);
        }
      }
      if (!failed && (events[e].events & EPOLLIN)) {
        char buf[65536];
        ssize_t r = recv(c.fd, buf, sizeof(buf), 0);
        if (r <= 0 && !(r < 0 && errno == EAGAIN)) failed = true;
        if (r > 0) c.in.append(buf, static_cast<size_t>(r));
        int status = 0;
        size_t size = failed ? 0 : CompleteResponse(c.in, &status);
        if (size > 0) {
          latencies_ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - c.sent_at));
          if (status < 200 || status > 299) ++non_2xx;
          c.in.erase(0, size);
          c.out_sent = 0;
          c.sent_at = absl::Now();
          ++c.completed;
          epoll_event ev{};
          ev.events = EPOLLOUT;
          ev.data.u64 = i;
          epoll_ctl(ep, EPOLL_CTL_MOD, c.fd, &ev);
        }
      }
      if (failed) {
        ++errors;
        ++reconnects;
        if (c.connected) --open_count;
        epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
        close(c.fd);
        open_conn(i);
      }
    }
  }
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  std::sort(latencies_ms.begin(), latencies_ms.end());
  auto pct = [&](double p) {
    return latencies_ms.empty()
               ? 0.0
               : latencies_ms[std::min(latencies_ms.size() - 1,
                                       static_cast<size_t>(p * latencies_ms.size()))];
  };
  std::printf(
      "{\"connections\":%d,\"open_at_end\":%zu,\"all_open_after_ms\":%.0f,\"seconds\":%.2f,"
      "\"requests\":%zu,\"rps\":%.0f,\"p50_ms\":%.1f,\"p99_ms\":%.1f,\"max_ms\":%.1f,"
      "\"errors\":%lld,\"reconnects\":%lld,\"non_2xx\":%lld}\n",
      n, open_count,
      all_open_at == absl::InfinitePast() ? -1.0 : absl::ToDoubleMilliseconds(all_open_at - start),
      seconds, latencies_ms.size(), static_cast<double>(latencies_ms.size()) / seconds, pct(0.5),
      pct(0.99), latencies_ms.empty() ? 0.0 : latencies_ms.back(), static_cast<long long>(errors),
      static_cast<long long>(reconnects), static_cast<long long>(non_2xx));
  for (Conn& c : conns) close(c.fd);
  close(ep);
  return errors == 0 && non_2xx == 0 && open_count == conns.size() ? 0 : 1;
}
