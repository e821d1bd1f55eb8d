// aqgate-emulator: a local Arize AX annotation-queues REST API (v2) with
// SQLite storage, seed data, fault injection and a request log.
// See tests/emulator/README.md.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "service/common/log.h"
#include "service/common/version.h"
#include "tests/emulator/demo_seed.h"
#include "tests/emulator/faults.h"
#include "tests/emulator/seed_loader.h"
#include "tests/emulator/server.h"
#include "tests/emulator/store.h"

ABSL_FLAG(std::string, seed, "", "Seed JSON file, loaded only into an empty database (required "
                                 "unless --db already holds a seeded database)");
ABSL_FLAG(std::string, db, ":memory:", "SQLite database file; :memory: keeps nothing");
ABSL_FLAG(std::string, host, "127.0.0.1", "Address to listen on");
ABSL_FLAG(int, port, 0, "Port to listen on; 0 = the OS picks one");
ABSL_FLAG(std::string, port_file, "",
          "Once listening, write the bound port (digits + newline) here, atomically");
ABSL_FLAG(std::string, tls_cert, "", "PEM certificate: serve HTTPS (with --tls_key)");
ABSL_FLAG(std::string, tls_key, "", "PEM private key for --tls_cert");
ABSL_FLAG(int64_t, latency_ms, 0, "Latency added to every /v2 request, in ms");
ABSL_FLAG(int64_t, latency_jitter_ms, 0, "Extra random latency, uniform in [0, N] ms");
ABSL_FLAG(int, threads, 2048,
          "Maximum worker threads (one per open connection; grown on demand)");
ABSL_FLAG(int, keep_alive_timeout_s, 5, "Idle keep-alive connections close after this");
ABSL_FLAG(bool, log_requests, false, "Log one line per /v2 request (method, path, status) "
                                     "on stderr; never bodies or keys");
ABSL_FLAG(std::string, fault, "",
          "Faults armed at start: a JSON object or array in the POST /_admin/faults form, "
          "e.g. '{\"kind\":\"status\",\"status\":503,\"count\":2}'");
ABSL_FLAG(int64_t, synthetic_spans, 0,
          "Seed override: generate a project 'bench-project' with N spans (empty db only)");
ABSL_FLAG(std::string, synthetic_queues, "",
          "Seed override: NAME:RECORDS[,NAME:RECORDS...] synthetic queues in the seed's "
          "synthetic space, e.g. bench-1m:1000000 (empty db only)");
ABSL_FLAG(std::string, write_seed, "",
          "Write the demo seed with --spans generated spans to this file and exit");
ABSL_FLAG(int64_t, spans, 100000, "Span count for --write_seed");

namespace {

using aqgate::LogLevel;
using aqgate::emulator::EmulatorOptions;
using aqgate::emulator::EmulatorServer;
using aqgate::emulator::Store;

int Fail(const std::string& message) {
  std::cerr << "aqgate-emulator: " << message << std::endl;
  return 2;
}

absl::Status WriteFileAtomically(const std::string& path, const std::string& content) {
  const std::string tmp = absl::StrCat(path, ".tmp.", getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) return absl::UnavailableError(absl::StrCat("cannot write ", tmp));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return absl::UnavailableError(absl::StrCat("cannot rename ", tmp, " to ", path));
  }
  return absl::OkStatus();
}

// Applies --synthetic_spans / --synthetic_queues to the seed document.
absl::Status ApplySyntheticFlags(nlohmann::json& seed) {
  const int64_t spans = absl::GetFlag(FLAGS_synthetic_spans);
  const std::string queues = absl::GetFlag(FLAGS_synthetic_queues);
  if (spans <= 0 && queues.empty()) return absl::OkStatus();
  nlohmann::json& synthetic = seed["synthetic"];
  if (!synthetic.is_object()) synthetic = nlohmann::json::object();
  if (spans > 0) synthetic["project_spans"] = spans;
  if (!synthetic.contains("queues") || !synthetic["queues"].is_array()) {
    synthetic["queues"] = nlohmann::json::array();
  }
  for (absl::string_view item : absl::StrSplit(queues, ',', absl::SkipEmpty())) {
    std::vector<std::string> parts = absl::StrSplit(item, absl::MaxSplits(':', 1));
    int64_t records = 0;
    if (parts.size() != 2 || parts[0].empty() || !absl::SimpleAtoi(parts[1], &records) ||
        records < 0) {
      return absl::InvalidArgumentError("--synthetic_queues wants NAME:RECORDS[,...]");
    }
    synthetic["queues"].push_back(
        {{"name", parts[0]},
         {"records", records},
         {"annotation_configs", nlohmann::json::array({"accuracy"})},
         {"annotators", nlohmann::json::array({"alice@example.com"})}});
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Local Arize AX annotation-queues REST API emulator.\n"
      "  aqgate-emulator --seed tests/emulator/seed/demo.json [--db FILE] [--port N]\n"
      "Admin API (no auth): GET /_admin/health, POST|DELETE /_admin/faults, "
      "GET|DELETE /_admin/requests.");
  // --help lists this program's flags (absl's default matches the binary name).
  absl::FlagsUsageConfig usage;
  usage.contains_help_flags = [](absl::string_view file) {
    return absl::StrContains(file, "tests/emulator/");
  };
  // absl's default describes how Debian built absl, not this program.
  usage.version_string = [] { return absl::StrCat("aqgate-emulator ", aqgate::kVersion, "\n"); };
  absl::SetFlagsUsageConfig(usage);
  absl::ParseCommandLine(argc, argv);

  if (const std::string out = absl::GetFlag(FLAGS_write_seed); !out.empty()) {
    nlohmann::json seed = aqgate::emulator::BuildDemoSeed(absl::GetFlag(FLAGS_spans));
    if (absl::Status s = WriteFileAtomically(out, seed.dump(1) + "\n"); !s.ok()) {
      return Fail(std::string(s.message()));
    }
    return 0;
  }

  // Signals are taken by one thread (sigwait), not by whichever thread runs.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  EmulatorOptions options;
  options.host = absl::GetFlag(FLAGS_host);
  options.port = absl::GetFlag(FLAGS_port);
  options.tls_cert = absl::GetFlag(FLAGS_tls_cert);
  options.tls_key = absl::GetFlag(FLAGS_tls_key);
  options.latency_ms = absl::GetFlag(FLAGS_latency_ms);
  options.latency_jitter_ms = absl::GetFlag(FLAGS_latency_jitter_ms);
  options.max_threads = static_cast<size_t>(std::max(1, absl::GetFlag(FLAGS_threads)));
  options.keep_alive_timeout_s = absl::GetFlag(FLAGS_keep_alive_timeout_s);
  options.log_requests = absl::GetFlag(FLAGS_log_requests);
  if (const std::string fault = absl::GetFlag(FLAGS_fault); !fault.empty()) {
    nlohmann::json parsed = nlohmann::json::parse(fault, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) return Fail("--fault is not JSON");
    for (const nlohmann::json& item :
         parsed.is_array() ? parsed : nlohmann::json::array({parsed})) {
      absl::StatusOr<aqgate::emulator::FaultSpec> spec = aqgate::emulator::ParseFaultSpec(item);
      if (!spec.ok()) return Fail(std::string(spec.status().message()));
      options.faults.push_back(*spec);
    }
  }

  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(absl::GetFlag(FLAGS_db));
  if (!store.ok()) return Fail(std::string(store.status().message()));
  absl::StatusOr<bool> seeded = (*store)->IsSeeded();
  if (!seeded.ok()) return Fail(std::string(seeded.status().message()));
  if (!*seeded) {
    const std::string seed_path = absl::GetFlag(FLAGS_seed);
    if (seed_path.empty()) return Fail("--seed is required for an empty database");
    absl::StatusOr<nlohmann::json> seed = aqgate::emulator::ReadSeedFile(seed_path);
    if (!seed.ok()) return Fail(std::string(seed.status().message()));
    if (absl::Status s = ApplySyntheticFlags(*seed); !s.ok()) return Fail(std::string(s.message()));
    if (absl::Status s = aqgate::emulator::LoadSeed(**store, *seed); !s.ok()) {
      return Fail(std::string(s.message()));
    }
  }

  absl::StatusOr<std::unique_ptr<EmulatorServer>> server =
      EmulatorServer::Bind(**store, std::move(options));
  if (!server.ok()) return Fail(std::string(server.status().message()));
  EmulatorServer* running = server->get();
  // The port file is the readiness signal, so it comes last: whoever sees it
  // also finds the announcement on stdout.
  std::cout << "aqgate-emulator listening on " << running->scheme() << "://"
            << absl::GetFlag(FLAGS_host) << ":" << running->port() << std::endl;
  if (const std::string port_file = absl::GetFlag(FLAGS_port_file); !port_file.empty()) {
    if (absl::Status s = WriteFileAtomically(port_file, absl::StrCat(running->port(), "\n"));
        !s.ok()) {
      return Fail(std::string(s.message()));
    }
  }

  std::thread signal_thread([running, signals] {
    int received = 0;
    sigwait(&signals, &received);
    running->Stop();
    // Idle keep-alive connections hold workers until their timeout; every
    // acknowledged write is already committed, so do not wait for them.
    std::this_thread::sleep_for(std::chrono::seconds(2));
    std::fflush(nullptr);
    std::_Exit(0);
  });
  signal_thread.detach();
  running->Run();
  server->reset();
  store->reset();
  return 0;
}
