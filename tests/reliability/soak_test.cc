// Bounded soak: a mixed workload of every RPC and of streams, with random
// upstream faults armed all along. At the end: RSS shows no growth trend,
// open fds are back to baseline, and every acknowledged write is present
// upstream. AQGATE_SOAK_SECONDS sets the duration (default 180; e.g. 1800 for
// a longer run by hand).
#include <atomic>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/harness/stack.h"
#include "tests/reliability/process_stats.h"
#include "tests/reliability/raw_admin.h"
#include "tests/reliability/rpc_catalog.h"

namespace aqgate::testing {
namespace {

namespace v1 = ::aqgate::v1;

int SoakSeconds() {
  const char* value = std::getenv("AQGATE_SOAK_SECONDS");
  return value != nullptr && std::atoi(value) > 0 ? std::atoi(value) : 180;
}

// Acknowledged writes, to find upstream at the end.
struct Ledger {
  absl::Mutex mu;
  std::vector<std::string> queues ABSL_GUARDED_BY(mu);                      // created, not deleted
  std::map<std::string, std::vector<std::string>> records ABSL_GUARDED_BY(mu);  // queue -> added
  std::map<int, int> by_code ABSL_GUARDED_BY(mu);
};

class SoakTest : public StackTest {};

void Count(Ledger& ledger, const grpc::Status& status) {
  absl::MutexLock lock(&ledger.mu);
  ++ledger.by_code[status.error_code()];
}

// Runs random RPCs against `own` (made before the faults start) until
// `until`. Under faults any call may fail; only acknowledged (OK) writes go
// into the ledger.
void Worker(v1::AnnotationQueueService::Stub& stub, int id, const Target& own, absl::Time until,
            Ledger& ledger) {
  std::mt19937 random(1234 + id);
  int n = 0;
  while (absl::Now() < until) {
    ++n;
    const Rpc rpc = AllRpcs()[random() % AllRpcs().size()];
    CallOptions options;
    options.timeout = absl::Seconds(5);
    options.unique = absl::StrCat(id, "-", n);
    if (rpc == Rpc::kCreateQueue) {
      v1::CreateAnnotationQueueRequest request =
          NewQueueRequest(absl::StrCat("soak-created-", options.unique));
      request.mutable_space()->set_id(SpaceId());
      v1::CreateAnnotationQueueResponse response;
      const grpc::Status status =
          stub.CreateAnnotationQueue(Ctx("", "", options.timeout).get(), request, &response);
      if (status.ok()) {
        absl::MutexLock lock(&ledger.mu);
        ledger.queues.push_back(response.annotation_queue().id());
      }
      Count(ledger, status);
    } else if (rpc == Rpc::kAddRecords) {
      v1::AddRecordsRequest request;
      *request.mutable_queue() = QueueById(own.queue_id);
      *request.add_record_sources() = SpanSource({random() % 2 ? "span-1-2" : "span-2-1"});
      v1::AddRecordsResponse response;
      const grpc::Status status =
          stub.AddRecords(Ctx("", "", options.timeout).get(), request, &response);
      if (status.ok()) {
        absl::MutexLock lock(&ledger.mu);
        for (const v1::Record& r : response.records()) ledger.records[own.queue_id].push_back(r.id());
      }
      Count(ledger, status);
    } else if (rpc == Rpc::kDeleteQueue || rpc == Rpc::kDeleteRecords) {
      // Deletes act on a scratch queue so the ledger's writes stay. Making
      // it is two calls that may fail under faults too: counted, and then
      // there is nothing to delete.
      absl::StatusOr<Target> scratch =
          TryMakeTarget(stub, absl::StrCat("soak-scratch-", options.unique), options.timeout);
      if (!scratch.ok()) {
        Count(ledger, grpc::Status(static_cast<grpc::StatusCode>(scratch.status().code()),
                                   std::string(scratch.status().message())));
        continue;
      }
      Count(ledger, CallRpc(stub, rpc, *scratch, options));
    } else {
      Count(ledger, CallRpc(stub, rpc, own, options));
    }
  }
}

// Every record of a queue, all pages.
absl::StatusOr<std::set<std::string>> AllRecordIds(v1::AnnotationQueueService::Stub& stub,
                                                    const std::string& queue_id) {
  std::set<std::string> ids;
  std::string token;
  do {
    v1::ListRecordsRequest request;
    *request.mutable_queue() = QueueById(queue_id);
    request.set_page_size(500);
    request.set_page_token(token);
    v1::ListRecordsResponse response;
    const grpc::Status status = stub.ListRecords(Ctx().get(), request, &response);
    if (!status.ok()) {
      return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                          status.error_message());
    }
    for (const v1::Record& r : response.records()) ids.insert(r.id());
    token = response.next_page_token();
  } while (!token.empty());
  return ids;
}

TEST_F(SoakTest, MixedWorkloadWithRandomFaults) {
  StackOptions options;
  options.gateway_args = {"--upstream_initial_backoff=5ms", "--upstream_max_backoff=50ms",
                          "--upstream_attempt_timeout=1s"};
  StartStack(options);
  ASSERT_FALSE(HasFatalFailure());
  const pid_t pid = gateway().process().pid();
  const int seconds = SoakSeconds();
  Ledger ledger;
  // Warm-up (connections, caches) before the baseline.
  MakeTarget(stub(), "soak-warmup");
  const ProcessStats start = ReadProcessStats(pid);
  // Each worker's own queue, made before any fault is armed.
  constexpr int kWorkers = 6;
  std::vector<Target> own;
  for (int i = 0; i < kWorkers; ++i) {
    own.push_back(MakeTarget(stub(), absl::StrCat("soak-", i)));
    ASSERT_FALSE(own.back().record_id.empty());
    absl::MutexLock lock(&ledger.mu);
    ledger.records[own.back().queue_id].push_back(own.back().record_id);
  }
  const absl::Time until = absl::Now() + absl::Seconds(seconds);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWorkers; ++i) {
    threads.emplace_back([&, i] { Worker(stub(), i, own[i], until, ledger); });
  }
  // Random faults: a few requests at a time, of every kind.
  threads.emplace_back([&] {
    std::mt19937 random(99);
    const std::vector<nlohmann::json> kinds = {
        {{"kind", "status"}, {"status", 503}},
        {{"kind", "status"}, {"status", 429}, {"retry_after", "0"}},
        {{"kind", "status"}, {"status", 500}},
        {{"kind", "status"}, {"status", 502}},
        {{"kind", "drop_connection"}},
        {{"kind", "malformed_json"}},
        {{"kind", "truncated_json"}},
        {{"kind", "latency"}, {"latency_ms", 300}},
        {{"kind", "stall"}, {"stall_ms", 1500}}};
    while (absl::Now() < until) {
      nlohmann::json fault = kinds[random() % kinds.size()];
      fault["count"] = 1 + random() % 3;
      ArmRawFault(emulator().port(), fault).IgnoreError();
      absl::SleepFor(absl::Milliseconds(200));
    }
    emulator().ClearFaults().IgnoreError();
  });
  // RSS samples, one a second.
  std::vector<int64_t> rss;
  while (absl::Now() < until) {
    rss.push_back(ReadProcessStats(pid).rss_kib);
    absl::SleepFor(absl::Seconds(1));
  }
  for (std::thread& t : threads) t.join();
  ASSERT_TRUE(emulator().ClearFaults().ok());

  // Every acknowledged write is upstream.
  int checked = 0;
  std::vector<std::string> missing;
  {
    absl::MutexLock lock(&ledger.mu);
    for (const std::string& queue : ledger.queues) {
      grpc::Status status = CallRpc(stub(), Rpc::kGetQueue, Target{queue, ""}, CallOptions{});
      if (!status.ok()) missing.push_back(absl::StrCat("queue ", queue));
      ++checked;
    }
    for (const auto& [queue, ids] : ledger.records) {
      absl::StatusOr<std::set<std::string>> present = AllRecordIds(stub(), queue);
      ASSERT_TRUE(present.ok()) << present.status();
      for (const std::string& id : ids) {
        if (!present->count(id)) missing.push_back(absl::StrCat("record ", id));
        ++checked;
      }
    }
  }
  EXPECT_THAT(missing, ::testing::IsEmpty()) << "acknowledged writes lost";

  // fds back to baseline once idle; RSS flat (no growth trend).
  ProcessStats end;
  const bool fds_back = PollUntil(
      [&] {
        end = ReadProcessStats(pid);
        return end.open_fds <= start.open_fds + 8;
      },
      absl::Seconds(20));
  int requests = 0;
  std::string codes;
  {
    absl::MutexLock lock(&ledger.mu);
    for (const auto& [code, count] : ledger.by_code) {
      requests += count;
      absl::StrAppend(&codes, " code", code, "=", count);
    }
  }
  const size_t n = rss.size();
  const int64_t third = n >= 3 ? rss[n / 3] : start.rss_kib;
  const int64_t last = n > 0 ? rss[n - 1] : start.rss_kib;
  std::printf(
      "soak: %ds, %d requests, by status:%s; %d acknowledged writes checked, %zu missing; "
      "RSS start %lld KiB, at 1/3 %lld KiB, end %lld KiB; fds start %d end %d; threads start %d "
      "end %d\n",
      seconds, requests, codes.c_str(), checked, missing.size(),
      static_cast<long long>(start.rss_kib), static_cast<long long>(third),
      static_cast<long long>(last), start.open_fds, end.open_fds, start.threads, end.threads);
  EXPECT_TRUE(fds_back) << "fds start " << start.open_fds << " end " << end.open_fds;
  EXPECT_GT(requests, 0);
#ifndef AQGATE_SANITIZER_BUILD
  // After warm-up, the last two thirds may not grow by more than 20% + 16 MiB
  // (sanitizer builds keep freed memory in quarantine: printed, not judged).
  EXPECT_LE(last, third + third / 5 + 16 * 1024) << "RSS grows";
#endif
}

}  // namespace
}  // namespace aqgate::testing
