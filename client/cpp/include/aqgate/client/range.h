// Range<T>: a single-pass range over items that arrive one at a time and
// may fail, written once for every "walk it all" API of the client.
//
//   for (absl::StatusOr<v1::AnnotationQueue>& queue : client.ListAllAnnotationQueues(req)) {
//     if (!queue.ok()) { /* the walk failed; this is its last element */ break; }
//     Use(*queue);
//   }
//
// The source is a callable returning absl::StatusOr<std::optional<T>>:
// a value, std::nullopt at the end, or an error. After an error the range
// yields that error once and then ends.
#ifndef AQGATE_CLIENT_RANGE_H_
#define AQGATE_CLIENT_RANGE_H_

#include <cstddef>
#include <functional>
#include <iterator>
#include <optional>
#include <utility>

#include "absl/status/statusor.h"

namespace aqgate::client {

template <typename T>
class Range {
 public:
  using Source = std::function<absl::StatusOr<std::optional<T>>()>;

  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = absl::StatusOr<T>;
    using difference_type = std::ptrdiff_t;
    using pointer = value_type*;
    using reference = value_type&;

    iterator() = default;
    reference operator*() const { return range_->current_; }
    pointer operator->() const { return &range_->current_; }
    iterator& operator++() {
      range_->Advance();
      if (range_->done_) range_ = nullptr;
      return *this;
    }
    friend bool operator==(const iterator& a, const iterator& b) { return a.range_ == b.range_; }
    friend bool operator!=(const iterator& a, const iterator& b) { return !(a == b); }

   private:
    friend class Range;
    explicit iterator(Range* range) : range_(range) {}
    Range* range_ = nullptr;
  };

  explicit Range(Source source) : source_(std::move(source)) {}
  Range(Range&&) = default;
  Range& operator=(Range&&) = default;

  // Starts the walk (the first item is fetched here). Call once.
  iterator begin() {
    Advance();
    return done_ ? iterator() : iterator(this);
  }
  iterator end() { return iterator(); }

 private:
  void Advance() {
    if (failed_) {
      done_ = true;
      return;
    }
    absl::StatusOr<std::optional<T>> next = source_();
    if (!next.ok()) {
      failed_ = true;
      current_ = next.status();
      return;
    }
    if (!next->has_value()) {
      done_ = true;
      return;
    }
    current_ = std::move(**next);
  }

  Source source_;
  absl::StatusOr<T> current_;
  bool failed_ = false;
  bool done_ = false;
};

}  // namespace aqgate::client

#endif  // AQGATE_CLIENT_RANGE_H_
