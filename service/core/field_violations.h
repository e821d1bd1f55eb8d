// Collects every invalid field of a request, then turns them into one
// INVALID_ARGUMENT status with a google.rpc.BadRequest (one FieldViolation
// per offending field) and an ErrorInfo (domain "aqgate", reason
// "INVALID_ARGUMENT").
#ifndef AQGATE_SERVICE_CORE_FIELD_VIOLATIONS_H_
#define AQGATE_SERVICE_CORE_FIELD_VIOLATIONS_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace aqgate::core {

class FieldViolations {
 public:
  // `field` is a path such as "queue.space.name" or
  // "record_sources[1].spans.span_ids[3]".
  void Add(std::string field, std::string description) {
    violations_.emplace_back(std::move(field), std::move(description));
  }
  bool empty() const { return violations_.empty(); }
  const std::vector<std::pair<std::string, std::string>>& violations() const {
    return violations_;
  }

  // OK when nothing was added; else INVALID_ARGUMENT naming every field.
  absl::Status ToStatus() const;

 private:
  std::vector<std::pair<std::string, std::string>> violations_;
};

// A convenience for one violation.
absl::Status InvalidField(std::string field, std::string description);

}  // namespace aqgate::core

#endif  // AQGATE_SERVICE_CORE_FIELD_VIOLATIONS_H_
