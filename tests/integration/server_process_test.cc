// The aqgate process itself: flags and --help, the port file and the
// listening line, health, reflection, signals and exit codes, and the
// upstream URL chosen from flags and environment. No upstream is needed:
// none of these calls reach it.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "service/common/version.h"
#include "tests/integration/harness/gateway.h"

namespace aqgate::testing {
namespace {

using ::grpc::health::v1::HealthCheckResponse;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

// Nothing listens there; these tests never call the upstream.
constexpr char kUnusedUpstream[] = "http://127.0.0.1:9";

std::unique_ptr<Gateway> StartGateway(GatewayOptions options = {}) {
  if (options.upstream_url.empty()) options.upstream_url = kUnusedUpstream;
  absl::StatusOr<std::unique_ptr<Gateway>> gateway = Gateway::Start(std::move(options));
  EXPECT_TRUE(gateway.ok()) << gateway.status();
  return gateway.ok() ? *std::move(gateway) : nullptr;
}

TEST(ServerProcess, HelpDocumentsEveryFlag) {
  RunResult run = RunToExit(AQGATE_SERVER_BIN, {"--help"});
  const std::string help = run.out + run.err;
  for (const char* flag :
       {"listen", "port_file", "upstream_url", "require_caller_key", "tls_cert", "tls_key",
        "tls_client_ca", "upstream_ca_file", "upstream_insecure_skip_tls_verify",
        "upstream_attempt_timeout", "upstream_max_attempts", "upstream_compression",
        "upstream_initial_backoff",
        "upstream_max_backoff", "name_cache_ttl", "default_deadline", "shutdown_grace",
        "log_level"}) {
    EXPECT_THAT(help, HasSubstr(absl::StrCat("--", flag))) << flag;
  }
  EXPECT_THAT(help, HasSubstr("ARIZE_API_KEY"));
  EXPECT_THAT(help, HasSubstr("Flags from aqgate:"));  // not the build's source path
  EXPECT_THAT(help, Not(HasSubstr("main.cc")));
}

TEST(ServerProcess, VersionIsTheGatewaysAndExitsZero) {
  RunResult run = RunToExit(AQGATE_SERVER_BIN, {"--version"});
  ASSERT_TRUE(WIFEXITED(run.wait_status)) << DescribeWaitStatus(run.wait_status);
  EXPECT_EQ(WEXITSTATUS(run.wait_status), 0);
  EXPECT_EQ(run.out, absl::StrCat("aqgate ", kVersion, "\n"));
}

TEST(ServerProcess, BadFlagValuesExitNonZeroWithAReason) {
  struct Case {
    std::vector<std::string> args;
    std::string reason;
  };
  for (const Case& c : std::vector<Case>{
           {{"--log_level=loud"}, "--log_level"},
           {{"--upstream_max_attempts=0"}, "--upstream_max_attempts"},
           {{"--upstream_compression=br"}, "--upstream_compression must be gzip or none"},
           {{"--listen=no-port-here"}, "host:port"},
           {{"--tls_cert=/nonexistent/cert.pem"}, "--tls_cert and --tls_key"},
           {{"--tls_cert=/nonexistent/c.pem", "--tls_key=/nonexistent/k.pem"}, "/nonexistent/c.pem"},
           {{"--upstream_url=ftp://example.com"}, "startup_failed"},
           {{"stray-argument"}, "stray-argument"},
       }) {
    RunResult run = RunToExit(AQGATE_SERVER_BIN, c.args, {{"ARIZE_API_KEY", kTestServerKey}});
    ASSERT_TRUE(WIFEXITED(run.wait_status)) << DescribeWaitStatus(run.wait_status);
    EXPECT_NE(WEXITSTATUS(run.wait_status), 0) << c.args[0];
    EXPECT_THAT(run.err, HasSubstr(c.reason)) << c.args[0];
    EXPECT_THAT(run.err, Not(HasSubstr(kTestServerKey)));
  }
}

TEST(ServerProcess, PrintsListeningLineAndServesHealth) {
  std::unique_ptr<Gateway> gateway = StartGateway();
  ASSERT_NE(gateway, nullptr);
  EXPECT_THAT(gateway->Stdout(),
              HasSubstr(absl::StrCat("aqgate listening on 127.0.0.1:", gateway->port())));
  EXPECT_EQ(gateway->HealthStatus("").value_or(-1), HealthCheckResponse::SERVING);
  EXPECT_EQ(gateway->HealthStatus("aqgate.v1.AnnotationQueueService").value_or(-1),
            HealthCheckResponse::SERVING);
  EXPECT_EQ(gateway->HealthStatus("no.such.Service").status().code(),
            absl::StatusCode::kNotFound);
}

// gRPC sets SO_REUSEPORT by default, so without turning it off a second
// gateway on a busy port would start and silently share its connections.
TEST(ServerProcess, APortInUseIsAStartupError) {
  std::unique_ptr<Gateway> first = StartGateway();
  ASSERT_NE(first, nullptr);
  RunResult second =
      RunToExit(AQGATE_SERVER_BIN,
                {absl::StrCat("--listen=127.0.0.1:", first->port()),
                 absl::StrCat("--upstream_url=", kUnusedUpstream)},
                {{"ARIZE_API_KEY", kTestServerKey}});
  ASSERT_TRUE(WIFEXITED(second.wait_status)) << DescribeWaitStatus(second.wait_status);
  EXPECT_NE(WEXITSTATUS(second.wait_status), 0);
  EXPECT_THAT(second.err, HasSubstr(absl::StrCat("cannot listen on 127.0.0.1:", first->port(),
                                                 " (the port is in use")));
  EXPECT_EQ(first->HealthStatus("").value_or(-1), HealthCheckResponse::SERVING);
}

TEST(ServerProcess, SigtermAndSigintExitZero) {
  for (int signal_number : {SIGTERM, SIGINT}) {
    std::unique_ptr<Gateway> gateway = StartGateway();
    ASSERT_NE(gateway, nullptr);
    gateway->process().Signal(signal_number);
    std::optional<int> status = gateway->process().Wait(absl::Seconds(15));
    ASSERT_TRUE(status.has_value()) << "still running after signal " << signal_number;
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << DescribeWaitStatus(*status);
    EXPECT_THAT(gateway->Stderr(), AllOf(HasSubstr("event=shutdown_begin"),
                                         HasSubstr("event=shutdown_done")));
  }
}

TEST(ServerProcess, UpstreamUrlComesFromFlagThenEnvironment) {
  struct Case {
    std::string flag;
    std::map<std::string, std::string> env;
    std::string expected;
  };
  for (const Case& c : std::vector<Case>{
           {"", {}, "https://api.arize.com"},
           {"", {{"ARIZE_API_HOST", "eu.example.test"}}, "https://eu.example.test"},
           {"", {{"ARIZE_API_HOST", "http://127.0.0.1:9"}}, "http://127.0.0.1:9"},
           {"",
            {{"ARIZE_API_HOST", "eu.example.test"}, {"ARIZE_BASE_URL", "http://127.0.0.1:9/"}},
            "http://127.0.0.1:9"},
           {"http://127.0.0.1:9", {{"ARIZE_BASE_URL", "https://other.test"}},
            "http://127.0.0.1:9"},
           // Credentials in the URL are never logged.
           {"http://user:url-secret@127.0.0.1:9/prefix", {}, "http://127.0.0.1:9/prefix"},
       }) {
    GatewayOptions options;
    options.upstream_url = c.flag;
    options.env = c.env;
    absl::StatusOr<std::unique_ptr<Gateway>> gateway = Gateway::Start(options);
    ASSERT_TRUE(gateway.ok()) << gateway.status();
    EXPECT_THAT((*gateway)->Stderr(), HasSubstr(absl::StrCat("upstream=", c.expected, " ")))
        << c.expected;
    EXPECT_THAT((*gateway)->Stderr(), Not(HasSubstr("url-secret")));
  }
}

TEST(ServerProcess, ServerKeyNeverLogged) {
  GatewayOptions options;
  options.extra_args = {"--log_level=debug", "--upstream_insecure_skip_tls_verify"};
  std::unique_ptr<Gateway> gateway = StartGateway(std::move(options));
  ASSERT_NE(gateway, nullptr);
  gateway->process().Stop();
  EXPECT_THAT(gateway->Stderr(), Not(HasSubstr(kTestServerKey)));
  EXPECT_THAT(gateway->Stderr(), HasSubstr("event=upstream_tls_verify_off"));
}

TEST(ServerProcess, ReflectionListsTheServiceAndHealth) {
  const std::string buf = absl::StrCat(AQGATE_SOURCE_DIR, "/node_modules/.bin/buf");
  if (access(buf.c_str(), X_OK) != 0) GTEST_FAIL() << "run scripts/install-deps: no " << buf;
  std::unique_ptr<Gateway> gateway = StartGateway();
  ASSERT_NE(gateway, nullptr);
  RunResult run = RunToExit(buf, {"curl", "--protocol", "grpc", "--http2-prior-knowledge",
                                  "--list-services", absl::StrCat("http://", gateway->target())},
                            {}, absl::Seconds(60));
  EXPECT_THAT(run.out, AllOf(HasSubstr("aqgate.v1.AnnotationQueueService"),
                             HasSubstr("grpc.health.v1.Health")))
      << run.err;
}

// gRPC's built-in health service registers no schema of its own; the server
// links grpc.health.v1 so reflection clients can describe it, not only name it.
TEST(ServerProcess, ReflectionDescribesTheHealthService) {
  const std::string buf = absl::StrCat(AQGATE_SOURCE_DIR, "/node_modules/.bin/buf");
  if (access(buf.c_str(), X_OK) != 0) GTEST_FAIL() << "run scripts/install-deps: no " << buf;
  std::unique_ptr<Gateway> gateway = StartGateway();
  ASSERT_NE(gateway, nullptr);
  RunResult run = RunToExit(buf, {"curl", "--protocol", "grpc", "--http2-prior-knowledge",
                                  "--list-methods", absl::StrCat("http://", gateway->target())},
                            {}, absl::Seconds(60));
  EXPECT_TRUE(WIFEXITED(run.wait_status) && WEXITSTATUS(run.wait_status) == 0) << run.err;
  EXPECT_THAT(run.out, AllOf(HasSubstr("grpc.health.v1.Health/Check"),
                             HasSubstr("grpc.health.v1.Health/Watch"),
                             HasSubstr("aqgate.v1.AnnotationQueueService/StreamRecords")))
      << run.err;
}

}  // namespace
}  // namespace aqgate::testing
