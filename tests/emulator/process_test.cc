// The aqgate-emulator binary as a process: port file and listening line,
// SIGTERM exits 0, a restart on the same --db keeps everything, a kill -9
// during writes loses no acknowledged write, HTTPS with a given certificate.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "httplib.h"
#include "nlohmann/json.hpp"

namespace aqgate::emulator {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

constexpr char kAlice[] = "ak-alice-demo-0001";

class ProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("aqgate-emulator-test-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    fs::remove_all(dir_);
  }

  // Starts the binary and waits (port-file probe) until it listens.
  int Start(std::vector<std::string> extra = {}) {
    const std::string port_file = (dir_ / "port").string();
    fs::remove(port_file);
    std::vector<std::string> args = {AQGATE_EMULATOR_BIN, "--seed", AQGATE_EMULATOR_SEED,
                                     "--db", (dir_ / "emulator.db").string(), "--port_file",
                                     port_file};
    args.insert(args.end(), extra.begin(), extra.end());
    const std::string out = (dir_ / "stdout").string();
    pid_ = fork();
    if (pid_ == 0) {
      FILE* f = std::freopen(out.c_str(), "w", stdout);
      (void)f;
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    for (int i = 0; i < 2000; ++i) {
      std::ifstream in(port_file);
      std::string text;
      if (in && std::getline(in, text) && !text.empty()) return std::stoi(text);
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        ADD_FAILURE() << "emulator exited early";
        return 0;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << "emulator never wrote its port file";
    return 0;
  }
  int Stop(int signal) {
    kill(pid_, signal);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }
  std::string Stdout() {
    std::ifstream in(dir_ / "stdout");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  static json GetJson(httplib::Client& client, const std::string& path) {
    httplib::Result r = client.Get(path, {{"Authorization", std::string("Bearer ") + kAlice}});
    return r ? json::parse(r->body, nullptr, false) : json();
  }
  static std::string Ids(httplib::Client& client, const std::string& space) {
    return GetJson(client, "/_admin/ids")["spaces"][space];
  }
  static json CreateBody(httplib::Client& client, const std::string& name) {
    json ids = GetJson(client, "/_admin/ids");
    return {{"name", name},
            {"space_id", ids["spaces"]["demo-space"]},
            {"annotation_config_ids", {ids["annotation_configs"]["demo-space/notes"]}},
            {"annotator_emails", {"alice@example.com"}}};
  }
  // All queue names, following cursors.
  static std::set<std::string> QueueNames(httplib::Client& client) {
    std::set<std::string> names;
    std::string cursor;
    do {
      std::string path = "/v2/annotation-queues?limit=100";
      if (!cursor.empty()) path += "&cursor=" + httplib::detail::encode_query_param(cursor);
      json page = GetJson(client, path);
      for (const json& q : page["annotation_queues"]) names.insert(q["name"]);
      cursor = page["pagination"].value("next_cursor", "");
    } while (!cursor.empty());
    return names;
  }

  fs::path dir_;
  pid_t pid_ = -1;
};

// absl's default --version describes how Debian built absl.
TEST(EmulatorVersion, NamesTheEmulatorAndExitsZero) {
  FILE* out = popen(AQGATE_EMULATOR_BIN " --version", "r");
  ASSERT_NE(out, nullptr);
  std::string text;
  char buffer[256];
  while (fgets(buffer, sizeof buffer, out) != nullptr) text += buffer;
  const int status = pclose(out);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_EQ(text.rfind("aqgate-emulator ", 0), 0u) << text;
  EXPECT_EQ(text.find("Debug build"), std::string::npos) << text;
}

TEST_F(ProcessTest, ListensWritesPortFileAndStopsCleanlyOnSigterm) {
  const int port = Start();
  ASSERT_GT(port, 0);
  EXPECT_EQ(Stdout(), "aqgate-emulator listening on http://127.0.0.1:" + std::to_string(port) + "\n");
  httplib::Client client("127.0.0.1", port);
  EXPECT_EQ(GetJson(client, "/_admin/health")["ok"], true);
  const int status = Stop(SIGTERM);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST_F(ProcessTest, RestartOnTheSameDatabaseKeepsEverything) {
  int port = Start();
  std::string queue_id;
  {
    httplib::Client client("127.0.0.1", port);
    httplib::Headers auth = {{"Authorization", std::string("Bearer ") + kAlice}};
    httplib::Result created = client.Post("/v2/annotation-queues", auth,
                                          CreateBody(client, "survivor").dump(), "application/json");
    ASSERT_TRUE(created);
    ASSERT_EQ(created->status, 201);
    queue_id = json::parse(created->body)["id"];
  }
  Stop(SIGTERM);
  port = Start();
  httplib::Client client("127.0.0.1", port);
  json got = GetJson(client, "/v2/annotation-queues/" + httplib::detail::encode_query_param(queue_id));
  EXPECT_EQ(got["name"], "survivor");
  // The seed was not loaded a second time.
  EXPECT_EQ(GetJson(client, "/v2/spaces")["spaces"].size(), 3u);
  EXPECT_EQ(QueueNames(client).count("bench-1k"), 1u);
}

TEST_F(ProcessTest, KillNineDuringWritesLosesNoAcknowledgedWrite) {
  const int port = Start();
  std::vector<std::string> acknowledged;  // main thread only
  // The killer polls this count, not the vector the main thread grows (a
  // data race TSan reported).
  std::atomic<size_t> acknowledged_count{0};
  std::atomic<bool> killed{false};
  std::thread killer([&] {
    // Kill while writes are in flight (after enough have been acknowledged).
    while (acknowledged_count.load() < 25) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    kill(pid_, SIGKILL);
    killed = true;
  });
  {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(2, 0);
    httplib::Headers auth = {{"Authorization", std::string("Bearer ") + kAlice}};
    const json base = CreateBody(client, "x");
    for (int i = 0; i < 100000 && !killed; ++i) {
      json body = base;
      body["name"] = "k-" + std::to_string(i);
      httplib::Result r = client.Post("/v2/annotation-queues", auth, body.dump(), "application/json");
      if (r && r->status == 201) {
        std::string name = body["name"];
        acknowledged.push_back(name);
        acknowledged_count.store(acknowledged.size());
      }
    }
  }
  killer.join();
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  ASSERT_TRUE(WIFSIGNALED(status));
  ASSERT_GE(acknowledged.size(), 25u);
  const int port2 = Start();
  httplib::Client client("127.0.0.1", port2);
  std::set<std::string> names = QueueNames(client);
  for (const std::string& name : acknowledged) EXPECT_EQ(names.count(name), 1u) << name;
}

TEST_F(ProcessTest, ServesHttpsWithTheGivenCertificate) {
  const std::string cert = (dir_ / "cert.pem").string();
  const std::string key = (dir_ / "key.pem").string();
  const std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -keyout " + key + " -out " +
                          cert + " -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 "
                          ">/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const int port = Start({"--tls_cert", cert, "--tls_key", key});
  ASSERT_GT(port, 0);
  EXPECT_NE(Stdout().find("https://127.0.0.1:"), std::string::npos);
  httplib::SSLClient verified("127.0.0.1", port);
  verified.set_ca_cert_path(cert.c_str());
  verified.enable_server_certificate_verification(true);
  httplib::Result ok = verified.Get("/v2/spaces", {{"Authorization", std::string("Bearer ") + kAlice}});
  ASSERT_TRUE(ok) << httplib::to_string(ok.error());
  EXPECT_EQ(ok->status, 200);
  httplib::SSLClient untrusting("127.0.0.1", port);
  untrusting.enable_server_certificate_verification(true);
  untrusting.set_ca_cert_path("/nonexistent");
  EXPECT_FALSE(untrusting.Get("/_admin/health"));
}

TEST_F(ProcessTest, SyntheticQueuesLoadQuickly) {
  const auto start = std::chrono::steady_clock::now();
  const int port = Start({"--synthetic_queues", "bench-200k:200000"});
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("200k-record synthetic queue ready in %.2f s\n", s);
  httplib::Client client("127.0.0.1", port);
  json page = GetJson(client, "/v2/annotation-queues?name=bench-200k");
  ASSERT_EQ(page["annotation_queues"].size(), 1u);
  EXPECT_LT(s, 30.0);
}

}  // namespace
}  // namespace aqgate::emulator
