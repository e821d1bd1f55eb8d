// names: upstream requests per name-addressed RPC, cold (fresh gateway, empty
// name cache) and warm (same names again), next to the same RPC by ID.
// Counts come from the emulator's request log; a request is a "lookup" when
// it resolves a name (GET /v2/spaces, GET /v2/annotation-queues?...name=).
//
//   build-bench/bin/bench_names [--warm_calls 20] [--smoke]
#include <chrono>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "bench/bench_stack.h"
#include "bench/stats.h"
#include "grpcpp/client_context.h"

ABSL_FLAG(bool, smoke, false, "Fewer warm calls (CI)");
ABSL_FLAG(int, warm_calls, 20, "Warm calls per RPC; the table gives requests per call");

namespace aqgate::bench {
namespace {

using aqgate::v1::AnnotationQueueService;
using Rpc = std::function<bool(AnnotationQueueService::Stub&, const aqgate::v1::QueueRef&)>;

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  return context;
}

bool GetQueue(AnnotationQueueService::Stub& stub, const aqgate::v1::QueueRef& ref) {
  aqgate::v1::GetAnnotationQueueRequest request;
  *request.mutable_queue() = ref;
  aqgate::v1::GetAnnotationQueueResponse response;
  return stub.GetAnnotationQueue(Context().get(), request, &response).ok();
}

bool ListRecords(AnnotationQueueService::Stub& stub, const aqgate::v1::QueueRef& ref) {
  aqgate::v1::ListRecordsRequest request;
  *request.mutable_queue() = ref;
  request.set_page_size(50);
  aqgate::v1::ListRecordsResponse response;
  return stub.ListRecords(Context().get(), request, &response).ok();
}

bool StreamAll(AnnotationQueueService::Stub& stub, const aqgate::v1::QueueRef& ref) {
  aqgate::v1::StreamRecordsRequest request;
  *request.mutable_queue() = ref;
  request.set_page_size(500);
  auto context = Context();
  auto reader = stub.StreamRecords(context.get(), request);
  aqgate::v1::StreamRecordsResponse message;
  int records = 0;
  while (reader->Read(&message)) records += message.records_size();
  return reader->Finish().ok() && records == 1000;
}

struct Counts {
  double total = 0;
  double lookups = 0;
};

bool IsLookup(const testing::LoggedRequest& r) {
  if (r.method != "GET") return false;
  if (r.path == "/v2/spaces") return true;
  return r.path == "/v2/annotation-queues" && absl::StrContains(r.query, "name=");
}

// Upstream requests of `calls` calls of `rpc`, per call.
absl::StatusOr<Counts> Measure(testing::Emulator& emulator, AnnotationQueueService::Stub& stub,
                               const Rpc& rpc, const aqgate::v1::QueueRef& ref, int calls) {
  if (absl::Status s = emulator.ClearRequests(); !s.ok()) return s;
  for (int i = 0; i < calls; ++i) {
    if (!rpc(stub, ref)) return absl::UnknownError("an RPC failed");
  }
  absl::StatusOr<std::vector<testing::LoggedRequest>> log = emulator.Requests();
  if (!log.ok()) return log.status();
  Counts counts;
  for (const testing::LoggedRequest& r : *log) {
    counts.total += 1;
    if (IsLookup(r)) counts.lookups += 1;
  }
  counts.total /= calls;
  counts.lookups /= calls;
  return counts;
}

int Main() {
  const int warm_calls = absl::GetFlag(FLAGS_smoke) ? 3 : absl::GetFlag(FLAGS_warm_calls);
  auto emulator = StartEmulator();
  if (!emulator.ok()) return Fail("start emulator", emulator.status());

  struct Case {
    const char* name;
    Rpc rpc;
    bool unary;
  };
  const std::vector<Case> cases = {{"GetAnnotationQueue", GetQueue, true},
                                   {"ListRecords(50)", ListRecords, true},
                                   {"StreamRecords(1,000 records, 500/page)", StreamAll, false}};
  Table table({"RPC", "by ID", "cold by name", "cold lookups", "warm by name", "warm lookups"});
  bool warm_unary_exactly_one = true;
  for (const Case& c : cases) {
    // A fresh gateway per RPC: its name cache starts empty.
    auto gateway = StartGateway(**emulator, {"--log_level=warning"});
    if (!gateway.ok()) return Fail("start gateway", gateway.status());
    auto stub = (*gateway)->NewStub();
    auto cold = Measure(**emulator, *stub, c.rpc, QueueByName(kSmallQueue), 1);
    if (!cold.ok()) return Fail(absl::StrCat(c.name, " cold"), cold.status());
    auto warm = Measure(**emulator, *stub, c.rpc, QueueByName(kSmallQueue), warm_calls);
    if (!warm.ok()) return Fail(absl::StrCat(c.name, " warm"), warm.status());
    absl::StatusOr<std::string> id = ResolveQueueId(*stub, kSmallQueue);
    if (!id.ok()) return Fail("resolve", id.status());
    auto by_id = Measure(**emulator, *stub, c.rpc, QueueById(*id), warm_calls);
    if (!by_id.ok()) return Fail(absl::StrCat(c.name, " by ID"), by_id.status());
    table.AddRow({c.name, Fixed(by_id->total, 2), Fixed(cold->total, 2), Fixed(cold->lookups, 2),
                  Fixed(warm->total, 2), Fixed(warm->lookups, 2)});
    if (c.unary && warm->total != 1.0) warm_unary_exactly_one = false;
  }
  std::cout << "names: upstream requests per RPC (emulator request log); warm = mean of "
            << warm_calls << " calls after the cold one; queue by name in a space by name\n\n";
  table.Print();
  std::cout << "\ntarget: warm name-addressed unary call = exactly 1 upstream request: "
            << (warm_unary_exactly_one ? "met" : "NOT met") << "\n";
  return warm_unary_exactly_one ? 0 : 1;
}

}  // namespace
}  // namespace aqgate::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Upstream requests per name-addressed RPC, cold and warm.\n"
      "  bench_names [--warm_calls N] [--smoke]");
  absl::ParseCommandLine(argc, argv);
  return aqgate::bench::Main();
}
