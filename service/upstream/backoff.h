// Exponential backoff with full jitter (AWS architecture blog, "Exponential
// Backoff And Jitter"): the n-th retry waits a uniformly random time in
// [0, min(max_delay, initial_delay * multiplier^(n-1))]. The random source is
// injected so tests assert exact delays.
#ifndef AQGATE_SERVICE_UPSTREAM_BACKOFF_H_
#define AQGATE_SERVICE_UPSTREAM_BACKOFF_H_

#include <functional>

#include "absl/time/time.h"

namespace aqgate::upstream {

struct BackoffOptions {
  absl::Duration initial_delay = absl::Milliseconds(100);
  absl::Duration max_delay = absl::Seconds(10);
  double multiplier = 2.0;
};

// Returns a number in [0, 1). Called from the I/O thread only.
using UniformRandom = std::function<double()>;

// The default source: absl::BitGen behind a mutex.
UniformRandom DefaultUniformRandom();

class ExponentialBackoff {
 public:
  ExponentialBackoff(BackoffOptions options, UniformRandom random);

  // The wait before retry number `retry` (1 = the first retry).
  absl::Duration Delay(int retry) const;
  // The cap of that wait, before jitter.
  absl::Duration Ceiling(int retry) const;

 private:
  BackoffOptions options_;
  UniformRandom random_;
};

}  // namespace aqgate::upstream

#endif  // AQGATE_SERVICE_UPSTREAM_BACKOFF_H_
