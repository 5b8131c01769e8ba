#pragma once
// The progress bar `check` draws on stderr while it reads reports (issue 12): files done /
// total, MB/s, time left, then one summary line. Drawn only when stderr is a terminal, the
// run has more than kProgressMinFiles files and --quiet was not given.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <ostream>

namespace tuanthu::cli {

inline constexpr size_t kProgressMinFiles = 200;

class ProgressBar {
 public:
  ProgressBar(std::ostream& out, bool english) : out_(out), english_(english) {}
  /// From CheckRunOptions::progress: called by the worker threads, so serialised here.
  void update(size_t done, size_t total, std::uintmax_t bytes);
  /// Replaces the bar with its summary line (nothing when no bar was drawn).
  void finish();

 private:
  void draw(size_t done, size_t total, std::uintmax_t bytes, double seconds, bool last);

  std::ostream& out_;
  bool english_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point drawn_{};
  bool shown_ = false;
  size_t done_ = 0, total_ = 0;
  std::uintmax_t bytes_ = 0;
};

}  // namespace tuanthu::cli
