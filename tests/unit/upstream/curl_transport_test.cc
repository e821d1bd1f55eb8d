// The libcurl transport over real sockets, against scripted local servers.
#include "service/upstream/curl_transport.h"

#include <dirent.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <atomic>
#include <optional>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "service/upstream/gateway_errors.h"
#include "tests/unit/upstream/raw_reply_server.h"
#include "tests/unit/upstream/scripted_server.h"

namespace aqgate::upstream {
namespace {

using ::aqgate::upstream::testing::RawReplyServer;
using ::aqgate::upstream::testing::ScriptedServer;
using ::testing::HasSubstr;

// Waits for one completion, delivered on the transport's thread.
class Completion {
 public:
  HttpCallback Callback() {
    return [this](absl::StatusOr<HttpResponse> result) {
      result_ = std::move(result);
      on_thread_ = std::this_thread::get_id();
      done_.Notify();
    };
  }
  absl::StatusOr<HttpResponse> Wait(absl::Duration timeout = absl::Seconds(10)) {
    if (!done_.WaitForNotificationWithTimeout(timeout)) return absl::InternalError("no completion");
    return *result_;
  }
  bool HasCompleted() { return done_.HasBeenNotified(); }
  std::thread::id thread() const { return on_thread_; }

 private:
  absl::Notification done_;
  std::optional<absl::StatusOr<HttpResponse>> result_;
  std::thread::id on_thread_;
};

std::unique_ptr<EventLoopTransport> MakeTransport(CurlTransportOptions options = {}) {
  auto transport = MakeCurlTransport(options);
  EXPECT_TRUE(transport.ok()) << transport.status();
  return std::move(*transport);
}

HttpRequest Request(HttpMethod method, const std::string& url, std::string body = "") {
  HttpRequest request;
  request.method = method;
  request.url = url;
  request.body = std::move(body);
  return request;
}

int ThreadCount() {
  int count = 0;
  DIR* dir = opendir("/proc/self/task");
  if (dir == nullptr) return -1;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count;
}

// A loopback port with nothing listening.
int ClosedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

class CurlTransportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Loopback must never go through a proxy from the environment.
    setenv("NO_PROXY", "127.0.0.1,localhost", 1);
    setenv("no_proxy", "127.0.0.1,localhost", 1);
  }
};

TEST_F(CurlTransportTest, EveryMethodRoundTripsAndHandlesDoNotLeakIntoTheNextRequest) {
  ScriptedServer server;
  auto echo = [](const httplib::Request& request, httplib::Response& response) {
    response.status = request.method == "POST" ? 201 : 200;
    response.set_header("X-Echo-Method", request.method);
    response.set_content(request.method + ":" + request.body, "text/plain");
  };
  server.server().Get(".*", echo).Post(".*", echo).Patch(".*", echo).Delete(".*", echo);
  server.Start();
  auto transport = MakeTransport();
  const std::string url = server.base_url() + "/v2/x";
  const std::pair<HttpMethod, std::string> cases[] = {
      {HttpMethod::kDelete, R"({"record_ids":["r1"]})"},
      {HttpMethod::kGet, ""},
      {HttpMethod::kPost, R"({"a":1})"},
      {HttpMethod::kGet, ""},
      {HttpMethod::kPatch, R"({"name":"n"})"},
      {HttpMethod::kPost, ""},
      {HttpMethod::kDelete, ""}};
  for (const auto& [method, body] : cases) {
    Completion completion;
    transport->Send(Request(method, url, body), absl::Now() + absl::Seconds(10), nullptr,
                    completion.Callback());
    auto result = completion.Wait();
    ASSERT_TRUE(result.ok()) << result.status();
    const std::string name(HttpMethodName(method));
    EXPECT_EQ(result->status, method == HttpMethod::kPost ? 201 : 200);
    EXPECT_EQ(result->body, name + ":" + body);
    EXPECT_EQ(result->Header("x-echo-method"), name);
    EXPECT_NE(completion.thread(), std::this_thread::get_id());
  }
  // The echo of the GET right after the DELETE (cases[1]) was "GET:": the
  // DELETE's method and body did not leak through the reused handle.
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 7u);
  EXPECT_EQ(requests[1].method, "GET");
}

TEST_F(CurlTransportTest, ConnectionRefusedIsUnavailableConnectFailed) {
  auto transport = MakeTransport();
  Completion completion;
  transport->Send(Request(HttpMethod::kGet, "http://127.0.0.1:" + std::to_string(ClosedPort()) + "/"),
                  absl::Now() + absl::Seconds(10), nullptr, completion.Callback());
  auto result = completion.Wait();
  EXPECT_EQ(result.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ErrorReason(result.status()), kReasonConnectFailed);
}

TEST_F(CurlTransportTest, DeadlineIsDeadlineExceededAndPrompt) {
  ScriptedServer server;
  server.server().Get(".*", [&server](const httplib::Request&, httplib::Response& response) {
    server.WaitForRelease();
    response.set_content("late", "text/plain");
  });
  server.Start();
  auto transport = MakeTransport();
  Completion completion;
  const absl::Time start = absl::Now();
  transport->Send(Request(HttpMethod::kGet, server.base_url() + "/slow"), start + absl::Milliseconds(300),
                  nullptr, completion.Callback());
  auto result = completion.Wait();
  const absl::Duration elapsed = absl::Now() - start;
  EXPECT_EQ(result.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(ErrorReason(result.status()), kReasonTimeout);
  EXPECT_GE(elapsed, absl::Milliseconds(290));
  EXPECT_LT(elapsed, absl::Seconds(2));
}

TEST_F(CurlTransportTest, PastDeadlineNeverSends) {
  ScriptedServer server;
  server.Start();
  auto transport = MakeTransport();
  Completion completion;
  transport->Send(Request(HttpMethod::kGet, server.base_url() + "/"), absl::Now() - absl::Seconds(1),
                  nullptr, completion.Callback());
  EXPECT_EQ(completion.Wait().status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(server.request_count(), 0);
}

TEST_F(CurlTransportTest, CancellationAbortsAStalledRequestPromptly) {
  ScriptedServer server;
  server.server().Get(".*", [&server](const httplib::Request&, httplib::Response& response) {
    server.WaitForRelease();
    response.set_content("late", "text/plain");
  });
  server.Start();
  auto transport = MakeTransport();
  auto cancellation = std::make_shared<Cancellation>();
  Completion completion;
  transport->Send(Request(HttpMethod::kGet, server.base_url() + "/stall"), absl::InfiniteFuture(),
                  cancellation, completion.Callback());
  ASSERT_TRUE(server.WaitForRequests(1));  // the request is on the wire, stalled
  const absl::Time cancelled_at = absl::Now();
  cancellation->Cancel();
  auto result = completion.Wait();
  const absl::Duration latency = absl::Now() - cancelled_at;
  EXPECT_EQ(result.status().code(), absl::StatusCode::kCancelled);
  EXPECT_LT(latency, absl::Milliseconds(200)) << latency;
}

// One Cancellation serves a whole stream (thousands of page fetches): each
// request's listener must go away with the request, whichever way it ends.
TEST_F(CurlTransportTest, FinishedRequestsLeaveNoCancellationListenerBehind) {
  ScriptedServer server;
  server.server().Get(".*", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("page", "text/plain");
  });
  server.Start();
  auto transport = MakeTransport();
  auto cancellation = std::make_shared<Cancellation>();
  for (int i = 0; i < 50; ++i) {
    Completion completion;
    transport->Send(Request(HttpMethod::kGet, server.base_url() + "/page"),
                    absl::Now() + absl::Seconds(10), cancellation, completion.Callback());
    ASSERT_TRUE(completion.Wait().ok());
  }
  EXPECT_EQ(cancellation->pending_listeners(), 0u);
  Completion refused;  // a failed request forgets its listener too
  transport->Send(Request(HttpMethod::kGet, absl::StrCat("http://127.0.0.1:", ClosedPort(), "/")),
                  absl::Now() + absl::Seconds(10), cancellation, refused.Callback());
  EXPECT_EQ(refused.Wait().status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(cancellation->pending_listeners(), 0u);
  cancellation->Cancel();  // nothing in flight: a no-op
}

TEST_F(CurlTransportTest, AsksForGzipUnlessCompressionIsOff) {
  ScriptedServer server;
  server.server().Get(".*", [](const httplib::Request& request, httplib::Response& response) {
    const std::string asked = request.get_header_value("Accept-Encoding");
    response.set_content(absl::StrCat("accept-encoding=[", asked, "]", std::string(4096, 'x')),
                         "text/plain");
  });
  server.Start();
  for (const bool compression : {true, false}) {
    CurlTransportOptions options;
    options.request_compression = compression;
    auto transport = MakeTransport(options);
    Completion completion;
    transport->Send(Request(HttpMethod::kGet, server.base_url() + "/page"),
                    absl::Now() + absl::Seconds(10), nullptr, completion.Callback());
    auto result = completion.Wait();
    ASSERT_TRUE(result.ok()) << result.status();
    // Either way the caller sees the plain body (curl inflates gzip).
    EXPECT_EQ(result->body, absl::StrCat("accept-encoding=[", compression ? "gzip" : "", "]",
                                         std::string(4096, 'x')));
    EXPECT_EQ(result->Header("content-encoding").has_value(), compression) << compression;
  }
}

TEST_F(CurlTransportTest, ResponseLargerThanTheLimitFails) {
  ScriptedServer server;
  server.server().Get(".*", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(std::string(64 * 1024, 'x'), "text/plain");
  });
  server.Start();
  CurlTransportOptions options;
  options.max_response_bytes = 1024;
  auto transport = MakeTransport(options);
  Completion completion;
  transport->Send(Request(HttpMethod::kGet, server.base_url() + "/big"), absl::Now() + absl::Seconds(10),
                  nullptr, completion.Callback());
  auto result = completion.Wait();
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(ErrorReason(result.status()), kReasonResponseTooLarge);
}

// libcurl reports a reply without a status line as "unsupported protocol"
// (HTTP/0.9 refused). The base URL's scheme is checked at startup, so at run
// time that means a broken connection, not a bad request: UNAVAILABLE with
// the reason the retry policy repeats idempotent calls on.
TEST_F(CurlTransportTest, AReplyThatIsNotHttpIsAConnectionError) {
  for (const char* reply : {"this is not HTTP\r\n\r\n", "{\"id\":1}\r\n"}) {
    SCOPED_TRACE(reply);
    RawReplyServer server({reply});
    auto transport = MakeTransport();
    Completion completion;
    transport->Send(Request(HttpMethod::kGet, server.base_url() + "/v2/spaces"),
                    absl::Now() + absl::Seconds(10), nullptr, completion.Callback());
    auto result = completion.Wait();
    EXPECT_EQ(result.status().code(), absl::StatusCode::kUnavailable) << result.status();
    EXPECT_EQ(ErrorReason(result.status()), kReasonConnectionError);
  }
}

TEST_F(CurlTransportTest, OneThousandRequestsInFlightUseABoundedNumberOfThreads) {
  ScriptedServer server;
  server.server().Get(".*", [](const httplib::Request& request, httplib::Response& response) {
    response.set_content(request.target, "text/plain");
  });
  server.Start();
  {
    // Warm the server up (its worker pool starts lazily) with a throwaway transport.
    auto warm_up = MakeTransport();
    Completion completion;
    warm_up->Send(Request(HttpMethod::kGet, server.base_url() + "/warm"), absl::Now() + absl::Seconds(10),
                  nullptr, completion.Callback());
    ASSERT_TRUE(completion.Wait().ok());
  }
  const int threads_before = ThreadCount();
  CurlTransportOptions options;
  options.max_host_connections = 8;  // below the server's 16 workers
  auto transport = MakeTransport(options);
  const int threads_with_transport = ThreadCount();
  EXPECT_EQ(threads_with_transport - threads_before, 1);  // the event loop
  constexpr int kRequests = 1000;
  std::atomic<int> ok{0};
  std::atomic<int> remaining{kRequests};
  absl::Notification all_done;
  for (int i = 0; i < kRequests; ++i) {
    transport->Send(Request(HttpMethod::kGet, server.base_url() + "/r/" + std::to_string(i)),
                    absl::Now() + absl::Seconds(30), nullptr,
                    [&, i](absl::StatusOr<HttpResponse> result) {
                      if (result.ok() && result->body == "/r/" + std::to_string(i)) ++ok;
                      if (--remaining == 0) all_done.Notify();
                    });
  }
  int max_threads = ThreadCount();
  const int in_flight_at_sample = remaining.load();
  while (!all_done.WaitForNotificationWithTimeout(absl::Milliseconds(1))) {
    max_threads = std::max(max_threads, ThreadCount());
  }
  EXPECT_EQ(ok.load(), kRequests);
  EXPECT_GT(in_flight_at_sample, 900);  // the sample was taken with ~all 1,000 in flight
  // No thread is added under load: the transport's only thread is its loop.
  EXPECT_LE(max_threads, threads_with_transport) << "before=" << threads_before << " max=" << max_threads;
  std::printf("[ metric ] process threads: %d before the transport, %d with it idle, "
              "max %d with %d requests in flight\n",
              threads_before, threads_with_transport, max_threads, in_flight_at_sample);
}

TEST_F(CurlTransportTest, ShutdownCompletesPendingWorkWithCancelled) {
  ScriptedServer server;
  server.server().Get(".*", [&server](const httplib::Request&, httplib::Response& response) {
    server.WaitForRelease();
    response.set_content("late", "text/plain");
  });
  server.Start();
  auto transport = MakeTransport();
  Completion request;
  transport->Send(Request(HttpMethod::kGet, server.base_url() + "/stall"), absl::InfiniteFuture(), nullptr,
                  request.Callback());
  absl::Notification timer_done;
  absl::Status timer_status;
  transport->RunAt(absl::Now() + absl::Hours(1), [&](absl::Status status) {
    timer_status = status;
    timer_done.Notify();
  });
  ASSERT_TRUE(server.WaitForRequests(1));
  transport->Shutdown();
  EXPECT_EQ(request.Wait().status().code(), absl::StatusCode::kCancelled);
  ASSERT_TRUE(timer_done.HasBeenNotified());
  EXPECT_EQ(timer_status.code(), absl::StatusCode::kCancelled);
  Completion after;
  transport->Send(Request(HttpMethod::kGet, server.base_url() + "/"), absl::InfiniteFuture(), nullptr,
                  after.Callback());
  EXPECT_EQ(after.Wait().status().code(), absl::StatusCode::kCancelled);
}

TEST_F(CurlTransportTest, TimersFireInOrderOnTheLoopThread) {
  auto transport = MakeTransport();
  absl::Mutex mu;
  std::vector<int> order;
  absl::Notification done;
  const absl::Time start = absl::Now();
  transport->RunAt(start + absl::Milliseconds(60), [&](absl::Status) {
    absl::MutexLock lock(&mu);
    order.push_back(2);
    done.Notify();
  });
  transport->RunAt(start + absl::Milliseconds(20), [&](absl::Status) {
    absl::MutexLock lock(&mu);
    order.push_back(1);
  });
  ASSERT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(5)));
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(60));
  absl::MutexLock lock(&mu);
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST_F(CurlTransportTest, UnreadableCaFileIsRejected) {
  CurlTransportOptions options;
  options.ca_file = "/nonexistent/ca.pem";
  EXPECT_FALSE(MakeCurlTransport(options).ok());
}

}  // namespace
}  // namespace aqgate::upstream
