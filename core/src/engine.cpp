#include "tuanthu/engine.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <xxhash.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>
#include <functional>
#include <future>
#include <map>
#include <set>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <unordered_set>

#include "tuanthu/core_rules.hpp"
#include "tuanthu/parallel.hpp"
#include "tuanthu/plan_loader.hpp"
#include "tuanthu/submission.hpp"
#include "tuanthu/text.hpp"
#include "tuanthu/unit_match.hpp"
#include "tuanthu/xml.hpp"

namespace tuanthu {

namespace fs = std::filesystem;

std::vector<Rule> engine_rules() {
  using namespace rules;
  return {kInputUnreadable, kInputUnsupported,       kInputDuplicatePath, kInputNotAFile,
          kInputSkipped,    kInputExtensionMismatch, kPluginError};
}

namespace {

Finding engine_finding(const Rule& rule, Symbol file, std::string vi, std::string en) {
  return file_finding(rule, file, 0, 0, std::move(vi), std::move(en), "core");
}

struct FileSlot {
  fs::path path;        // what is opened
  std::string display;  // text::display_path(path): what findings name
  // Set during collection (dangling link, …); a pointer: most files have none, and a
  // national run has tens of thousands of slots.
  std::shared_ptr<const Finding> problem;
};

// Why a path could not be examined or opened, in words a user can act on.
std::pair<std::string, std::string> errno_words(int e, bool is_link) {
  switch (e) {
    case ENOENT:
      if (is_link)
        return {"liên kết hỏng: tệp được liên kết không còn; kiểm tra lại tệp được liên kết",
                "dangling symbolic link: its target does not exist"};
      return {"không tìm thấy tệp; kiểm tra lại đường dẫn", "file not found"};
    case ELOOP:
      return {"liên kết vòng lặp (liên kết trỏ về chính nó); kiểm tra lại tệp được liên kết",
              "looping symbolic link"};
    case ENAMETOOLONG:
      return {
          "đường dẫn dài quá giới hạn của hệ thống nên không mở được; chuyển báo cáo vào "
          "thư mục có đường dẫn ngắn hơn",
          "the path is longer than the system allows and cannot be opened; move the reports "
          "to a folder with a shorter path"};
    case EACCES:
    case EPERM:
      return {"không có quyền truy cập; cấp quyền đọc hoặc chép báo cáo sang thư mục khác",
              "permission denied; grant read access or copy the reports elsewhere"};
    default:
      return {std::string("không đọc được: ") + std::strerror(e),
              std::string("cannot be read: ") + std::strerror(e)};
  }
}

// What a path that is neither a file nor a folder is, for the input-not-a-file message.
std::pair<std::string, std::string> kind_words(mode_t m) {
  if (S_ISFIFO(m)) return {"một FIFO (đường ống)", "a FIFO (named pipe)"};
  if (S_ISSOCK(m)) return {"một socket", "a socket"};
  if (S_ISCHR(m)) return {"một thiết bị ký tự", "a character device"};
  if (S_ISBLK(m)) return {"một thiết bị khối", "a block device"};
  return {"một đối tượng đặc biệt", "a special object"};
}

using Identity = std::pair<dev_t, ino_t>;

// Files an editor or a desktop leaves beside the reports, which are not reports: what they
// are, in words, or nullopt for any other file. An Excel lock file "~$bao-cao.xlsx" (a
// few bytes naming who has it open) would otherwise be a broken form, an error.
std::optional<Message> not_a_report(std::string_view file_name) {
  const std::string name(file_name);
  auto lower = [](std::string s) {
    for (char& c : s)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
  };
  auto lock_of = [](const std::string& editor, const std::string& file) {
    const std::string q = text::quote(file), qe = text::quote(file, true);
    return Message{std::string("tệp khóa của ") + editor + ": tệp " + q +
                       " đang được mở (hoặc đã bị đóng đột ngột); bỏ qua, không đọc. Đóng tệp "
                       "rồi chạy lại nếu vừa sửa",
                   std::string("a lock file of ") + editor + ": " + qe +
                       " is open (or was not closed properly); skipped, not read. Close it and "
                       "run again if it was just edited"};
  };
  if (name.size() > 2 && name.starts_with("~$")) return lock_of("Microsoft Office", name.substr(2));
  constexpr std::string_view kLo = ".~lock.";
  if (name.size() > kLo.size() + 1 && name.starts_with(kLo) && name.ends_with('#'))
    return lock_of("LibreOffice", name.substr(kLo.size(), name.size() - kLo.size() - 1));
  const std::string low = lower(name);
  if (low == ".ds_store" || name.starts_with("._"))
    return Message{"tệp hệ thống của macOS, không phải báo cáo; bỏ qua, không đọc",
                   "a macOS system file, not a report; skipped, not read"};
  if (low == "thumbs.db" || low == "desktop.ini")
    return Message{"tệp hệ thống của Windows, không phải báo cáo; bỏ qua, không đọc",
                   "a Windows system file, not a report; skipped, not read"};
  return std::nullopt;
}

// Finds the files to read under the paths given, with an explicit policy for every kind
// of entry, so that each path given or found ends up as a file slot or a finding:
//   regular file, or a link to one   → a slot; each physical file once (later paths to the
//                                       same file: input-duplicate-path)
//   folder                           → walked, iteratively
//   link to a folder                 → followed after the real folders of the same input,
//                                       each physical folder once: a loop ends there
//                                       (input-duplicate-path)
//   FIFO, socket, device, other      → input-not-a-file; never opened (a FIFO would block)
//   cannot be examined or listed     → input-unreadable naming that path (dangling or
//                                       looping link, permission, path too long, I/O
//                                       error), and the walk goes on with the rest
// Slots come out sorted by path within each input; findings are sorted later.
class Collector {
 public:
  explicit Collector(std::vector<Finding>& findings) : findings_(findings) {}

  void input(const fs::path& in) {
    std::vector<Candidate> files;
    std::vector<fs::path> folders, links;
    classify(in, files, folders, links);
    walk(folders, links, files);
    // In path order (std::filesystem::path's, component by component). Every path here
    // extends the input's own text, so comparing the text with each '/' as the smallest
    // byte gives the same order without splitting twenty thousand paths into components
    // at every comparison.
    std::vector<std::pair<std::string, size_t>> keys(files.size());
    for (size_t i = 0; i < files.size(); ++i) {
      keys[i] = {files[i].path.native(), i};
      std::replace(keys[i].first.begin(), keys[i].first.end(), '/', '\0');
    }
    std::sort(keys.begin(), keys.end());
    std::vector<Candidate> sorted;
    sorted.reserve(files.size());
    for (const auto& [key, i] : keys) sorted.push_back(std::move(files[i]));
    files = std::move(sorted);
    for (auto& c : files) {
      if (c.problem) {
        std::string display = text::display_path(c.path);
        slots_.push_back(FileSlot{std::move(c.path), std::move(display),
                                  std::make_shared<const Finding>(std::move(*c.problem))});
      } else if (!seen_files_.insert(c.id).second) {
        finding(rules::kInputDuplicatePath, c.path,
                "tệp này đã được đọc qua một đường dẫn khác; chỉ tính một lần",
                "this file was already reached through another path; read once");
      } else {
        std::string display = text::display_path(c.path);
        slots_.push_back(FileSlot{std::move(c.path), std::move(display), nullptr});
      }
    }
  }

  std::vector<FileSlot> take() { return std::move(slots_); }

 private:
  struct Candidate {
    fs::path path;
    Identity id{};
    std::optional<Finding> problem;
  };

  void finding(const Rule& rule, const fs::path& p, std::string vi, std::string en) {
    findings_.push_back(
        file_finding(rule, text::display_path(p), 0, 0, std::move(vi), std::move(en), "core"));
  }

  // One path: what it is decides what happens to it.
  // `at`/`name`: the entry of an open folder (looked up there, not from the root again).
  void classify(const fs::path& p, std::vector<Candidate>& files, std::vector<fs::path>& folders,
                std::vector<fs::path>& links, int at = AT_FDCWD, const char* name = nullptr) {
    if (!name) name = p.c_str();
    struct stat st {};
    if (::fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      const auto [vi, en] = errno_words(errno, false);
      files.push_back(Candidate{p, {}, Finding{}});
      files.back().problem =
          file_finding(rules::kInputUnreadable, text::display_path(p), 0, 0, vi, en, "core");
      return;
    }
    const bool is_link = S_ISLNK(st.st_mode);
    if (is_link && ::fstatat(at, name, &st, 0) != 0) {
      const auto [vi, en] = errno_words(errno, true);
      files.push_back(Candidate{p, {}, Finding{}});
      files.back().problem =
          file_finding(rules::kInputUnreadable, text::display_path(p), 0, 0, vi, en, "core");
      return;
    }
    if (S_ISREG(st.st_mode)) {
      if (const auto what = not_a_report(p.filename().native()))
        finding(rules::kInputSkipped, p, what->vi, what->en);
      else
        files.push_back(Candidate{p, {st.st_dev, st.st_ino}, std::nullopt});
    } else if (S_ISDIR(st.st_mode)) {
      (is_link ? links : folders).push_back(p);
    } else {
      const auto [vi, en] = kind_words(st.st_mode);
      finding(rules::kInputNotAFile, p,
              "đây là " + vi +
                  ", không phải tệp; không mở, không đọc. Chỉ để tệp báo cáo trong thư mục "
                  "báo cáo",
              "this is " + en +
                  ", not a file; it is not opened or read. Keep only report files "
                  "in the reports folder");
    }
  }

  // Walks folders (real ones first, then links to folders, each sorted), never recursing:
  // nesting depth is the user's.
  void walk(std::vector<fs::path> folders, std::vector<fs::path> links,
            std::vector<Candidate>& files) {
    std::sort(folders.begin(), folders.end(), std::greater<>());  // a stack: pop the smallest
    while (!folders.empty() || !links.empty()) {
      fs::path dir;
      if (!folders.empty()) {
        dir = std::move(folders.back());
        folders.pop_back();
      } else {
        std::sort(links.begin(), links.end(), std::greater<>());
        dir = std::move(links.back());
        links.pop_back();
      }
      struct stat st {};
      if (::stat(dir.c_str(), &st) != 0) {
        const auto [vi, en] = errno_words(errno, false);
        finding(rules::kInputUnreadable, dir, "không đọc được thư mục: " + vi,
                "cannot read the folder: " + en);
        continue;
      }
      if (!seen_folders_.insert({st.st_dev, st.st_ino}).second) {
        finding(rules::kInputDuplicatePath, dir,
                "thư mục này đã được đọc qua một đường dẫn khác (liên kết); chỉ đọc một lần",
                "this folder was already read through another path (a link); read once");
        continue;
      }
      DIR* d = ::opendir(dir.c_str());
      if (!d) {
        const auto [vi, en] = errno_words(errno, false);
        finding(rules::kInputUnreadable, dir,
                "không mở được thư mục: " + vi + "; các tệp trong thư mục này chưa được kiểm tra",
                "cannot open the folder: " + en + "; the files in it were not checked");
        continue;
      }
      struct Closer {
        DIR* d;
        ~Closer() { ::closedir(d); }
      } closer{d};
      std::vector<fs::path> subfolders;
      // What `dir / name` gives before the name: a separator unless the folder ends in one.
      const std::string prefix =
          dir.native().empty() || dir.native().back() == '/' ? dir.native() : dir.native() + '/';
      int error = 0;
      for (;;) {
        errno = 0;
        const dirent* e = ::readdir(d);
        if (!e) {
          error = errno;
          break;
        }
        const std::string_view name = e->d_name;
        if (name == "." || name == "..") continue;
        // A regular file as the folder lists it needs no stat: its identity is the
        // folder's device and the entry's inode (most of a national run's 20,000 files).
        // The path is made from text, split into components once (dir / name copies the
        // folder's components and splits again: most of listing 20,000 files).
        if (e->d_type == DT_REG) {
          if (const auto what = not_a_report(name)) {
            finding(rules::kInputSkipped, dir / name, what->vi, what->en);
            continue;
          }
          std::string p;
          p.reserve(prefix.size() + name.size());
          p.append(prefix).append(name);
          files.push_back(Candidate{fs::path(std::move(p)), {st.st_dev, e->d_ino}, std::nullopt});
          continue;
        }
        classify(dir / name, files, subfolders, links, ::dirfd(d), e->d_name);
      }
      if (error) {
        const auto [vi, en] = errno_words(error, false);
        finding(rules::kInputUnreadable, dir,
                "không đọc hết được thư mục: " + vi +
                    "; một số tệp trong thư mục có thể chưa "
                    "được kiểm tra",
                "cannot read the whole folder: " + en + "; some files in it may not be checked");
      }
      std::sort(subfolders.begin(), subfolders.end(), std::greater<>());
      for (auto& f : subfolders) folders.push_back(std::move(f));
    }
  }

  std::vector<Finding>& findings_;
  std::vector<FileSlot> slots_;
  struct IdentityHash {
    size_t operator()(const Identity& id) const {
      return std::hash<uint64_t>{}(static_cast<uint64_t>(id.second) * 0x9E3779B97F4A7C15ULL ^
                                   static_cast<uint64_t>(id.first));
    }
  };
  // Membership only: no order needed, and a national run has 20,000 files.
  std::unordered_set<Identity, IdentityHash> seen_files_;
  std::set<Identity> seen_folders_;
};

// Files in a deterministic order; each physical file once (device, inode).
std::vector<FileSlot> collect(const std::vector<fs::path>& inputs, std::vector<Finding>& findings) {
  Collector c(findings);
  for (const auto& in : inputs) c.input(in);
  return c.take();
}

}  // namespace

struct FoundInputs {
  std::vector<FileSlot> files;
  std::vector<Finding> findings;
  std::atomic<bool> taken{false};  // by the first run given them; another walks again
};

FoundInputsFuture find_inputs_ahead(std::vector<std::filesystem::path> inputs) {
  try {
    return std::async(std::launch::async,
                      [inputs = std::move(inputs)] {
                        auto found = std::make_shared<FoundInputs>();
                        found->files = collect(inputs, found->findings);
                        return found;
                      })
        .share();
  } catch (const std::system_error&) {
    return {};  // no thread to spare: the run walks the folders itself
  }
}

namespace {

struct ReadOutcome {
  std::uintmax_t bytes = 0;  ///< size read, for progress
  /// A hash of the bytes read (XXH3), when asked for: a counted report read again must be
  /// the same file, not one rewritten in between.
  std::optional<std::uint64_t> digest;
  std::string reader;
  std::optional<Report> report;
  std::vector<Finding> findings;
  std::vector<Finding> section_findings;  ///< ReadResult::section_findings, stamped
};

// How a file is read: whole (small runs), its header first (large runs: Reader::read_header,
// with a hash of its bytes), or whole again (a counted report of a large run: read only
// when its hash is the first read's, with Reader::read_again).
enum class ReadMode { Whole, HeaderFirst, Again };

// A plugin's declared rules, id → default severity.
using RuleIds = std::map<std::string, Severity, std::less<>>;

RuleIds declared_rules(const Plugin& p) {
  RuleIds ids;
  try {
    for (const Rule& r : p.rules()) ids.emplace(r.id, r.severity);
  } catch (...) {
    // A plugin whose rules() throws has declared nothing: all it emits becomes plugin-error.
  }
  return ids;
}

// A finding under a rule the plugin did not declare becomes plugin-error: it would
// escape docs/rules.md and the plan's control.
Finding undeclared(const Plugin& p, const Finding& f) {
  return engine_finding(rules::kPluginError, f.file,
                        "plugin " + p.name() + " phát hiện theo quy tắc \"" + f.rule.str() +
                            "\" không được khai báo; kết quả này bị bỏ",
                        "plugin " + p.name() + " emitted the undeclared rule \"" + f.rule.str() +
                            "\"; the finding was dropped");
}

ReadOutcome read_one(const FileSlot& slot, const std::vector<std::shared_ptr<Reader>>& readers,
                     const std::vector<ReaderClaim>& claims,
                     const std::vector<RuleIds>& reader_rules, const Plan& plan,
                     std::uintmax_t max_size, ReadMode mode,
                     std::optional<std::uint64_t> expected = std::nullopt,
                     const std::function<bool(const Report&)>* want_sections = nullptr) {
  ReadOutcome out;
  const std::string& name = slot.display;
  if (slot.problem) {
    out.findings.push_back(*slot.problem);
    return out;
  }
  Message error;
  auto bytes = xml::read_file(slot.path, max_size, error);
  if (bytes) out.bytes = bytes->size();
  if (bytes && mode != ReadMode::Whole) out.digest = XXH3_64bits(bytes->data(), bytes->size());
  // Not the bytes the decisions were made on: the caller says so, nothing is read.
  if (mode == ReadMode::Again && out.digest != expected) return out;
  if (!bytes) {
    out.findings.push_back(engine_finding(rules::kInputUnreadable, name,
                                          "không đọc được tệp: " + error.vi,
                                          "cannot read the file: " + error.en));
    return out;
  }
  const std::string_view head = std::string_view(*bytes).substr(0, 4096);
  // The reader is the one whose declared claim takes the file (plugin_host.cpp), never
  // the first to say yes.
  if (const auto chosen = choose_reader(claims, slot.path, head)) {
    const size_t k = *chosen;
    const auto& r = readers[k];
    std::optional<Finding> mismatch;  // added after the reader's own findings
    for (size_t j = 0; j < claims.size(); ++j)
      if (j != k && claims[j].claims_extension(slot.path) && !claims[k].claims_extension(slot.path))
        mismatch = engine_finding(
            rules::kInputExtensionMismatch, name,
            std::string("tên tệp có đuôi ") + slot.path.extension().string() +
                " nhưng nội dung là loại tệp khác; đã đọc theo nội dung (plugin " + r->name() +
                "). Đề nghị đổi tên tệp cho đúng loại (ví dụ .xlsx cho biểu mẫu Excel)",
            std::string("the file is named ") + slot.path.extension().string() +
                " but its content is of another kind; read by its content (plugin " + r->name() +
                "). Rename it to its kind (e.g. .xlsx for an Excel form)");
    try {
      out.reader = r->name();
      ReadResult rr = mode == ReadMode::HeaderFirst
                          ? (want_sections ? r->read_header_then(name, *bytes, plan, *want_sections)
                                           : r->read_header(name, *bytes, plan))
                      : mode == ReadMode::Again ? r->read_again(name, *bytes, plan)
                                                : r->read(name, *bytes, plan);
      out.report = std::move(rr.report);
      out.findings = std::move(rr.findings);
      out.section_findings = std::move(rr.section_findings);
      const Symbol reader = out.reader;  // interned once per file, not per finding
      for (auto* list : {&out.findings, &out.section_findings})
        for (Finding& f : *list) {
          const auto rule = reader_rules[k].find(f.rule);
          if (rule == reader_rules[k].end()) {
            f = undeclared(*r, f);
          } else {  // stamped here, however the reader built the finding
            f.severity = rule->second;
            f.plugin = reader;
          }
        }
    } catch (const std::exception& e) {
      const Message m = message_of(e);
      out.findings.push_back(engine_finding(
          rules::kPluginError, name, "plugin " + r->name() + " gặp lỗi khi đọc tệp: " + m.vi,
          "plugin " + r->name() + " failed reading the file: " + m.en));
      out.report.reset();
      out.section_findings.clear();
    } catch (...) {
      out.findings.push_back(engine_finding(rules::kPluginError, name,
                                            "plugin " + r->name() + " gặp lỗi không rõ khi đọc tệp",
                                            "plugin " + r->name() + " failed reading the file"));
      out.report.reset();
      out.section_findings.clear();
    }
    if (mismatch) out.findings.push_back(std::move(*mismatch));
    return out;
  }
  out.findings.push_back(engine_finding(
      rules::kInputUnsupported, name,
      "không có plugin nào đọc được loại tệp này; gửi biểu mẫu Excel (.xlsx) đã điền hoặc "
      "báo cáo dạng XML theo mẫu (docs/report-format.md)",
      "no reader plugin takes this file; send the filled Excel form (.xlsx) or an XML report "
      "(docs/report-format.md)"));
  return out;
}

// Runs `fn(i)` for i in [0, n) on up to `jobs` threads. An exception escaping fn(i) would
// end the process (std::terminate) on a worker thread: it is caught for that i, and the
// caller turns it into a finding; the other items go on.
template <class Fn>
std::vector<std::pair<size_t, Message>> parallel_for(size_t n, unsigned jobs, Fn fn) {
  std::vector<std::optional<Message>> failed(n);
  auto guarded = [&](size_t i) {
    try {
      fn(i);
    } catch (const std::exception& e) {
      failed[i] = message_of(e);
    } catch (...) {
      failed[i] = Message{"lỗi không rõ", "unknown error"};
    }
  };
  for_each_index(n, jobs, guarded);
  std::vector<std::pair<size_t, Message>> out;
  for (size_t i = 0; i < n; ++i)
    if (failed[i]) out.emplace_back(i, std::move(*failed[i]));
  return out;
}

// What the engine says about a file whose work failed outside any plugin's hook.
Finding internal_failure(Symbol file, const Message& step, const Message& why) {
  return engine_finding(rules::kPluginError, file,
                        "lỗi nội bộ khi " + step.vi + ": " + why.vi +
                            "; tệp này chưa được kiểm tra đầy đủ, hãy báo lỗi này",
                        "internal error " + step.en + ": " + why.en +
                            "; this file was not fully checked, please report the error");
}

}  // namespace

CheckRun run_check(const Plan& plan, const PluginRegistry& plugins, const CheckRunOptions& opts) {
  CheckRun run;
  const std::uintmax_t max_size =
      std::min(opts.max_file_size ? opts.max_file_size : kDefaultMaxFileSize, kMaxFileSizeLimit);
  const unsigned jobs = std::clamp(opts.jobs, 1u, kMaxJobs);

  // --timings: each phase's end, in order (opts.phase_done).
  auto phase = [&](const char* name) {
    if (opts.phase_done) opts.phase_done(name);
  };
  // On more than one thread the plan's expectation is worked out while the folders are
  // walked: neither needs the other, and each takes tens of milliseconds on a national run.
  std::future<Expectation> expected;
  if (jobs > 1) try {
      expected = std::async(std::launch::async,
                            [&plan, &opts] { return compute_expectation(plan, opts.period); });
    } catch (const std::system_error&) {  // no thread to spare: worked out below
    }
  std::vector<FileSlot> files;
  std::shared_ptr<FoundInputs> found = opts.found.valid() ? opts.found.get() : nullptr;
  if (found && !found->taken.exchange(true)) {
    files = std::move(found->files);
    run.findings = std::move(found->findings);
  } else {
    files = collect(opts.inputs, run.findings);
  }
  found.reset();
  phase("find-files");
  const auto readers = plugins.readers();
  std::vector<RuleIds> reader_rules;
  std::vector<ReaderClaim> claims;
  for (const auto& r : readers) {
    reader_rules.push_back(declared_rules(*r));
    try {
      claims.push_back(r->claim());
    } catch (...) {
      claims.emplace_back();  // checked at load; a reader that stops declaring takes nothing
    }
  }
  Expectation expectation =
      expected.valid() ? expected.get() : compute_expectation(plan, opts.period);
  phase("expectation");
  // More files than units to report means resubmissions (or strays) that will not count;
  // many megabytes mean reports too large to hold all at once. Then a report keeps only its
  // header until the decisions are made, and the counted ones are read again in full, one
  // at a time per thread, so that memory grows with the units, not with the reports.
  bool headers_first = files.size() > expectation.units.size();
  std::uintmax_t total_bytes = 0;
  for (size_t i = 0; i < files.size() && !headers_first; ++i) {  // sizes only when needed
    std::error_code ec;
    const std::uintmax_t n = files[i].problem ? 0 : fs::file_size(files[i].path, ec);
    if (!ec) total_bytes += n;
    headers_first = total_bytes > opts.read_once_limit;
  }
  // Each check gets its own context with its options from the plan: the check objects hold
  // no run state, so a run is re-entrant.
  const auto checks = plugins.checks();
  std::vector<CheckOptions> options;
  std::vector<CheckContext> contexts;
  std::vector<RuleIds> declared;
  std::vector<Symbol> check_names;  // stamped on each finding: interned once per check
  options.reserve(checks.size());
  contexts.reserve(checks.size());
  for (const auto& c : checks) {
    options.emplace_back(plan, c->name());
    contexts.push_back(
        CheckContext{plan, expectation, run.submissions, opts.as_of, options.back()});
    declared.push_back(declared_rules(*c));
    check_names.emplace_back(c->name());
  }
  // A hook that throws loses only what it had not yet emitted; the finding says which step.
  auto guarded = [&](const std::shared_ptr<Check>& c, const std::string& file, const Message& step,
                     auto&& call, std::vector<Finding>& out) {
    Message why;
    try {
      call();
      return;
    } catch (const std::exception& e) {
      why = message_of(e);
    } catch (...) {
      why = {"lỗi không rõ", "unknown error"};
    }
    out.push_back(engine_finding(rules::kPluginError, file,
                                 "plugin " + c->name() + " gặp lỗi khi " + step.vi + ": " + why.vi +
                                     "; kết quả của bước này có thể thiếu",
                                 "plugin " + c->name() + " failed " + step.en + ": " + why.en +
                                     "; its findings for this step may be incomplete"));
  };
  const Message whole_period{"kiểm tra toàn kỳ", "checking the whole period"};
  const Message one_report{"kiểm tra báo cáo này", "checking this report"};
  // The framework's half of emit(): the plan's per-rule configuration, and no finding under
  // a rule the check did not declare.
  const Symbol core = "core";
  auto stamp = [&](size_t k, std::vector<Finding>& v, size_t from) {
    size_t keep = from;
    for (size_t i = from; i < v.size(); ++i) {
      Finding& f = v[i];
      if (f.rule == rules::kPluginError.id && f.plugin == core) {
        // the engine's own report of a throwing hook: kept as it is
      } else if (const auto rule = declared[k].find(f.rule); rule == declared[k].end()) {
        f = undeclared(*checks[k], f);
      } else {  // stamped here, however the check built the finding
        if (!options[k].rule_enabled(f.rule)) continue;
        f.plugin = check_names[k];
        f.severity = options[k].severity(f.rule, rule->second);
      }
      if (keep != i) v[keep] = std::move(f);
      ++keep;
    }
    v.resize(keep);
  };

  // Only the language the outputs speak, when the caller says which.
  auto one_language = [&](std::vector<Finding>& v, size_t from) {
    if (opts.messages == CheckRunOptions::Messages::Both) return;
    for (size_t i = from; i < v.size(); ++i) {
      std::string& drop =
          opts.messages == CheckRunOptions::Messages::Vietnamese ? v[i].message_en : v[i].message;
      std::string().swap(drop);
    }
  };

  // What is done with a counted report once its sections are read: its values judged,
  // every check's check_report, then its sections let go and its texts spooled. `out`
  // holds its section findings and receives the checks'.
  const int min_words = default_min_words(plan);
  auto process = [&](Submission& s, std::vector<Finding>& out,
                     const std::shared_ptr<TextSpool>& to) {
    try {
      judge_submission(plan, expectation, min_words, s);
    } catch (const std::exception& e) {
      s.values.clear();
      s.details.clear();
      out.push_back(internal_failure(s.report.file, {"đánh giá các giá trị", "judging the values"},
                                     message_of(e)));
    }
    for (size_t k = 0; k < checks.size(); ++k) {
      const size_t from = out.size();
      guarded(
          checks[k], s.report.file, one_report,
          [&] { checks[k]->check_report(contexts[k], s, out); }, out);
      stamp(k, out, from);
    }
    if (!opts.keep_sections) std::vector<ReportTask>().swap(s.report.tasks);
    if (to) s.texts.move_to(to);
    one_language(out, 0);
    out.shrink_to_fit();  // held until every report is done: no doubling slack
  };

  // Large runs read each file's header first, and a counted report's sections only once the
  // decisions are made: reading a file's sections costs more than its header, and most
  // files of a large run are resubmitted or stray reports whose sections are never used.
  // To read the report that will count only once, the run first guesses which it is from
  // the first bytes of every file (Reader::sniff_header, decide_alone, supersedes): the
  // guessed report's sections are read from the same parse as its header and processed at
  // once. The guess is checked after the decisions: a report that counts and was not
  // guessed is read again (ReadMode::Again); a wrong guess is dropped whole (its values,
  // texts and findings), so the outcome is the same as with no guess.
  const UnitMatcher matcher(plan);
  std::vector<char> guessed(headers_first ? files.size() : 0, 0);
  std::shared_ptr<TextSpool> spool;
  if (headers_first) {
    std::vector<Submission> alone(files.size());  // what each file's first bytes say
    std::vector<std::uintmax_t> sniffed_size(files.size());
    parallel_for(files.size(), jobs, [&](size_t i) {
      if (files[i].problem) return;
      char head[Reader::kSniffBytes];
      const size_t n = xml::read_head(files[i].path, head, sniffed_size[i]);
      if (n == 0) return;
      const std::string_view prefix(head, n);
      if (const auto k = choose_reader(claims, files[i].path, prefix))
        if (auto header = readers[*k]->sniff_header(prefix)) {
          alone[i].report = std::move(*header);
          alone[i].report.file = files[i].display;
          decide_alone(matcher, plan, expectation, opts.as_of, alone[i]);
        }
    });  // a guess that throws is no guess
    phase("sniff");
    // Reports with no guess are UnknownUnit (Submission's default): never kept.
    keep_latest_per_unit(expectation, alone);
    std::uintmax_t guessed_bytes = 0;
    for (size_t i = 0; i < files.size(); ++i)
      if (alone[i].disposition == Disposition::Counted) {
        guessed[i] = 1;
        guessed_bytes += sniffed_size[i];
      }
    std::vector<Submission>().swap(alone);
    // The spool is made before the guessed reports are processed, as it would be for the
    // counted ones (below): their texts then go to it as each is done.
    if (guessed_bytes > opts.spool_threshold) {
      try {
        spool = std::make_shared<TextSpool>();
      } catch (const std::exception&) {
      }
    }
    phase("guess");
  }
  struct Guess {
    Submission judged;  // values, details, texts, sections; its header goes back to the file
    std::vector<Finding> findings;
  };
  std::vector<std::unique_ptr<Guess>> guess_of(guessed.size());
  std::vector<ReadOutcome> outcomes(files.size());
  std::vector<std::optional<std::uint64_t>> digests(files.size());
  std::vector<std::uintmax_t> sizes(files.size());
  std::atomic<size_t> files_done{0};
  std::atomic<std::uintmax_t> bytes_done{0};
  for (auto& [i, why] : parallel_for(files.size(), jobs, [&](size_t i) {
         bool reading_sections = false;
         const std::function<bool(const Report&)> want = [&](const Report&) {
           return reading_sections = guessed[i] != 0;
         };
         outcomes[i] = read_one(files[i], readers, claims, reader_rules, plan, max_size,
                                headers_first ? ReadMode::HeaderFirst : ReadMode::Whole,
                                std::nullopt, headers_first ? &want : nullptr);
         ReadOutcome& o = outcomes[i];
         digests[i] = o.digest;
         sizes[i] = o.bytes;
         if (reading_sections && o.report) {
           auto g = std::make_unique<Guess>();
           g->judged.report = std::move(*o.report);
           g->findings = std::move(o.section_findings);
           decide_alone(matcher, plan, expectation, opts.as_of, g->judged);
           // Judged only if it counts on its own (the first bytes may have misled the guess).
           if (g->judged.disposition == Disposition::Counted)
             process(g->judged, g->findings, spool);  // lets the sections go
           else if (!opts.keep_sections)
             std::vector<ReportTask>().swap(g->judged.report.tasks);
           o.report = std::move(g->judged.report);  // the header goes back to the file
           guess_of[i] = std::move(g);
         }
         // A header-first read's sections (a reader that reads them anyway, or a guess not
         // made) and their findings come again with the second read, for the counted report.
         if (headers_first && o.report && !reading_sections) {
           std::vector<ReportTask>().swap(o.report->tasks);
           std::vector<Finding>().swap(o.section_findings);
         }
         if (opts.progress) {
           const std::uintmax_t bytes = bytes_done += o.bytes;
           opts.progress(++files_done, files.size(), bytes);
         }
       })) {
    outcomes[i] = ReadOutcome{};
    outcomes[i].findings.push_back(
        internal_failure(files[i].display, {"đọc tệp", "reading the file"}, why));
  }
  std::vector<size_t> file_of;  // submission → file slot
  phase("read");
  // Findings about each report's sections (whole reads): kept for counted reports only.
  std::vector<std::vector<Finding>> section_findings;
  // Exactly as many as there are (a vector grown by doubling holds up to twice that).
  const auto reports = static_cast<size_t>(std::count_if(
      outcomes.begin(), outcomes.end(), [](const ReadOutcome& o) { return o.report.has_value(); }));
  run.files.reserve(files.size());
  run.submissions.reserve(reports);
  file_of.reserve(reports);
  section_findings.reserve(reports);
  for (size_t i = 0; i < files.size(); ++i) {
    ReadOutcome& o = outcomes[i];
    // Moved: the slot's path and name are read from run.files from here on.
    run.files.push_back(InputFile{std::move(files[i].path), std::move(files[i].display), o.reader,
                                  o.report.has_value()});
    for (auto& f : o.findings) run.findings.push_back(std::move(f));
    if (o.report) {
      Submission s;
      s.report = std::move(*o.report);
      run.submissions.push_back(std::move(s));
      file_of.push_back(i);
      section_findings.push_back(std::move(o.section_findings));
    } else if (!guess_of.empty()) {
      guess_of[i].reset();  // a file that failed after its guess (internal failure)
    }
  }
  std::vector<ReadOutcome>().swap(outcomes);  // a report model per file: let it go

  // decide_submissions, its per-report half on the worker threads (unit matching is most
  // of it: 20,000 reports on a national run).
  for (auto& [n, why] : parallel_for(run.submissions.size(), jobs, [&](size_t n) {
         decide_alone(matcher, plan, expectation, opts.as_of, run.submissions[n]);
       }))
    throw std::runtime_error(why.en);  // matching a name does not throw but for memory
  keep_latest_per_unit(expectation, run.submissions);
  std::vector<size_t> counted;
  std::vector<bool> guessed_right;  // per counted report: judged and checked already
  std::uintmax_t counted_bytes = 0;
  for (size_t i = 0; i < run.submissions.size(); ++i) {
    Submission& s = run.submissions[i];
    std::unique_ptr<Guess> g = guess_of.empty() ? nullptr : std::move(guess_of[file_of[i]]);
    if (s.disposition != Disposition::Counted) {  // a wrong guess ends here
      // Sections are kept (keep_sections) for counted reports only, as without a guess.
      if (g) std::vector<ReportTask>().swap(s.report.tasks);
      continue;
    }
    counted.push_back(i);
    counted_bytes += sizes[file_of[i]];
    if (g) {  // guessed right: judged already
      s.values = std::move(g->judged.values);
      s.details = std::move(g->judged.details);
      s.texts = std::move(g->judged.texts);
      s.sections = std::move(g->judged.sections);
      section_findings[i] = std::move(g->findings);
      guessed_right.push_back(true);
    } else {
      guessed_right.push_back(false);
    }
  }
  phase("decide");
  // Large runs move each report's value texts to one unlinked file once its checks are
  // done (ValueTexts); writers read them back. Without a spool (TMPDIR not writable) they
  // stay in memory: slower to hold, never lost.
  if (!spool && counted_bytes > opts.spool_threshold) {
    try {
      spool = std::make_shared<TextSpool>();
    } catch (const std::exception&) {
    }
  }

  // One pass per counted report not yet judged, on the worker threads: its sections read
  // again (when only its header was kept), then process(). Only the bytes read the first
  // time are used: a file rewritten in between (a unit resending, a copy still going on)
  // would mix one version's decisions and findings with another's values.
  std::vector<std::vector<Finding>> per_report(counted.size());
  const auto report_failures = parallel_for(counted.size(), jobs, [&](size_t n) {
    Submission& s = run.submissions[counted[n]];
    std::vector<Finding>& out = per_report[n];
    out = std::move(section_findings[counted[n]]);
    if (guessed_right[n]) {
      if (spool) s.texts.move_to(spool);  // guessed before the spool was made
      return;
    }
    if (headers_first) {
      const size_t file = file_of[counted[n]];
      bool readable = true;  // false: read again, it was not the file decided on
      try {
        const InputFile& in = run.files[file];
        ReadOutcome again = read_one(FileSlot{in.path, in.display, nullptr}, readers, claims,
                                     reader_rules, plan, max_size, ReadMode::Again, digests[file]);
        if (again.report && again.digest && again.digest == digests[file]) {
          s.report.tasks = std::move(again.report->tasks);
          for (auto& f : again.section_findings) out.push_back(std::move(f));
        } else {
          readable = false;
          out.push_back(engine_finding(
              rules::kInputUnreadable, s.report.file,
              "tệp đã thay đổi (hoặc bị xóa) trong lúc kiểm tra, giữa hai lần đọc; các giá trị "
              "của báo cáo này chưa được kiểm tra (mức hoàn thành của đơn vị trong lần chạy này "
              "là 0). Chạy lại lệnh kiểm tra khi không còn tệp nào đang được ghi hay sao chép",
              "the file changed (or was removed) during the run, between its two reads; this "
              "report's values were not checked (its unit's completeness is 0 in this run). Run "
              "the check again once no file is being written or copied"));
        }
      } catch (const std::exception& e) {
        readable = false;
        out.push_back(internal_failure(s.report.file, {"đọc lại tệp", "reading the file again"},
                                       message_of(e)));
      }
      // Not the file the decisions were made on: its values are not judged and no check
      // words them (a section missing from an emptied file is no finding about the unit).
      if (!readable) {
        s.values.clear();
        s.details.clear();
        s.sections.clear();
        std::vector<ReportTask>().swap(s.report.tasks);
        one_language(out, 0);
        return;
      }
    }
    process(s, out, spool);
  });
  phase("read-counted");
  // The paths as found: run.files has its own copy (a national run has 20,000).
  std::vector<FileSlot>().swap(files);
  for (const auto& [n, why] : report_failures) {
    Submission& s = run.submissions[counted[n]];
    if (!opts.keep_sections) std::vector<ReportTask>().swap(s.report.tasks);
    per_report[n].push_back(
        internal_failure(s.report.file, {"kiểm tra báo cáo", "checking the report"}, why));
  }
  // Whole-period checks see every report's header, decisions and judged values (not its
  // sections, let go above). Their findings go to a vector of their own, so the run's is
  // allocated once at its exact size: grown by doubling, it would hold up to twice that
  // (and both the old and the new block while it moved).
  //
  // The status model needs the findings only for each unit's error and warning counts: on
  // more than one thread it is worked out meanwhile (it reads the decisions and judged
  // values, final from here on, as the whole-period checks do), and the counts are set
  // once the findings are gathered.
  std::future<StatusModel> early_status;
  if (jobs > 1) try {
      early_status = std::async(std::launch::async, [&] {
        return compute_status_before_findings(plan, expectation, opts.as_of, run.submissions);
      });
    } catch (const std::system_error&) {  // no thread to spare: worked out after the findings
    }
  std::vector<Finding> whole;
  for (size_t k = 0; k < checks.size(); ++k) {
    const size_t from = whole.size();
    guarded(
        checks[k], plan.file, whole_period, [&] { checks[k]->check_run(contexts[k], whole); },
        whole);
    stamp(k, whole, from);
  }
  phase("whole-period-checks");
  one_language(whole, 0);
  one_language(run.findings, 0);

  size_t total_findings = run.findings.size() + whole.size();
  for (const auto& v : per_report) total_findings += v.size();
  run.findings.reserve(total_findings);
  for (auto& v : per_report) {
    for (auto& f : v) run.findings.push_back(std::move(f));
    std::vector<Finding>().swap(v);
  }
  std::vector<std::vector<Finding>>().swap(per_report);
  for (auto& f : whole) run.findings.push_back(std::move(f));
  std::vector<Finding>().swap(whole);
  phase("gather-findings");
  // The per-report vectors were small blocks among what the run keeps (judged values,
  // texts): glibc cannot give their pages back by itself, and the status model allocated
  // next would come on top of them (national: +60 MB of peak).
#if defined(__GLIBC__)
  ::malloc_trim(0);
#endif
  // The findings are sorted (on two threads) while the status model is finished.
  phase("give-back-memory");
  const FindingCounts counts = count_findings_per_unit(run.findings);
  sort_findings(run.findings, jobs);
  if (early_status.valid()) {
    run.status = early_status.get();
    run.status.expectation = std::move(expectation);
    set_finding_counts(run.status, counts);
  } else {
    run.status = compute_status(plan, std::move(expectation), opts.as_of, run.submissions, counts);
  }
  phase("status-and-sort");
  return run;
}

}  // namespace tuanthu
