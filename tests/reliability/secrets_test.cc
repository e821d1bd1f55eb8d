// Secrets: every RPC, succeeding and failing (upstream refusal of the key,
// upstream faults, invalid input), with --log_level debug. No API key may
// appear in any gateway log line, error message, status detail, or the
// emulator's request log.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/harness/stack.h"
#include "tests/reliability/raw_admin.h"
#include "tests/reliability/rpc_catalog.h"

namespace aqgate::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::vector<std::string>& Keys() {
  static const auto* const kKeys =
      new std::vector<std::string>{kTestServerKey, kCallerKey, kOutsiderKey, kUnknownKey};
  return *kKeys;
}

class SecretsTest : public StackTest {
 protected:
  void SetUp() override {
    StackOptions options;
    options.gateway_args = {"--log_level=debug", "--upstream_max_attempts=2",
                            "--upstream_initial_backoff=1ms", "--upstream_max_backoff=5ms"};
    StartStack(options);
  }

  // Everything a caller sees of a status: code text, message, details bytes.
  void ExpectNoKeyIn(const grpc::Status& status, const std::string& what) {
    for (const std::string& key : Keys()) {
      EXPECT_THAT(status.error_message(), Not(HasSubstr(key))) << what;
      EXPECT_THAT(status.error_details(), Not(HasSubstr(key))) << what;
    }
  }
};

TEST_F(SecretsTest, NoKeyInLogsErrorsDetailsOrUpstreamRequestLog) {
  ASSERT_FALSE(HasFatalFailure());
  int calls = 0;
  int failures = 0;
  int unique = 0;
  for (Rpc rpc : AllRpcs()) {
    SCOPED_TRACE(RpcName(rpc));
    // Success with the server key, and with a caller key.
    for (const std::string& key : {std::string(), std::string(kCallerKey)}) {
      const Target target = MakeTarget(stub(), absl::StrCat("secret-", ++unique));
      CallOptions options;
      options.api_key = key;
      options.unique = absl::StrCat("s", unique);
      grpc::Status status = CallRpc(stub(), rpc, target, options);
      EXPECT_TRUE(status.ok()) << status.error_message();
      ExpectNoKeyIn(status, "success");
      ++calls;
    }
    const Target target = MakeTarget(stub(), absl::StrCat("secret-", ++unique));
    // A key the upstream refuses (401), and one without access (403/404).
    for (const char* key : {kUnknownKey, kOutsiderKey}) {
      CallOptions options;
      options.api_key = key;
      options.unique = absl::StrCat("f", ++unique);
      grpc::Status status = CallRpc(stub(), rpc, target, options);
      if (std::string(key) == kUnknownKey) {
        EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
      }
      ExpectNoKeyIn(status, key);
      ++calls;
      failures += status.ok() ? 0 : 1;
    }
    // Upstream faults with a caller key: a problem body, a retried 503, a
    // broken body.
    for (const char* kind : {"status500", "status503", "malformed_json"}) {
      nlohmann::json fault = {{"count", 10}, {"path_prefix", "/v2/"}};
      if (std::string(kind) == "malformed_json") {
        fault["kind"] = "malformed_json";
      } else {
        fault["kind"] = "status";
        fault["status"] = std::string(kind) == "status500" ? 500 : 503;
      }
      ASSERT_TRUE(ArmRawFault(emulator().port(), fault).ok());
      CallOptions options;
      options.api_key = kCallerKey;
      options.unique = absl::StrCat("x", ++unique);
      grpc::Status status = CallRpc(stub(), rpc, target, options);
      ASSERT_TRUE(emulator().ClearFaults().ok());
      ExpectNoKeyIn(status, kind);
      ++calls;
      failures += status.ok() ? 0 : 1;
    }
  }
  // A malformed authorization header is not echoed either.
  {
    auto context = Ctx();
    context->AddMetadata("authorization", absl::StrCat("Basic ", kCallerKey));
    aqgate::v1::GetAnnotationQueueRequest request;
    *request.mutable_queue() = QueueById(SeedId("AnnotationQueue", 1));
    aqgate::v1::GetAnnotationQueueResponse response;
    grpc::Status status = stub().GetAnnotationQueue(context.get(), request, &response);
    ExpectNoKeyIn(status, "malformed authorization");
    ++calls;
  }
  EXPECT_GT(failures, 0);
  const std::string log = gateway().Stderr() + gateway().Stdout();
  EXPECT_THAT(log, HasSubstr("level=debug")) << "debug logging was not on";
  absl::StatusOr<std::string> upstream_log = RawAdminGet(emulator().port(), "/_admin/requests");
  ASSERT_TRUE(upstream_log.ok()) << upstream_log.status();
  const std::string emulator_output = emulator().process().ReadStderr() +
                                      emulator().process().ReadStdout();
  for (const std::string& key : Keys()) {
    EXPECT_THAT(log, Not(HasSubstr(key))) << "a key reached the gateway log";
    EXPECT_THAT(*upstream_log, Not(HasSubstr(key))) << "a key reached the upstream request log";
    EXPECT_THAT(emulator_output, Not(HasSubstr(key)));
  }
  std::printf("secrets: %d calls (%d failed), %zu log bytes scanned\n", calls, failures,
              log.size());
}

}  // namespace
}  // namespace aqgate::testing
