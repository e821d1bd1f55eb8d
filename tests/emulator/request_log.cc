#include "tests/emulator/request_log.h"

#include "nlohmann/json.hpp"

namespace aqgate::emulator {

void RequestLog::Add(LoggedRequest entry) {
  absl::MutexLock lock(&mu_);
  entries_.push_back(std::move(entry));
  if (entries_.size() > kCapacity) entries_.pop_front();
}

void RequestLog::Clear() {
  absl::MutexLock lock(&mu_);
  entries_.clear();
}

std::string RequestLog::ToJson() {
  nlohmann::json requests = nlohmann::json::array();
  absl::MutexLock lock(&mu_);
  for (const LoggedRequest& entry : entries_) {
    nlohmann::json item = {{"method", entry.method},
                           {"path", entry.path},
                           {"query", entry.query},
                           {"status", entry.status}};
    if (!entry.fault.empty()) item["fault"] = entry.fault;
    requests.push_back(std::move(item));
  }
  return nlohmann::json{{"requests", requests}}.dump(-1, ' ', false,
                                                     nlohmann::json::error_handler_t::replace);
}

}  // namespace aqgate::emulator
