// Which upstream base URL the server talks to, chosen the way the official
// Arize SDKs do: an explicit setting, else ARIZE_BASE_URL, else
// ARIZE_API_HOST (a bare host means https://HOST), else the public API.
#ifndef AQGATE_SERVICE_SERVER_UPSTREAM_URL_H_
#define AQGATE_SERVICE_SERVER_UPSTREAM_URL_H_

#include <string>

#include "absl/strings/string_view.h"

namespace aqgate::server {

inline constexpr char kDefaultUpstreamUrl[] = "https://api.arize.com";

// Empty arguments count as unset. `api_host` may be a bare host ("h:8443"),
// which gets the https scheme, or a full URL, which is used as given.
// A trailing '/' is dropped so paths can be appended.
std::string ResolveUpstreamUrl(absl::string_view flag_value, absl::string_view base_url_env,
                               absl::string_view api_host_env);

// `url` without any "user:password@" part, for logging.
std::string RedactUrlCredentials(absl::string_view url);

}  // namespace aqgate::server

#endif  // AQGATE_SERVICE_SERVER_UPSTREAM_URL_H_
