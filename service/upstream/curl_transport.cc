// The only file of aqgate that includes curl.
#include "service/upstream/curl_transport.h"

#include <curl/curl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "service/common/log.h"
#include "service/upstream/gateway_errors.h"

namespace aqgate::upstream {
namespace {

struct EasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct MultiDeleter {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using MultiHandle = std::unique_ptr<CURLM, MultiDeleter>;
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

// An owned file descriptor (the loop's epoll instance and its wake-up eventfd).
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(FileDescriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  FileDescriptor& operator=(FileDescriptor&&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// Makes a blocked epoll_wait on the loop return. Thread safe.
void Signal(int event_fd) {
  const uint64_t one = 1;
  // Only fails when the counter would overflow, i.e. a wake-up is pending.
  (void)!write(event_fd, &one, sizeof one);
}

// Idle easy handles kept for reuse (each is reset before it is pooled).
constexpr std::size_t kMaxPooledHandles = 64;
// The loop wakes at least this often even with nothing to do.
constexpr int kMaxPollMillis = 1000;

absl::Status GlobalInit() {
  static const CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (code != CURLE_OK) {
    return GatewayError(absl::StatusCode::kInternal, kReasonTransportError,
                        absl::StrCat("curl_global_init failed: ", curl_easy_strerror(code)));
  }
  return absl::OkStatus();
}

absl::Status Cancelled(absl::string_view why) {
  return GatewayError(absl::StatusCode::kCancelled, kReasonCancelled, why);
}

// Milliseconds for a curl timeout, rounded up and at least 1 (0 = none).
long TimeoutMillis(absl::Duration duration) {
  const int64_t millis = absl::ToInt64Milliseconds(absl::Ceil(duration, absl::Milliseconds(1)));
  return static_cast<long>(std::clamp<int64_t>(millis, 1, int64_t{1} << 30));
}

// One in-flight request, owned by the loop thread.
struct Transfer {
  uint64_t id = 0;
  EasyHandle easy;
  HeaderList headers;
  HttpRequest request;  // owns the body curl reads from
  HttpCallback done;
  HttpResponse response;
  std::size_t max_response_bytes = 0;
  bool too_large = false;
  bool deadline_bound = false;  // the call's deadline, not attempt_timeout, set the timeout
  char error_buffer[CURL_ERROR_SIZE] = {};
};

std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  if (transfer->response.body.size() + bytes > transfer->max_response_bytes) {
    transfer->too_large = true;
    return 0;  // anything but `bytes` aborts the transfer
  }
  transfer->response.body.append(data, bytes);
  return bytes;
}

std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  absl::string_view line = absl::StripAsciiWhitespace(absl::string_view(data, bytes));
  if (absl::StartsWith(line, "HTTP/")) {
    transfer->response.headers.clear();  // a new response (after 100 Continue)
    return bytes;
  }
  const std::size_t colon = line.find(':');
  if (colon == absl::string_view::npos || colon == 0) return bytes;
  transfer->response.headers.emplace_back(
      absl::AsciiStrToLower(absl::StripAsciiWhitespace(line.substr(0, colon))),
      std::string(absl::StripAsciiWhitespace(line.substr(colon + 1))));
  return bytes;
}

absl::Status StatusFromCurlCode(CURLcode code, const Transfer& transfer) {
  std::string message = absl::StrCat("upstream ", HttpMethodName(transfer.request.method),
                                     " failed: ", curl_easy_strerror(code));
  if (transfer.error_buffer[0] != '\0') absl::StrAppend(&message, " (", transfer.error_buffer, ")");
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      return GatewayError(absl::StatusCode::kUnavailable, kReasonConnectFailed, message);
    case CURLE_OPERATION_TIMEDOUT:
      absl::StrAppend(&message, transfer.deadline_bound ? "; the call's deadline passed"
                                                        : "; the attempt timeout passed");
      return GatewayError(absl::StatusCode::kDeadlineExceeded, kReasonTimeout, message);
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return GatewayError(absl::StatusCode::kUnavailable, kReasonTlsError, message);
    case CURLE_FILESIZE_EXCEEDED:
      return GatewayError(absl::StatusCode::kInternal, kReasonResponseTooLarge,
                          absl::StrCat("upstream response larger than ",
                                       transfer.max_response_bytes, " bytes"));
    case CURLE_WRITE_ERROR:
      if (transfer.too_large) {
        return GatewayError(absl::StatusCode::kInternal, kReasonResponseTooLarge,
                            absl::StrCat("upstream response larger than ",
                                         transfer.max_response_bytes, " bytes"));
      }
      return GatewayError(absl::StatusCode::kInternal, kReasonTransportError, message);
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_SSL_SHUTDOWN_FAILED:
    // The base URL's scheme is checked at startup: at run time this is a
    // reply without a status line (HTTP/0.9 refused), e.g. stray bytes a
    // server left on a kept-alive connection. Retrying on a new one helps.
    case CURLE_UNSUPPORTED_PROTOCOL:
      return GatewayError(absl::StatusCode::kUnavailable, kReasonConnectionError, message);
    default:  // CURLE_URL_MALFORMAT included: URLs are built here, so a bug
      return GatewayError(absl::StatusCode::kInternal, kReasonTransportError, message);
  }
}

class CurlTransport final : public EventLoopTransport {
 public:
  // What cancellation listeners may touch; outlives the transport.
  struct Shared {
    absl::Mutex mu;
    int wake_fd ABSL_GUARDED_BY(mu) = -1;  // -1 once shut down
    std::vector<uint64_t> cancelled ABSL_GUARDED_BY(mu);

    void CancelTransfer(uint64_t id) {
      absl::MutexLock lock(&mu);
      if (wake_fd < 0) return;
      cancelled.push_back(id);
      Signal(wake_fd);
    }
  };

  // `epoll` and `wake` are fresh descriptors: an epoll instance and an eventfd.
  CurlTransport(CurlTransportOptions options, MultiHandle multi, FileDescriptor epoll,
                FileDescriptor wake)
      : options_(std::move(options)),
        multi_(std::move(multi)),
        epoll_(std::move(epoll)),
        wake_(std::move(wake)),
        shared_(std::make_shared<Shared>()) {
    {
      absl::MutexLock lock(&shared_->mu);
      shared_->wake_fd = wake_.get();
    }
    epoll_event wake_event{};
    wake_event.events = EPOLLIN;
    wake_event.data.fd = wake_.get();
    epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, wake_.get(), &wake_event);
    CURLM* multi_handle = multi_.get();
    curl_multi_setopt(multi_handle, CURLMOPT_MAX_HOST_CONNECTIONS,
                      static_cast<long>(options_.max_host_connections));
    curl_multi_setopt(multi_handle, CURLMOPT_MAXCONNECTS,
                      static_cast<long>(options_.max_idle_connections));
    curl_multi_setopt(multi_handle, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    curl_multi_setopt(multi_handle, CURLMOPT_SOCKETFUNCTION, &CurlTransport::OnSocket);
    curl_multi_setopt(multi_handle, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi_handle, CURLMOPT_TIMERFUNCTION, &CurlTransport::OnTimer);
    curl_multi_setopt(multi_handle, CURLMOPT_TIMERDATA, this);
    thread_ = std::thread([this] { Run(); });
  }

  ~CurlTransport() override { Shutdown(); }

  void Send(HttpRequest request, absl::Time deadline, std::shared_ptr<Cancellation> cancellation,
            HttpCallback done) override {
    const uint64_t id = next_id_.fetch_add(1) + 1;
    if (cancellation != nullptr) {
      // Registered before the request is queued, dropped whichever way it
      // completes. A cancel that comes before the loop starts the transfer
      // is caught by Start's IsCancelled check.
      const uint64_t listener =
          cancellation->OnCancel([shared = shared_, id] { shared->CancelTransfer(id); });
      done = [cancellation, listener, done = std::move(done)](
                 absl::StatusOr<HttpResponse> result) mutable {
        cancellation->Forget(listener);
        std::move(done)(std::move(result));
      };
    }
    {
      absl::MutexLock lock(&mu_);
      if (!stopping_) {
        submissions_.push_back(
            Submission{id, std::move(request), deadline, cancellation, std::move(done)});
        Wake();
        return;
      }
    }
    std::move(done)(Cancelled("the upstream client is shut down"));
  }

  absl::Time Now() override { return absl::Now(); }

  void RunAt(absl::Time when, absl::AnyInvocable<void(absl::Status) &&> fn) override {
    {
      absl::MutexLock lock(&mu_);
      if (!stopping_) {
        new_timers_.push_back(Timer{when, std::move(fn)});
        Wake();
        return;
      }
    }
    std::move(fn)(Cancelled("the upstream client is shut down"));
  }

  void Shutdown() override {
    std::call_once(shutdown_once_, [this] {
      if (std::this_thread::get_id() == thread_.get_id()) {
        Log(LogLevel::kError, "upstream_transport_misuse",
            {{"problem", "Shutdown called on the I/O thread"}});
        std::abort();
      }
      {
        absl::MutexLock lock(&mu_);
        stopping_ = true;
        Wake();
      }
      thread_.join();
      // curl_multi_cleanup (in the destructor) must not call back into a
      // half-destroyed transport.
      curl_multi_setopt(multi_.get(), CURLMOPT_SOCKETFUNCTION, nullptr);
      curl_multi_setopt(multi_.get(), CURLMOPT_TIMERFUNCTION, nullptr);
      absl::MutexLock lock(&shared_->mu);
      shared_->wake_fd = -1;  // listeners stop waking the (soon closed) eventfd
    });
  }

 private:
  struct Submission {
    uint64_t id;
    HttpRequest request;
    absl::Time deadline;
    std::shared_ptr<Cancellation> cancellation;
    HttpCallback done;
  };
  struct Timer {
    absl::Time when;
    absl::AnyInvocable<void(absl::Status) &&> fn;
  };

  void Wake() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { Signal(wake_.get()); }

  // curl's socket callback: keeps the epoll set in step with the sockets
  // curl wants watched, so each loop turn costs O(ready sockets), not
  // O(transfers in flight) as curl_multi_poll over every handle did.
  static int OnSocket(CURL*, curl_socket_t fd, int what, void* self, void*) {
    const int epoll_fd = static_cast<CurlTransport*>(self)->epoll_.get();
    if (what == CURL_POLL_REMOVE) {
      epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);  // fails harmlessly if already closed
      return 0;
    }
    epoll_event event{};
    event.events = ((what & CURL_POLL_IN) != 0 ? EPOLLIN : 0u) |
                   ((what & CURL_POLL_OUT) != 0 ? EPOLLOUT : 0u);
    event.data.fd = fd;
    if (epoll_ctl(epoll_fd, EPOLL_CTL_MOD, fd, &event) != 0 &&
        (errno != ENOENT || epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event) != 0)) {
      // Only resource exhaustion gets here; the transfer then ends at its
      // timeout, which curl's timer still drives.
      Log(LogLevel::kError, "upstream_socket_unwatched", {{"error", std::strerror(errno)}});
    }
    return 0;
  }

  // curl's timer callback: when curl next needs CURL_SOCKET_TIMEOUT (-1 = never).
  static int OnTimer(CURLM*, long timeout_ms, void* self) {
    static_cast<CurlTransport*>(self)->curl_deadline_ =
        timeout_ms < 0 ? absl::InfiniteFuture() : absl::Now() + absl::Milliseconds(timeout_ms);
    return 0;
  }

  void SocketAction(curl_socket_t fd, int events) {
    int running = 0;
    curl_multi_socket_action(multi_.get(), fd, events, &running);
  }

  // Milliseconds until the earliest of curl's timeout, our timers and the
  // idle bound; 0 when one is due.
  int MillisUntilNextDeadline() const {
    absl::Time next = std::min(curl_deadline_, absl::Now() + absl::Milliseconds(kMaxPollMillis));
    if (!timers_.empty()) next = std::min(next, timers_.begin()->first);
    const absl::Duration until = next - absl::Now();
    return static_cast<int>(
        std::max<int64_t>(0, absl::ToInt64Milliseconds(absl::Ceil(until, absl::Milliseconds(1)))));
  }

  void WaitForEvents() {
    std::array<epoll_event, 256> events;
    const int ready = epoll_wait(epoll_.get(), events.data(), static_cast<int>(events.size()),
                                 MillisUntilNextDeadline());
    for (int i = 0; i < ready; ++i) {
      const int fd = events[i].data.fd;
      if (fd == wake_.get()) {
        uint64_t count = 0;
        (void)!read(fd, &count, sizeof count);
        continue;
      }
      const uint32_t what = events[i].events;
      int mask = 0;
      if ((what & EPOLLIN) != 0) mask |= CURL_CSELECT_IN;
      if ((what & EPOLLOUT) != 0) mask |= CURL_CSELECT_OUT;
      if ((what & (EPOLLERR | EPOLLHUP)) != 0) mask |= CURL_CSELECT_ERR;
      SocketAction(fd, mask);
    }
  }

  // The event loop.
  void Run() {
    while (true) {
      std::vector<Submission> submissions;
      std::vector<Timer> new_timers;
      std::vector<uint64_t> cancelled;
      bool stopping;
      {
        absl::MutexLock lock(&mu_);
        submissions.swap(submissions_);
        new_timers.swap(new_timers_);
        stopping = stopping_;
      }
      {
        absl::MutexLock lock(&shared_->mu);
        cancelled.swap(shared_->cancelled);
      }
      for (Timer& timer : new_timers) timers_.emplace(timer.when, std::move(timer.fn));
      if (stopping) {
        for (Submission& submission : submissions) {
          std::move(submission.done)(Cancelled("the upstream client is shutting down"));
        }
        break;
      }
      for (Submission& submission : submissions) Start(std::move(submission));
      for (uint64_t id : cancelled) Abort(id);

      if (absl::Now() >= curl_deadline_) {
        curl_deadline_ = absl::InfiniteFuture();  // one-shot; curl re-arms it through OnTimer
        SocketAction(CURL_SOCKET_TIMEOUT, 0);
      }
      CompleteFinished();
      RunDueTimers();
      WaitForEvents();
      CompleteFinished();
    }
    // Shut down: everything still pending completes with CANCELLED.
    for (auto& [id, transfer] : active_) curl_multi_remove_handle(multi_.get(), transfer->easy.get());
    auto active = std::move(active_);
    active_.clear();
    for (auto& [id, transfer] : active) {
      std::move(transfer->done)(Cancelled("the upstream client is shutting down"));
    }
    auto timers = std::move(timers_);
    timers_.clear();
    for (auto& [when, fn] : timers) std::move(fn)(Cancelled("the upstream client is shutting down"));
  }

  EasyHandle AcquireHandle() {
    if (!idle_handles_.empty()) {
      EasyHandle easy = std::move(idle_handles_.back());
      idle_handles_.pop_back();
      return easy;
    }
    return EasyHandle(curl_easy_init());
  }

  void ReleaseHandle(EasyHandle easy) {
    // Reset drops every option of the last request (its body, headers and
    // method must not leak into the next one); the connection cache lives
    // in the multi handle, so reuse of connections is unaffected.
    curl_easy_reset(easy.get());
    if (idle_handles_.size() < kMaxPooledHandles) idle_handles_.push_back(std::move(easy));
  }

  absl::Status Configure(Transfer& transfer, absl::Duration timeout) {
    CURL* easy = transfer.easy.get();
    const HttpRequest& request = transfer.request;
    for (const auto& [name, value] : request.headers) {
      const std::string line = absl::StrCat(name, ": ", value);
      curl_slist* appended = curl_slist_append(transfer.headers.get(), line.c_str());
      if (appended == nullptr) {
        return GatewayError(absl::StatusCode::kInternal, kReasonTransportError, "out of memory");
      }
      transfer.headers.release();
      transfer.headers.reset(appended);
    }
    // No "Expect: 100-continue" round trip for bodies.
    curl_slist* appended = curl_slist_append(transfer.headers.get(), "Expect:");
    if (appended != nullptr) {
      transfer.headers.release();
      transfer.headers.reset(appended);
    }

    CURLcode code = CURLE_OK;
    auto set = [&code](CURLcode result) {
      if (code == CURLE_OK) code = result;
    };
    set(curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str()));
    set(curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https"));
    set(curl_easy_setopt(easy, CURLOPT_PRIVATE, &transfer));
    set(curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer.error_buffer));
    set(curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L));
    set(curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 1L));
    set(curl_easy_setopt(easy, CURLOPT_PATH_AS_IS, 1L));
    set(curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L));
    set(curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS)));
    set(curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L));
    set(curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L));
    // gzip only: "" would offer br too, and a server that compresses with
    // brotli at its default quality 11 (cpp-httplib does) spends ~0.8 s on a
    // 500-record page, where gzip takes ~1 ms for a similar ratio on JSON.
    if (options_.request_compression) set(curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "gzip"));
    set(curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, TimeoutMillis(timeout)));
    set(curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                         TimeoutMillis(std::min(timeout, options_.connect_timeout))));
    set(curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, options_.insecure_skip_tls_verify ? 0L : 1L));
    set(curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, options_.insecure_skip_tls_verify ? 0L : 2L));
    if (!options_.ca_file.empty()) set(curl_easy_setopt(easy, CURLOPT_CAINFO, options_.ca_file.c_str()));
    set(curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE,
                         static_cast<curl_off_t>(options_.max_response_bytes)));
    set(curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &OnBody));
    set(curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer));
    set(curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &OnHeader));
    set(curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer));
    set(curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer.headers.get()));
    switch (request.method) {
      case HttpMethod::kGet:
        set(curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L));
        break;
      case HttpMethod::kPost:
        set(curl_easy_setopt(easy, CURLOPT_POST, 1L));
        break;
      case HttpMethod::kPatch:
      case HttpMethod::kDelete:
        set(curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST,
                             request.method == HttpMethod::kPatch ? "PATCH" : "DELETE"));
        break;
    }
    if (request.method == HttpMethod::kPost || !request.body.empty()) {
      set(curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                           static_cast<curl_off_t>(request.body.size())));
      set(curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data()));
    }
    if (code != CURLE_OK) {
      return GatewayError(absl::StatusCode::kInternal, kReasonTransportError,
                          absl::StrCat("cannot configure the request: ", curl_easy_strerror(code)));
    }
    return absl::OkStatus();
  }

  void Start(Submission submission) {
    if (submission.cancellation != nullptr && submission.cancellation->IsCancelled()) {
      std::move(submission.done)(Cancelled("the call was cancelled"));
      return;
    }
    const absl::Duration remaining = submission.deadline - absl::Now();
    if (remaining <= absl::ZeroDuration()) {
      std::move(submission.done)(GatewayError(absl::StatusCode::kDeadlineExceeded, kReasonTimeout,
                                              "the call's deadline passed before the request was sent"));
      return;
    }
    auto transfer = std::make_unique<Transfer>();
    transfer->id = submission.id;
    transfer->request = std::move(submission.request);
    transfer->done = std::move(submission.done);
    transfer->max_response_bytes = options_.max_response_bytes;
    transfer->deadline_bound = remaining < options_.attempt_timeout;
    transfer->easy = AcquireHandle();
    if (transfer->easy == nullptr) {
      std::move(transfer->done)(GatewayError(absl::StatusCode::kInternal, kReasonTransportError,
                                             "curl_easy_init failed"));
      return;
    }
    absl::Status configured = Configure(*transfer, std::min(remaining, options_.attempt_timeout));
    if (configured.ok() && curl_multi_add_handle(multi_.get(), transfer->easy.get()) != CURLM_OK) {
      configured = GatewayError(absl::StatusCode::kInternal, kReasonTransportError,
                                "curl_multi_add_handle failed");
    }
    if (!configured.ok()) {
      HttpCallback done = std::move(transfer->done);
      ReleaseHandle(std::move(transfer->easy));
      std::move(done)(std::move(configured));
      return;
    }
    active_.emplace(transfer->id, std::move(transfer));
  }

  // Removes a finished or aborted transfer and hands its callback back.
  std::unique_ptr<Transfer> Remove(uint64_t id) {
    auto it = active_.find(id);
    if (it == active_.end()) return nullptr;
    std::unique_ptr<Transfer> transfer = std::move(it->second);
    active_.erase(it);
    curl_multi_remove_handle(multi_.get(), transfer->easy.get());
    return transfer;
  }

  void Abort(uint64_t id) {
    std::unique_ptr<Transfer> transfer = Remove(id);
    if (transfer == nullptr) return;  // already finished
    HttpCallback done = std::move(transfer->done);
    ReleaseHandle(std::move(transfer->easy));
    std::move(done)(Cancelled("the call was cancelled"));
  }

  void CompleteFinished() {
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_.get(), &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      const CURLcode code = message->data.result;
      Transfer* raw = nullptr;
      curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &raw);
      if (raw == nullptr) continue;
      std::unique_ptr<Transfer> transfer = Remove(raw->id);
      if (transfer == nullptr) continue;
      absl::StatusOr<HttpResponse> result;
      if (code == CURLE_OK) {
        long status = 0;
        curl_easy_getinfo(transfer->easy.get(), CURLINFO_RESPONSE_CODE, &status);
        transfer->response.status = static_cast<int>(status);
        result = std::move(transfer->response);
      } else {
        result = StatusFromCurlCode(code, *transfer);
      }
      HttpCallback done = std::move(transfer->done);
      ReleaseHandle(std::move(transfer->easy));
      transfer.reset();
      std::move(done)(std::move(result));
    }
  }

  void RunDueTimers() {
    const absl::Time now = absl::Now();
    while (!timers_.empty() && timers_.begin()->first <= now) {
      auto fn = std::move(timers_.begin()->second);
      timers_.erase(timers_.begin());
      std::move(fn)(absl::OkStatus());
    }
  }

  const CurlTransportOptions options_;
  const MultiHandle multi_;
  const FileDescriptor epoll_;
  const FileDescriptor wake_;  // eventfd: Send, RunAt, cancellations and Shutdown wake the loop
  const std::shared_ptr<Shared> shared_;
  std::atomic<uint64_t> next_id_{0};
  std::once_flag shutdown_once_;
  std::thread thread_;

  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<Submission> submissions_ ABSL_GUARDED_BY(mu_);
  std::vector<Timer> new_timers_ ABSL_GUARDED_BY(mu_);

  // Loop-thread state.
  absl::Time curl_deadline_ = absl::InfiniteFuture();
  std::unordered_map<uint64_t, std::unique_ptr<Transfer>> active_;
  std::multimap<absl::Time, absl::AnyInvocable<void(absl::Status) &&>> timers_;
  std::vector<EasyHandle> idle_handles_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<EventLoopTransport>> MakeCurlTransport(
    const CurlTransportOptions& options) {
  absl::Status init = GlobalInit();
  if (!init.ok()) return init;
  if (!options.ca_file.empty()) {
    std::FILE* file = std::fopen(options.ca_file.c_str(), "rb");
    if (file == nullptr) {
      return GatewayError(absl::StatusCode::kInvalidArgument, kReasonInvalidRequest,
                          absl::StrCat("cannot read the CA file ", options.ca_file));
    }
    std::fclose(file);
  }
  if (options.insecure_skip_tls_verify) {
    Log(LogLevel::kWarning, "upstream_tls_verification_disabled",
        {{"warning", "TLS peer and host verification of the upstream is OFF: "
                     "anyone on the path can read the API keys and forge responses"}});
  }
  MultiHandle multi(curl_multi_init());
  if (multi == nullptr) {
    return GatewayError(absl::StatusCode::kInternal, kReasonTransportError, "curl_multi_init failed");
  }
  FileDescriptor epoll(epoll_create1(EPOLL_CLOEXEC));
  FileDescriptor wake(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (epoll.get() < 0 || wake.get() < 0) {
    return GatewayError(absl::StatusCode::kInternal, kReasonTransportError,
                        absl::StrCat("cannot create the upstream event loop: ", std::strerror(errno)));
  }
  return std::unique_ptr<EventLoopTransport>(
      new CurlTransport(options, std::move(multi), std::move(epoll), std::move(wake)));
}

}  // namespace aqgate::upstream
