// overhead: what the gateway adds to one call. Unary GetAnnotationQueue
// through aqgate vs the same REST GET sent straight to the same emulator
// with a keep-alive libcurl client, interleaved call by call in one run;
// then ListRecords with 500-record pages the same way. Latencies in µs.
// Alongside, grpc.health.v1.Health/Check on the same channel: a gRPC round
// trip that never reaches the upstream, i.e. the floor any gateway call pays.
//
//   build-bench/bin/bench_overhead [--runs 5] [--iterations 2000] [--smoke]
#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bench/bench_stack.h"
#include "bench/rest_client.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "bench/stats.h"
#include "grpcpp/client_context.h"

ABSL_FLAG(bool, smoke, false, "A few calls only: checks that everything works (CI)");
ABSL_FLAG(int, runs, 5, "Independent measurement runs; the summary gives their medians");
ABSL_FLAG(int, iterations, 2000, "GetAnnotationQueue pairs (gateway + direct) per run");
ABSL_FLAG(int, list_iterations, 200, "ListRecords (500 records) pairs per run");
ABSL_FLAG(int, warmup, 200, "Unmeasured pairs before the first run");
ABSL_FLAG(std::string, gateway_log_level, "info", "The gateway's --log_level (info = its default)");

namespace aqgate::bench {
namespace {

using aqgate::v1::AnnotationQueueService;

struct Samples {
  std::vector<double> gateway_us;
  std::vector<double> direct_us;
  int errors = 0;
};

struct RunResult {
  double gateway_p50, direct_p50, gateway_p99, direct_p99;
  int errors;
  // Per run: gateway minus direct. A summary row holds the median of these
  // (not the difference of medians: p99s of different runs do not line up).
  double added_p50, added_p99;
};

template <typename Call>
double TimeUs(Call call, int* errors) {
  const absl::Time start = absl::Now();
  if (!call()) ++*errors;
  return absl::ToDoubleMicroseconds(absl::Now() - start);
}

// One measured call through the gateway; `make_request` fills the request.
class GatewayCaller {
 public:
  GatewayCaller(const std::shared_ptr<grpc::Channel>& channel, std::string queue_id)
      : stub_(AnnotationQueueService::NewStub(channel)),
        health_stub_(grpc::health::v1::Health::NewStub(channel)),
        queue_id_(std::move(queue_id)) {}

  bool GetQueue() {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    aqgate::v1::GetAnnotationQueueRequest request;
    *request.mutable_queue() = QueueById(queue_id_);
    aqgate::v1::GetAnnotationQueueResponse response;
    return stub_->GetAnnotationQueue(&context, request, &response).ok() &&
           response.annotation_queue().id() == queue_id_;
  }

  bool HealthCheck() {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    return health_stub_->Check(&context, request, &response).ok() &&
           response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
  }

  bool ListRecords(int page_size) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    aqgate::v1::ListRecordsRequest request;
    *request.mutable_queue() = QueueById(queue_id_);
    request.set_page_size(page_size);
    aqgate::v1::ListRecordsResponse response;
    return stub_->ListRecords(&context, request, &response).ok() &&
           response.records_size() == page_size;
  }

 private:
  std::unique_ptr<AnnotationQueueService::Stub> stub_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_stub_;
  std::string queue_id_;
};

// Alternates which side goes first, so neither always gets a warm cache.
template <typename GatewayCall, typename DirectCall>
Samples Interleave(int pairs, GatewayCall gateway, DirectCall direct) {
  Samples samples;
  samples.gateway_us.reserve(pairs);
  samples.direct_us.reserve(pairs);
  for (int i = 0; i < pairs; ++i) {
    if (i % 2 == 0) {
      samples.gateway_us.push_back(TimeUs(gateway, &samples.errors));
      samples.direct_us.push_back(TimeUs(direct, &samples.errors));
    } else {
      samples.direct_us.push_back(TimeUs(direct, &samples.errors));
      samples.gateway_us.push_back(TimeUs(gateway, &samples.errors));
    }
  }
  return samples;
}

RunResult Summarize(const Samples& s) {
  RunResult r{Percentile(s.gateway_us, 50), Percentile(s.direct_us, 50),
              Percentile(s.gateway_us, 99), Percentile(s.direct_us, 99), s.errors, 0, 0};
  r.added_p50 = r.gateway_p50 - r.direct_p50;
  r.added_p99 = r.gateway_p99 - r.direct_p99;
  return r;
}

std::vector<std::string> Row(const std::string& label, const RunResult& r) {
  return {label,
          Fixed(r.gateway_p50, 0),
          Fixed(r.direct_p50, 0),
          Fixed(r.added_p50, 0),
          Fixed(r.gateway_p99, 0),
          Fixed(r.direct_p99, 0),
          Fixed(r.added_p99, 0),
          Fixed(r.direct_p50 > 0 ? r.gateway_p50 / r.direct_p50 : 0, 2),
          absl::StrCat(r.errors)};
}

RunResult MedianOf(const std::vector<RunResult>& runs) {
  std::vector<double> g50, d50, g99, d99, a50, a99;
  int errors = 0;
  for (const RunResult& r : runs) {
    g50.push_back(r.gateway_p50);
    d50.push_back(r.direct_p50);
    g99.push_back(r.gateway_p99);
    d99.push_back(r.direct_p99);
    a50.push_back(r.added_p50);
    a99.push_back(r.added_p99);
    errors += r.errors;
  }
  return {Median(g50), Median(d50), Median(g99), Median(d99), errors, Median(a50), Median(a99)};
}

// The path and query of the last /v2 request the emulator saw: the exact
// GET the gateway sent, which the direct client then repeats.
absl::StatusOr<std::string> LastUpstreamTarget(testing::Emulator& emulator) {
  absl::StatusOr<std::vector<testing::LoggedRequest>> log = emulator.Requests();
  if (!log.ok()) return log.status();
  if (log->empty()) return absl::NotFoundError("the emulator logged no request");
  const testing::LoggedRequest& last = log->back();
  return last.query.empty() ? last.path : absl::StrCat(last.path, "?", last.query);
}

int Main() {
  const bool smoke = absl::GetFlag(FLAGS_smoke);
  const int runs = smoke ? 1 : absl::GetFlag(FLAGS_runs);
  const int iterations = smoke ? 50 : absl::GetFlag(FLAGS_iterations);
  const int list_iterations = smoke ? 5 : absl::GetFlag(FLAGS_list_iterations);
  const int warmup = smoke ? 10 : absl::GetFlag(FLAGS_warmup);
  constexpr int kPage = 500;

  auto emulator = StartEmulator();
  if (!emulator.ok()) return Fail("start emulator", emulator.status());
  auto gateway = StartGateway(**emulator, {absl::StrCat("--log_level=",
                                                         absl::GetFlag(FLAGS_gateway_log_level))});
  if (!gateway.ok()) return Fail("start gateway", gateway.status());
  std::shared_ptr<grpc::Channel> channel = (*gateway)->NewChannel();
  auto stub = AnnotationQueueService::NewStub(channel);
  absl::StatusOr<std::string> queue_id = ResolveQueueId(*stub, kSmallQueue);
  if (!queue_id.ok()) return Fail("resolve queue", queue_id.status());
  GatewayCaller via_gateway(channel, *queue_id);
  KeepAliveGet direct((*emulator)->base_url(), absl::StrCat("Bearer ", kBenchKey));

  // The direct client repeats exactly the GETs the gateway sends.
  if (!via_gateway.GetQueue()) return Fail("gateway GetAnnotationQueue", absl::UnknownError("failed"));
  absl::StatusOr<std::string> get_target = LastUpstreamTarget(**emulator);
  if (!get_target.ok()) return Fail("request log", get_target.status());
  if (!via_gateway.ListRecords(kPage)) return Fail("gateway ListRecords", absl::UnknownError("failed"));
  absl::StatusOr<std::string> list_target = LastUpstreamTarget(**emulator);
  if (!list_target.ok()) return Fail("request log", list_target.status());
  if (absl::StatusOr<std::string> body = direct.Get(*get_target); !body.ok()) {
    return Fail("direct GET", body.status());
  }

  auto gateway_get = [&] { return via_gateway.GetQueue(); };
  auto direct_get = [&] { return direct.Get(*get_target).ok(); };
  auto gateway_list = [&] { return via_gateway.ListRecords(kPage); };
  auto direct_list = [&] { return direct.Get(*list_target).ok(); };
  auto health_check = [&] { return via_gateway.HealthCheck(); };
  Interleave(warmup, gateway_get, direct_get);
  Interleave(warmup, health_check, direct_get);
  Interleave(warmup / 10 + 1, gateway_list, direct_list);

  std::vector<RunResult> get_runs, list_runs, floor_runs;
  for (int run = 0; run < runs; ++run) {
    get_runs.push_back(Summarize(Interleave(iterations, gateway_get, direct_get)));
    floor_runs.push_back(Summarize(Interleave(iterations, health_check, direct_get)));
    list_runs.push_back(Summarize(Interleave(list_iterations, gateway_list, direct_list)));
  }

  std::cout << "overhead: gateway (gRPC -> aqgate -> REST) vs direct keep-alive libcurl GET, "
            << "same emulator, interleaved; " << runs << " run(s) x " << iterations
            << " GetAnnotationQueue + " << list_iterations << " ListRecords(" << kPage
            << ") pairs; latencies in microseconds\n\n";
  Table table({"call", "gw p50", "direct p50", "added p50", "gw p99", "direct p99", "added p99",
               "ratio p50", "errors"});
  for (int run = 0; run < runs; ++run) {
    table.AddRow(Row(absl::StrCat("GetAnnotationQueue run ", run + 1), get_runs[run]));
  }
  for (int run = 0; run < runs; ++run) {
    table.AddRow(Row(absl::StrCat("ListRecords(500) run ", run + 1), list_runs[run]));
  }
  for (int run = 0; run < runs; ++run) {
    table.AddRow(Row(absl::StrCat("Health/Check run ", run + 1), floor_runs[run]));
  }
  table.AddRow(Row("GetAnnotationQueue median", MedianOf(get_runs)));
  table.AddRow(Row("ListRecords(500) median", MedianOf(list_runs)));
  table.AddRow(Row("Health/Check median", MedianOf(floor_runs)));
  table.Print();
  const RunResult get = MedianOf(get_runs);
  const RunResult floor = MedianOf(floor_runs);
  std::cout << "\ngRPC floor (Health/Check, no upstream) p50: " << Fixed(floor.gateway_p50, 0)
            << " us; GetAnnotationQueue beyond floor + direct REST p50: "
            << Fixed(get.gateway_p50 - floor.gateway_p50 - get.direct_p50, 0) << " us\n";
  std::cout << "\ntargets: added p50 <= 200 us: "
            << (get.added_p50 <= 200 ? "met" : "NOT met")
            << "; added p99 <= 1000 us: " << (get.added_p99 <= 1000 ? "met" : "NOT met")
            << " (medians over runs of the per-run differences)\n";
  const int errors = get.errors + MedianOf(list_runs).errors + floor.errors;
  if (errors > 0) {
    std::cerr << "bench_overhead: " << errors << " call(s) failed" << std::endl;
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace aqgate::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Gateway overhead over a direct REST call (GetAnnotationQueue, ListRecords 500).\n"
      "  bench_overhead [--runs N] [--iterations N] [--smoke]");
  absl::ParseCommandLine(argc, argv);
  return aqgate::bench::Main();
}
