#include "bench/rest_client.h"

#include <curl/curl.h>

#include <utility>

#include "absl/strings/str_cat.h"

namespace aqgate::bench {
namespace {

size_t Append(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

}  // namespace

KeepAliveGet::KeepAliveGet(std::string base_url, const std::string& authorization)
    : base_url_(std::move(base_url)), curl_(curl_easy_init()), headers_(nullptr) {
  const std::string header = absl::StrCat("Authorization: ", authorization);
  curl_slist* headers = curl_slist_append(nullptr, header.c_str());
  headers = curl_slist_append(headers, "Accept: application/json");
  headers_ = headers;
  CURL* curl = static_cast<CURL*>(curl_);
  if (curl == nullptr) return;
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body_);
  curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 30000L);
  // The same request the gateway sends (service/upstream/curl_transport.cc).
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "gzip");
}

KeepAliveGet::~KeepAliveGet() {
  if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
  curl_slist_free_all(static_cast<curl_slist*>(headers_));
}

absl::StatusOr<std::string> KeepAliveGet::Get(const std::string& path_and_query) {
  CURL* curl = static_cast<CURL*>(curl_);
  if (curl == nullptr) return absl::InternalError("curl_easy_init failed");
  body_.clear();
  const std::string url = base_url_ + path_and_query;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  const CURLcode code = curl_easy_perform(curl);
  if (code != CURLE_OK) {
    return absl::UnavailableError(absl::StrCat("GET ", path_and_query, ": ",
                                               curl_easy_strerror(code)));
  }
  long http_status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &http_status);
  if (http_status != 200) {
    return absl::UnknownError(absl::StrCat("GET ", path_and_query, ": HTTP ", http_status));
  }
  return body_;
}

}  // namespace aqgate::bench
