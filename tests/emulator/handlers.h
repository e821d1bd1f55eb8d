// The /v2 endpoint handlers. Each runs with the store locked and fails with a
// status from problem.h; the router turns results into HTTP responses.
#ifndef AQGATE_TESTS_EMULATOR_HANDLERS_H_
#define AQGATE_TESTS_EMULATOR_HANDLERS_H_

#include <string>

#include "absl/status/statusor.h"
#include "tests/emulator/api_types.h"
#include "tests/emulator/caller.h"
#include "tests/emulator/sqlite_db.h"

namespace aqgate::emulator {

struct HandlerInput {
  SqliteDb& db;
  const Caller& caller;
  const ApiRequest& request;
};

// spaces_handlers.cc
absl::StatusOr<ApiResponse> ListSpaces(const HandlerInput& in);

// queue_handlers.cc
absl::StatusOr<ApiResponse> ListQueues(const HandlerInput& in);
absl::StatusOr<ApiResponse> CreateQueue(const HandlerInput& in);
absl::StatusOr<ApiResponse> GetQueue(const HandlerInput& in, const std::string& queue_id);
absl::StatusOr<ApiResponse> UpdateQueue(const HandlerInput& in, const std::string& queue_id);
absl::StatusOr<ApiResponse> DeleteQueue(const HandlerInput& in, const std::string& queue_id);

// record_handlers.cc
absl::StatusOr<ApiResponse> ListRecords(const HandlerInput& in, const std::string& queue_id);
absl::StatusOr<ApiResponse> AddRecords(const HandlerInput& in, const std::string& queue_id);
absl::StatusOr<ApiResponse> DeleteRecordsHandler(const HandlerInput& in,
                                                 const std::string& queue_id);

// record_action_handlers.cc
absl::StatusOr<ApiResponse> AnnotateRecord(const HandlerInput& in, const std::string& queue_id,
                                           const std::string& record_id);
absl::StatusOr<ApiResponse> AssignRecord(const HandlerInput& in, const std::string& queue_id,
                                         const std::string& record_id);

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_HANDLERS_H_
