// Parses an HTTP Retry-After header value (RFC 9110 section 10.2.3): either
// delta-seconds (1*DIGIT) or an HTTP-date (IMF-fixdate, e.g.
// "Sun, 06 Nov 1994 08:49:37 GMT"; the obsolete RFC 850 and asctime forms
// are accepted too, as the RFC asks of recipients).
#ifndef AQGATE_SERVICE_UPSTREAM_RETRY_AFTER_H_
#define AQGATE_SERVICE_UPSTREAM_RETRY_AFTER_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace aqgate::upstream {

// The delay the header asks for, measured from `now`: a date in the past
// gives zero. nullopt for anything malformed (empty, signed, fractional,
// trailing garbage, an unparseable date, an absurd number).
std::optional<absl::Duration> ParseRetryAfter(absl::string_view value, absl::Time now);

}  // namespace aqgate::upstream

#endif  // AQGATE_SERVICE_UPSTREAM_RETRY_AFTER_H_
