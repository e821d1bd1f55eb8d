// aqgate: the gRPC gateway for the Arize AX annotation-queues API.
// The only file that reads flags and the environment.
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "service/common/log.h"
#include "service/common/version.h"
#include "service/server/port_file.h"
#include "service/server/server_options.h"
#include "service/server/server_runner.h"
#include "service/server/upstream_url.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "host:port to serve gRPC on. Loopback only by default; give another "
          "address (e.g. 0.0.0.0:50051) to accept other hosts. Port 0 lets the OS choose.");
ABSL_FLAG(std::string, port_file, "",
          "If set, the bound port is written to this file (atomically) once serving.");
ABSL_FLAG(std::string, upstream_url, "",
          "Base URL of the Arize REST API. Default: $ARIZE_BASE_URL, else "
          "$ARIZE_API_HOST (a bare host means https://HOST), else https://api.arize.com. "
          "The server's own API key is read from $ARIZE_API_KEY only (never a flag).");
ABSL_FLAG(bool, require_caller_key, false,
          "Every call must bring 'authorization: Bearer <key>' metadata; the server's "
          "$ARIZE_API_KEY is never used (for gateways shared between teams).");
ABSL_FLAG(std::string, tls_cert, "", "PEM certificate chain for serving TLS (with --tls_key).");
ABSL_FLAG(std::string, tls_key, "", "PEM private key for serving TLS (with --tls_cert).");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM CA bundle: require and verify client certificates signed by it (mTLS).");
ABSL_FLAG(std::string, upstream_ca_file, "",
          "Extra PEM CA bundle to trust for the upstream's TLS certificate.");
ABSL_FLAG(bool, upstream_insecure_skip_tls_verify, false,
          "Do not verify the upstream's TLS certificate (testing only; logged loudly).");
ABSL_FLAG(absl::Duration, upstream_attempt_timeout, absl::Seconds(30),
          "Upper bound of one upstream HTTP attempt.");
ABSL_FLAG(int, upstream_max_attempts, 4,
          "Attempts per upstream call, the first included (1 = no retries).");
ABSL_FLAG(int, upstream_max_connections, 64,
          "Upstream connections open at once. HTTP/2 multiplexes many calls over each; an "
          "HTTP/1.1 upstream needs one per call in flight, so raise this to run more calls "
          "upstream concurrently (each is a socket: mind the open-files limit).");
ABSL_FLAG(std::string, upstream_compression, "gzip",
          "gzip: ask the upstream for compressed responses (right across a network). none: "
          "ask for them uncompressed (an upstream on the same host, e.g. the local emulator, "
          "spends more CPU compressing than the transfer saves).");
ABSL_FLAG(absl::Duration, upstream_initial_backoff, absl::Milliseconds(100),
          "First retry backoff (exponential, full jitter; Retry-After wins).");
ABSL_FLAG(absl::Duration, upstream_max_backoff, absl::Seconds(10), "Largest retry backoff.");
ABSL_FLAG(absl::Duration, name_cache_ttl, absl::Seconds(60),
          "How long resolved space/queue names are reused; 0 disables the cache.");
ABSL_FLAG(absl::Duration, default_deadline, absl::Seconds(60),
          "Deadline for upstream work when the caller sets none.");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "On SIGTERM/SIGINT, how long calls in flight may run before being cancelled.");
ABSL_FLAG(std::string, log_level, "info", "One of debug, info, warning, error.");

namespace aqgate::server {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

bool IsOurFlagFile(absl::string_view file) {
  return file == "aqgate" || absl::StrContains(file, "service/server/");
}

// --help says "Flags from aqgate:", not the build's relative source path.
std::string FlagFileLabel(absl::string_view file) {
  return IsOurFlagFile(file) ? std::string("aqgate") : std::string(file);
}

absl::StatusOr<ServerOptions> OptionsFromFlags() {
  ServerOptions options;
  options.listen_address = absl::GetFlag(FLAGS_listen);
  options.tls.cert_file = absl::GetFlag(FLAGS_tls_cert);
  options.tls.key_file = absl::GetFlag(FLAGS_tls_key);
  options.tls.client_ca_file = absl::GetFlag(FLAGS_tls_client_ca);
  options.shutdown_grace = absl::GetFlag(FLAGS_shutdown_grace);

  upstream::UpstreamOptions& up = options.upstream;
  up.base_url = ResolveUpstreamUrl(absl::GetFlag(FLAGS_upstream_url), Env("ARIZE_BASE_URL"),
                                   Env("ARIZE_API_HOST"));
  up.default_api_key = Env("ARIZE_API_KEY");
  up.ca_file = absl::GetFlag(FLAGS_upstream_ca_file);
  up.insecure_skip_tls_verify = absl::GetFlag(FLAGS_upstream_insecure_skip_tls_verify);
  up.attempt_timeout = absl::GetFlag(FLAGS_upstream_attempt_timeout);
  up.max_attempts = absl::GetFlag(FLAGS_upstream_max_attempts);
  up.max_connections = absl::GetFlag(FLAGS_upstream_max_connections);
  const std::string compression = absl::GetFlag(FLAGS_upstream_compression);
  if (compression != "gzip" && compression != "none") {
    return absl::InvalidArgumentError("--upstream_compression must be gzip or none");
  }
  up.request_compression = compression == "gzip";
  up.initial_backoff = absl::GetFlag(FLAGS_upstream_initial_backoff);
  up.max_backoff = absl::GetFlag(FLAGS_upstream_max_backoff);

  core::CoreOptions& core = options.core;
  core.require_caller_key = absl::GetFlag(FLAGS_require_caller_key);
  core.name_cache_ttl = absl::GetFlag(FLAGS_name_cache_ttl);
  core.default_deadline = absl::GetFlag(FLAGS_default_deadline);

  if (up.max_attempts < 1) return absl::InvalidArgumentError("--upstream_max_attempts must be >= 1");
  if (up.max_connections < 1) {
    return absl::InvalidArgumentError("--upstream_max_connections must be >= 1");
  }
  if (up.attempt_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--upstream_attempt_timeout must be positive");
  }
  if (up.initial_backoff < absl::ZeroDuration() || up.max_backoff < up.initial_backoff) {
    return absl::InvalidArgumentError(
        "--upstream_initial_backoff must be >= 0 and <= --upstream_max_backoff");
  }
  if (core.name_cache_ttl < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--name_cache_ttl must not be negative");
  }
  if (core.default_deadline <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--default_deadline must be positive");
  }
  if (options.shutdown_grace < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--shutdown_grace must not be negative");
  }
  if (core.require_caller_key && !up.default_api_key.empty()) {
    Log(LogLevel::kInfo, "server_key_unused",
        {{"note", "--require_caller_key: the ARIZE_API_KEY of the server is not used"}});
  }
  return options;
}

int Fail(const absl::Status& status) {
  Log(LogLevel::kError, "startup_failed", {{"error", std::string(status.message())}});
  return 1;
}

int Run(int argc, char** argv) {
  // Block the stop signals in every thread (threads inherit the mask, so
  // this comes before gRPC or curl start any); this thread takes them with
  // sigwait, and no work happens in a signal handler.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  absl::FlagsUsageConfig usage_config;
  usage_config.contains_help_flags = IsOurFlagFile;
  usage_config.contains_helpshort_flags = IsOurFlagFile;
  usage_config.normalize_filename = FlagFileLabel;
  // absl's default describes how Debian built absl, not aqgate.
  usage_config.version_string = [] { return absl::StrCat("aqgate ", kVersion, "\n"); };
  absl::SetFlagsUsageConfig(usage_config);
  absl::SetProgramUsageMessage(
      "a gRPC gateway for the Arize AX annotation-queues REST API.\n"
      "  ARIZE_API_KEY=... aqgate [--listen=127.0.0.1:50051] [--upstream_url=URL] ...\n"
      "Environment: ARIZE_API_KEY (the server's key), ARIZE_BASE_URL / ARIZE_API_HOST.");
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() > 1) {
    return Fail(absl::InvalidArgumentError(
        absl::StrCat("unexpected argument \"", positional[1], "\" (see --help)")));
  }

  LogLevel level;
  if (!ParseLogLevel(absl::GetFlag(FLAGS_log_level), &level)) {
    return Fail(absl::InvalidArgumentError("--log_level must be debug, info, warning or error"));
  }
  SetLogLevel(level);
  // Debian builds abseil without NDEBUG, which leaves absl::Mutex's deadlock
  // detector on: every lock and unlock, ours and gRPC's, then updates one
  // global lock-order graph. The tests keep it on (their mains do not call
  // this), so lock-order inversions still fail there.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  absl::StatusOr<ServerOptions> options = OptionsFromFlags();
  if (!options.ok()) return Fail(options.status());

  absl::StatusOr<std::unique_ptr<ServerRunner>> runner = ServerRunner::Start(*options);
  if (!runner.ok()) return Fail(runner.status());

  // The port file is the readiness signal, so it comes last: whoever sees it
  // also finds the announcement on stdout.
  std::cout << "aqgate listening on " << (*runner)->address() << std::endl;
  const std::string port_file = absl::GetFlag(FLAGS_port_file);
  if (!port_file.empty()) {
    if (absl::Status s = WritePortFile(port_file, (*runner)->port()); !s.ok()) {
      (*runner)->Shutdown();
      return Fail(s);
    }
  }

  int signal_number = 0;
  while (sigwait(&stop_signals, &signal_number) != 0) {
  }
  Log(LogLevel::kInfo, "signal", {{"signal", signal_number == SIGTERM ? "SIGTERM" : "SIGINT"}});
  (*runner)->Shutdown();
  runner->reset();
  return 0;
}

}  // namespace
}  // namespace aqgate::server

int main(int argc, char** argv) { return aqgate::server::Run(argc, argv); }
