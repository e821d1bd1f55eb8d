// GET /_admin/ids: the IDs minted for seeded objects, by name, so tests and
// scripts can address projects, datasets, versions, examples and configs.
#ifndef AQGATE_TESTS_EMULATOR_ADMIN_IDS_H_
#define AQGATE_TESTS_EMULATOR_ADMIN_IDS_H_

#include <string>

#include "absl/status/statusor.h"
#include "tests/emulator/store.h"

namespace aqgate::emulator {

// {"organizations": {name: id}, "spaces": {name: id}, "users": {email: id},
//  "annotation_configs": {"space/name": id}, "projects": {"space/name": id},
//  "datasets": {"space/name": {"id", "versions": {name: id},
//                              "examples": [id, ...] (latest version)}}}
absl::StatusOr<std::string> AdminIdsJson(Store& store);

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_ADMIN_IDS_H_
