#include "tuanthu/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
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
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0)
    throw std::runtime_error("không tạo được tệp tạm trong \"" + dir.string() +
                             "\": " + errno_text());
  ::close(fd);
  temp_ = tmpl;
}

AtomicOutput::~AtomicOutput() {
  if (!committed_ && !temp_.empty()) {
    std::error_code ec;
    std::filesystem::remove(temp_, ec);
  }
}

void AtomicOutput::commit() {
  const int fd = ::open(temp_.c_str(), O_RDONLY);
  if (fd < 0 || ::fsync(fd) != 0) {
    const std::string why = errno_text();
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("không ghi được \"" + target_.string() + "\": " + why);
  }
  ::close(fd);
  // mkstemp creates 0600; outputs are ordinary documents, readable as umask allows.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::chmod(temp_.c_str(), 0666 & ~mask);
  if (::rename(temp_.c_str(), target_.c_str()) != 0)
    throw std::runtime_error("không ghi được \"" + target_.string() + "\": " + errno_text());
  committed_ = true;
}

void write_file_atomically(const std::filesystem::path& target, std::string_view content) {
  AtomicOutput out(target);
  const int fd = ::open(out.temp_path().c_str(), O_WRONLY | O_TRUNC);
  if (fd < 0)
    throw std::runtime_error("không ghi được \"" + target.string() + "\": " + errno_text());
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = errno_text();
      ::close(fd);
      throw std::runtime_error("không ghi được \"" + target.string() + "\": " + why);
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0)
    throw std::runtime_error("không ghi được \"" + target.string() + "\": " + errno_text());
  out.commit();
}

}  // namespace tuanthu
