#include "output_folder.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>

namespace tuanthu::cli {

namespace fs = std::filesystem;

namespace {
std::string errno_text() {
  return std::strerror(errno);
}

std::string quoted(const fs::path& p) {
  return "\"" + p.string() + "\"";
}

std::set<std::string> read_marker(const fs::path& folder) {
  std::set<std::string> names;
  std::ifstream in(folder / OutputFolder::kMarker, std::ios::binary);
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') names.insert(line);
  return names;
}

void write_all(const fs::path& file, std::string_view content, const fs::path& shown) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0)
    throw FolderError("không ghi được " + quoted(shown) + ": " + errno_text(),
                      "cannot write " + quoted(shown) + ": " + errno_text());
  for (size_t done = 0; done < content.size();) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string why = errno_text();
      ::close(fd);
      throw FolderError("không ghi được " + quoted(shown) + ": " + why,
                        "cannot write " + quoted(shown) + ": " + why);
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0)
    throw FolderError("không ghi được " + quoted(shown) + ": " + errno_text(),
                      "cannot write " + quoted(shown) + ": " + errno_text());
}
}  // namespace

std::optional<FolderError> OutputFolder::check_target(const fs::path& target) {
  std::error_code ec;
  const auto st = fs::status(target, ec);
  if (!fs::exists(st)) return std::nullopt;
  if (!fs::is_directory(st))
    return FolderError(quoted(target) + " đã có và không phải thư mục; chọn tên khác",
                       quoted(target) + " exists and is not a folder; choose another name");
  std::optional<std::set<std::string>> listed;
  for (auto it = fs::directory_iterator(target, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name == kMarker) continue;
    if (!listed) listed = read_marker(target);
    std::error_code sec;
    if (!listed->count(name) || it->is_symlink(sec) || !it->is_regular_file(sec))
      return FolderError(
          "thư mục " + quoted(target) + " có tệp " + quoted(it->path().filename()) +
              " không do tuanthu ghi; tuanthu chỉ thay thư mục trống hoặc thư mục nó đã ghi. "
              "Chọn thư mục khác",
          "folder " + quoted(target) + " holds " + quoted(it->path().filename()) +
              ", which tuanthu did not write; it replaces only empty folders or its own. "
              "Choose another folder");
  }
  if (ec)
    return FolderError("không đọc được thư mục " + quoted(target) + ": " + ec.message(),
                       "cannot read folder " + quoted(target) + ": " + ec.message());
  return std::nullopt;
}

OutputFolder::OutputFolder(fs::path target) : target_(std::move(target)) {
  if (target_.filename().empty()) target_ = target_.parent_path();  // "out/bieu-mau/"
  if (auto why = check_target(target_)) throw *why;
  std::error_code ec;
  const fs::path parent = target_.parent_path().empty() ? fs::path(".") : target_.parent_path();
  fs::create_directories(parent, ec);
  if (ec)
    throw FolderError("không tạo được thư mục " + quoted(parent) + ": " + ec.message(),
                      "cannot create folder " + quoted(parent) + ": " + ec.message());
  std::string tmpl = (parent / ("." + target_.filename().string() + ".tmp-XXXXXX")).string();
  if (!::mkdtemp(tmpl.data()))
    throw FolderError(
        "không tạo được thư mục tạm cạnh " + quoted(target_) + ": " + errno_text(),
        "cannot create a temporary folder beside " + quoted(target_) + ": " + errno_text());
  temp_ = tmpl;
}

OutputFolder::~OutputFolder() {
  if (!committed_ && !temp_.empty()) {
    std::error_code ec;
    fs::remove_all(temp_, ec);
  }
}

void OutputFolder::add(const std::string& name, std::string_view content) {
  if (name.empty() || name == "." || name == ".." || name == kMarker ||
      name.find('/') != std::string::npos || name.find('\0') != std::string::npos ||
      std::find(names_.begin(), names_.end(), name) != names_.end())
    throw FolderError("tên tệp không hợp lệ trong thư mục kết quả: " + quoted(fs::path(name)),
                      "invalid file name in an output folder: " + quoted(fs::path(name)));
  write_all(temp_ / name, content, target_ / name);
  names_.push_back(name);
}

void OutputFolder::commit() {
  std::string marker =
      "# tuanthu: thư mục này do tuanthu ghi và được thay mới toàn bộ mỗi lần chạy; đừng để "
      "tệp khác vào đây.\n"
      "# tuanthu: this folder is written by tuanthu and replaced whole on each run; keep no "
      "other files here.\n";
  std::vector<std::string> sorted = names_;
  std::sort(sorted.begin(), sorted.end());
  for (const auto& n : sorted) marker.append(n).append("\n");
  write_all(temp_ / kMarker, marker, target_ / kMarker);
  // One sync makes every file durable before the folder is swapped in.
  const int dir = ::open(temp_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0 || ::syncfs(dir) != 0) {
    const std::string why = errno_text();
    if (dir >= 0) ::close(dir);
    throw FolderError("không ghi được " + quoted(target_) + ": " + why,
                      "cannot write " + quoted(target_) + ": " + why);
  }
  ::close(dir);
  // Checked again: the folder may have changed while the files were written.
  if (auto why = check_target(target_)) throw *why;
  std::error_code ec;
  if (fs::exists(target_, ec)) {
    // Swapped in one step: the name always holds a whole folder, old or new.
    if (::renameat2(AT_FDCWD, temp_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) != 0)
      throw FolderError("không thay được thư mục " + quoted(target_) + ": " + errno_text(),
                        "cannot replace folder " + quoted(target_) + ": " + errno_text());
    committed_ = true;
    fs::remove_all(temp_, ec);  // now the old folder
  } else {
    if (::rename(temp_.c_str(), target_.c_str()) != 0)
      throw FolderError("không ghi được thư mục " + quoted(target_) + ": " + errno_text(),
                        "cannot write folder " + quoted(target_) + ": " + errno_text());
    committed_ = true;
  }
  // mkdtemp makes the folder 0700; an output folder is an ordinary folder.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  fs::permissions(target_, static_cast<fs::perms>(0777 & ~mask), ec);
}

}  // namespace tuanthu::cli
