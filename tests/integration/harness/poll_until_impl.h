// Template body of PollUntil (see subprocess.h).
#ifndef AQGATE_TESTS_INTEGRATION_HARNESS_POLL_UNTIL_IMPL_H_
#define AQGATE_TESTS_INTEGRATION_HARNESS_POLL_UNTIL_IMPL_H_

#include <algorithm>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace aqgate::testing {

template <typename Probe>
bool PollUntil(Probe probe, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  absl::Duration pause = absl::Milliseconds(2);
  while (true) {
    if (probe()) return true;
    if (absl::Now() >= deadline) return false;
    absl::SleepFor(pause);
    pause = std::min(pause * 2, absl::Milliseconds(50));
  }
}

}  // namespace aqgate::testing

#endif  // AQGATE_TESTS_INTEGRATION_HARNESS_POLL_UNTIL_IMPL_H_
