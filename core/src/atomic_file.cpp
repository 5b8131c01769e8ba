#include "tuanthu/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace tuanthu {

namespace {
std::string errno_text() {
  return std::strerror(errno);
}
}  // namespace

AtomicOutput::AtomicOutput(std::filesystem::path target) : target_(std::move(target)) {
  std::filesystem::path dir = target_.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw std::runtime_error("thư mục \"" + dir.string() +
                             "\" không tồn tại; tạo thư mục trước hoặc chọn đường dẫn khác");
  if (std::filesystem::is_directory(target_, ec))
    throw std::runtime_error("\"" + target_.string() + "\" là một thư mục; hãy ghi rõ tên tệp");
  // Built with append: GCC 12's -Wrestrict misfires on `"." + string + "…"` (PR 105651).
  std::string name(".");
  name.append(target_.filename().string()).append(".tmp-XXXXXX");
  std::string tmpl = (dir / name).string();
  fd_ = ::mkstemp(tmpl.data());
  if (fd_ < 0)
    throw std::runtime_error("không tạo được tệp tạm trong \"" + dir.string() +
                             "\": " + errno_text());
  temp_ = tmpl;
}

AtomicOutput::~AtomicOutput() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) {
    std::error_code ec;
    std::filesystem::remove(temp_, ec);
  }
}

void AtomicOutput::write(std::string_view content) {
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd_, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("không ghi được \"" + target_.string() + "\": " + errno_text());
    }
    done += static_cast<size_t>(n);
  }
}

void AtomicOutput::commit() {
  // A writer that opened the file by name may have replaced it: sync what the name holds.
  int fd = fd_;
  if (by_path_ || fd < 0) fd = ::open(temp_.c_str(), O_RDONLY);
  if (fd < 0 || ::fsync(fd) != 0) {
    const std::string why = errno_text();
    if (fd >= 0 && fd != fd_) ::close(fd);
    throw std::runtime_error("không ghi được \"" + target_.string() + "\": " + why);
  }
  if (fd != fd_) ::close(fd);
  commit_synced();
}

void AtomicOutput::close_file() {
  if (fd_ < 0) return;
  const int fd = fd_;
  fd_ = -1;
  by_path_ = true;  // from now on the file is known by its name only
  if (::close(fd) != 0)
    throw std::runtime_error("không ghi được \"" + target_.string() + "\": " + errno_text());
}

void AtomicOutput::commit_synced() {
  // mkstemp creates 0600; outputs are ordinary documents, readable as the umask allows.
  static const mode_t mask = [] {
    const mode_t m = ::umask(0);
    ::umask(m);
    return m;
  }();
  if (fd_ >= 0 && !by_path_)
    ::fchmod(fd_, 0666 & ~mask);
  else
    ::chmod(temp_.c_str(), 0666 & ~mask);
  if (fd_ >= 0 && ::close(fd_) != 0) {
    fd_ = -1;
    throw std::runtime_error("không ghi được \"" + target_.string() + "\": " + errno_text());
  }
  fd_ = -1;
  if (::rename(temp_.c_str(), target_.c_str()) != 0)
    throw std::runtime_error("không ghi được \"" + target_.string() + "\": " + errno_text());
  committed_ = true;
}

void write_file_atomically(const std::filesystem::path& target, std::string_view content) {
  AtomicOutput out(target);
  out.write(content);
  out.commit();
}

void write_files_atomically(
    const std::vector<std::pair<std::filesystem::path, std::string>>& files) {
  // Phase 1: every temporary file written; phase 2: one sync makes them all durable;
  // phase 3: each renamed onto its name. A crash leaves old files or new ones, never
  // a half-written one, and costs one journal flush instead of one per file.
  std::vector<std::unique_ptr<AtomicOutput>> outs;
  outs.reserve(files.size());
  for (const auto& [path, content] : files) {
    outs.push_back(std::make_unique<AtomicOutput>(path));
    outs.back()->write(content);
    outs.back()->close_file();  // thousands of letters must not hold thousands of descriptors
  }
  if (outs.empty()) return;
  const int dir = ::open(
      files.front().first.parent_path().empty() ? "." : files.front().first.parent_path().c_str(),
      O_RDONLY | O_DIRECTORY);
  if (dir < 0 || ::syncfs(dir) != 0) {
    const std::string why = errno_text();
    if (dir >= 0) ::close(dir);
    throw std::runtime_error("không ghi được \"" + files.front().first.parent_path().string() +
                             "\": " + why);
  }
  ::close(dir);
  for (auto& o : outs) o->commit_synced();
}

}  // namespace tuanthu
