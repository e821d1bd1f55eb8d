// Early-return helpers for absl::Status / absl::StatusOr (abseil 20220623
// ships none), shared by the gateway layers and the emulator.
#ifndef AQGATE_SERVICE_COMMON_STATUS_MACROS_H_
#define AQGATE_SERVICE_COMMON_STATUS_MACROS_H_

#include <utility>

#define AQ_RETURN_IF_ERROR(expr)             \
  do {                                       \
    absl::Status aq_status_ = (expr);        \
    if (!aq_status_.ok()) return aq_status_; \
  } while (false)

#define AQ_STATUS_CONCAT_INNER(a, b) a##b
#define AQ_STATUS_CONCAT(a, b) AQ_STATUS_CONCAT_INNER(a, b)
#define AQ_ASSIGN_OR_RETURN(lhs, expr) \
  AQ_ASSIGN_OR_RETURN_IMPL(AQ_STATUS_CONCAT(aq_statusor_, __LINE__), lhs, expr)
#define AQ_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(*tmp)

#endif  // AQGATE_SERVICE_COMMON_STATUS_MACROS_H_
