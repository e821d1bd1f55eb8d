#include "tests/emulator/server.h"

#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <memory>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "httplib.h"
#include "service/common/log.h"
#include "tests/emulator/admin_ids.h"
#include "tests/emulator/elastic_task_queue.h"
#include "tests/emulator/path_util.h"
#include "tests/emulator/problem.h"

namespace aqgate::emulator {
namespace {

constexpr size_t kMaxRequestBody = 64u << 20;
constexpr char kJson[] = "application/json";
constexpr char kProblemJson[] = "application/problem+json";

int64_t Jitter(int64_t max_ms) {
  if (max_ms <= 0) return 0;
  thread_local absl::BitGen gen;
  return absl::Uniform<int64_t>(absl::IntervalClosed, gen, 0, max_ms);
}

void SetProblem(httplib::Response& res, int status, absl::string_view detail,
                absl::string_view instance) {
  res.status = status;
  res.set_content(ProblemJsonForStatus(status, detail, instance), kProblemJson);
}

ApiRequest BuildApiRequest(const httplib::Request& req, const std::string& raw_path,
                           const std::vector<std::string>& segments) {
  ApiRequest request;
  request.method = req.method;
  request.raw_path = raw_path;
  request.segments = segments;
  for (const auto& [key, value] : req.params) request.query.emplace(key, value);
  request.authorization = req.get_header_value("Authorization");
  request.body = req.body;
  return request;
}

}  // namespace

EmulatorServer::EmulatorServer(Store& store, EmulatorOptions options)
    : store_(store), options_(std::move(options)), api_(store_) {}

EmulatorServer::~EmulatorServer() {
  Stop();
  if (background_.joinable()) background_.join();
}

absl::StatusOr<std::unique_ptr<EmulatorServer>> EmulatorServer::Bind(Store& store,
                                                                    EmulatorOptions options) {
  std::unique_ptr<EmulatorServer> server(new EmulatorServer(store, std::move(options)));
  const EmulatorOptions& opts = server->options_;
  if (opts.tls_cert.empty() != opts.tls_key.empty()) {
    return absl::InvalidArgumentError("--tls_cert and --tls_key go together");
  }
  if (!opts.tls_cert.empty()) {
    server->http_ = std::make_unique<httplib::SSLServer>(opts.tls_cert.c_str(), opts.tls_key.c_str());
    server->scheme_ = "https";
  } else {
    server->http_ = std::make_unique<httplib::Server>();
  }
  if (!server->http_->is_valid()) {
    return absl::InvalidArgumentError("cannot load the TLS certificate or key");
  }
  httplib::Server& http = *server->http_;
  const size_t max_threads = opts.max_threads;
  http.new_task_queue = [max_threads] { return new ElasticTaskQueue(max_threads); };
  // Without TCP_NODELAY, Nagle + delayed ACK add ~40 ms to every response
  // on a reused keep-alive connection.
  http.set_tcp_nodelay(true);
  http.set_keep_alive_max_count(size_t{1} << 30);
  http.set_keep_alive_timeout(opts.keep_alive_timeout_s);
  http.set_read_timeout(30, 0);
  http.set_write_timeout(30, 0);
  http.set_payload_max_length(kMaxRequestBody);
  int* listen_fd = &server->listen_fd_;
  http.set_socket_options([listen_fd](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    *listen_fd = sock;
  });
  server->InstallRoutes();
  for (const FaultSpec& fault : opts.faults) server->faults_.Add(fault);
  int port = opts.port;
  if (port == 0) {
    port = http.bind_to_any_port(opts.host);
  } else if (!http.bind_to_port(opts.host, port)) {
    port = -1;
  }
  if (port <= 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", opts.host, ":", opts.port));
  }
  // httplib listens with a backlog of 5; widen it so a burst of 1,000
  // connects is not answered with SYN retries.
  if (server->listen_fd_ >= 0) ::listen(server->listen_fd_, SOMAXCONN);
  server->port_ = port;
  return server;
}

void EmulatorServer::InstallRoutes() {
  httplib::Server& http = *http_;
  http.set_exception_handler([](const httplib::Request& req, httplib::Response& res,
                                std::exception_ptr) {
    SetProblem(res, 500, "internal error", req.path);
  });
  http.Get("/_admin/health", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"ok\":true}", kJson);
  });
  http.Post("/_admin/faults", [this](const httplib::Request& req, httplib::Response& res) {
    nlohmann::json body = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded()) return SetProblem(res, 400, "the body is not JSON", req.path);
    std::vector<FaultSpec> specs;
    for (const nlohmann::json& item : body.is_array() ? body : nlohmann::json::array({body})) {
      absl::StatusOr<FaultSpec> spec = ParseFaultSpec(item);
      if (!spec.ok()) return SetProblem(res, 400, spec.status().message(), req.path);
      specs.push_back(*spec);
    }
    for (FaultSpec& spec : specs) faults_.Add(std::move(spec));
    res.set_content("{\"ok\":true}", kJson);
  });
  http.Delete("/_admin/faults", [this](const httplib::Request&, httplib::Response& res) {
    faults_.Clear();
    res.set_content("{\"ok\":true}", kJson);
  });
  http.Get("/_admin/ids", [this](const httplib::Request& req, httplib::Response& res) {
    absl::StatusOr<std::string> ids = AdminIdsJson(store_);
    if (!ids.ok()) return SetProblem(res, 500, "cannot read the ID directory", req.path);
    res.set_content(*ids, kJson);
  });
  http.Get("/_admin/requests", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(request_log_.ToJson(), kJson);
  });
  http.Delete("/_admin/requests", [this](const httplib::Request&, httplib::Response& res) {
    request_log_.Clear();
    res.set_content("{\"ok\":true}", kJson);
  });
  auto api = [this](const httplib::Request& req, httplib::Response& res) { HandleApi(req, res); };
  // Every path, including ones whose decoded form holds line breaks (an
  // escaped "%0A" in an ID): ECMAScript's "." matches no line terminator.
  static constexpr char kAnyPath[] = R"([\s\S]*)";
  http.Get(kAnyPath, api);
  http.Post(kAnyPath, api);
  http.Put(kAnyPath, api);
  http.Patch(kAnyPath, api);
  http.Delete(kAnyPath, api);
}

bool EmulatorServer::Sleep(int64_t ms) {
  return stopping_.SleepFor(std::chrono::milliseconds(std::max<int64_t>(ms, 0)));
}

void EmulatorServer::HandleApi(const httplib::Request& req, httplib::Response& res) {
  const std::string raw_path(PathOfTarget(req.target));
  LoggedRequest entry{req.method, raw_path, std::string(QueryOfTarget(req.target)), 0, ""};
  std::optional<FaultSpec> fault = faults_.Take(req.method, raw_path);
  if (fault.has_value()) entry.fault = std::string(FaultKindName(fault->kind));
  const FaultKind kind = fault.has_value() ? fault->kind : FaultKind::kLatency;
  int64_t delay = options_.latency_ms + Jitter(options_.latency_jitter_ms);
  if (fault.has_value() && kind == FaultKind::kLatency) delay += fault->latency_ms;
  if (!Sleep(delay)) {
    SetProblem(res, 503, "the emulator is shutting down", raw_path);
  } else if (fault.has_value() && kind == FaultKind::kStatus) {
    SetProblem(res, fault->status, "injected fault", raw_path);
    if (!fault->retry_after.empty()) res.set_header("Retry-After", fault->retry_after);
  } else if (fault.has_value() && kind == FaultKind::kMalformedJson) {
    res.status = 200;
    res.set_content("{\"annotation_queues\": [{\"id\": ], pagination: nope}", kJson);
  } else if (fault.has_value() && kind == FaultKind::kOversizedBody) {
    static constexpr char kHead[] =
        "{\"annotation_queues\":[],\"pagination\":{\"has_more\":false},\"padding\":\"";
    const size_t head = sizeof(kHead) - 1;
    const size_t total = std::max<size_t>(static_cast<size_t>(fault->oversize_bytes), head + 2);
    res.status = 200;
    res.set_content_provider(
        total, kJson, [head, total](size_t offset, size_t length, httplib::DataSink& sink) {
          std::string chunk;
          const size_t end = offset + std::min<size_t>(length, 64 * 1024);
          for (size_t i = offset; i < end; ++i) {
            chunk.push_back(i < head ? kHead[i] : i == total - 2 ? '"' : i == total - 1 ? '}' : 'x');
          }
          return sink.write(chunk.data(), chunk.size());
        });
  } else {
    std::optional<std::vector<std::string>> segments = DecodePathSegments(raw_path);
    ApiResponse response;
    if (!segments.has_value()) {
      response.status = 400;
      response.body = ProblemJsonForStatus(400, "malformed percent-encoding in the path", raw_path);
      response.content_type = kProblemJson;
    } else {
      response = api_.Handle(BuildApiRequest(req, raw_path, *segments));
    }
    res.status = response.status;
    // A 204 has no body to cut, stall or break: it stays a complete 204 (bytes
    // after it would be read as the next response on a kept-alive connection).
    const bool bodiless = response.status == 204;
    if (!fault.has_value() || kind == FaultKind::kLatency || bodiless) {
      if (!response.body.empty()) res.set_content(response.body, response.content_type);
    } else if (kind == FaultKind::kTruncatedJson) {
      std::string body = response.body.empty() ? std::string("{") : response.body;
      res.set_content(body.substr(0, std::max<size_t>(1, body.size() / 2)), response.content_type);
    } else {
      // drop_connection / stall: headers promise the whole body; half goes out.
      auto body = std::make_shared<std::string>(std::move(response.body));
      const size_t total = std::max<size_t>(body->size(), 2);
      const bool stall = kind == FaultKind::kStall;
      const int64_t stall_ms = fault->stall_ms;
      res.set_content_provider(
          total, response.content_type,
          [this, body, total, stall, stall_ms](size_t offset, size_t, httplib::DataSink& sink) {
            const size_t half = std::min(body->size(), total / 2);
            if (offset < half) return sink.write(body->data() + offset, half - offset);
            if (!stall || !Sleep(stall_ms) || body->size() < total) return false;
            return sink.write(body->data() + offset, body->size() - offset);
          });
    }
  }
  entry.status = res.status;
  if (options_.log_requests) {
    Log(LogLevel::kInfo, "emulator_request",
        {{"method", entry.method}, {"path", entry.path}, {"status", std::to_string(entry.status)},
         {"fault", entry.fault}});
  }
  request_log_.Add(std::move(entry));
}

void EmulatorServer::Run() { http_->listen_after_bind(); }

void EmulatorServer::Start() {
  background_ = std::thread([this] { Run(); });
}

void EmulatorServer::Stop() {
  std::call_once(stop_once_, [this] { stopping_.Raise(); });
  if (http_ != nullptr) http_->stop();
}

}  // namespace aqgate::emulator
