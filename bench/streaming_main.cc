// streaming: StreamRecords over a synthetic 1,000,000-record queue.
// Fast reader: records/s end to end, the gateway's RSS growth (VmHWM minus
// RSS before the stream), upstream requests issued. Slow reader (sleeps
// between reads) for a fixed time: RSS growth and upstream requests, which
// show whether the gateway reads ahead of its client.
//
//   build-bench/bin/bench_streaming [--records 1000000] [--runs 3] [--smoke]
#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bench/bench_stack.h"
#include "bench/proc_stats.h"
#include "bench/stats.h"
#include "grpcpp/client_context.h"

ABSL_FLAG(bool, smoke, false, "10,000 records and a 1 s slow reader (CI)");
ABSL_FLAG(int64_t, records, 1000000, "Records in the synthetic queue");
ABSL_FLAG(int, runs, 3, "Fast-reader runs (each a fresh gateway); the summary gives medians");
ABSL_FLAG(absl::Duration, slow_duration, absl::Seconds(10), "How long the slow reader reads");
ABSL_FLAG(int, slow_batch, 100, "The slow reader sleeps after every this many records");
ABSL_FLAG(absl::Duration, slow_sleep, absl::Milliseconds(20), "... for this long");

namespace aqgate::bench {
namespace {

using aqgate::v1::AnnotationQueueService;

struct StreamResult {
  int64_t records = 0;
  double seconds = 0;
  int64_t rss_before_kib = 0;
  int64_t rss_peak_kib = 0;   // the sampler's max VmRSS during the stream
  int64_t hwm_kib = 0;        // VmHWM after the stream
  size_t upstream_requests = 0;
  double gateway_cpu_seconds = 0;
  double emulator_cpu_seconds = 0;
  bool ok = false;
  std::string error;
};

// Reads the stream; when `slow`, sleeps every slow_batch records and stops
// (cancels) after slow_duration.
StreamResult Stream(testing::Emulator& emulator, testing::Gateway& gateway,
                    const std::string& queue_id, bool slow, absl::Duration slow_duration) {
  StreamResult result;
  if (!emulator.ClearRequests().ok()) {
    result.error = "cannot clear the request log";
    return result;
  }
  const pid_t pid = gateway.process().pid();
  result.rss_before_kib = RssKib(pid);
  const double gateway_cpu_before = CpuSeconds(pid);
  const double emulator_cpu_before = CpuSeconds(emulator.process().pid());
  PeakSampler sampler(pid, absl::Milliseconds(20));
  auto stub = gateway.NewStub();
  grpc::ClientContext context;
  aqgate::v1::StreamRecordsRequest request;
  *request.mutable_queue() = QueueById(queue_id);
  request.set_page_size(500);
  request.set_max_records_per_message(100);
  const int batch = absl::GetFlag(FLAGS_slow_batch);
  const absl::Duration pause = absl::GetFlag(FLAGS_slow_sleep);
  const absl::Time start = absl::Now();
  auto reader = stub->StreamRecords(&context, request);
  aqgate::v1::StreamRecordsResponse message;
  int64_t since_pause = 0;
  bool cancelled = false;
  while (reader->Read(&message)) {
    result.records += message.records_size();
    if (!slow) continue;
    since_pause += message.records_size();
    if (since_pause >= batch) {
      since_pause = 0;
      absl::SleepFor(pause);
    }
    if (absl::Now() - start >= slow_duration) {
      context.TryCancel();
      cancelled = true;
      break;
    }
  }
  grpc::Status status = reader->Finish();
  result.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  sampler.Stop();
  result.rss_peak_kib = sampler.max_rss_kib();
  result.hwm_kib = PeakRssKib(pid);
  result.gateway_cpu_seconds = CpuSeconds(pid) - gateway_cpu_before;
  result.emulator_cpu_seconds = CpuSeconds(emulator.process().pid()) - emulator_cpu_before;
  result.ok = cancelled ? status.error_code() == grpc::StatusCode::CANCELLED : status.ok();
  if (!result.ok) result.error = status.error_message();
  absl::StatusOr<size_t> requests = UpstreamRequestCount(emulator);
  result.upstream_requests = requests.ok() ? *requests : 0;
  return result;
}

std::string Mib(int64_t kib) { return Fixed(static_cast<double>(kib) / 1024.0, 1); }

int Main() {
  const bool smoke = absl::GetFlag(FLAGS_smoke);
  const int64_t records = smoke ? 10000 : absl::GetFlag(FLAGS_records);
  const int runs = smoke ? 1 : absl::GetFlag(FLAGS_runs);
  const absl::Duration slow_duration =
      smoke ? absl::Seconds(1) : absl::GetFlag(FLAGS_slow_duration);
  const std::string queue = absl::StrCat("bench-stream-", records);

  const absl::Time seed_start = absl::Now();
  auto emulator = StartEmulator({absl::StrCat("--synthetic_queues=", queue, ":", records)});
  if (!emulator.ok()) return Fail("start emulator", emulator.status());
  const double seed_seconds = absl::ToDoubleSeconds(absl::Now() - seed_start);

  std::string queue_id;
  Table table({"reader", "upstream", "records", "seconds", "records/s", "RSS before MiB",
               "RSS peak MiB", "growth MiB", "upstream requests", "gw CPU us/record",
               "emu CPU us/record", "status"});
  // Per upstream compression: the fast runs' rates, growths, requests, CPU.
  struct Series {
    std::vector<double> rates, growths, requests, gw_cpu;
  };
  std::map<std::string, Series> series;
  bool all_ok = true;
  // One stream through a fresh gateway; `compression` is its --upstream_compression.
  auto stream_once = [&](const std::string& label, const std::string& compression,
                         bool slow) -> absl::Status {
    auto gateway = StartGateway(
        **emulator, {"--log_level=warning", absl::StrCat("--upstream_compression=", compression)});
    if (!gateway.ok()) return gateway.status();
    if (queue_id.empty()) {
      auto stub = (*gateway)->NewStub();
      absl::StatusOr<std::string> id = ResolveQueueId(*stub, queue);
      if (!id.ok()) return id.status();
      queue_id = *id;
    }
    StreamResult r = Stream(**emulator, **gateway, queue_id, slow, slow_duration);
    const int64_t growth = std::max(r.rss_peak_kib, r.hwm_kib) - r.rss_before_kib;
    const double rate = r.seconds > 0 ? static_cast<double>(r.records) / r.seconds : 0;
    const double gw_cpu = r.gateway_cpu_seconds * 1e6 / std::max<double>(1, r.records);
    const bool complete = slow ? r.records > 0 : r.records == records;
    if (!r.ok || !complete) all_ok = false;
    table.AddRow({label, compression, absl::StrCat(r.records), Fixed(r.seconds, 2),
                  Fixed(rate, 0), Mib(r.rss_before_kib),
                  Mib(std::max(r.rss_peak_kib, r.hwm_kib)), Mib(growth),
                  absl::StrCat(r.upstream_requests), Fixed(gw_cpu, 2),
                  Fixed(r.emulator_cpu_seconds * 1e6 / std::max<double>(1, r.records), 2),
                  r.ok ? (slow ? "CANCELLED (by reader)" : "OK") : absl::StrCat("ERROR ", r.error)});
    if (slow) {
      std::cout << "slow reader: " << absl::GetFlag(FLAGS_slow_sleep) << " sleep every "
                << absl::GetFlag(FLAGS_slow_batch) << " records for " << slow_duration
                << "; RSS growth " << Mib(growth) << " MiB (target <= 64), "
                << r.upstream_requests << " upstream requests for " << r.records
                << " records read\n";
      return absl::OkStatus();
    }
    Series& s = series[compression];
    s.rates.push_back(rate);
    s.growths.push_back(static_cast<double>(growth) / 1024.0);
    s.requests.push_back(static_cast<double>(r.upstream_requests));
    s.gw_cpu.push_back(gw_cpu);
    return absl::OkStatus();
  };
  // Interleaved: gzip (the default) and uncompressed, run by run; then the
  // slow reader with the default.
  for (int run = 0; run < runs; ++run) {
    for (const char* compression : {"gzip", "none"}) {
      absl::Status s = stream_once(absl::StrCat("fast run ", run + 1), compression, false);
      if (!s.ok()) return Fail("fast stream", s);
    }
  }
  if (absl::Status s = stream_once("slow (sleeps)", "gzip", true); !s.ok()) {
    return Fail("slow stream", s);
  }
  std::cout << "streaming: StreamRecords of a " << records << "-record synthetic queue "
            << "(page_size 500, 100 records per message); emulator seeded in "
            << Fixed(seed_seconds, 1) << " s\n\n";
  for (auto& [compression, s] : series) {
    table.AddRow({"fast median", compression, "", "", Fixed(Median(s.rates), 0), "", "",
                  Fixed(Median(s.growths), 1), Fixed(Median(s.requests), 0),
                  Fixed(Median(s.gw_cpu), 2), "", ""});
  }
  table.Print();
  for (auto& [compression, s] : series) {
    std::cout << "\ntarget >= 50,000 records/s with --upstream_compression=" << compression
              << ": " << (Median(s.rates) >= 50000 ? "met" : "NOT met");
  }
  std::cout << "\n(none: the emulator shares the gateway's two cores, and gzip-compressing "
               "its pages is most of its CPU; a remote upstream compresses on its own)\n";
  return all_ok ? 0 : 1;
}

}  // namespace
}  // namespace aqgate::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "StreamRecords throughput and gateway memory, fast and slow readers.\n"
      "  bench_streaming [--records N] [--runs N] [--smoke]");
  absl::ParseCommandLine(argc, argv);
  return aqgate::bench::Main();
}
