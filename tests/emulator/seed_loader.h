// Loads a seed JSON document (format: tests/emulator/README.md) into an empty
// store, in one transaction, including the "synthetic" bulk directive.
#ifndef AQGATE_TESTS_EMULATOR_SEED_LOADER_H_
#define AQGATE_TESTS_EMULATOR_SEED_LOADER_H_

#include <string>

#include "absl/status/status.h"
#include "nlohmann/json.hpp"
#include "tests/emulator/store.h"

namespace aqgate::emulator {

// Fails with InvalidArgument naming the offending seed path on a bad seed.
// Does nothing if the store was already seeded.
absl::Status LoadSeed(Store& store, const nlohmann::json& seed);

// Reads and parses a seed file.
absl::StatusOr<nlohmann::json> ReadSeedFile(const std::string& path);

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_SEED_LOADER_H_
