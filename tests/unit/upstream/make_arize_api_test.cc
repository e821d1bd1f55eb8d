// The assembled production stack (MakeArizeApi: REST -> logging -> retry ->
// curl) over real sockets against scripted local HTTP and HTTPS servers.
#include "service/upstream/make_arize_api.h"

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "google/rpc/error_details.pb.h"
#include "nlohmann/json.hpp"
#include "service/common/log.h"
#include "service/upstream/gateway_errors.h"
#include "service/upstream/status_payloads.h"
#include "tests/unit/upstream/raw_reply_server.h"
#include "tests/unit/upstream/scripted_server.h"

namespace aqgate::upstream {
namespace {

namespace v1 = ::aqgate::v1;
using ::aqgate::upstream::testing::MakeSelfSignedCertificate;
using ::aqgate::upstream::testing::RawReplyServer;
using ::aqgate::upstream::testing::ScriptedServer;
using ::aqgate::upstream::testing::TestCertificate;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kKey[] = "ak-SECRET-0123456789abcdef";

std::string QueueJson(const std::string& id) {
  nlohmann::json queue = {{"id", id},
                          {"name", "n"},
                          {"space_id", "s"},
                          {"created_at", "2026-03-01T00:00:00Z"},
                          {"updated_at", "2026-03-01T00:00:00Z"}};
  return queue.dump();
}

std::string PercentDecode(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

template <typename T>
class Waiter {
 public:
  upstream::Callback<T> Done() {
    return [this](absl::StatusOr<T> value) {
      value_ = std::move(value);
      done_.Notify();
    };
  }
  absl::StatusOr<T> Wait() {
    if (!done_.WaitForNotificationWithTimeout(absl::Seconds(20))) return absl::InternalError("timeout");
    return *value_;
  }

 private:
  absl::Notification done_;
  std::optional<absl::StatusOr<T>> value_;
};

class StatusWaiter {
 public:
  DoneCallback Done() {
    return [this](absl::Status status) {
      status_ = std::move(status);
      done_.Notify();
    };
  }
  absl::Status Wait() {
    if (!done_.WaitForNotificationWithTimeout(absl::Seconds(20))) return absl::InternalError("timeout");
    return status_;
  }

 private:
  absl::Notification done_;
  absl::Status status_;
};

std::unique_ptr<ArizeApi> MakeApi(const std::string& base_url, UpstreamOptions options = {}) {
  options.base_url = base_url;
  options.default_api_key = kKey;
  options.initial_backoff = absl::Milliseconds(10);
  auto api = MakeArizeApi(options);
  EXPECT_TRUE(api.ok()) << api.status();
  return std::move(*api);
}

class MakeArizeApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    setenv("NO_PROXY", "127.0.0.1,localhost", 1);
    setenv("no_proxy", "127.0.0.1,localhost", 1);
  }
};

TEST_F(MakeArizeApiTest, IdWithReservedCharactersArrivesAsOneSegmentExactly) {
  const std::string id = "a/b?c#d%2F..";
  ScriptedServer server;
  server.server().Get(".*", [](const httplib::Request& request, httplib::Response& response) {
    const std::string path = request.target.substr(0, request.target.find('?'));
    std::vector<std::string> segments = absl::StrSplit(path, '/');
    // "", "v2", "annotation-queues", "<id>"
    if (segments.size() != 4 || segments[1] != "v2" || segments[2] != "annotation-queues") {
      response.status = 404;
      return;
    }
    response.set_content(QueueJson(PercentDecode(segments[3])), "application/json");
  });
  server.Start();
  auto api = MakeApi(server.base_url());
  Waiter<v1::AnnotationQueue> waiter;
  CallContext ctx;
  api->GetQueue(ctx, id, waiter.Done());
  auto queue = waiter.Wait();
  ASSERT_TRUE(queue.ok()) << queue.status();
  EXPECT_EQ(queue->id(), id);
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].target, "/v2/annotation-queues/a%2Fb%3Fc%23d%252F..");
}

TEST_F(MakeArizeApiTest, CreateIsNotRetriedAfter500) {
  ScriptedServer server;
  server.server().Post(".*", [](const httplib::Request&, httplib::Response& response) {
    response.status = 500;
    response.set_content(R"({"status":500,"title":"Internal Server Error"})", "application/problem+json");
  });
  server.Start();
  auto api = MakeApi(server.base_url());
  Waiter<v1::AnnotationQueue> waiter;
  CreateQueueParams params;
  params.name = "n";
  params.space_id = "s";
  api->CreateQueue(CallContext{}, params, waiter.Done());
  auto result = waiter.Wait();
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(server.request_count(), 1);
  EXPECT_EQ(GetDetail<google::rpc::ErrorInfo>(result.status())->metadata().at("attempts"), "1");
}

TEST_F(MakeArizeApiTest, GetIsRetriedAfter503HonouringRetryAfter) {
  ScriptedServer server;
  std::atomic<int> hits{0};
  server.server().Get(".*", [&hits](const httplib::Request&, httplib::Response& response) {
    if (hits++ == 0) {
      response.status = 503;
      response.set_header("Retry-After", "1");
      return;
    }
    response.set_content(QueueJson("q1"), "application/json");
  });
  server.Start();
  auto api = MakeApi(server.base_url());
  Waiter<v1::AnnotationQueue> waiter;
  api->GetQueue(CallContext{}, "q1", waiter.Done());
  auto result = waiter.Wait();
  ASSERT_TRUE(result.ok()) << result.status();
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  const absl::Duration gap = requests[1].received - requests[0].received;
  EXPECT_GE(gap, absl::Seconds(1)) << gap;       // Retry-After: 1, not the 10 ms backoff
  EXPECT_LT(gap, absl::Milliseconds(1900)) << gap;
}

TEST_F(MakeArizeApiTest, ApiKeyNeverInLogsErrorsOrDetails) {
  std::vector<std::string> lines;
  absl::Mutex lines_mu;
  SetLogSink([&](const std::string& line) {
    absl::MutexLock lock(&lines_mu);
    lines.push_back(line);
  });
  ScriptedServer server;
  server.server().Get("/v2/annotation-queues/echo", [](const httplib::Request& request, httplib::Response& response) {
    response.status = 401;
    const std::string auth = request.get_header_value("Authorization");
    response.set_content(nlohmann::json({{"status", 401}, {"title", "Unauthorized " + auth},
                                         {"detail", "key " + auth + " is not valid"},
                                         {"instance", auth}})
                             .dump(),
                         "application/problem+json");
  });
  server.server().Get("/v2/annotation-queues/garbage", [](const httplib::Request& request, httplib::Response& response) {
    response.set_content("not json " + request.get_header_value("Authorization"), "application/json");
  });
  server.server().Get("/v2/annotation-queues/ok", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(QueueJson("ok"), "application/json");
  });
  server.server().Get("/v2/annotation-queues/down", [](const httplib::Request&, httplib::Response& response) {
    response.status = 503;
  });
  server.Start();
  std::vector<absl::Status> statuses;
  {
    UpstreamOptions options;
    options.max_attempts = 2;
    auto api = MakeApi(server.base_url(), options);
    for (const char* id : {"echo", "garbage", "ok", "down"}) {
      Waiter<v1::AnnotationQueue> waiter;
      CallContext ctx;
      ctx.request_id = std::string("rid-") + id;
      api->GetQueue(ctx, id, waiter.Done());
      statuses.push_back(waiter.Wait().status());
    }
    auto refused = MakeApi("http://127.0.0.1:1");
    Waiter<v1::AnnotationQueue> waiter;
    refused->GetQueue(CallContext{}, "x", waiter.Done());
    statuses.push_back(waiter.Wait().status());
  }
  SetLogSink(nullptr);
  // The key did travel upstream, as a bearer token ...
  ASSERT_GE(server.request_count(), 4);
  EXPECT_EQ(server.requests()[0].authorization, std::string("Bearer ") + kKey);
  EXPECT_EQ(server.requests()[0].user_agent, "aqgate/0.1.0");
  EXPECT_EQ(server.requests()[0].request_id, "rid-echo");
  // ... and nowhere else.
  EXPECT_EQ(statuses[0].code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(statuses[1].code(), absl::StatusCode::kInternal);
  EXPECT_TRUE(statuses[2].ok());
  EXPECT_EQ(statuses[3].code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(statuses[4].code(), absl::StatusCode::kUnavailable);
  for (const absl::Status& status : statuses) {
    const std::string everything = status.ToString(absl::StatusToStringMode::kWithEverything);
    EXPECT_THAT(everything, Not(HasSubstr(kKey)));
    status.ForEachPayload([](absl::string_view, const absl::Cord& payload) {
      EXPECT_THAT(std::string(payload), Not(HasSubstr(kKey)));
    });
  }
  absl::MutexLock lock(&lines_mu);
  EXPECT_GE(lines.size(), 5u);
  for (const std::string& line : lines) EXPECT_THAT(line, Not(HasSubstr(kKey)));
}

TEST_F(MakeArizeApiTest, DebugLevelLogsEachCallsStartWithHeaderNamesOnly) {
  std::vector<std::string> lines;
  absl::Mutex lines_mu;
  SetLogSink([&](const std::string& line) {
    absl::MutexLock lock(&lines_mu);
    lines.push_back(line);
  });
  const LogLevel previous = GetLogLevel();
  SetLogLevel(LogLevel::kDebug);
  ScriptedServer server;
  server.server().Get(".*", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(QueueJson("dbg"), "application/json");
  });
  server.Start();
  {
    auto api = MakeApi(server.base_url());
    for (const std::string& key : {std::string(), std::string("ak-CALLER-secret-42")}) {
      Waiter<v1::AnnotationQueue> waiter;
      CallContext ctx;
      ctx.api_key = key;
      ctx.request_id = "rid-debug";
      api->GetQueue(ctx, "dbg", waiter.Done());
      EXPECT_TRUE(waiter.Wait().ok());
    }
  }
  SetLogLevel(previous);
  SetLogSink(nullptr);
  absl::MutexLock lock(&lines_mu);
  int starts = 0;
  for (const std::string& line : lines) {
    EXPECT_THAT(line, Not(HasSubstr(kKey)));
    EXPECT_THAT(line, Not(HasSubstr("ak-CALLER-secret-42")));
    EXPECT_THAT(line, Not(HasSubstr("Bearer")));
    if (absl::StrContains(line, "level=debug event=upstream_request")) {
      ++starts;
      EXPECT_THAT(line, HasSubstr("method=GET path=/v2/annotation-queues/dbg"));
      EXPECT_THAT(line, HasSubstr("Authorization"));  // the name, never the value
      EXPECT_THAT(line, HasSubstr("request_id=rid-debug"));
    }
  }
  EXPECT_EQ(starts, 2);
}

TEST_F(MakeArizeApiTest, InfoLevelLogsNoCallStart) {
  std::vector<std::string> lines;
  absl::Mutex lines_mu;
  SetLogSink([&](const std::string& line) {
    absl::MutexLock lock(&lines_mu);
    lines.push_back(line);
  });
  ScriptedServer server;
  server.server().Get(".*", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(QueueJson("info"), "application/json");
  });
  server.Start();
  {
    auto api = MakeApi(server.base_url());
    Waiter<v1::AnnotationQueue> waiter;
    api->GetQueue(CallContext{}, "info", waiter.Done());
    EXPECT_TRUE(waiter.Wait().ok());
  }
  SetLogSink(nullptr);
  absl::MutexLock lock(&lines_mu);
  for (const std::string& line : lines) EXPECT_THAT(line, Not(HasSubstr("upstream_request")));
  EXPECT_FALSE(lines.empty());  // the info-level upstream_call line
}

// A server that sends bytes after a 204 (which has no body) poisons its
// kept-alive connection: the next response read there starts with them and
// libcurl refuses it. The gateway must treat that as a broken connection and
// retry an idempotent call on a new one, not fail it as the caller's error.
TEST_F(MakeArizeApiTest, StrayBytesAfterA204DoNotFailTheNextCall) {
  const std::string body = QueueJson("q1");
  const std::string ok = absl::StrCat("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n",
                                      "Content-Length: ", body.size(), "\r\n\r\n", body);
  RawReplyServer server({"HTTP/1.1 204 No Content\r\n\r\n", "{" + ok, ok});
  auto api = MakeApi(server.base_url());

  StatusWaiter deleted;
  api->DeleteQueue(CallContext{}, "q0", deleted.Done());
  EXPECT_TRUE(deleted.Wait().ok());

  Waiter<v1::AnnotationQueue> fetched;
  api->GetQueue(CallContext{}, "q1", fetched.Done());
  auto queue = fetched.Wait();
  ASSERT_TRUE(queue.ok()) << queue.status();
  EXPECT_EQ(queue->id(), "q1");
  EXPECT_EQ(server.requests(), 3);     // delete, the poisoned GET, its retry
  EXPECT_EQ(server.connections(), 2);  // the retry went out on a new connection
}

TEST_F(MakeArizeApiTest, HttpsWithTheCaFileWorksAndAnUntrustedCertIsUnavailable) {
  const std::unique_ptr<TestCertificate> certificate = MakeSelfSignedCertificate();
  ScriptedServer server(certificate->cert_path, certificate->key_path);
  server.server().Get(".*", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(QueueJson("tls"), "application/json");
  });
  server.Start();

  UpstreamOptions trusted;
  trusted.ca_file = certificate->cert_path;
  auto api = MakeApi(server.base_url(), trusted);
  Waiter<v1::AnnotationQueue> ok;
  api->GetQueue(CallContext{}, "tls", ok.Done());
  auto queue = ok.Wait();
  ASSERT_TRUE(queue.ok()) << queue.status();
  EXPECT_EQ(queue->id(), "tls");

  auto untrusting = MakeApi(server.base_url());
  Waiter<v1::AnnotationQueue> refused;
  untrusting->GetQueue(CallContext{}, "tls", refused.Done());
  auto failure = refused.Wait();
  EXPECT_EQ(failure.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ErrorReason(failure.status()), kReasonTlsError);

  std::vector<std::string> lines;
  SetLogSink([&lines](const std::string& line) { lines.push_back(line); });
  UpstreamOptions insecure;
  insecure.insecure_skip_tls_verify = true;
  auto lax = MakeApi(server.base_url(), insecure);
  SetLogSink(nullptr);
  ASSERT_FALSE(lines.empty());
  EXPECT_THAT(lines[0], HasSubstr("level=warning event=upstream_tls_verification_disabled"));
  Waiter<v1::AnnotationQueue> lax_ok;
  lax->GetQueue(CallContext{}, "tls", lax_ok.Done());
  EXPECT_TRUE(lax_ok.Wait().ok());
}

TEST_F(MakeArizeApiTest, DeleteRecordsSendsItsBodyAndDestructionCancelsPendingCalls) {
  ScriptedServer server;
  std::string delete_body;
  server.server().Delete(".*", [&delete_body](const httplib::Request& request, httplib::Response& response) {
    delete_body = request.body;
    response.status = 204;
  });
  server.server().Get(".*", [&server](const httplib::Request&, httplib::Response& response) {
    server.WaitForRelease();
    response.set_content(QueueJson("late"), "application/json");
  });
  server.Start();
  auto api = MakeApi(server.base_url());
  StatusWaiter deleted;
  api->DeleteRecords(CallContext{}, "q1", {"r1", "r2"}, deleted.Done());
  EXPECT_TRUE(deleted.Wait().ok());
  EXPECT_EQ(delete_body, R"({"record_ids":["r1","r2"]})");

  Waiter<v1::AnnotationQueue> pending;
  api->GetQueue(CallContext{}, "q1", pending.Done());
  ASSERT_TRUE(server.WaitForRequests(2));
  api.reset();
  EXPECT_EQ(pending.Wait().status().code(), absl::StatusCode::kCancelled);
}

TEST_F(MakeArizeApiTest, CallDeadlineIsDeadlineExceeded) {
  ScriptedServer server;
  server.server().Get(".*", [&server](const httplib::Request&, httplib::Response& response) {
    server.WaitForRelease();
    response.set_content(QueueJson("late"), "application/json");
  });
  server.Start();
  auto api = MakeApi(server.base_url());
  Waiter<v1::AnnotationQueue> waiter;
  CallContext ctx;
  ctx.deadline = absl::Now() + absl::Milliseconds(300);
  api->GetQueue(ctx, "q1", waiter.Done());
  EXPECT_EQ(waiter.Wait().status().code(), absl::StatusCode::kDeadlineExceeded);
}

TEST_F(MakeArizeApiTest, RejectsUnusableOptions) {
  UpstreamOptions options;
  options.base_url = "ftp://example.com";
  EXPECT_EQ(MakeArizeApi(options).status().code(), absl::StatusCode::kInvalidArgument);
  options.base_url = "https://example.com";
  options.ca_file = "/nonexistent.pem";
  EXPECT_FALSE(MakeArizeApi(options).ok());
  options.ca_file = "";
  options.max_attempts = 0;
  EXPECT_FALSE(MakeArizeApi(options).ok());
}

}  // namespace
}  // namespace aqgate::upstream
