// Test fixture: an in-process emulator (in-memory store, demo seed) on an
// OS-chosen port, with a small HTTP helper over a real socket.
#ifndef AQGATE_TESTS_EMULATOR_EMULATOR_FIXTURE_H_
#define AQGATE_TESTS_EMULATOR_EMULATOR_FIXTURE_H_

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "httplib.h"
#include "nlohmann/json.hpp"
#include "tests/emulator/demo_seed.h"
#include "tests/emulator/ids.h"
#include "tests/emulator/seed_loader.h"
#include "tests/emulator/server.h"
#include "tests/emulator/store.h"

namespace aqgate::emulator {

inline constexpr char kAlice[] = "ak-alice-demo-0001";  // every space
inline constexpr char kBob[] = "ak-bob-demo-0002";      // not other-space
inline constexpr char kDave[] = "ak-dave-demo-0004";    // only other-space

struct HttpResult {
  int status = 0;  // 0 = transport error
  nlohmann::json json;  // discarded when the body is not JSON
  std::string body;
  std::string content_type;
  std::string retry_after;
};

class EmulatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(":memory:");
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    seed_ = BuildDemoSeed(60);
    ASSERT_TRUE(LoadSeed(*store_, seed_).ok());
    EmulatorOptions options;
    options.max_threads = 64;
    absl::StatusOr<std::unique_ptr<EmulatorServer>> server = EmulatorServer::Bind(*store_, options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    server_->Start();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_read_timeout(10, 0);
    ids_ = Call("GET", "/_admin/ids", "", "").json;
  }

  void TearDown() override {
    client_.reset();
    server_.reset();
    store_.reset();
  }

  HttpResult Call(const std::string& method, const std::string& path, const std::string& body,
                  const std::string& key) {
    httplib::Headers headers;
    if (!key.empty()) headers.emplace("Authorization", "Bearer " + key);
    httplib::Result result = [&] {
      if (method == "GET") return client_->Get(path, headers);
      if (method == "POST") return client_->Post(path, headers, body, "application/json");
      if (method == "PATCH") return client_->Patch(path, headers, body, "application/json");
      return client_->Delete(path, headers, body, "application/json");
    }();
    HttpResult out;
    if (!result) return out;
    out.status = result->status;
    out.body = result->body;
    out.content_type = result->get_header_value("Content-Type");
    out.retry_after = result->get_header_value("Retry-After");
    out.json = nlohmann::json::parse(out.body, nullptr, /*allow_exceptions=*/false);
    return out;
  }
  HttpResult Get(const std::string& path, const std::string& key = kAlice) {
    return Call("GET", path, "", key);
  }
  HttpResult Post(const std::string& path, const nlohmann::json& body,
                  const std::string& key = kAlice) {
    return Call("POST", path, body.dump(), key);
  }
  HttpResult Patch(const std::string& path, const nlohmann::json& body,
                   const std::string& key = kAlice) {
    return Call("PATCH", path, body.dump(), key);
  }
  HttpResult Delete(const std::string& path, const nlohmann::json& body = nullptr,
                    const std::string& key = kAlice) {
    return Call("DELETE", path, body.is_null() ? "" : body.dump(), key);
  }

  std::string SpaceId(const std::string& name) { return ids_["spaces"][name]; }
  std::string ConfigId(const std::string& space, const std::string& name) {
    return ids_["annotation_configs"][space + "/" + name];
  }
  std::string ProjectId() { return ids_["projects"]["demo-space/chatbot-prod"]; }
  const nlohmann::json& Spans() { return seed_["projects"][0]["spans"]; }

  // A valid create body in demo-space; tweak fields per test.
  nlohmann::json CreateBody(const std::string& name) {
    return {{"name", name},
            {"space_id", SpaceId("demo-space")},
            {"annotation_config_ids",
             {ConfigId("demo-space", "accuracy"), ConfigId("demo-space", "helpfulness"),
              ConfigId("demo-space", "notes")}},
            {"annotator_emails", {"alice@example.com", "bob@example.com"}}};
  }
  static std::string QueuePath(const std::string& id) {
    return "/v2/annotation-queues/" + httplib::detail::encode_query_param(id);
  }
  // Creates a queue and returns its ID.
  std::string CreateQueue(const std::string& name) {
    HttpResult created = Post("/v2/annotation-queues", CreateBody(name));
    EXPECT_EQ(created.status, 201) << created.body;
    return created.json.value("id", "");
  }
  nlohmann::json SpanSource(nlohmann::json span_ids) {
    return {{"record_type", "SPAN"},
            {"project_id", ProjectId()},
            {"start_time", "2026-03-01T00:00:00Z"},
            {"end_time", "2026-03-02T00:00:00Z"},
            {"span_ids", span_ids}};
  }

  std::unique_ptr<Store> store_;
  std::unique_ptr<EmulatorServer> server_;
  std::unique_ptr<httplib::Client> client_;
  nlohmann::json seed_;
  nlohmann::json ids_;
};

// The field named by a problem body ("invalid_params"[0].name), or "".
inline std::string ProblemField(const HttpResult& result) {
  if (!result.json.is_object() || !result.json.contains("invalid_params")) return "";
  return result.json["invalid_params"][0].value("name", "");
}

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_EMULATOR_FIXTURE_H_
