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

std::string RedactUrlCredentials(absl::string_view url) {
  const size_t scheme_end = url.find("://");
  const size_t authority = scheme_end == absl::string_view::npos ? 0 : scheme_end + 3;
  const size_t authority_end = url.find_first_of("/?#", authority);
  const absl::string_view host_part = url.substr(
      authority, authority_end == absl::string_view::npos ? absl::string_view::npos
                                                          : authority_end - authority);
  const size_t at = host_part.rfind('@');
  if (at == absl::string_view::npos) return std::string(url);
  return absl::StrCat(url.substr(0, authority), url.substr(authority + at + 1));
}

}  // namespace aqgate::server
