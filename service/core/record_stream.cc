#include "service/core/record_stream.h"

#include <algorithm>
#include <utility>

#include "service/core/call_metadata.h"
#include "service/core/field_violations.h"
#include "service/core/request_validation.h"
#include "service/core/status_conversion.h"
#include "service/core/upstream_field_names.h"

namespace aqgate::core {
namespace {

constexpr int kDefaultPageSize = 500;
constexpr int kDefaultRecordsPerMessage = 100;

}  // namespace

RecordStream::RecordStream(grpc::CallbackServerContext* context,
                           aqgate::v1::StreamRecordsRequest request, upstream::ArizeApi* api,
                           NameResolver* resolver, const CoreOptions& options)
    : request_(std::move(request)),
      api_(api),
      resolver_(resolver),
      default_deadline_(options.default_deadline),
      caller_deadline_(CallerDeadline(*context)),
      log_("StreamRecords", RequestIdOf(*context)) {
  context->AddInitialMetadata("x-request-id", log_.request_id());
  ctx_.request_id = log_.request_id();
  ctx_.cancellation = std::make_shared<upstream::Cancellation>();
  setup_status_ = ReadCredentials(*context, options.require_caller_key, ctx_);
  page_size_ = request_.page_size() > 0 ? request_.page_size() : kDefaultPageSize;
  max_records_per_message_ = static_cast<size_t>(request_.max_records_per_message() > 0
                                                     ? request_.max_records_per_message()
                                                     : kDefaultRecordsPerMessage);
}

void RecordStream::Start() {
  absl::Status status = setup_status_;
  if (status.ok()) {
    absl::StatusOr<std::optional<ResumeToken>> token = ValidateStreamRecords(request_);
    if (token.ok()) {
      resume_ = *std::move(token);
    } else {
      status = token.status();
    }
  }
  Actions actions;
  {
    absl::MutexLock lock(&mu_);
    if (!status.ok()) {
      error_ = status;
    } else {
      resolving_ = true;
    }
    actions = PlanLocked();
  }
  if (!status.ok()) return Execute(std::move(actions));
  upstream::CallContext resolve_ctx = ctx_;
  resolve_ctx.deadline = caller_deadline_.value_or(absl::Now() + default_deadline_);
  resolver_->ResolveQueue(resolve_ctx, request_.queue(), NameResolver::CachedName::kTrust,
                          [this](absl::StatusOr<std::string> queue_id, int calls) {
                            OnResolved(std::move(queue_id), calls);
                          });
}

void RecordStream::OnResolved(absl::StatusOr<std::string> queue_id, int upstream_calls) {
  log_.CountUpstreamCalls(upstream_calls);
  Actions actions;
  bool delete_now = false;
  {
    absl::MutexLock lock(&mu_);
    resolving_ = false;
    if (done_) {
      delete_now = true;
    } else {
      if (!queue_id.ok()) {
        error_ = queue_id.status();
      } else if (resume_.has_value() && resume_->queue_id != *queue_id) {
        error_ = InvalidField("resume_token", "the token belongs to another queue");
      } else {
        queue_id_ = *queue_id;
        started_ = true;
        if (resume_.has_value()) {
          next_fetch_ = Fetch{resume_->cursor, resume_->page_size};
          skip_pending_ = true;
        } else {
          next_fetch_ = Fetch{"", page_size_};
        }
      }
      actions = PlanLocked();
    }
  }
  if (delete_now) {
    delete this;
    return;
  }
  Execute(std::move(actions));
}

void RecordStream::OnPage(absl::StatusOr<upstream::RecordPage> page, Fetch fetch) {
  Actions actions;
  bool delete_now = false;
  {
    absl::MutexLock lock(&mu_);
    fetch_in_flight_ = false;
    if (done_) {
      delete_now = true;
    } else {
      if (!page.ok()) {
        if (error_.ok()) error_ = page.status();
      } else if (!page->next_cursor.empty() && page->next_cursor == fetch.cursor) {
        if (error_.ok()) {
          error_ = GatewayError(absl::StatusCode::kInternal, "UPSTREAM_PAGINATION",
                                "the upstream returned the same cursor twice");
        }
      } else {
        Page fetched;
        fetched.records = std::move(page->records);
        fetched.cursor = std::move(fetch.cursor);
        fetched.page_size = fetch.page_size;
        fetched.next_cursor = page->next_cursor;
        if (skip_pending_) {
          SkipDeliveredLocked(fetched);
          skip_pending_ = false;
        }
        if (!page->next_cursor.empty()) next_fetch_ = Fetch{page->next_cursor, page_size_};
        ahead_ = std::move(fetched);
      }
      actions = PlanLocked();
    }
  }
  if (delete_now) {
    delete this;
    return;
  }
  Execute(std::move(actions));
}

void RecordStream::SkipDeliveredLocked(Page& page) {
  const ResumeToken& token = *resume_;
  page.next = std::min(static_cast<size_t>(token.index), page.records.size());
  if (token.last_record_id.empty()) return;
  for (size_t i = 0; i < page.records.size(); ++i) {
    if (page.records[i].id() == token.last_record_id) {
      page.next = i + 1;
      return;
    }
  }
}

RecordStream::Actions RecordStream::PlanLocked() {
  Actions actions;
  if (finish_called_) return actions;
  if (write_in_flight_) {
    PlanFetchLocked(actions);
    return actions;
  }
  if (cancelled_) {
    finish_called_ = true;
    actions.finish = GatewayError(absl::StatusCode::kCancelled, "CANCELLED",
                                  "the stream was cancelled");
    return actions;
  }
  if (!started_ && error_.ok()) return actions;  // still resolving
  const bool current_done = !current_.has_value() || current_->next >= current_->records.size();
  if (current_done && ahead_.has_value()) {
    current_ = std::move(ahead_);
    ahead_.reset();
  }
  if (current_.has_value() && current_->next < current_->records.size()) {
    BuildMessageLocked();
    write_in_flight_ = true;
    actions.write = true;
  } else if (!fetch_in_flight_ && (!error_.ok() || !next_fetch_.has_value())) {
    finish_called_ = true;
    actions.finish = error_;
    return actions;
  }
  PlanFetchLocked(actions);
  return actions;
}

void RecordStream::PlanFetchLocked(Actions& actions) {
  if (cancelled_ || !error_.ok() || !started_ || fetch_in_flight_ || ahead_.has_value() ||
      !next_fetch_.has_value()) {
    return;
  }
  fetch_in_flight_ = true;
  actions.fetch = *std::move(next_fetch_);
  next_fetch_.reset();
}

void RecordStream::BuildMessageLocked() {
  Page& page = *current_;
  const size_t count = std::min(max_records_per_message_, page.records.size() - page.next);
  out_.Clear();
  out_.set_annotation_queue_id(queue_id_);
  std::string last_id = page.records[page.next + count - 1].id();
  for (size_t i = 0; i < count; ++i) {
    *out_.add_records() = std::move(page.records[page.next + i]);
  }
  page.next += count;
  ResumeToken token;
  token.queue_id = queue_id_;
  if (page.next == page.records.size() && !page.next_cursor.empty()) {
    // The page is delivered: continue at the start of the next one.
    token.cursor = page.next_cursor;
    token.page_size = page_size_;
  } else {
    token.cursor = page.cursor;
    token.page_size = page.page_size;
    token.index = static_cast<int32_t>(page.next);
    token.last_record_id = std::move(last_id);
  }
  out_.set_resume_token(EncodeResumeToken(token));
}

void RecordStream::Execute(Actions actions) {
  // Order matters: after StartWrite or Finish, gRPC may delete `this`
  // (an outstanding fetch keeps it alive, so the fetch goes first).
  if (actions.fetch.has_value()) StartFetch(*actions.fetch);
  if (actions.write) {
    StartWrite(&out_);
    return;
  }
  if (actions.finish.has_value()) {
    // The stream's upstream cursor comes from the caller's resume token.
    const absl::Status status = WithRequestFieldNames(*actions.finish, {"resume_token", {}});
    log_.Write(status);
    Finish(ToGrpcStatus(status, log_.request_id()));
  }
}

void RecordStream::StartFetch(const Fetch& fetch) {
  log_.CountUpstreamCalls(1);
  upstream::CallContext ctx = ctx_;
  ctx.deadline = caller_deadline_.value_or(absl::Now() + default_deadline_);
  upstream::ListRecordsParams params;
  params.limit = fetch.page_size;
  params.cursor = fetch.cursor;
  api_->ListRecords(ctx, queue_id_, std::move(params),
                    [this, fetch](absl::StatusOr<upstream::RecordPage> page) {
                      OnPage(std::move(page), fetch);
                    });
}

void RecordStream::OnWriteDone(bool ok) {
  Actions actions;
  {
    absl::MutexLock lock(&mu_);
    write_in_flight_ = false;
    if (!ok) cancelled_ = true;  // the client is gone
    actions = PlanLocked();
  }
  if (!ok) ctx_.cancellation->Cancel();
  Execute(std::move(actions));
}

void RecordStream::OnCancel() {
  Actions actions;
  {
    absl::MutexLock lock(&mu_);
    cancelled_ = true;
    actions = PlanLocked();
  }
  ctx_.cancellation->Cancel();
  Execute(std::move(actions));
}

void RecordStream::OnDone() {
  {
    absl::MutexLock lock(&mu_);
    done_ = true;
    if (resolving_ || fetch_in_flight_) return;  // the callback deletes
  }
  delete this;
}

}  // namespace aqgate::core
