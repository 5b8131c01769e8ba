#include "tuanthu/value_text.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <vector>

#include "tuanthu/message.hpp"

namespace tuanthu {

namespace {

std::string spool_error(const char* what, int e) {
  return std::string("text spool: ") + what + ": " + std::strerror(e);
}

// An unlinked file: nothing is left behind whatever ends the process.
int open_spool() {
  const char* env = std::getenv("TMPDIR");
  const std::string dir = env && *env ? env : "/tmp";
#ifdef O_TMPFILE
  const int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
#endif
  std::string name = dir + "/.tuanthu-spool-XXXXXX";
  std::vector<char> buf(name.begin(), name.end());
  buf.push_back('\0');
  const int tmp = ::mkstemp(buf.data());
  if (tmp < 0) throw std::runtime_error(spool_error("cannot create a file in TMPDIR", errno));
  ::unlink(buf.data());
  ::fcntl(tmp, F_SETFD, FD_CLOEXEC);
  return tmp;
}

}  // namespace

TextSpool::TextSpool() : fd_(open_spool()) {}

TextSpool::~TextSpool() {
  if (fd_ >= 0) ::close(fd_);
}

std::uint64_t TextSpool::append(std::string_view bytes) {
  const std::uint64_t at = end_.fetch_add(bytes.size());
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n =
        ::pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(at + done));
    if (n < 0 && errno == EINTR) continue;
    // The reserved range stays a hole: nothing points at it.
    if (n <= 0) throw std::runtime_error(spool_error("cannot write", n < 0 ? errno : ENOSPC));
    done += static_cast<size_t>(n);
  }
  return at;
}

std::string TextSpool::read(std::uint64_t offset, std::uint32_t size) const {
  std::string out(size, '\0');
  size_t done = 0;
  while (done < size) {
    const ssize_t n =
        ::pread(fd_, out.data() + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = std::strerror(n < 0 ? errno : EIO);
      throw Error("không đọc lại được nội dung báo cáo từ tệp tạm trong TMPDIR: " + why,
                  "cannot read report texts back from the temporary file in TMPDIR: " + why);
    }
    done += static_cast<size_t>(n);
  }
  return out;
}

TextRef ValueTexts::add(std::string_view s) {
  if (spool_) throw std::logic_error("ValueTexts::add after move_to");
  if (held_.size() + s.size() > std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("value texts of one report above 4 GB");
  TextRef r{static_cast<std::uint32_t>(held_.size()), static_cast<std::uint32_t>(s.size())};
  held_.append(s);
  return r;
}

std::string ValueTexts::get(TextRef r) const {
  if (r.size == 0) return {};
  if (!spool_) {
    if (std::uint64_t{r.offset} + r.size > held_.size()) return {};
    return held_.substr(r.offset, r.size);
  }
  if (std::uint64_t{r.offset} + r.size > spooled_size_) return {};
  return spool_->read(spooled_at_ + r.offset, r.size);
}

void ValueTexts::move_to(const std::shared_ptr<TextSpool>& spool) {
  if (spool_ || !spool || held_.empty()) return;
  try {
    spooled_at_ = spool->append(held_);
  } catch (const std::runtime_error&) {
    return;  // kept in memory: slower to hold, never lost
  }
  spool_ = spool;
  spooled_size_ = static_cast<std::uint32_t>(held_.size());
  std::string().swap(held_);
}

}  // namespace tuanthu
