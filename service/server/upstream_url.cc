#include "service/server/upstream_url.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace aqgate::server {
namespace {

std::string WithoutTrailingSlash(absl::string_view url) {
  while (absl::ConsumeSuffix(&url, "/")) {
  }
  return std::string(url);
}

bool HasScheme(absl::string_view url) { return absl::StrContains(url, "://"); }

}  // namespace

std::string ResolveUpstreamUrl(absl::string_view flag_value, absl::string_view base_url_env,
                               absl::string_view api_host_env) {
  flag_value = absl::StripAsciiWhitespace(flag_value);
  base_url_env = absl::StripAsciiWhitespace(base_url_env);
  api_host_env = absl::StripAsciiWhitespace(api_host_env);
  if (!flag_value.empty()) return WithoutTrailingSlash(flag_value);
  if (!base_url_env.empty()) return WithoutTrailingSlash(base_url_env);
  if (!api_host_env.empty()) {
    if (HasScheme(api_host_env)) return WithoutTrailingSlash(api_host_env);
    return WithoutTrailingSlash(absl::StrCat("https://", api_host_env));
  }
  return kDefaultUpstreamUrl;
}

}  // namespace aqgate::server
