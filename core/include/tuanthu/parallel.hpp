#pragma once
// One way to spread work over threads, for the core, the host and plugins alike.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace tuanthu {

/// Calls fn(i) for every i in [0, n) on up to `jobs` threads, the calling one among them,
/// each taking the next index. A thread the system will not give (ulimit -u) is one fewer,
/// never std::terminate. The first exception ends the other threads at their next index
/// and is rethrown once every thread has stopped.
template <class Fn>
void for_each_index(size_t n, unsigned jobs, Fn&& fn) {
  const size_t threads = std::min<size_t>(std::max(jobs, 1u), std::max<size_t>(n, 1));
  if (threads == 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<size_t> next{0};
  std::exception_ptr failed;
  std::mutex failed_mutex;
  auto loop = [&] {
    try {
      for (size_t i; (i = next.fetch_add(1)) < n;) fn(i);
    } catch (...) {
      next = n;
      const std::lock_guard<std::mutex> lock(failed_mutex);
      if (!failed) failed = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (size_t t = 1; t < threads; ++t) try {
      pool.emplace_back(loop);
    } catch (const std::system_error&) {
      break;
    }
  loop();
  for (auto& t : pool) t.join();
  if (failed) std::rethrow_exception(failed);
}

}  // namespace tuanthu
