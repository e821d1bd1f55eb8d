// Settings of the annotation-queue service (filled from flags by main.cc).
#ifndef AQGATE_SERVICE_CORE_CORE_OPTIONS_H_
#define AQGATE_SERVICE_CORE_CORE_OPTIONS_H_

#include <functional>

#include "absl/time/time.h"

namespace aqgate::core {

struct CoreOptions {
  // How long a resolved name (space name -> ID, queue name -> ID) is reused.
  // Zero disables the cache.
  absl::Duration name_cache_ttl = absl::Seconds(60);
  // When true, every call must bring `authorization: Bearer <key>`; the
  // server's own key is never used (UNAUTHENTICATED otherwise).
  bool require_caller_key = false;
  // The deadline given to upstream work when the caller set none.
  absl::Duration default_deadline = absl::Seconds(60);
  // The clock of the name cache's TTL; null means absl::Now. Tests inject a
  // fake one.
  std::function<absl::Time()> clock;
};

}  // namespace aqgate::core

#endif  // AQGATE_SERVICE_CORE_CORE_OPTIONS_H_
