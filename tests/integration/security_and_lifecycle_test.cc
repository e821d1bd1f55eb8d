// TLS toward clients (server TLS and mTLS, certificates made at test time),
// TLS toward the upstream (--upstream_ca_file), request IDs end to end,
// secrets kept out of logs, and graceful shutdown with calls in flight.
#include <signal.h>
#include <sys/wait.h>

#include <string>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "tests/integration/harness/recording_proxy.h"
#include "tests/integration/harness/stack.h"

namespace aqgate::testing {
namespace {

namespace v1 = ::aqgate::v1;
using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Not;

// A self-signed certificate for 127.0.0.1/localhost, made with openssl.
struct Pem {
  std::string cert_file;
  std::string key_file;
  std::string cert;
  std::string key;
};

Pem MakeCertificate(const TempDir& dir, const std::string& name) {
  Pem pem{dir.File(name + ".crt"), dir.File(name + ".key"), "", ""};
  RunResult run = RunToExit(
      "/usr/bin/openssl",
      {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", pem.key_file, "-out",
       pem.cert_file, "-days", "1", "-subj", "/CN=" + name, "-addext",
       "subjectAltName=DNS:localhost,IP:127.0.0.1"});
  EXPECT_TRUE(WIFEXITED(run.wait_status) && WEXITSTATUS(run.wait_status) == 0) << run.err;
  pem.cert = ReadFileOrEmpty(pem.cert_file);
  pem.key = ReadFileOrEmpty(pem.key_file);
  return pem;
}

grpc::Status GetExisting(v1::AnnotationQueueService::Stub& stub,
                         std::unique_ptr<grpc::ClientContext> context = Ctx()) {
  v1::GetAnnotationQueueRequest request;
  *request.mutable_queue() = QueueById(SeedId("AnnotationQueue", 1));
  v1::GetAnnotationQueueResponse response;
  return stub.GetAnnotationQueue(context.get(), request, &response);
}

class SecurityTest : public StackTest {
 protected:
  // The gateway goes first: an idle keep-alive connection to the proxy
  // would otherwise hold the proxy's worker threads until their timeout.
  void TearDown() override {
    stub_.reset();
    gateway_.reset();
    proxy_.reset();
  }

  void StartProxy(const std::string& cert_file = "", const std::string& key_file = "") {
    absl::StatusOr<std::unique_ptr<RecordingProxy>> proxy =
        RecordingProxy::Start(emulator().port(), cert_file, key_file);
    ASSERT_TRUE(proxy.ok()) << proxy.status();
    proxy_ = *std::move(proxy);
  }

  TempDir dir_;
  std::unique_ptr<RecordingProxy> proxy_;
};

TEST_F(SecurityTest, ServerTls) {
  StartEmulator();
  ASSERT_FALSE(HasFatalFailure());
  Pem server = MakeCertificate(dir_, "aqgate-server");
  GatewayOptions options;
  options.upstream_url = emulator().base_url();
  options.extra_args = {"--tls_cert=" + server.cert_file, "--tls_key=" + server.key_file};
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = server.cert;
  options.channel_credentials = grpc::SslCredentials(ssl);
  absl::StatusOr<std::unique_ptr<Gateway>> gateway = Gateway::Start(options);
  ASSERT_TRUE(gateway.ok()) << gateway.status();

  grpc::Status status = GetExisting(*(*gateway)->NewStub());
  EXPECT_TRUE(status.ok()) << status.error_message();

  auto plaintext = v1::AnnotationQueueService::NewStub(
      grpc::CreateChannel((*gateway)->target(), grpc::InsecureChannelCredentials()));
  EXPECT_EQ(GetExisting(*plaintext, Ctx("", "", absl::Seconds(3))).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT((*gateway)->Stderr(), HasSubstr("tls=on"));
}

TEST_F(SecurityTest, MutualTlsRequiresAClientCertificate) {
  StartEmulator();
  ASSERT_FALSE(HasFatalFailure());
  Pem server = MakeCertificate(dir_, "aqgate-server");
  Pem client = MakeCertificate(dir_, "aqgate-client");
  GatewayOptions options;
  options.upstream_url = emulator().base_url();
  options.extra_args = {"--tls_cert=" + server.cert_file, "--tls_key=" + server.key_file,
                        "--tls_client_ca=" + client.cert_file};
  grpc::SslCredentialsOptions with_cert;
  with_cert.pem_root_certs = server.cert;
  with_cert.pem_cert_chain = client.cert;
  with_cert.pem_private_key = client.key;
  options.channel_credentials = grpc::SslCredentials(with_cert);
  absl::StatusOr<std::unique_ptr<Gateway>> gateway = Gateway::Start(options);
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  grpc::Status status = GetExisting(*(*gateway)->NewStub());
  EXPECT_TRUE(status.ok()) << status.error_message();

  grpc::SslCredentialsOptions without_cert;
  without_cert.pem_root_certs = server.cert;
  auto anonymous = v1::AnnotationQueueService::NewStub(
      grpc::CreateChannel((*gateway)->target(), grpc::SslCredentials(without_cert)));
  EXPECT_EQ(GetExisting(*anonymous, Ctx("", "", absl::Seconds(3))).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT((*gateway)->Stderr(), HasSubstr("tls=mutual"));
}

TEST_F(SecurityTest, UpstreamOverHttpsWithCaFile) {
  StartEmulator();
  ASSERT_FALSE(HasFatalFailure());
  Pem upstream = MakeCertificate(dir_, "upstream");
  StartProxy(upstream.cert_file, upstream.key_file);
  ASSERT_FALSE(HasFatalFailure());
  RecordingProxy* proxy = proxy_.get();

  StackOptions trusting;
  trusting.upstream_url_override = proxy->base_url();
  trusting.gateway_args = {"--upstream_ca_file=" + upstream.cert_file};
  StartGateway(trusting);
  ASSERT_FALSE(HasFatalFailure());
  grpc::Status status = GetExisting(stub());
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(proxy->Requests(), Not(::testing::IsEmpty()));

  // Without the CA the certificate is not trusted: a clean UNAVAILABLE.
  GatewayOptions distrusting;
  distrusting.upstream_url = proxy->base_url();
  distrusting.extra_args = {"--upstream_max_attempts=1"};
  absl::StatusOr<std::unique_ptr<Gateway>> strict = Gateway::Start(distrusting);
  ASSERT_TRUE(strict.ok()) << strict.status();
  EXPECT_EQ(GetExisting(*(*strict)->NewStub()).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(SecurityTest, RequestIdReachesUpstreamLogsAndErrors) {
  StartEmulator();
  ASSERT_FALSE(HasFatalFailure());
  StartProxy();
  ASSERT_FALSE(HasFatalFailure());
  RecordingProxy* proxy = proxy_.get();
  StackOptions options;
  options.upstream_url_override = proxy->base_url();
  StartGateway(options);
  ASSERT_FALSE(HasFatalFailure());

  auto context = Ctx("", "it-request-42");
  grpc::Status status = GetExisting(stub(), std::move(context));
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(proxy->Requests(), Contains(Field(&ProxiedRequest::request_id, "it-request-42")));
  ASSERT_TRUE(PollUntil([&] { return absl::StrContains(gateway().Stderr(), "it-request-42"); },
                        absl::Seconds(5)));

  // In error details too, and a generated one when the caller sends none.
  v1::GetAnnotationQueueRequest missing;
  *missing.mutable_queue() = QueueById(SeedId("AnnotationQueue", 4242));
  v1::GetAnnotationQueueResponse ignored;
  status = stub().GetAnnotationQueue(Ctx("", "it-request-43").get(), missing, &ignored);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  std::optional<google::rpc::ErrorInfo> info = ErrorInfoOf(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->metadata().at("request_id"), "it-request-43");

  ASSERT_TRUE(GetExisting(stub()).ok());
  std::vector<ProxiedRequest> requests = proxy->Requests();
  ASSERT_FALSE(requests.empty());
  EXPECT_FALSE(requests.back().request_id.empty()) << "no generated X-Request-Id";
}

TEST_F(SecurityTest, NoApiKeyInTheGatewayLog) {
  StackOptions options;
  options.gateway_args = {"--log_level=debug"};
  StartStack(options);
  ASSERT_FALSE(HasFatalFailure());
  EXPECT_TRUE(GetExisting(stub()).ok());
  EXPECT_TRUE(GetExisting(stub(), Ctx(kCallerKey)).ok());
  EXPECT_EQ(GetExisting(stub(), Ctx(kUnknownKey)).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  stub_.reset();  // an idle client channel would hold shutdown up to the grace
  gateway().process().Stop();
  const std::string log = gateway().Stderr() + gateway().Stdout();
  if (std::getenv("AQGATE_IT_DUMP_LOG") != nullptr) std::cerr << log;
  EXPECT_THAT(log, HasSubstr("event=rpc"));
  for (const char* key : {kTestServerKey, kCallerKey, kUnknownKey}) {
    EXPECT_THAT(log, Not(HasSubstr(key)));
  }
}

class ShutdownTest : public StackTest {};

TEST_F(ShutdownTest, SigtermLetsInFlightCallsFinishAndExitsZero) {
  StartEmulator();
  ASSERT_FALSE(HasFatalFailure());
  // The proxy records a request when it arrives: the readiness signal that
  // the slow call is in flight.
  absl::StatusOr<std::unique_ptr<RecordingProxy>> proxy = RecordingProxy::Start(emulator().port());
  ASSERT_TRUE(proxy.ok()) << proxy.status();
  StackOptions options;
  options.upstream_url_override = (*proxy)->base_url();
  StartGateway(options);
  ASSERT_FALSE(HasFatalFailure());
  // Watch health before the signal: it must turn NOT_SERVING.
  auto health = grpc::health::v1::Health::NewStub(gateway().NewChannel());
  grpc::ClientContext watch_context;
  grpc::health::v1::HealthCheckRequest watch_request;
  auto watch = health->Watch(&watch_context, watch_request);
  grpc::health::v1::HealthCheckResponse health_update;
  ASSERT_TRUE(watch->Read(&health_update));
  ASSERT_EQ(health_update.status(), grpc::health::v1::HealthCheckResponse::SERVING);

  Fault slow;
  slow.kind = "latency";
  slow.latency_ms = 1500;
  slow.count = 1;
  slow.method = "GET";
  ASSERT_TRUE(emulator().AddFault(slow).ok());

  grpc::Status slow_status;
  v1::GetAnnotationQueueResponse slow_response;
  std::thread slow_call([&] {
    v1::GetAnnotationQueueRequest request;
    *request.mutable_queue() = QueueById(SeedId("AnnotationQueue", 1));
    slow_status = stub().GetAnnotationQueue(Ctx().get(), request, &slow_response);
  });
  ASSERT_TRUE(PollUntil([&] { return !(*proxy)->Requests().empty(); }, absl::Seconds(10)));
  gateway().process().Signal(SIGTERM);

  bool saw_not_serving = false;
  while (watch->Read(&health_update)) {
    if (health_update.status() == grpc::health::v1::HealthCheckResponse::NOT_SERVING) {
      saw_not_serving = true;
      break;
    }
  }
  watch_context.TryCancel();
  slow_call.join();
  EXPECT_TRUE(slow_status.ok()) << slow_status.error_message();
  EXPECT_EQ(slow_response.annotation_queue().name(), kExistingQueue);
  std::optional<int> exit_status = gateway().process().Wait(absl::Seconds(15));
  ASSERT_TRUE(exit_status.has_value());
  EXPECT_TRUE(WIFEXITED(*exit_status) && WEXITSTATUS(*exit_status) == 0)
      << DescribeWaitStatus(*exit_status);
  EXPECT_TRUE(saw_not_serving) << "health never said NOT_SERVING";
}

TEST_F(ShutdownTest, CallsPastTheGraceAreCancelledAndTheProcessStillExitsZero) {
  StackOptions options;
  options.gateway_args = {"--shutdown_grace=300ms"};
  StartStack(options);
  ASSERT_FALSE(HasFatalFailure());
  Fault stall;
  stall.kind = "latency";
  stall.latency_ms = 8000;
  stall.count = 1;
  ASSERT_TRUE(emulator().AddFault(stall).ok());
  grpc::Status status;
  std::thread call([&] { status = GetExisting(stub(), Ctx("", "", absl::Seconds(30))); });
  absl::SleepFor(absl::Milliseconds(300));  // let the call start
  const absl::Time signalled = absl::Now();
  gateway().process().Signal(SIGTERM);
  std::optional<int> exit_status = gateway().process().Wait(absl::Seconds(15));
  call.join();
  ASSERT_TRUE(exit_status.has_value());
  EXPECT_TRUE(WIFEXITED(*exit_status) && WEXITSTATUS(*exit_status) == 0)
      << DescribeWaitStatus(*exit_status);
  EXPECT_LT(absl::Now() - signalled, absl::Seconds(5)) << "grace period not enforced";
  EXPECT_FALSE(status.ok());
}

}  // namespace
}  // namespace aqgate::testing
