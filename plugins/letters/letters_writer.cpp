// Writer `letters`: a folder of plain-text reminder letters (thư góp ý), one per unit with
// something to fix, ready to paste into an e-mail or a công văn đôn đốc. The wording is
// data (plugins/common/letters, docs/letters.md).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "letters.hpp"
#include "tuanthu/parallel.hpp"
#include "tuanthu/text.hpp"

namespace {

using namespace tuanthu;

// A plain write: the folder is the host's temporary one, synced once and swapped in whole
// when this returns (AtomicDirectory), so a file of it needs no temporary name and fsync
// of its own (that cost a national run of 10,000 letters seconds of disk waits).
// open, write, close: an ofstream's buffer and locale cost more than the write itself.
void write_letter(const std::filesystem::path& file, const std::string& content) {
  int err = 0;
  int fd = -1;
  // Letters are written on several threads, each holding one file open for a moment: at
  // the open-files limit (ulimit -n) another will have closed one shortly.
  for (int attempt = 0;; ++attempt) {
    fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd >= 0 || (errno != EMFILE && errno != ENFILE) || attempt == 1000) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (fd < 0) err = errno;
  for (size_t done = 0; !err && done < content.size();) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      err = n < 0 ? errno : EIO;
    else
      done += static_cast<size_t>(n);
  }
  if (fd >= 0 && ::close(fd) != 0 && !err) err = errno;
  if (err) {
    const std::string why = std::strerror(err);
    const std::string name = text::display_path(file);
    throw Error("không ghi được thư " + name + ": " + why,
                "cannot write the letter " + name + ": " + why);
  }
}

class LettersWriter final : public Writer {
 public:
  std::string name() const override { return "letters"; }
  std::string version() const override { return "1.0"; }
  Message description() const override {
    return {"Thư góp ý cho từng đơn vị (thư mục, mỗi đơn vị một tệp .txt)",
            "reminder letters to the units (a folder, one .txt per unit)"};
  }
  std::string extension() const override { return "txt"; }
  WriterTarget target() const override { return WriterTarget::Folder; }

  void write(const WriteContext& ctx, const std::filesystem::path& folder) const override {
    const long days = letters::supplement_days(ctx.options);
    const bool english = letters::english_letters(ctx.options);
    const auto wording = letters::Wording::from_options(ctx.options, ctx.plan);
    const letters::LetterBuilder letters(ctx, *wording, english, days);
    std::vector<std::string> units;
    for (size_t i = 0; i < letters.size(); ++i) units.push_back(letters.unit(i));
    // Unit ids come from the plan: each letter's name is made safe (no "../", no
    // separators), and two ids never share a name.
    const std::vector<std::string> names = text::safe_file_names(units);
    // Each letter made and written on the run's threads, then let go: a national run's
    // 10,000 letters are never all held.
    for_each_index(letters.size(), letters::writer_jobs(ctx.options), [&](size_t i) {
      write_letter(folder / (names[i] + ".txt"), letters::to_text(letters.letter(i)));
    });
  }
};

}  // namespace

TUANTHU_PLUGIN(LettersWriter)
