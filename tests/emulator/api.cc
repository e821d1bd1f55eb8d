#include "tests/emulator/api.h"

#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "service/common/log.h"
#include "tests/emulator/caller.h"
#include "tests/emulator/handlers.h"
#include "tests/emulator/problem.h"

namespace aqgate::emulator {
namespace {

using Handler = std::function<absl::StatusOr<ApiResponse>(const HandlerInput&)>;

struct Route {
  Handler handler;
  bool writes = false;
};

ApiResponse Problem(const absl::Status& status, const ApiRequest& request) {
  if (HttpStatusOf(status) == 500) {
    Log(LogLevel::kError, "emulator_internal_error",
        {{"method", request.method}, {"path", request.raw_path},
         {"error", std::string(status.message())}});
  }
  ApiResponse response;
  response.status = HttpStatusOf(status);
  response.body = ProblemJson(status, request.raw_path);
  response.content_type = "application/problem+json";
  return response;
}

ApiResponse PlainProblem(int status, absl::string_view detail, const ApiRequest& request) {
  ApiResponse response;
  response.status = status;
  response.body = ProblemJsonForStatus(status, detail, request.raw_path);
  response.content_type = "application/problem+json";
  return response;
}

// Finds the handler for the method and path; 404 / 405 otherwise.
absl::StatusOr<Route> Match(const ApiRequest& request, int* not_found_status) {
  const std::vector<std::string>& s = request.segments;
  const std::string& m = request.method;
  *not_found_status = 404;
  if (s.size() < 2 || s[0] != "v2") return absl::NotFoundError("no such endpoint");
  auto method_not_allowed = [&]() {
    *not_found_status = 405;
    return absl::NotFoundError(absl::StrCat("method ", m, " not allowed here"));
  };
  if (s[1] == "spaces" && s.size() == 2) {
    if (m == "GET") return Route{ListSpaces, false};
    return method_not_allowed();
  }
  if (s[1] != "annotation-queues") return absl::NotFoundError("no such endpoint");
  if (s.size() == 2) {
    if (m == "GET") return Route{ListQueues, false};
    if (m == "POST") return Route{CreateQueue, true};
    return method_not_allowed();
  }
  const std::string queue_id = s[2];
  if (s.size() == 3) {
    if (m == "GET") return Route{[queue_id](const HandlerInput& in) { return GetQueue(in, queue_id); }, false};
    if (m == "PATCH") return Route{[queue_id](const HandlerInput& in) { return UpdateQueue(in, queue_id); }, true};
    if (m == "DELETE") return Route{[queue_id](const HandlerInput& in) { return DeleteQueue(in, queue_id); }, true};
    return method_not_allowed();
  }
  if (s[3] != "records") return absl::NotFoundError("no such endpoint");
  if (s.size() == 4) {
    if (m == "GET") return Route{[queue_id](const HandlerInput& in) { return ListRecords(in, queue_id); }, false};
    if (m == "POST") return Route{[queue_id](const HandlerInput& in) { return AddRecords(in, queue_id); }, true};
    if (m == "DELETE") {
      return Route{[queue_id](const HandlerInput& in) { return DeleteRecordsHandler(in, queue_id); }, true};
    }
    return method_not_allowed();
  }
  if (s.size() == 6 && (s[5] == "annotate" || s[5] == "assign")) {
    if (m != "POST") return method_not_allowed();
    const std::string record_id = s[4];
    if (s[5] == "annotate") {
      return Route{[queue_id, record_id](const HandlerInput& in) {
                     return AnnotateRecord(in, queue_id, record_id);
                   }, true};
    }
    return Route{[queue_id, record_id](const HandlerInput& in) {
                   return AssignRecord(in, queue_id, record_id);
                 }, true};
  }
  return absl::NotFoundError("no such endpoint");
}

}  // namespace

ApiResponse Api::Handle(const ApiRequest& request) {
  int not_found_status = 404;
  absl::StatusOr<Route> route = Match(request, &not_found_status);
  if (!route.ok()) return PlainProblem(not_found_status, route.status().message(), request);

  absl::MutexLock lock(&store_.mutex());
  SqliteDb& db = store_.db();
  absl::StatusOr<Caller> caller = Authenticate(db, request.authorization);
  if (!caller.ok()) return Problem(caller.status(), request);
  HandlerInput input{db, *caller, request};
  absl::StatusOr<ApiResponse> response =
      route->writes ? InTransaction(db, [&] { return route->handler(input); })
                    : route->handler(input);
  if (!response.ok()) return Problem(response.status(), request);
  return *std::move(response);
}

}  // namespace aqgate::emulator
