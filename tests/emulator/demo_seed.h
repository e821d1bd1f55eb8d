// The demo seed: the spaces, users, annotation configs, project (with
// generated LLM traces) and dataset that tests, the demo and benchmarks use.
// seed/demo.json is BuildDemoSeed(60); `aqgate-emulator --write_seed FILE
// --spans 100000` writes the large variant.
#ifndef AQGATE_TESTS_EMULATOR_DEMO_SEED_H_
#define AQGATE_TESTS_EMULATOR_DEMO_SEED_H_

#include <cstdint>

#include "nlohmann/json.hpp"

namespace aqgate::emulator {

nlohmann::json BuildDemoSeed(int64_t span_count);

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_DEMO_SEED_H_
