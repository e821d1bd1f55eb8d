// A loopback TCP server that answers with scripted raw bytes, for replies
// cpp-httplib cannot produce (not HTTP at all, stray bytes before a response
// on a kept-alive connection). One connection at a time, kept open until the
// client closes it; request i (from 0, across connections; headers read,
// bodies not) gets replies[min(i, last)].
#ifndef AQGATE_TESTS_UNIT_UPSTREAM_RAW_REPLY_SERVER_H_
#define AQGATE_TESTS_UNIT_UPSTREAM_RAW_REPLY_SERVER_H_

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace aqgate::upstream::testing {

class RawReplyServer {
 public:
  explicit RawReplyServer(std::vector<std::string> replies);
  ~RawReplyServer();
  RawReplyServer(const RawReplyServer&) = delete;
  RawReplyServer& operator=(const RawReplyServer&) = delete;

  std::string base_url() const;
  int connections() const { return connections_; }
  int requests() const { return requests_; }

 private:
  void Serve();

  const std::vector<std::string> replies_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<int> connections_{0};
  std::atomic<int> requests_{0};
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  int client_fd_ ABSL_GUARDED_BY(mu_) = -1;  // the connection being served
  std::thread thread_;
};

}  // namespace aqgate::upstream::testing

#endif  // AQGATE_TESTS_UNIT_UPSTREAM_RAW_REPLY_SERVER_H_
