// The fault matrix: every RPC x every fault the emulator can inject. For
// each pair the caller gets the status architecture decisions 4/5 specify
// (after retries for idempotent calls), non-idempotent calls are never
// repeated upstream unless the upstream surely did not act (429), idempotent
// calls are retried on retryable faults only, and a concurrent healthy
// workload on another queue sees no error at all.
#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/harness/stack.h"
#include "tests/reliability/raw_admin.h"
#include "tests/reliability/rpc_catalog.h"

namespace aqgate::testing {
namespace {

namespace v1 = ::aqgate::v1;
using grpc::StatusCode;

constexpr int kMaxAttempts = 4;
constexpr absl::Duration kAttemptTimeout = absl::Milliseconds(400);

struct FaultCase {
  const char* name;
  nlohmann::json fault;     // POST /_admin/faults form, without path/method/count
  StatusCode expected;      // what every RPC gets...
  StatusCode for_deletes;   // ...except the two bodiless deletes
  bool retryable;           // idempotent calls are repeated
  bool non_idempotent_retried;  // create/add are repeated too (upstream did not act)
  absl::Duration deadline = absl::Seconds(8);
};

std::vector<FaultCase> Cases() {
  using nlohmann::json;
  return {
      {"latency_past_deadline", json{{"kind", "latency"}, {"latency_ms", 1500}},
       StatusCode::DEADLINE_EXCEEDED, StatusCode::DEADLINE_EXCEEDED, false, false,
       absl::Milliseconds(500)},
      {"429_retry_after", json{{"kind", "status"}, {"status", 429}, {"retry_after", "0"}},
       StatusCode::RESOURCE_EXHAUSTED, StatusCode::RESOURCE_EXHAUSTED, true, true},
      {"500", json{{"kind", "status"}, {"status", 500}}, StatusCode::INTERNAL,
       StatusCode::INTERNAL, false, false},
      {"502", json{{"kind", "status"}, {"status", 502}}, StatusCode::UNAVAILABLE,
       StatusCode::UNAVAILABLE, true, false},
      {"503", json{{"kind", "status"}, {"status", 503}}, StatusCode::UNAVAILABLE,
       StatusCode::UNAVAILABLE, true, false},
      {"504", json{{"kind", "status"}, {"status", 504}}, StatusCode::DEADLINE_EXCEEDED,
       StatusCode::DEADLINE_EXCEEDED, true, false},
      {"reset_mid_body", json{{"kind", "drop_connection"}}, StatusCode::UNAVAILABLE,
       StatusCode::UNAVAILABLE, true, false},
      // A bodiless success (204 delete) has nothing to misread.
      {"malformed_json", json{{"kind", "malformed_json"}}, StatusCode::INTERNAL,
       StatusCode::OK, false, false},
      {"truncated_json", json{{"kind", "truncated_json"}}, StatusCode::INTERNAL,
       StatusCode::OK, false, false},
      // Past the gateway's 64 MiB response cap.
      {"oversized_body", json{{"kind", "oversized_body"}, {"oversize_bytes", 72 << 20}},
       StatusCode::INTERNAL, StatusCode::INTERNAL, false, false},
      {"stalled_response", json{{"kind", "stall"}, {"stall_ms", 3000}},
       StatusCode::DEADLINE_EXCEEDED, StatusCode::DEADLINE_EXCEEDED, true, false},
  };
}

// Healthy calls on another queue, in a mode that never matches the armed
// fault: list and create faults match every GET / POST under
// /v2/annotation-queues, so the healthy side then uses the other method.
enum class HealthyMode { kAll, kPostOnly, kGetOnly };

class HealthyWorkload {
 public:
  HealthyWorkload(v1::AnnotationQueueService::Stub& stub, Target target)
      : stub_(stub), target_(std::move(target)) {}

  void Start(int threads) {
    for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { Run(); });
  }
  void Stop() {
    stop_ = true;
    for (std::thread& t : workers_) t.join();
    workers_.clear();
  }
  // Waits for in-flight healthy calls, then switches.
  void SetMode(HealthyMode mode) {
    absl::WriterMutexLock lock(&mu_);
    mode_ = mode;
  }
  int ok() const { return ok_; }
  std::vector<std::string> errors() {
    absl::MutexLock lock(&errors_mu_);
    return errors_;
  }

 private:
  void Run() {
    int turn = 0;
    while (!stop_) {
      absl::ReaderMutexLock lock(&mu_);
      Rpc rpc;
      const bool post = mode_ == HealthyMode::kPostOnly ||
                        (mode_ == HealthyMode::kAll && turn % 2 == 0);
      if (post) {
        rpc = turn % 4 < 2 ? Rpc::kAnnotateRecord : Rpc::kAssignRecord;
      } else {
        rpc = turn % 4 < 2 ? Rpc::kGetQueue : Rpc::kListRecords;
      }
      ++turn;
      CallOptions options;
      options.timeout = absl::Seconds(10);
      grpc::Status status = CallRpc(stub_, rpc, target_, options);
      if (status.ok()) {
        ++ok_;
      } else {
        absl::MutexLock errors_lock(&errors_mu_);
        errors_.push_back(absl::StrCat(RpcName(rpc), ": ", status.error_code(), " ",
                                       status.error_message()));
      }
    }
  }

  v1::AnnotationQueueService::Stub& stub_;
  const Target target_;
  std::atomic<bool> stop_{false};
  std::atomic<int> ok_{0};
  absl::Mutex mu_;
  HealthyMode mode_ ABSL_GUARDED_BY(mu_) = HealthyMode::kAll;
  absl::Mutex errors_mu_;
  std::vector<std::string> errors_ ABSL_GUARDED_BY(errors_mu_);
  std::vector<std::thread> workers_;
};

class FaultMatrixTest : public StackTest, public ::testing::WithParamInterface<FaultCase> {
 protected:
  void SetUp() override {
    StackOptions options;
    options.gateway_args = {absl::StrCat("--upstream_max_attempts=", kMaxAttempts),
                            "--upstream_initial_backoff=5ms", "--upstream_max_backoff=20ms",
                            absl::StrCat("--upstream_attempt_timeout=",
                                         absl::FormatDuration(kAttemptTimeout))};
    StartStack(options);
  }
};

TEST_P(FaultMatrixTest, EveryRpcGetsTheSpecifiedStatus) {
  const FaultCase& fault_case = GetParam();
  ASSERT_FALSE(HasFatalFailure());
  const Target healthy_target = MakeTarget(stub(), "healthy");
  ASSERT_FALSE(healthy_target.record_id.empty());
  auto healthy_stub = gateway().NewStub();
  HealthyWorkload healthy(*healthy_stub, healthy_target);
  healthy.Start(2);

  std::string row = absl::StrCat("fault-matrix ", fault_case.name, ":");
  int unique = 0;
  for (Rpc rpc : AllRpcs()) {
    SCOPED_TRACE(absl::StrCat(fault_case.name, " x ", RpcName(rpc)));
    const Target target = MakeTarget(stub(), absl::StrCat("target-", ++unique));
    ASSERT_FALSE(target.record_id.empty());
    const UpstreamRoute route = RouteOf(rpc, target);
    healthy.SetMode(rpc == Rpc::kListQueues    ? HealthyMode::kPostOnly
                    : rpc == Rpc::kCreateQueue ? HealthyMode::kGetOnly
                                               : HealthyMode::kAll);
    ClearUpstreamRequests();
    nlohmann::json fault = fault_case.fault;
    fault["method"] = route.method;
    fault["path_prefix"] = route.path;
    fault["count"] = 1000;
    ASSERT_TRUE(ArmRawFault(emulator().port(), fault).ok());

    CallOptions options;
    options.timeout = fault_case.deadline;
    options.unique = absl::StrCat(fault_case.name, "-", unique);
    const absl::Time start = absl::Now();
    const grpc::Status status = CallRpc(stub(), rpc, target, options);
    const absl::Duration took = absl::Now() - start;
    ASSERT_TRUE(emulator().ClearFaults().ok());

    const bool is_delete = rpc == Rpc::kDeleteQueue || rpc == Rpc::kDeleteRecords;
    const StatusCode expected = is_delete ? fault_case.for_deletes : fault_case.expected;
    EXPECT_EQ(status.error_code(), expected) << status.error_message();
    EXPECT_LT(took, fault_case.deadline + absl::Seconds(1)) << "the call outlived its deadline";
    if (expected != StatusCode::OK && expected != StatusCode::DEADLINE_EXCEEDED) {
      EXPECT_TRUE(ErrorInfoOf(status).has_value()) << "no ErrorInfo";
    }
    if (fault_case.fault["kind"] == "status" && fault_case.fault["status"] == 429) {
      EXPECT_TRUE(RetryInfoOf(status).has_value()) << "no RetryInfo";
    }

    int attempts = 0;
    for (const LoggedRequest& r : UpstreamRequests()) {
      if (Matches(route, r.method, r.path)) ++attempts;
    }
    if (!IsIdempotent(rpc)) {
      if (fault_case.non_idempotent_retried) {
        EXPECT_EQ(attempts, kMaxAttempts);
      } else {
        EXPECT_EQ(attempts, 1) << "a non-idempotent call was repeated upstream";
      }
    } else if (fault_case.retryable && expected != StatusCode::OK) {
      EXPECT_GT(attempts, 1) << "an idempotent call was not retried";
      EXPECT_LE(attempts, kMaxAttempts);
    } else {
      EXPECT_GE(attempts, 1);
      EXPECT_LE(attempts, fault_case.retryable ? kMaxAttempts : 1);
    }
    absl::StrAppend(&row, " ", RpcName(rpc), "=", status.error_code(), "(", attempts, ")");
  }
  healthy.SetMode(HealthyMode::kAll);
  healthy.Stop();
  std::printf("%s\n", row.c_str());
  EXPECT_GT(healthy.ok(), 0);
  EXPECT_THAT(healthy.errors(), ::testing::IsEmpty()) << "the healthy workload saw errors";
  std::printf("fault-matrix %s: healthy calls ok=%d errors=%zu\n", fault_case.name, healthy.ok(),
              healthy.errors().size());
}

INSTANTIATE_TEST_SUITE_P(Faults, FaultMatrixTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<FaultCase>& info) {
                           std::string name = info.param.name;
                           for (char& c : name) {
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace aqgate::testing
