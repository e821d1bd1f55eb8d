// mapping: Google Benchmark micro-benchmark of the JSON -> proto decode of a
// 500-record upstream page. The page is the emulator's own response (its
// span-backed records, three annotation configs, two annotators), rendered
// in-process from the demo seed, so the input is what the gateway decodes.
//
//   build-bench/bin/bench_mapping [--smoke] [Google Benchmark flags]
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "aqgate/v1/annotation_queue_service.pb.h"
#include "benchmark/benchmark.h"
#include "nlohmann/json.hpp"
#include "service/upstream/json_decode.h"
#include "service/upstream/json_parse.h"
#include "tests/emulator/api.h"
#include "tests/emulator/seed_loader.h"
#include "tests/emulator/store.h"

namespace aqgate::bench {
namespace {

constexpr int kPageSize = 500;

// Set when a benchmark could not do its work: main then exits non-zero, so
// the smoke test fails (SkipWithError alone does not change the exit code).
bool g_failed = false;

void Failed(benchmark::State& state, const char* why) {
  g_failed = true;
  state.SkipWithError(why);
}

emulator::ApiResponse Call(emulator::Api& api, std::vector<std::string> segments,
                           std::multimap<std::string, std::string> query) {
  return api.Handle(
      emulator::MakeGetRequest(std::move(segments), std::move(query), "Bearer ak-alice-demo-0001"));
}

// The body of GET /v2/annotation-queues/{bench-1k}/records?limit=500.
absl::StatusOr<std::string> RenderPage() {
  auto store = emulator::Store::Open(":memory:");
  if (!store.ok()) return store.status();
  auto seed = emulator::ReadSeedFile(absl::StrCat(AQGATE_SOURCE_DIR, "/tests/emulator/seed/demo.json"));
  if (!seed.ok()) return seed.status();
  if (absl::Status s = emulator::LoadSeed(**store, *seed); !s.ok()) return s;
  emulator::Api api(**store);
  emulator::ApiResponse queues = Call(api, {"v2", "annotation-queues"},
                                      {{"space_name", "demo-space"}, {"name", "bench-1k"}});
  nlohmann::json list = nlohmann::json::parse(queues.body, nullptr, false);
  if (queues.status != 200 || !list.is_object() || !list["annotation_queues"].is_array() ||
      list["annotation_queues"].empty()) {
    return absl::NotFoundError(absl::StrCat("queue bench-1k: HTTP ", queues.status));
  }
  const std::string id = list["annotation_queues"][0].value("id", "");
  emulator::ApiResponse page = Call(api, {"v2", "annotation-queues", id, "records"},
                                    {{"limit", absl::StrCat(kPageSize)}});
  if (page.status != 200) return absl::InternalError(absl::StrCat("records: HTTP ", page.status));
  return page.body;
}

const std::string& Page() {
  static const std::string* page = [] {
    absl::StatusOr<std::string> body = RenderPage();
    if (!body.ok()) {
      std::cerr << "bench_mapping: " << body.status() << std::endl;
      std::exit(1);
    }
    return new std::string(*std::move(body));
  }();
  return *page;
}

void Report(benchmark::State& state, size_t bytes_per_iteration) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes_per_iteration));
  state.SetItemsProcessed(state.iterations() * kPageSize);  // items = records
  state.counters["page_bytes"] = static_cast<double>(bytes_per_iteration);
}

// The whole mapping: parse + typed walk + protos (what the gateway runs:
// simdjson's tape walked straight into the protos, json_record_page.h).
void BM_DecodeRecordPage(benchmark::State& state) {
  const std::string& body = Page();
  for (auto _ : state) {
    auto page = upstream::DecodeRecordPage(body);
    if (!page.ok() || page->records.size() != kPageSize) {
      Failed(state, "decode failed");
      break;
    }
    benchmark::DoNotOptimize(page);
  }
  Report(state, body.size());
}
BENCHMARK(BM_DecodeRecordPage)->Unit(benchmark::kMicrosecond);

// The reference decoder (nlohmann DOM + typed walk), which the gateway now
// runs only for bodies the fast one declines: the before/after ratio.
void BM_DecodeRecordPageDom(benchmark::State& state) {
  const std::string& body = Page();
  for (auto _ : state) {
    auto page = upstream::DecodeRecordPageDom(body);
    if (!page.ok() || page->records.size() != kPageSize) {
      Failed(state, "decode failed");
      break;
    }
    benchmark::DoNotOptimize(page);
  }
  Report(state, body.size());
}
BENCHMARK(BM_DecodeRecordPageDom)->Unit(benchmark::kMicrosecond);

// The reference decoder's JSON parse alone (nlohmann SAX into a DOM).
void BM_ParseOnly(benchmark::State& state) {
  const std::string& body = Page();
  for (auto _ : state) {
    auto json = upstream::ParseUpstreamJson(body);
    if (!json.ok()) {
      Failed(state, "parse failed");
      break;
    }
    benchmark::DoNotOptimize(json);
  }
  Report(state, body.size());
}
BENCHMARK(BM_ParseOnly)->Unit(benchmark::kMicrosecond);

// The next step of the path: the decoded records serialized as the gRPC
// messages of ListRecords (one message of 500 records).
void BM_SerializeListRecordsResponse(benchmark::State& state) {
  auto page = upstream::DecodeRecordPage(Page());
  if (!page.ok()) {
    Failed(state, "decode failed");
    return;
  }
  aqgate::v1::ListRecordsResponse response;
  for (const auto& record : page->records) *response.add_records() = record;
  std::string out;
  for (auto _ : state) {
    out.clear();
    response.SerializeToString(&out);
    benchmark::DoNotOptimize(out);
  }
  Report(state, out.size());
}
BENCHMARK(BM_SerializeListRecordsResponse)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace aqgate::bench

int main(int argc, char** argv) {
  // --smoke: every benchmark once, briefly (CI keeps this compiling and working).
  std::vector<char*> args(argv, argv + argc);
  static char min_time[] = "--benchmark_min_time=0.01";
  for (char*& arg : args) {
    if (std::strcmp(arg, "--smoke") == 0) arg = min_time;
  }
  int count = static_cast<int>(args.size());
  benchmark::Initialize(&count, args.data());
  if (benchmark::ReportUnrecognizedArguments(count, args.data())) return 1;
  std::cout << "mapping: upstream record page (" << 500 << " records, "
            << aqgate::bench::Page().size() << " bytes of JSON) -> aqgate.v1 protos\n";
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return aqgate::bench::g_failed ? 1 : 0;
}
