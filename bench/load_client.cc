#include "bench/load_client.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "aqgate/v1/annotation_queue_service.grpc.pb.h"
#include "bench/stats.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"
#include "nlohmann/json.hpp"
#include "tests/integration/harness/subprocess.h"
#include "tests/integration/harness/temp_dir.h"

namespace aqgate::bench {
namespace {

using nlohmann::json;

double NanosToMs(const json& value) {
  return value.is_number() ? value.get<double>() / 1e6 : 0;
}

}  // namespace

absl::StatusOr<LoadResult> RunGhz(const std::string& ghz_path, const std::string& source_dir,
                                  const LoadSpec& spec) {
  testing::TempDir dir;
  testing::SubprocessOptions options;
  options.binary = ghz_path;
  options.args = {"--insecure",
                  "--proto", absl::StrCat(source_dir, "/proto/aqgate/v1/annotation_queue_service.proto"),
                  "--import-paths", absl::StrCat(source_dir, "/proto"),
                  "--call", "aqgate.v1.AnnotationQueueService.GetAnnotationQueue",
                  "-d", json{{"queue", {{"id", spec.queue_id}}}}.dump(),
                  "-c", absl::StrCat(spec.in_flight),
                  "-n", absl::StrCat(spec.total),
                  "--connections", absl::StrCat(spec.connections),
                  "-t", absl::StrCat(absl::ToInt64Seconds(spec.timeout), "s"),
                  "-O", "json",
                  spec.target};
  options.stdout_path = dir.File("ghz.json");
  options.stderr_path = dir.File("ghz.stderr");
  auto process = testing::Subprocess::Start(options);
  if (!process.ok()) return process.status();
  const absl::Duration limit =
      spec.timeout * 2 + absl::Seconds(static_cast<double>(spec.total) / 100.0);
  std::optional<int> wait_status = (*process)->Wait(limit);
  if (!wait_status.has_value()) return absl::DeadlineExceededError("ghz did not finish");
  json report = json::parse((*process)->ReadStdout(), nullptr, /*allow_exceptions=*/false);
  if (!report.is_object()) {
    return absl::InternalError(absl::StrCat("ghz (", testing::DescribeWaitStatus(*wait_status),
                                            ") gave no JSON report: ",
                                            (*process)->ReadStderr().substr(0, 2000)));
  }
  LoadResult result;
  result.count = report.value("count", int64_t{0});
  result.seconds = report.value("total", 0.0) / 1e9;
  result.rps = report.value("rps", 0.0);
  if (const json& latencies = report["latencyDistribution"]; latencies.is_array()) {
    for (const json& entry : latencies) {
      const int percentage = entry.value("percentage", 0);
      if (percentage == 50) result.p50_ms = NanosToMs(entry["latency"]);
      if (percentage == 99) result.p99_ms = NanosToMs(entry["latency"]);
    }
  }
  if (const json& codes = report["statusCodeDistribution"]; codes.is_object()) {
    for (const auto& [code, count] : codes.items()) {
      if (code != "OK" && count.is_number()) {
        result.errors += count.get<int64_t>();
        result.error_kinds[code] += count.get<int64_t>();
      }
    }
  }
  // Calls that never got a status (e.g. connection failures) are only here.
  int64_t distributed = 0;
  if (const json& errors = report["errorDistribution"]; errors.is_object()) {
    for (const auto& [message, count] : errors.items()) {
      if (count.is_number()) distributed += count.get<int64_t>();
    }
  }
  result.errors = std::max(result.errors, distributed);
  if (result.count != spec.total) {
    result.errors += std::max<int64_t>(0, spec.total - result.count);
  }
  return result;
}

namespace {

// Keeps `in_flight` calls running until `total` have been started.
class CallbackLoad {
 public:
  explicit CallbackLoad(const LoadSpec& spec) : spec_(spec) {
    grpc::ChannelArguments args;
    args.SetInt("grpc.use_local_subchannel_pool", 1);
    for (int i = 0; i < std::max(1, spec.connections); ++i) {
      args.SetInt("aqgate.bench.channel", i);  // distinct channel args: no shared subchannel
      stubs_.push_back(aqgate::v1::AnnotationQueueService::NewStub(
          grpc::CreateCustomChannel(spec.target, grpc::InsecureChannelCredentials(), args)));
    }
    request_.mutable_queue()->set_id(spec.queue_id);
    latencies_ms_.reserve(spec.total);
  }

  LoadResult Run() {
    const absl::Time start = absl::Now();
    const int initial = std::min(spec_.in_flight, spec_.total);
    for (int i = 0; i < initial; ++i) StartOne(i);
    done_.WaitForNotification();
    LoadResult result;
    result.seconds = absl::ToDoubleSeconds(absl::Now() - start);
    std::lock_guard<std::mutex> lock(mu_);
    result.count = static_cast<int64_t>(latencies_ms_.size());
    result.errors = errors_;
    result.error_kinds = error_kinds_;
    result.rps = result.seconds > 0 ? static_cast<double>(result.count) / result.seconds : 0;
    result.p50_ms = Percentile(latencies_ms_, 50);
    result.p99_ms = Percentile(latencies_ms_, 99);
    return result;
  }

 private:
  struct Call {
    grpc::ClientContext context;
    aqgate::v1::GetAnnotationQueueResponse response;
    absl::Time start;
  };

  void StartOne(int slot) {
    if (started_.fetch_add(1) >= spec_.total) return;
    auto* call = new Call();
    call->context.set_deadline(std::chrono::system_clock::now() +
                               absl::ToChronoMilliseconds(spec_.timeout));
    call->start = absl::Now();
    auto& stub = *stubs_[static_cast<size_t>(slot) % stubs_.size()];
    stub.async()->GetAnnotationQueue(&call->context, &request_, &call->response,
                                     [this, call, slot](grpc::Status status) {
                                       Finish(call, status);
                                       StartOne(slot);
                                     });
  }

  void Finish(Call* call, const grpc::Status& status) {
    const double ms = absl::ToDoubleMilliseconds(absl::Now() - call->start);
    delete call;
    bool last = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      latencies_ms_.push_back(ms);
      if (!status.ok()) {
        ++errors_;
        ++error_kinds_[absl::StrCat("code ", status.error_code())];
      }
      last = static_cast<int>(latencies_ms_.size()) == spec_.total;
    }
    if (last) done_.Notify();
  }

  LoadSpec spec_;
  std::vector<std::unique_ptr<aqgate::v1::AnnotationQueueService::Stub>> stubs_;
  aqgate::v1::GetAnnotationQueueRequest request_;
  std::atomic<int> started_{0};
  absl::Notification done_;
  std::mutex mu_;
  std::vector<double> latencies_ms_;
  int64_t errors_ = 0;
  std::map<std::string, int64_t> error_kinds_;
};

}  // namespace

absl::StatusOr<LoadResult> RunCppLoad(const LoadSpec& spec) {
  if (spec.total <= 0 || spec.in_flight <= 0) {
    return absl::InvalidArgumentError("in_flight and total must be positive");
  }
  CallbackLoad load(spec);
  return load.Run();
}

}  // namespace aqgate::bench
