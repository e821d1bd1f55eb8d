// The fault matrix: every RPC x every fault the emulator can inject. For
// each pair the caller gets the status architecture decisions 4/5 specify
// (after retries for idempotent calls), non-idempotent calls are never
// repeated upstream unless the upstream surely did not act (429), idempotent
// calls are retried on retryable faults only, and a concurrent healthy
// workload on another queue sees no error at all.
#include <atomic>
#include <cstdio>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
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

// What the two deletes (204 No Content, no body) get from a fault.
enum class DeleteOutcome {
  kSameAsOthers,  // the fault is in the status line or the whole response
  // The fault cuts or stalls the body, or breaks JSON; a 204 has no body,
  // so the emulator's answer is a complete 204: OK, one attempt, and the
  // delete happened upstream (the emulator acted).
  kBodilessSuccessActed,
  // malformed_json answers "200 <not JSON>" WITHOUT acting. A delete needs
  // no response body, so the gateway reports what the upstream said: OK.
  // Nothing was deleted; the gateway cannot tell.
  kBodilessSuccessNotActed,
};

struct FaultCase {
  std::string name;
  nlohmann::json fault;  // POST /_admin/faults form, without path/method/count
  StatusCode expected;   // what every RPC gets (deletes: see `deletes`)
  DeleteOutcome deletes = DeleteOutcome::kSameAsOthers;
  bool retryable = false;               // idempotent calls are repeated
  bool non_idempotent_retried = false;  // create/add too (the upstream surely did not act)
  absl::Duration deadline = absl::Seconds(8);
  // The emulator logs a request only once its injected latency is over.
  absl::Duration log_delay = absl::ZeroDuration();
};

// gtest prints a parameter in test names and failure messages with this.
void PrintTo(const FaultCase& fault_case, std::ostream* os) { *os << fault_case.name; }

std::vector<FaultCase> Cases() {
  using nlohmann::json;
  std::vector<FaultCase> cases;
  auto add = [&cases](FaultCase c) { cases.push_back(std::move(c)); };
  {
    // Every attempt outlives the 400 ms attempt timeout: idempotent calls
    // retry (a local timeout is a transport error) until the 900 ms call
    // deadline; create / add may have acted upstream, so they do not.
    FaultCase c{"latency_past_deadline", json{{"kind", "latency"}, {"latency_ms", 1000}},
                StatusCode::DEADLINE_EXCEEDED};
    c.retryable = true;
    c.deadline = absl::Milliseconds(900);
    c.log_delay = absl::Milliseconds(1000);
    add(c);
  }
  {
    FaultCase c{"http_429_retry_after",
                json{{"kind", "status"}, {"status", 429}, {"retry_after", "0"}},
                StatusCode::RESOURCE_EXHAUSTED};
    c.retryable = true;
    c.non_idempotent_retried = true;  // 429: the upstream did not act
    add(c);
  }
  add({"http_500", json{{"kind", "status"}, {"status", 500}}, StatusCode::INTERNAL});
  for (int code : {502, 503}) {
    FaultCase c{absl::StrCat("http_", code), json{{"kind", "status"}, {"status", code}},
                StatusCode::UNAVAILABLE};
    c.retryable = true;
    add(c);
  }
  {
    FaultCase c{"http_504", json{{"kind", "status"}, {"status", 504}},
                StatusCode::DEADLINE_EXCEEDED};
    c.retryable = true;
    add(c);
  }
  {
    // Headers, half the body, then the connection closes (after acting).
    FaultCase c{"reset_mid_body", json{{"kind", "drop_connection"}}, StatusCode::UNAVAILABLE,
                DeleteOutcome::kBodilessSuccessActed};
    c.retryable = true;
    add(c);
  }
  add({"malformed_json", json{{"kind", "malformed_json"}}, StatusCode::INTERNAL,
       DeleteOutcome::kBodilessSuccessNotActed});
  add({"truncated_json", json{{"kind", "truncated_json"}}, StatusCode::INTERNAL,
       DeleteOutcome::kBodilessSuccessActed});
  // Past the gateway's 64 MiB response cap; a 200 with a body, deletes too.
  add({"oversized_body", json{{"kind", "oversized_body"}, {"oversize_bytes", 72 << 20}},
       StatusCode::INTERNAL});
  {
    // Headers and half the body, then 3 s of silence: each attempt hits the
    // 400 ms attempt timeout.
    FaultCase c{"stalled_response", json{{"kind", "stall"}, {"stall_ms", 3000}},
                StatusCode::DEADLINE_EXCEEDED, DeleteOutcome::kBodilessSuccessActed};
    c.retryable = true;
    add(c);
  }
  return cases;
}

// Healthy calls on another queue, in a mode that never matches the armed
// fault: list and create faults match every GET / POST under
// /v2/annotation-queues, so the healthy side then uses the other method.
enum class HealthyMode { kAll, kPostOnly, kGetOnly };

class HealthyWorkload {
 public:
  HealthyWorkload(v1::AnnotationQueueService::Stub& stub, Target target)
      : stub_(stub), target_(std::move(target)) {}
  // A failed ASSERT returns early: stop the workers rather than abort on a
  // joinable std::thread.
  ~HealthyWorkload() { Stop(); }

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

// The upstream requests matching `route` in the emulator's log.
int CountAttempts(const UpstreamRoute& route, const std::vector<LoggedRequest>& requests) {
  int attempts = 0;
  for (const LoggedRequest& r : requests) {
    if (Matches(route, r.method, r.path)) ++attempts;
  }
  return attempts;
}

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
    fault["path_prefix"] = RawPathOf(route);
    fault["count"] = 1000;
    ASSERT_TRUE(ArmRawFault(emulator().port(), fault).ok());

    CallOptions options;
    options.timeout = fault_case.deadline;
    options.unique = absl::StrCat(fault_case.name, "-", unique);
    const absl::Time start = absl::Now();
    const grpc::Status status = CallRpc(stub(), rpc, target, options);
    const absl::Time returned = absl::Now();
    const absl::Duration took = returned - start;

    // Every attempt started before the call returned (no retry outlives the
    // deadline), and the emulator logs one log_delay after it arrived: by
    // then the log holds them all.
    std::vector<LoggedRequest> requests;
    ASSERT_TRUE(PollUntil(
        [&] {
          requests = UpstreamRequests();
          return CountAttempts(route, requests) > 0 &&
                 absl::Now() >= returned + fault_case.log_delay +
                                    (fault_case.log_delay > absl::ZeroDuration()
                                         ? absl::Milliseconds(300)
                                         : absl::ZeroDuration());
        },
        fault_case.log_delay + absl::Seconds(10)))
        << "the request never reached the upstream";
    ASSERT_TRUE(emulator().ClearFaults().ok());
    const int attempts = CountAttempts(route, requests);

    const bool is_delete = rpc == Rpc::kDeleteQueue || rpc == Rpc::kDeleteRecords;
    const bool bodiless = is_delete && fault_case.deletes != DeleteOutcome::kSameAsOthers;
    const StatusCode expected = bodiless ? StatusCode::OK : fault_case.expected;
    EXPECT_EQ(status.error_code(), expected) << status.error_message();
    EXPECT_LT(took, fault_case.deadline + absl::Seconds(1)) << "the call outlived its deadline";
    if (expected != StatusCode::OK) {
      // Every error names its cause (reason, http_status / attempts), except a
      // deadline the client's own clock may end first.
      if (expected != StatusCode::DEADLINE_EXCEEDED) {
        EXPECT_TRUE(ErrorInfoOf(status).has_value()) << "no ErrorInfo";
      }
      if (fault_case.fault["kind"] == "status" && fault_case.fault["status"] == 429) {
        EXPECT_TRUE(RetryInfoOf(status).has_value()) << "no RetryInfo";
      }
    }

    if (bodiless) {
      EXPECT_EQ(attempts, 1) << "a successful delete was repeated";
      if (fault_case.deletes == DeleteOutcome::kBodilessSuccessActed) {
        // OK means done: the queue (or the record) is gone upstream.
        if (rpc == Rpc::kDeleteQueue) {
          EXPECT_EQ(CallRpc(stub(), Rpc::kGetQueue, target, CallOptions{}).error_code(),
                    StatusCode::NOT_FOUND);
        } else {
          v1::ListRecordsRequest list;
          *list.mutable_queue() = QueueById(target.queue_id);
          v1::ListRecordsResponse listed;
          ASSERT_TRUE(stub().ListRecords(Ctx().get(), list, &listed).ok());
          EXPECT_EQ(listed.records_size(), 0) << "the deleted record is still there";
        }
      }
    } else if (!IsIdempotent(rpc)) {
      if (fault_case.non_idempotent_retried) {
        EXPECT_EQ(attempts, kMaxAttempts);
      } else {
        EXPECT_EQ(attempts, 1) << "a non-idempotent call was repeated upstream";
      }
    } else if (fault_case.retryable) {
      EXPECT_GT(attempts, 1) << "an idempotent call was not retried";
      EXPECT_LE(attempts, kMaxAttempts);
    } else {
      EXPECT_EQ(attempts, 1) << "a call was retried on a fault that is not retryable";
    }
    absl::StrAppend(&row, " ", RpcName(rpc), "=", absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code())),
                    "(", attempts, ")");
  }
  healthy.SetMode(HealthyMode::kAll);
  healthy.Stop();
  std::printf("%s\n", row.c_str());
  EXPECT_GT(healthy.ok(), 0);
  EXPECT_THAT(healthy.errors(), ::testing::IsEmpty()) << "the healthy workload saw errors";
  std::printf("fault-matrix %s: healthy calls ok=%d errors=%zu\n", fault_case.name.c_str(),
              healthy.ok(), healthy.errors().size());
}

INSTANTIATE_TEST_SUITE_P(Faults, FaultMatrixTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<FaultCase>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace aqgate::testing
