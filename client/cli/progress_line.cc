#include "client/cli/progress_line.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace aqgate::cli {

ProgressLine::ProgressLine(std::ostream& out, bool enabled, std::function<absl::Time()> now)
    : out_(out), enabled_(enabled), now_(std::move(now)) {
  start_ = now_();
  last_draw_ = absl::InfinitePast();
}

std::string ProgressLine::Format(int64_t total, double seconds) {
  double rate = seconds > 0 ? static_cast<double>(total) / seconds : 0;
  return absl::StrFormat("%d records, %.0f/s", total, std::round(rate));
}

void ProgressLine::Add(int64_t records) {
  total_ += records;
  if (enabled_ && now_() - last_draw_ >= absl::Milliseconds(200)) Draw(false);
}

void ProgressLine::Note(const std::string& note) {
  note_ = note;
  if (enabled_) Draw(false);
}

void ProgressLine::Finish() {
  if (enabled_) Draw(true);
}

void ProgressLine::Draw(bool final) {
  absl::Time now = now_();
  last_draw_ = now;
  double seconds = absl::ToDoubleSeconds(now - start_);
  std::string line = Format(total_, seconds);
  if (final) {
    absl::StrAppend(&line, absl::StrFormat(" in %.1fs", seconds));
  } else if (!note_.empty()) {
    absl::StrAppend(&line, " (", note_, ")");
  }
  // \r + erase line, so a shorter line leaves no leftovers.
  out_ << "\r\033[K" << line << (final ? "\n" : "") << std::flush;
  if (!final) note_.clear();
}

}  // namespace aqgate::cli
