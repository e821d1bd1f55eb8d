// How AnnotationQueueClient::StreamRecords rides out transient failures.
#ifndef AQGATE_CLIENT_RECORD_STREAM_OPTIONS_H_
#define AQGATE_CLIENT_RECORD_STREAM_OPTIONS_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace aqgate::client {

struct RecordStreamOptions {
  // How many times in a row a stream may fail with UNAVAILABLE before the
  // range gives up with that error. A stream that delivered at least one
  // message before failing resets the count.
  int max_consecutive_retries = 8;
  // Backoff before retry n (n = 1, 2, ...): initial_backoff * 2^(n-1), at
  // most max_backoff, scaled by a random factor in [0.5, 1] unless
  // jitter is false.
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(5);
  bool jitter = true;
  // Deadline of each stream attempt; zero means none (a big queue may take
  // longer than a unary deadline).
  absl::Duration attempt_deadline = absl::ZeroDuration();
  // Replaces ClientOptions::request_id when not empty.
  std::string request_id;
  // How to wait between attempts; tests inject a recorder. Default: sleep.
  std::function<void(absl::Duration)> sleep;
  // Called before each retry with the attempt number (1, 2, ...) and the
  // status that ended the previous stream; for progress displays.
  std::function<void(int, const absl::Status&)> on_retry;
};

}  // namespace aqgate::client

#endif  // AQGATE_CLIENT_RECORD_STREAM_OPTIONS_H_
