// An httplib task queue whose worker threads grow on demand up to a maximum,
// so an idle emulator stays small while 1,000+ keep-alive connections (each
// holding a thread in httplib's model) still get served.
#ifndef AQGATE_TESTS_EMULATOR_ELASTIC_TASK_QUEUE_H_
#define AQGATE_TESTS_EMULATOR_ELASTIC_TASK_QUEUE_H_

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "httplib.h"

namespace aqgate::emulator {

class ElasticTaskQueue : public httplib::TaskQueue {
 public:
  explicit ElasticTaskQueue(size_t max_threads) : max_threads_(max_threads < 1 ? 1 : max_threads) {}
  ~ElasticTaskQueue() override;

  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

  size_t thread_count();

 private:
  void Work();

  const size_t max_threads_;
  absl::Mutex mu_;
  std::deque<std::function<void()>> jobs_ ABSL_GUARDED_BY(mu_);
  std::vector<std::thread> threads_ ABSL_GUARDED_BY(mu_);
  size_t idle_ ABSL_GUARDED_BY(mu_) = 0;
  bool shutdown_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_ELASTIC_TASK_QUEUE_H_
