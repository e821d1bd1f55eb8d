// A live one-line progress display on a terminal ("12000 records, 4100/s"),
// redrawn at most every 200 ms, with a final summary line.
#ifndef AQGATE_CLIENT_CLI_PROGRESS_LINE_H_
#define AQGATE_CLIENT_CLI_PROGRESS_LINE_H_

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace aqgate::cli {

class ProgressLine {
 public:
  // Draws nothing unless `enabled` (stderr is a terminal). `now` is
  // injectable for tests.
  ProgressLine(std::ostream& out, bool enabled, std::function<absl::Time()> now = absl::Now);

  void Add(int64_t records);
  // Shown next to the counts until the next redraw (e.g. "resuming").
  void Note(const std::string& note);
  // Draws the final line and a newline.
  void Finish();

  int64_t total() const { return total_; }
  // "1234 records, 567/s" for `seconds` elapsed.
  static std::string Format(int64_t total, double seconds);

 private:
  void Draw(bool final);

  std::ostream& out_;
  bool enabled_;
  std::function<absl::Time()> now_;
  absl::Time start_;
  absl::Time last_draw_;
  int64_t total_ = 0;
  std::string note_;
};

}  // namespace aqgate::cli

#endif  // AQGATE_CLIENT_CLI_PROGRESS_LINE_H_
