// The emulated Arize REST API v2: routes a request to its handler with the
// caller authenticated, the store locked and writes in one transaction.
#ifndef AQGATE_TESTS_EMULATOR_API_H_
#define AQGATE_TESTS_EMULATOR_API_H_

#include "tests/emulator/api_types.h"
#include "tests/emulator/store.h"

namespace aqgate::emulator {

class Api {
 public:
  explicit Api(Store& store) : store_(store) {}

  // Never fails: errors come back as application/problem+json responses.
  ApiResponse Handle(const ApiRequest& request);

 private:
  Store& store_;
};

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_API_H_
