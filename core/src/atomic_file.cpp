#include "tuanthu/atomic_file.hpp"

#include <fcntl.h>
#include <stdio.h>  // renameat2, RENAME_EXCHANGE (glibc 2.28)
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>

#include "tuanthu/cleanup.hpp"

namespace tuanthu {

namespace fs = std::filesystem;

namespace {

std::string errno_text(int e = errno) {
  return std::strerror(e);
}

std::string in_quotes(const fs::path& p) {
  // Built with append: GCC 12's -Wrestrict misfires on `"…" + string + "…"` (PR 105651).
  std::string q("\"");
  return q.append(p.string()).append("\"");
}

mode_t current_umask() {
  static const mode_t mask = [] {
    const mode_t m = ::umask(0);
    ::umask(m);
    return m;
  }();
  return mask;
}

// "<dir>/.<name><tag>XXXXXX", the template for mkstemp/mkdtemp beside `target`.
std::string temp_template(const fs::path& target, const char* tag) {
  fs::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  // Built with append: GCC 12's -Wrestrict misfires on `"." + string + "…"` (PR 105651).
  std::string name(".");
  name.append(target.filename().string()).append(tag).append("XXXXXX");
  return (dir / name).string();
}

Message cannot_write(const fs::path& p, const std::string& why) {
  return {"không ghi được " + in_quotes(p) + ": " + why,
          "cannot write " + in_quotes(p) + ": " + why};
}

void sync_folder(const fs::path& dir, bool whole_filesystem) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || (whole_filesystem ? ::syncfs(fd) : ::fsync(fd)) != 0) {
    const std::string why = errno_text();
    if (fd >= 0) ::close(fd);
    throw Error(cannot_write(dir, why));
  }
  ::close(fd);
}

}  // namespace

// ---- AtomicOutput -------------------------------------------------------------

Message AtomicOutput::cannot_write(const std::string& why) const {
  return tuanthu::cannot_write(target_, why);
}

AtomicOutput::AtomicOutput(fs::path target) : target_(std::move(target)) {
  fs::path dir = target_.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw Error(
        "thư mục " + in_quotes(dir) + " không tồn tại; tạo thư mục trước hoặc chọn đường dẫn khác",
        "folder " + in_quotes(dir) + " does not exist; create it first or choose another path");
  if (fs::is_directory(target_, ec))
    throw Error(in_quotes(target_) + " là một thư mục; hãy ghi rõ tên tệp",
                in_quotes(target_) + " is a folder; give a file name");
  std::string tmpl = temp_template(target_, ".tmp-");
  fd_ = ::mkostemp(tmpl.data(), O_CLOEXEC);
  if (fd_ < 0) {
    const std::string why = errno_text();
    throw Error("không tạo được tệp tạm trong " + in_quotes(dir) + ": " + why,
                "cannot create a temporary file in " + in_quotes(dir) + ": " + why);
  }
  temp_ = tmpl;
  slot_ = cleanup::track(temp_, /*folder=*/false);
}

AtomicOutput::~AtomicOutput() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) {
    std::error_code ec;
    fs::remove(temp_, ec);
  }
  cleanup::untrack(slot_);
}

void AtomicOutput::write(std::string_view content) {
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd_, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(cannot_write(errno_text()));
    }
    done += static_cast<size_t>(n);
  }
}

void AtomicOutput::close_file() {
  if (fd_ < 0) return;
  const int fd = fd_;
  fd_ = -1;
  by_path_ = true;  // from now on the file is known by its name only
  if (::close(fd) != 0) throw Error(cannot_write(errno_text()));
}

void AtomicOutput::commit() {
  // A writer that opened the file by name may have replaced it: sync what the name holds.
  int fd = fd_;
  if (by_path_ || fd < 0) fd = ::open(temp_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const std::string why = errno_text();
    if (fd >= 0 && fd != fd_) ::close(fd);
    throw Error(cannot_write(why));
  }
  if (fd != fd_) ::close(fd);
  // mkstemp creates 0600; outputs are ordinary documents, readable as the umask allows.
  if (fd_ >= 0 && !by_path_)
    ::fchmod(fd_, 0666 & ~current_umask());
  else
    ::chmod(temp_.c_str(), 0666 & ~current_umask());
  if (fd_ >= 0 && ::close(fd_) != 0) {
    fd_ = -1;
    throw Error(cannot_write(errno_text()));
  }
  fd_ = -1;
  cleanup::test_pause("file", temp_);
  if (::rename(temp_.c_str(), target_.c_str()) != 0) throw Error(cannot_write(errno_text()));
  committed_ = true;
  cleanup::untrack(slot_);
  slot_ = -1;
}

void write_file_atomically(const fs::path& target, std::string_view content) {
  AtomicOutput out(target);
  out.write(content);
  out.commit();
}

// ---- AtomicDirectory ----------------------------------------------------------

namespace {

fs::path resolved(const fs::path& p) {
  std::error_code ec;
  fs::path r = fs::weakly_canonical(fs::absolute(p, ec), ec);
  if (ec) r = fs::absolute(p);
  // "letters/", "letters//" and "letters/." name the folder itself: without this the
  // temporary sibling would be made inside it.
  r = r.lexically_normal();
  while (!r.has_filename() && r != r.root_path()) r = r.parent_path();
  return r;
}

// The names a marker lists (lines that are not comments).
std::optional<std::set<std::string>> read_marker(const fs::path& folder) {
  std::ifstream in(folder / AtomicDirectory::kMarker, std::ios::binary);
  if (!in) return std::nullopt;
  std::set<std::string> names;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') names.insert(line);
  return names;
}

Message foreign_file(const fs::path& folder, const fs::path& entry) {
  const std::string f = in_quotes(folder), e = in_quotes(entry.filename());
  return {"thư mục " + f + " có " + e +
              " không do tuanthu ghi; thư mục này được thay mới toàn bộ mỗi lần chạy, nên "
              "tuanthu không ghi vào đó: chọn một thư mục mới hoặc trống, hoặc chuyển các tệp "
              "khác ra ngoài",
          "folder " + f + " holds " + e +
              " that tuanthu did not write; the folder is replaced whole on each run, so "
              "tuanthu will not write there: choose a new or empty folder, or move the other "
              "files out"};
}

}  // namespace

std::optional<Message> AtomicDirectory::check_target(const fs::path& target) {
  const fs::path real = resolved(target);
  std::error_code ec;
  const auto st = fs::status(real, ec);
  if (!fs::exists(st)) return std::nullopt;
  if (!fs::is_directory(st))
    return Message{in_quotes(target) + " đã có và không phải thư mục; chọn tên khác cho thư mục",
                   in_quotes(target) + " exists and is not a folder; choose another folder name"};
  std::optional<std::set<std::string>> listed;
  bool marker_read = false;
  for (auto it = fs::directory_iterator(real, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name == kMarker) continue;
    if (!marker_read) {
      listed = read_marker(real);
      marker_read = true;
    }
    std::error_code sec;
    if (!listed || !listed->count(name) || !it->is_regular_file(sec) || it->is_symlink(sec))
      return foreign_file(target, it->path());
  }
  if (ec)
    return Message{"không đọc được thư mục " + in_quotes(target) + ": " + ec.message(),
                   "cannot read folder " + in_quotes(target) + ": " + ec.message()};
  return std::nullopt;
}

AtomicDirectory::AtomicDirectory(fs::path target) : target_(resolved(target)) {
  if (auto why = check_target(target_)) throw Error(*why);
  std::error_code ec;
  fs::create_directories(target_.parent_path(), ec);
  if (ec)
    throw Error("không tạo được thư mục " + in_quotes(target_.parent_path()) + ": " + ec.message(),
                "cannot create folder " + in_quotes(target_.parent_path()) + ": " + ec.message());
  std::string tmpl = temp_template(target_, ".tmp-");
  if (!::mkdtemp(tmpl.data())) {
    const std::string why = errno_text();
    throw Error("không tạo được thư mục tạm cạnh " + in_quotes(target_) + ": " + why,
                "cannot create a temporary folder beside " + in_quotes(target_) + ": " + why);
  }
  temp_ = tmpl;
  slot_ = cleanup::track(temp_, /*folder=*/true);
}

AtomicDirectory::~AtomicDirectory() {
  if (!committed_ && !temp_.empty()) {
    std::error_code ec;
    fs::remove_all(temp_, ec);
  }
  cleanup::untrack(slot_);
}

void AtomicDirectory::add(const std::string& name, std::string_view content) {
  if (name.empty() || name == "." || name == ".." || name == kMarker ||
      name.find('/') != std::string::npos || name.find('\0') != std::string::npos)
    throw Error("tên tệp không hợp lệ trong thư mục kết quả: " + in_quotes(fs::path(name)),
                "invalid file name in an output folder: " + in_quotes(fs::path(name)));
  const fs::path file = temp_ / name;
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) throw Error(cannot_write(target_ / name, errno_text()));
  for (size_t done = 0; done < content.size();) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string why = errno_text();
      ::close(fd);
      throw Error(cannot_write(target_ / name, why));
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) throw Error(cannot_write(target_ / name, errno_text()));
  names_.push_back(name);
}

std::vector<std::string> AtomicDirectory::adopt_written() {
  std::vector<std::string> found;
  std::error_code ec;
  for (auto it = fs::directory_iterator(temp_, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    std::error_code sec;
    if (name == kMarker || it->is_symlink(sec) || !it->is_regular_file(sec))
      throw Error(
          std::string("thư mục kết quả ") + in_quotes(target_) + " có " +
              in_quotes(fs::path(name)) + " không phải tệp thường; plugin ghi chỉ được ghi tệp",
          std::string("the output folder ") + in_quotes(target_) + " got " +
              in_quotes(fs::path(name)) + ", not a regular file; a writer writes files only");
    if (std::find(names_.begin(), names_.end(), name) == names_.end()) found.push_back(name);
  }
  if (ec) throw Error(cannot_write(target_, ec.message()));
  std::sort(found.begin(), found.end());
  names_.insert(names_.end(), found.begin(), found.end());
  std::vector<std::string> all = names_;
  std::sort(all.begin(), all.end());
  return all;
}

void AtomicDirectory::commit() {
  std::string marker =
      "# tuanthu: thư mục này do tuanthu ghi và được thay mới toàn bộ mỗi lần chạy; đừng để "
      "tệp khác vào đây.\n"
      "# tuanthu: this folder is written by tuanthu and replaced whole on each run; keep no "
      "other files here.\n";
  std::vector<std::string> sorted = names_;
  std::sort(sorted.begin(), sorted.end());
  for (const auto& n : sorted) marker.append(n).append("\n");
  {
    const fs::path file = temp_ / kMarker;
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 ||
        ::write(fd, marker.data(), marker.size()) != static_cast<ssize_t>(marker.size())) {
      const std::string why = errno_text();
      if (fd >= 0) ::close(fd);
      throw Error(cannot_write(target_, why));
    }
    ::close(fd);
  }
  // One sync for the whole batch instead of one fsync per file.
  sync_folder(temp_, /*whole_filesystem=*/true);
  ::chmod(temp_.c_str(), 0777 & ~current_umask());  // mkdtemp creates 0700

  cleanup::test_pause("folder", temp_);
  // Whatever is at the target now must still be ours to replace.
  if (auto why = check_target(target_)) throw Error(*why);
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(target_, ec))) {
    if (::rename(temp_.c_str(), target_.c_str()) != 0)
      throw Error(cannot_write(target_, errno_text()));
  } else if (::renameat2(AT_FDCWD, temp_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) ==
             0) {
    // The temporary name now holds the old folder.
    fs::remove_all(temp_, ec);
  } else if (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP) {
    // A filesystem without RENAME_EXCHANGE: move the old folder aside first (onto an
    // empty folder, which rename replaces), then the new one in.
    std::string tmpl = temp_template(target_, ".old-");
    if (!::mkdtemp(tmpl.data())) throw Error(cannot_write(target_, errno_text()));
    const fs::path old = tmpl;
    const int old_slot = cleanup::track(old, /*folder=*/true);
    if (::rename(target_.c_str(), old.c_str()) != 0) {
      const std::string why = errno_text();
      fs::remove(old, ec);
      cleanup::untrack(old_slot);
      throw Error(cannot_write(target_, why));
    }
    if (::rename(temp_.c_str(), target_.c_str()) != 0) {
      const std::string why = errno_text();
      ::rename(old.c_str(), target_.c_str());  // put the old folder back
      cleanup::untrack(old_slot);
      throw Error(cannot_write(target_, why));
    }
    fs::remove_all(old, ec);
    cleanup::untrack(old_slot);
  } else {
    throw Error(cannot_write(target_, errno_text()));
  }
  committed_ = true;
  cleanup::untrack(slot_);
  slot_ = -1;
  sync_folder(target_.parent_path(), /*whole_filesystem=*/false);
}

}  // namespace tuanthu
