#include "record_stream.h"

#include <algorithm>
#include <utility>

#include "absl/random/random.h"
#include "absl/time/clock.h"
#include "aqgate/client/annotation_queue_client.h"
#include "aqgate/client/error_details.h"
#include "call_setup.h"

namespace aqgate::client {
namespace internal {

ResumingRecordStream::ResumingRecordStream(
    std::shared_ptr<v1::AnnotationQueueService::StubInterface> stub, ClientOptions options,
    v1::StreamRecordsRequest request, RecordStreamOptions stream_options)
    : stub_(std::move(stub)),
      options_(std::move(options)),
      request_(std::move(request)),
      stream_options_(std::move(stream_options)) {}

ResumingRecordStream::~ResumingRecordStream() {
  if (reader_ != nullptr) {
    context_->TryCancel();
    reader_->Finish().IgnoreError();
  }
}

void ResumingRecordStream::Open() {
  context_ = std::make_unique<grpc::ClientContext>();
  SetUpContext(options_, stream_options_.attempt_deadline, stream_options_.request_id, *context_);
  reader_ = stub_->StreamRecords(context_.get(), request_);
  received_since_open_ = false;
}

absl::Status ResumingRecordStream::Close() {
  grpc::Status status = reader_->Finish();
  reader_.reset();
  context_.reset();
  return FromGrpcStatus(status);
}

absl::Duration ResumingRecordStream::BackoffFor(int retry) const {
  absl::Duration backoff = stream_options_.initial_backoff;
  for (int i = 1; i < retry && backoff < stream_options_.max_backoff; ++i) backoff *= 2;
  backoff = std::min(backoff, stream_options_.max_backoff);
  if (!stream_options_.jitter) return backoff;
  thread_local absl::BitGen gen;
  return backoff * absl::Uniform(gen, 0.5, 1.0);
}

absl::StatusOr<std::optional<v1::Record>> ResumingRecordStream::Next() {
  while (buffer_.empty()) {
    if (done_) return std::optional<v1::Record>();
    if (reader_ == nullptr) Open();
    v1::StreamRecordsResponse message;
    if (reader_->Read(&message)) {
      received_since_open_ = true;
      consecutive_failures_ = 0;
      // The whole message is buffered before the token moves on, so the
      // token always points after the last record handed to the caller
      // once the buffer drains (the only moment a new stream can start).
      request_.set_resume_token(message.resume_token());
      for (v1::Record& record : *message.mutable_records()) buffer_.push_back(std::move(record));
      continue;
    }
    bool progressed = received_since_open_;
    absl::Status status = Close();
    if (status.ok()) {
      done_ = true;
      continue;
    }
    if (status.code() != absl::StatusCode::kUnavailable) {
      done_ = true;
      return status;
    }
    if (progressed) consecutive_failures_ = 0;
    ++consecutive_failures_;
    if (consecutive_failures_ > stream_options_.max_consecutive_retries) {
      done_ = true;
      return status;
    }
    if (stream_options_.on_retry) stream_options_.on_retry(consecutive_failures_, status);
    absl::Duration backoff = BackoffFor(consecutive_failures_);
    if (stream_options_.sleep) {
      stream_options_.sleep(backoff);
    } else {
      absl::SleepFor(backoff);
    }
  }
  v1::Record record = std::move(buffer_.front());
  buffer_.pop_front();
  return std::optional<v1::Record>(std::move(record));
}

}  // namespace internal

Range<v1::Record> AnnotationQueueClient::StreamRecords(v1::StreamRecordsRequest request,
                                                       RecordStreamOptions options) const {
  auto stream = std::make_shared<internal::ResumingRecordStream>(stub_, options_,
                                                                 std::move(request),
                                                                 std::move(options));
  return Range<v1::Record>([stream] { return stream->Next(); });
}

}  // namespace aqgate::client
