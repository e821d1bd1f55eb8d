// Every fault kind, triggered through POST /_admin/faults, observed as
// specified; and the request log that records them.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "gtest/gtest.h"
#include "tests/emulator/emulator_fixture.h"

namespace aqgate::emulator {
namespace {

using json = nlohmann::json;

class FaultsTest : public EmulatorTest {
 protected:
  void Arm(const json& fault) {
    HttpResult armed = Post("/_admin/faults", fault, "");
    ASSERT_EQ(armed.status, 200) << armed.body;
  }
};

TEST_F(FaultsTest, StatusFaultsCountMatchAndCarryRetryAfter) {
  Arm({{"kind", "status"}, {"status", 429}, {"count", 1},
       {"path_prefix", "/v2/annotation-queues"}, {"method", "POST"}});
  EXPECT_EQ(Get("/v2/spaces").status, 200);             // other path
  EXPECT_EQ(Get("/v2/annotation-queues").status, 200);  // other method
  EXPECT_EQ(Post("/v2/annotation-queues", CreateBody("limited")).status, 429);
  EXPECT_EQ(Post("/v2/annotation-queues", CreateBody("limited")).status, 201);  // count used up
  Arm({{"kind", "status"}, {"status", 429}, {"retry_after", "2"}, {"count", 2}});
  HttpResult first = Get("/v2/annotation-queues");
  EXPECT_EQ(first.status, 429);
  EXPECT_EQ(first.retry_after, "2");
  EXPECT_EQ(first.json["status"], 429);
  EXPECT_EQ(first.content_type, "application/problem+json");
  EXPECT_EQ(Get("/v2/spaces").status, 429);
  EXPECT_EQ(Get("/v2/spaces").status, 200);
  // A status fault does not act: the create did not happen.
  Arm({{"kind", "status"}, {"status", 503}, {"count", 1}, {"method", "POST"}});
  EXPECT_EQ(Post("/v2/annotation-queues", CreateBody("never")).status, 503);
  EXPECT_EQ(Get("/v2/annotation-queues?name=never").json["annotation_queues"].size(), 0u);
  for (int status : {500, 502, 504}) {
    Arm({{"kind", "status"}, {"status", status}, {"count", 1}});
    EXPECT_EQ(Get("/v2/spaces").status, status);
  }
  // Until cleared.
  Arm({{"kind", "status"}, {"status", 502}});
  EXPECT_EQ(Get("/v2/spaces").status, 502);
  EXPECT_EQ(Get("/v2/spaces").status, 502);
  ASSERT_EQ(Delete("/_admin/faults", nullptr, "").status, 200);
  EXPECT_EQ(Get("/v2/spaces").status, 200);
  EXPECT_EQ(Get("/_admin/health", "").json["ok"], true);
}

TEST_F(FaultsTest, LatencyFaultDelaysTheAnswer) {
  Arm({{"kind", "latency"}, {"latency_ms", 300}, {"count", 1}});
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Get("/v2/spaces").status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
  start = std::chrono::steady_clock::now();
  EXPECT_EQ(Get("/v2/spaces").status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
}

TEST_F(FaultsTest, DropConnectionActsThenCutsTheResponse) {
  Arm({{"kind", "drop_connection"}, {"count", 1}, {"method", "POST"}});
  HttpResult dropped = Post("/v2/annotation-queues", CreateBody("dropped"));
  EXPECT_EQ(dropped.status, 0);  // transport error: the body never completed
  EXPECT_EQ(Get("/v2/annotation-queues?name=dropped").json["annotation_queues"].size(), 1u);
}

TEST_F(FaultsTest, MalformedAndTruncatedJson) {
  Arm({{"kind", "malformed_json"}, {"count", 1}});
  HttpResult malformed = Get("/v2/spaces");
  EXPECT_EQ(malformed.status, 200);
  EXPECT_TRUE(malformed.json.is_discarded());
  Arm({{"kind", "truncated_json"}, {"count", 1}});
  HttpResult truncated = Get("/v2/spaces");
  EXPECT_EQ(truncated.status, 200);
  EXPECT_TRUE(truncated.json.is_discarded());
  EXPECT_FALSE(truncated.body.empty());
  EXPECT_EQ(Get("/v2/spaces").body.rfind(truncated.body, 0), 0u);  // a prefix of the real one
}

// Sends one request with "Connection: close" over a plain socket and returns
// every byte the server wrote before closing ("" if it cannot connect).
std::string RawExchange(int port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  std::string received;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
    char buffer[4096];
    for (ssize_t n; (n = read(fd, buffer, sizeof(buffer))) > 0;) received.append(buffer, n);
  }
  close(fd);
  return received;
}

// A 204 has no body, whatever the fault: bytes after its headers would be
// read as the start of the next response on a kept-alive connection (the
// gateway once failed a healthy call that way). The delete still happens.
TEST_F(FaultsTest, BodyFaultsLeaveA204WithoutABody) {
  for (const char* kind : {"truncated_json", "drop_connection", "stall"}) {
    SCOPED_TRACE(kind);
    const std::string id = CreateQueue(std::string("bodiless-") + kind);
    Arm({{"kind", kind}, {"stall_ms", 100}, {"count", 1}, {"method", "DELETE"}});
    const std::string response = RawExchange(
        server_->port(), "DELETE " + QueuePath(id) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                             "Authorization: Bearer " + kAlice + "\r\nConnection: close\r\n\r\n");
    ASSERT_EQ(response.rfind("HTTP/1.1 204 ", 0), 0u) << response;
    EXPECT_EQ(response.find("\r\n\r\n"), response.size() - 4) << "bytes after the headers";
    EXPECT_TRUE(response.find("Content-Length") == std::string::npos ||
                response.find("Content-Length: 0\r\n") != std::string::npos)
        << response;
    EXPECT_EQ(Get(QueuePath(id)).status, 404);  // the fault acted
  }
}

TEST_F(FaultsTest, OversizedBodyIsValidJsonOfTheGivenSize) {
  Arm({{"kind", "oversized_body"}, {"oversize_bytes", 3 << 20}, {"count", 1}});
  HttpResult big = Get("/v2/annotation-queues");
  EXPECT_EQ(big.status, 200);
  EXPECT_EQ(big.body.size(), size_t{3} << 20);
  EXPECT_TRUE(big.json.is_object());
}

TEST_F(FaultsTest, StallHoldsTheBodyMidway) {
  Arm({{"kind", "stall"}, {"stall_ms", 2000}, {"count", 1}});
  client_->set_read_timeout(0, 300 * 1000);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Get("/v2/spaces").status, 0);  // the client gives up mid-body
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1500));
  client_->set_read_timeout(10, 0);
  Arm({{"kind", "stall"}, {"stall_ms", 200}, {"count", 1}});
  start = std::chrono::steady_clock::now();
  HttpResult late = Get("/v2/spaces");
  EXPECT_EQ(late.status, 200);
  EXPECT_TRUE(late.json.is_object());
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(200));
}

TEST_F(FaultsTest, BadFaultSpecsAreRejected) {
  EXPECT_EQ(Post("/_admin/faults", {{"kind", "explode"}}, "").status, 400);
  EXPECT_EQ(Post("/_admin/faults", {{"kind", "status"}, {"count", 0}}, "").status, 400);
  EXPECT_EQ(Post("/_admin/faults", {{"kind", "status"}, {"status", "x"}}, "").status, 400);
  EXPECT_EQ(Call("POST", "/_admin/faults", "{", "").status, 400);
}

TEST_F(FaultsTest, RequestLogRecordsMethodPathStatusAndFaultButNoSecrets) {
  ASSERT_EQ(Delete("/_admin/requests", nullptr, "").status, 200);
  Arm({{"kind", "status"}, {"status", 503}, {"count", 1}});
  Get("/v2/spaces?name=demo");
  Get("/v2/spaces", "top-secret-key");
  HttpResult log = Get("/_admin/requests", "");
  ASSERT_EQ(log.json["requests"].size(), 2u) << log.body;
  const json& first = log.json["requests"][0];
  EXPECT_EQ(first["method"], "GET");
  EXPECT_EQ(first["path"], "/v2/spaces");
  EXPECT_EQ(first["query"], "name=demo");
  EXPECT_EQ(first["status"], 503);
  EXPECT_EQ(first["fault"], "status");
  EXPECT_EQ(log.json["requests"][1]["status"], 401);
  EXPECT_FALSE(log.json["requests"][1].contains("fault"));
  EXPECT_EQ(log.body.find("top-secret-key"), std::string::npos);
  EXPECT_EQ(log.body.find("ak-alice"), std::string::npos);
  ASSERT_EQ(Delete("/_admin/requests", nullptr, "").status, 200);
  EXPECT_EQ(Get("/_admin/requests", "").json["requests"].size(), 0u);
}

}  // namespace
}  // namespace aqgate::emulator
