// The processes a benchmark measures: the real aqgate-emulator (the local
// upstream) and the real aqgate gateway in front of it, started with the
// integration-test harness (port files, health probes), on OS-chosen ports.
#ifndef AQGATE_BENCH_BENCH_STACK_H_
#define AQGATE_BENCH_BENCH_STACK_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "aqgate/v1/annotation_queue_service.grpc.pb.h"
#include "tests/integration/harness/emulator.h"
#include "tests/integration/harness/gateway.h"

namespace aqgate::bench {

// The demo seed's user alice (every space) and the space of its synthetic
// queues (tests/emulator/seed/demo.json).
inline constexpr char kBenchKey[] = "ak-alice-demo-0001";
inline constexpr char kBenchSpace[] = "demo-space";
inline constexpr char kSmallQueue[] = "bench-1k";  // 1,000 records, in the demo seed

// Starts the emulator with the demo seed plus `extra_args`.
absl::StatusOr<std::unique_ptr<testing::Emulator>> StartEmulator(
    std::vector<std::string> extra_args = {});

// Starts the gateway against `emulator` with the bench key as its server key.
absl::StatusOr<std::unique_ptr<testing::Gateway>> StartGateway(
    const testing::Emulator& emulator, std::vector<std::string> extra_args = {});

// The canonical ID of the queue `name` in kBenchSpace, asked through the gateway.
absl::StatusOr<std::string> ResolveQueueId(aqgate::v1::AnnotationQueueService::Stub& stub,
                                           const std::string& name);

// How many /v2 requests the emulator has answered since its log was cleared.
absl::StatusOr<size_t> UpstreamRequestCount(testing::Emulator& emulator);

// A by-name reference to a queue of kBenchSpace (the space by name too).
aqgate::v1::QueueRef QueueByName(const std::string& name);
aqgate::v1::QueueRef QueueById(const std::string& id);

// Prints `status` to stderr as "<program>: <what>: <status>" and returns 1.
int Fail(const std::string& what, const absl::Status& status);

}  // namespace aqgate::bench

#endif  // AQGATE_BENCH_BENCH_STACK_H_
