// ASSIGN_OR_RETURN / RETURN_IF_ERROR for the emulator's absl::Status code.
#ifndef AQGATE_TESTS_EMULATOR_STATUS_MACROS_H_
#define AQGATE_TESTS_EMULATOR_STATUS_MACROS_H_

#include "absl/status/status.h"

#define EMU_CONCAT_INNER(a, b) a##b
#define EMU_CONCAT(a, b) EMU_CONCAT_INNER(a, b)

#define EMU_ASSIGN_OR_RETURN(lhs, expr) \
  EMU_ASSIGN_OR_RETURN_IMPL(EMU_CONCAT(emu_statusor_, __LINE__), lhs, expr)
#define EMU_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(*tmp)

#define EMU_RETURN_IF_ERROR(expr)                                    \
  do {                                                               \
    if (absl::Status emu_status_ = (expr); !emu_status_.ok()) return emu_status_; \
  } while (false)

#endif  // AQGATE_TESTS_EMULATOR_STATUS_MACROS_H_
