#include "tests/emulator/elastic_task_queue.h"

namespace aqgate::emulator {

ElasticTaskQueue::~ElasticTaskQueue() { shutdown(); }

void ElasticTaskQueue::enqueue(std::function<void()> fn) {
  absl::MutexLock lock(&mu_);
  if (shutdown_) return;  // the server is stopping; the connection just closes
  jobs_.push_back(std::move(fn));
  // Jobs beyond the idle workers get a new thread while under the cap;
  // past the cap they wait for a worker to free up.
  if (jobs_.size() > idle_ && threads_.size() < max_threads_) {
    threads_.emplace_back([this] { Work(); });
  }
}

void ElasticTaskQueue::shutdown() {
  std::vector<std::thread> threads;
  {
    absl::MutexLock lock(&mu_);
    shutdown_ = true;
    threads.swap(threads_);
  }
  for (std::thread& thread : threads) thread.join();
}

size_t ElasticTaskQueue::thread_count() {
  absl::MutexLock lock(&mu_);
  return threads_.size();
}

void ElasticTaskQueue::Work() {
  while (true) {
    std::function<void()> job;
    {
      absl::MutexLock lock(&mu_);
      ++idle_;
      mu_.Await(absl::Condition(
          +[](ElasticTaskQueue* self) ABSL_EXCLUSIVE_LOCKS_REQUIRED(self->mu_) {
            return !self->jobs_.empty() || self->shutdown_;
          },
          this));
      --idle_;
      if (jobs_.empty()) return;  // shut down with nothing left to do
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}

}  // namespace aqgate::emulator
