// Raw access to the emulator's admin API for what the integration harness's
// typed client does not carry: faults with every field (oversize_bytes),
// and the request log as the exact text the emulator serves.
#ifndef AQGATE_TESTS_RELIABILITY_RAW_ADMIN_H_
#define AQGATE_TESTS_RELIABILITY_RAW_ADMIN_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace aqgate::testing {

// POST /_admin/faults with `fault` as the body.
absl::Status ArmRawFault(int emulator_port, const nlohmann::json& fault);

// The body of GET `path` on the emulator (e.g. "/_admin/requests").
absl::StatusOr<std::string> RawAdminGet(int emulator_port, const std::string& path);

}  // namespace aqgate::testing

#endif  // AQGATE_TESTS_RELIABILITY_RAW_ADMIN_H_
