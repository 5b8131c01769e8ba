#include "progress.hpp"

#include <cstdio>
#include <string>

namespace tuanthu::cli {

namespace {
std::string minutes_seconds(double s) {
  const auto whole = static_cast<long>(s + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld", whole / 60, whole % 60);
  return buf;
}
}  // namespace

void ProgressBar::update(size_t done, size_t total, std::uintmax_t bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (done <= done_) return;  // workers may report out of order
  done_ = done;
  total_ = total;
  bytes_ = bytes;
  const auto now = std::chrono::steady_clock::now();
  // A few redraws a second: a terminal is slow, and the figures need no more.
  if (done != total && shown_ && now - drawn_ < std::chrono::milliseconds(100)) return;
  drawn_ = now;
  shown_ = true;
  draw(done, total, bytes, std::chrono::duration<double>(now - start_).count(), false);
}

void ProgressBar::finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!shown_) return;
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  draw(done_, total_, bytes_, s, true);
}

void ProgressBar::draw(size_t done, size_t total, std::uintmax_t bytes, double seconds, bool last) {
  const double mb = static_cast<double>(bytes) / 1e6;
  const double rate = seconds > 0 ? mb / seconds : 0;
  char line[160];
  if (last) {
    std::snprintf(line, sizeof line,
                  english_ ? "checked %zu files (%.1f MB) in %.1f s, %.1f MB/s"
                           : "đã kiểm tra %zu tệp (%.1f MB) trong %.1f giây, %.1f MB/s",
                  done, mb, seconds, rate);
    out_ << "\r\033[K" << line << '\n' << std::flush;
    return;
  }
  constexpr int kWidth = 30;
  const int filled = total ? static_cast<int>(kWidth * done / total) : kWidth;
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(kWidth - filled), '-');
  const double left =
      done ? seconds * static_cast<double>(total - done) / static_cast<double>(done) : 0;
  std::snprintf(
      line, sizeof line,
      english_ ? "[%s] %zu/%zu files, %.1f MB/s, %s left" : "[%s] %zu/%zu tệp, %.1f MB/s, còn %s",
      bar.c_str(), done, total, rate, minutes_seconds(left).c_str());
  out_ << "\r\033[K" << line << std::flush;
}

}  // namespace tuanthu::cli
