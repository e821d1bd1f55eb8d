// concurrency: N unary GetAnnotationQueue calls in flight against an
// upstream that answers after 200 ms (emulator --latency_ms 200). Per N:
// throughput vs the ideal N / latency, the gateway's peak thread count
// (/proc/PID/task, sampled) and peak RSS (VmHWM), errors. A fresh gateway
// per N so its peaks are its own. Load from ghz when installed
// (.tools/bin/ghz, scripts/install-deps), else a C++ callback-API client.
//
//   build-bench/bin/bench_concurrency [--in_flight 100,1000,5000] [--runs 3] [--smoke]
#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "bench/bench_stack.h"
#include "bench/load_client.h"
#include "bench/proc_stats.h"
#include "bench/stats.h"

ABSL_FLAG(bool, smoke, false, "50 and 200 in flight, 3 rounds, one run (CI)");
ABSL_FLAG(std::string, in_flight, "100,1000,5000", "Comma-separated calls-in-flight levels");
ABSL_FLAG(int, rounds, 10, "Calls per in-flight slot (total calls = N x rounds)");
ABSL_FLAG(int, runs, 3, "Runs per level; the table gives each and their median");
ABSL_FLAG(int, latency_ms, 200, "Upstream latency injected by the emulator");
ABSL_FLAG(int, calls_per_connection, 250, "In-flight calls per client HTTP/2 connection");
ABSL_FLAG(std::string, client, "auto", "ghz, cpp, or auto (ghz when installed)");
ABSL_FLAG(std::string, ghz, AQGATE_SOURCE_DIR "/.tools/bin/ghz", "The ghz binary");
ABSL_FLAG(std::string, gateway_args,
          "--upstream_max_connections=1024 --upstream_compression=none",
          "Extra gateway flags, space-separated. The emulator speaks HTTP/1.1, so the "
          "gateway needs one upstream connection per call in flight (its default is 64); "
          "more than ~1,000 connections at once overwhelm the emulator's accept loop. "
          "Uncompressed: the emulator shares the two cores, gzip would be its CPU, not ours");

namespace aqgate::bench {
namespace {

struct LevelResult {
  LoadResult load;
  int max_threads = 0;
  int64_t peak_rss_kib = 0;
  int64_t start_rss_kib = 0;
  double gateway_cpu_us_per_call = 0;
  double emulator_cpu_us_per_call = 0;
};

absl::StatusOr<std::vector<int>> ParseLevels(const std::string& text) {
  std::vector<int> levels;
  for (absl::string_view item : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    int n = 0;
    if (!absl::SimpleAtoi(item, &n) || n <= 0) {
      return absl::InvalidArgumentError(absl::StrCat("--in_flight: bad level '", item, "'"));
    }
    levels.push_back(n);
  }
  if (levels.empty()) return absl::InvalidArgumentError("--in_flight is empty");
  return levels;
}

bool UseGhz() {
  const std::string choice = absl::GetFlag(FLAGS_client);
  if (choice == "ghz") return true;
  if (choice == "cpp") return false;
  return access(absl::GetFlag(FLAGS_ghz).c_str(), X_OK) == 0;
}

absl::StatusOr<LevelResult> RunLevel(testing::Emulator& emulator, const std::string& queue_id,
                                     int in_flight, int rounds, bool ghz) {
  std::vector<std::string> args = {"--log_level=warning"};
  for (absl::string_view a : absl::StrSplit(absl::GetFlag(FLAGS_gateway_args), ' ',
                                            absl::SkipEmpty())) {
    args.emplace_back(a);
  }
  auto gateway = StartGateway(emulator, args);
  if (!gateway.ok()) return gateway.status();
  const pid_t pid = (*gateway)->process().pid();
  LevelResult result;
  result.start_rss_kib = RssKib(pid);
  LoadSpec spec;
  spec.target = (*gateway)->target();
  spec.queue_id = queue_id;
  spec.in_flight = in_flight;
  spec.total = in_flight * rounds;
  spec.connections = std::max(1, in_flight / std::max(1, absl::GetFlag(FLAGS_calls_per_connection)));
  const pid_t emulator_pid = emulator.process().pid();
  const double gateway_cpu_before = CpuSeconds(pid);
  const double emulator_cpu_before = CpuSeconds(emulator_pid);
  PeakSampler sampler(pid, absl::Milliseconds(10));
  absl::StatusOr<LoadResult> load =
      ghz ? RunGhz(absl::GetFlag(FLAGS_ghz), AQGATE_SOURCE_DIR, spec) : RunCppLoad(spec);
  sampler.Stop();
  if (!load.ok()) return load.status();
  result.load = *load;
  const double calls = std::max<double>(1, static_cast<double>(load->count));
  result.gateway_cpu_us_per_call = (CpuSeconds(pid) - gateway_cpu_before) * 1e6 / calls;
  result.emulator_cpu_us_per_call =
      (CpuSeconds(emulator_pid) - emulator_cpu_before) * 1e6 / calls;
  result.max_threads = sampler.max_threads();
  result.peak_rss_kib = std::max(PeakRssKib(pid), sampler.max_rss_kib());
  return result;
}

int Main() {
  const bool smoke = absl::GetFlag(FLAGS_smoke);
  absl::StatusOr<std::vector<int>> levels =
      ParseLevels(smoke ? "50,200" : absl::GetFlag(FLAGS_in_flight));
  if (!levels.ok()) return Fail("flags", levels.status());
  const int rounds = smoke ? 3 : absl::GetFlag(FLAGS_rounds);
  const int runs = smoke ? 1 : absl::GetFlag(FLAGS_runs);
  const int latency_ms = absl::GetFlag(FLAGS_latency_ms);
  const bool ghz = UseGhz();
  int max_level = 0;
  for (int n : *levels) max_level = std::max(max_level, n);

  // Enough emulator workers for one connection per call in flight.
  auto emulator = StartEmulator({absl::StrCat("--latency_ms=", latency_ms),
                                 absl::StrCat("--threads=", std::max(2048, max_level + 256))});
  if (!emulator.ok()) return Fail("start emulator", emulator.status());
  std::string queue_id;
  {
    auto gateway = StartGateway(**emulator, {"--log_level=warning"});
    if (!gateway.ok()) return Fail("start gateway", gateway.status());
    auto stub = (*gateway)->NewStub();
    absl::StatusOr<std::string> id = ResolveQueueId(*stub, kSmallQueue);
    if (!id.ok()) return Fail("resolve queue", id.status());
    queue_id = *id;
  }

  Table table({"in flight", "run", "calls", "seconds", "calls/s", "ideal/s", "% ideal", "p50 ms",
               "p99 ms", "gw threads", "gw RSS start MiB", "gw RSS peak MiB", "gw CPU us/call",
               "emu CPU us/call", "errors"});
  int64_t total_errors = 0;
  for (int n : *levels) {
    std::vector<double> pct, threads, rss, rps, gw_cpu, emu_cpu;
    int64_t level_errors = 0;
    const double ideal = n / (latency_ms / 1000.0);
    for (int run = 0; run < runs; ++run) {
      absl::StatusOr<LevelResult> r = RunLevel(**emulator, queue_id, n, rounds, ghz);
      if (!r.ok()) return Fail(absl::StrCat(n, " in flight"), r.status());
      const double percent = 100.0 * r->load.rps / ideal;
      table.AddRow({absl::StrCat(n), absl::StrCat(run + 1), absl::StrCat(r->load.count),
                    Fixed(r->load.seconds, 2), Fixed(r->load.rps, 0), Fixed(ideal, 0),
                    Fixed(percent, 1), Fixed(r->load.p50_ms, 1), Fixed(r->load.p99_ms, 1),
                    absl::StrCat(r->max_threads), Fixed(r->start_rss_kib / 1024.0, 1),
                    Fixed(r->peak_rss_kib / 1024.0, 1), Fixed(r->gateway_cpu_us_per_call, 0),
                    Fixed(r->emulator_cpu_us_per_call, 0), absl::StrCat(r->load.errors)});
      for (const auto& [kind, count] : r->load.error_kinds) {
        std::cerr << "  " << n << " in flight, run " << run + 1 << ": " << count << " x " << kind
                  << "\n";
      }
      pct.push_back(percent);
      threads.push_back(r->max_threads);
      rss.push_back(r->peak_rss_kib / 1024.0);
      rps.push_back(r->load.rps);
      gw_cpu.push_back(r->gateway_cpu_us_per_call);
      emu_cpu.push_back(r->emulator_cpu_us_per_call);
      level_errors += r->load.errors;
    }
    if (runs > 1) {
      table.AddRow({absl::StrCat(n), "median", "", "", Fixed(Median(rps), 0), Fixed(ideal, 0),
                    Fixed(Median(pct), 1), "", "", Fixed(Median(threads), 0), "",
                    Fixed(Median(rss), 1), Fixed(Median(gw_cpu), 0), Fixed(Median(emu_cpu), 0),
                    absl::StrCat(level_errors)});
    }
    total_errors += level_errors;
  }
  std::cout << "concurrency: GetAnnotationQueue by ID, upstream latency " << latency_ms
            << " ms, " << rounds << " calls per in-flight slot, load from "
            << (ghz ? "ghz" : "the C++ callback client") << ", "
            << absl::GetFlag(FLAGS_calls_per_connection) << " calls per client connection, gateway "
            << absl::GetFlag(FLAGS_gateway_args) << "\n\n";
  table.Print();
  return total_errors == 0 ? 0 : 1;
}

}  // namespace
}  // namespace aqgate::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Throughput, threads and memory of the gateway at N calls in flight.\n"
      "  bench_concurrency [--in_flight 100,1000,5000] [--runs N] [--smoke]");
  absl::ParseCommandLine(argc, argv);
  return aqgate::bench::Main();
}
