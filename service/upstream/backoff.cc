#include "service/upstream/backoff.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/random/random.h"
#include "absl/synchronization/mutex.h"

namespace aqgate::upstream {

UniformRandom DefaultUniformRandom() {
  struct State {
    absl::Mutex mu;
    absl::BitGen gen;
  };
  auto state = std::make_shared<State>();
  return [state] {
    absl::MutexLock lock(&state->mu);
    return absl::Uniform<double>(state->gen, 0.0, 1.0);
  };
}

ExponentialBackoff::ExponentialBackoff(BackoffOptions options, UniformRandom random)
    : options_(options), random_(std::move(random)) {}

absl::Duration ExponentialBackoff::Ceiling(int retry) const {
  absl::Duration ceiling = options_.initial_delay;
  for (int i = 1; i < retry && ceiling < options_.max_delay; ++i) ceiling *= options_.multiplier;
  return std::min(ceiling, options_.max_delay);
}

absl::Duration ExponentialBackoff::Delay(int retry) const {
  double fraction = random_();
  fraction = std::clamp(fraction, 0.0, 1.0);
  return absl::Nanoseconds(
      static_cast<int64_t>(absl::ToDoubleNanoseconds(Ceiling(retry)) * fraction));
}

}  // namespace aqgate::upstream
