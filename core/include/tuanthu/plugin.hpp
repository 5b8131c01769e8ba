#pragma once
// Plugin interfaces. Every plugin library exports, with BOOST_DLL_ALIAS,
//   tuanthu_abi_version : int()                          -> must equal kAbiVersion
//   tuanthu_create_plugin : std::unique_ptr<Plugin>()     -> the plugin object
// (TUANTHU_PLUGIN below does both). The host checks the version before anything else.
#include <boost/dll/alias.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tuanthu/enum_names.hpp"
#include "tuanthu/expectation.hpp"
#include "tuanthu/finding.hpp"
#include "tuanthu/message.hpp"
#include "tuanthu/plan.hpp"
#include "tuanthu/report.hpp"
#include "tuanthu/status.hpp"
#include "tuanthu/submission.hpp"

namespace tuanthu {

/// Bumped whenever a type passed across the plugin boundary changes layout.
inline constexpr int kAbiVersion = 12;

enum class PluginKind { Reader, Check, Writer, Form };
template <>
struct EnumTable<PluginKind> {
  static constexpr EnumName<PluginKind> names[] = {{PluginKind::Reader, "reader", "đọc tệp"},
                                                   {PluginKind::Check, "check", "kiểm tra"},
                                                   {PluginKind::Writer, "writer", "ghi kết quả"},
                                                   {PluginKind::Form, "form", "lập biểu mẫu"}};
};

class Plugin {
 public:
  virtual ~Plugin();
  virtual std::string name() const = 0;
  virtual PluginKind kind() const = 0;
  virtual std::string version() const = 0;
  /// One line on what the plugin does, in both languages (`tuanthu plugins`).
  virtual Message description() const = 0;
  /// Every rule this plugin can emit (readers and checks), each a constant declared once;
  /// listed by `tuanthu rules`. The engine refuses a finding under an undeclared rule.
  virtual std::vector<Rule> rules() const { return {}; }
};

// ---- readers ---------------------------------------------------------------

struct ReadResult {
  std::optional<Report> report;   ///< absent when the file is rejected
  std::vector<Finding> findings;  ///< why it was rejected, or problems found reading it
  /// Problems in the report's sections (Report::tasks): the engine keeps them for the report
  /// that counts for its unit only (an older or stray report's contents are not judged).
  /// A reader may put everything in `findings`; what it puts there must not depend on
  /// whether read() or read_header() was called.
  std::vector<Finding> section_findings;
};

/// Which files a reader takes, declared so that the choice is deliberate: the host refuses,
/// when plugins are loaded, a reader whose claim overlaps one already loaded (a shared
/// extension, or signatures of which one starts with the other), so at most one reader
/// can take any file. A file goes to the reader whose signature its first bytes start with
/// (content wins: an .xlsx saved as .xml is read as a workbook); a file whose bytes no
/// signature claims goes to the reader that claims its extension.
struct ReaderClaim {
  std::vector<std::string> extensions;  ///< lower case, without the dot: {"xlsx", "xls"}
  std::vector<std::string> signatures;  ///< byte prefixes of the content: {"PK\x03\x04"}

  /// True when `file`'s extension (compared in ASCII lower case) is one of `extensions`.
  bool claims_extension(const std::filesystem::path& file) const;
  /// True when `head` starts with one of `signatures`.
  bool claims_content(std::string_view head) const;
};

class Reader : public Plugin {
 public:
  ~Reader() override;
  PluginKind kind() const final { return PluginKind::Reader; }
  /// The files this reader takes (see ReaderClaim). Called when the plugin is loaded and
  /// once per run; return the same claim every time.
  virtual ReaderClaim claim() const = 0;
  /// Parses a whole file already in memory. Must be thread-safe (called concurrently).
  virtual ReadResult read(const std::string& display_name, std::string_view bytes,
                          const Plan& plan) const = 0;
  /// Reads what the engine needs before it decides which report counts (plan, period, unit,
  /// document, received) with its `findings`; sections may be left out. Used on large runs
  /// (more files than units, or many megabytes): counted reports are then read() again.
  /// The default reads everything.
  virtual ReadResult read_header(const std::string& display_name, std::string_view bytes,
                                 const Plan& plan) const {
    return read(display_name, bytes, plan);
  }
  /// Reads a counted report whole after read_header saw it (large runs). The engine has
  /// checked that these are the bytes read_header was given, so checks of the bytes as a
  /// whole that read_header made (their encoding) need not be made again. The default
  /// reads everything.
  virtual ReadResult read_again(const std::string& display_name, std::string_view bytes,
                                const Plan& plan) const {
    return read(display_name, bytes, plan);
  }
  /// A cheap guess at the header (plan, period, unit, document, received) from the file's
  /// first bytes (`prefix`, at most kSniffBytes; the file may be longer or not a report at
  /// all), with no checks and no findings. Large runs use it only to guess, before reading,
  /// which report will count for its unit: a wrong guess or none costs time, never a result.
  /// The default guesses nothing.
  virtual std::optional<Report> sniff_header(std::string_view prefix) const {
    (void)prefix;
    return std::nullopt;
  }
  static constexpr size_t kSniffBytes = 4096;
  /// Reads the header as read_header does, asks `want_sections` with it, and when the answer
  /// is yes goes on to read the sections as read() does, from the same parse: on large runs
  /// the report likely to count for its unit is read once, not twice. `want_sections` is
  /// called at most once, with the report before its sections; nothing may depend on it
  /// being called (the engine reads a counted report again when it was not). `bytes` is the
  /// engine's own copy of the file, not used after the call: a reader may parse it in place.
  /// The default calls read_header, then read() when the sections are wanted.
  virtual ReadResult read_header_then(
      const std::string& display_name, std::string& bytes, const Plan& plan,
      const std::function<bool(const Report&)>& want_sections) const {
    ReadResult header = read_header(display_name, bytes, plan);
    if (!header.report || !want_sections(*header.report)) return header;
    return read(display_name, bytes, plan);
  }
};

// ---- checks ----------------------------------------------------------------

/// What a check sees of one run. Built by the engine per check and per run, so a check
/// object holds no run state and one plugin can serve concurrent runs.
struct CheckContext {
  const Plan& plan;
  const Expectation& expectation;
  /// Every report read, in file order: for check_run. A check_report reads only the
  /// submission it is given (the others are being judged on other threads).
  const std::vector<Submission>& submissions;
  Date as_of;
  const CheckOptions& options;  ///< this check's `<check>` options from the plan
};

/// Base of every check, in the manner of clang-tidy: `check_report` sees one counted report
/// with its sections (`report.tasks`) and judged values (concurrently: keep it const, and
/// look at that submission only, as the others are being read and judged meanwhile);
/// `check_run` sees the whole period once, after every check_report: every report's header,
/// the core's decisions and judged values, but no sections (let go after check_report, so
/// that a run's memory grows with its units, not with its reports).
/// Findings are emitted with `emit(out, kRule, make_finding(…))`; the framework stamps the
/// rule id, its default severity and the plugin, then applies the plan's per-rule
/// configuration (disabled rules dropped, severities overridden).
class Check : public Plugin {
 public:
  ~Check() override;
  PluginKind kind() const final { return PluginKind::Check; }
  /// `out` holds only the whole-period findings of the checks before this one.
  virtual void check_run(const CheckContext&, std::vector<Finding>&) const {}
  virtual void check_report(const CheckContext&, const Submission&, std::vector<Finding>&) const {}

 protected:
  /// Appends `f` under `rule` (declared in rules()).
  void emit(std::vector<Finding>& out, const Rule& rule, Finding f) const;

 private:
  /// The plugin's name and its declared rules' ids, interned on the first emit: emit runs
  /// once per finding, and interning hashes and locks. Kept in the object, not in a table
  /// keyed by the rule's address, because a rule's text lives in the plugin's library: the
  /// object is destroyed before its library is unloaded, a process-wide table would not be.
  mutable std::once_flag interned_once_;
  mutable Symbol interned_name_;
  mutable std::vector<std::pair<std::string_view, Symbol>> interned_rules_;
  Symbol rule_symbol(std::string_view id) const;
};

// ---- writers ---------------------------------------------------------------

struct WriteContext {
  const Plan& plan;
  const StatusModel& status;
  const std::vector<Submission>& submissions;
  const std::vector<Finding>& findings;  ///< sorted
  bool english = false;
  std::string tool_version;
  /// This writer's options: the plan's `<writer plugin="…">` params, then the command
  /// line's overrides (`--docx-reference FILE` is the param `reference`). The host fills
  /// it per writer.
  PluginOptions options{};

  /// The counted report of an expected unit, or null when it has none.
  const Submission* submission_of(const UnitStatus& u) const {
    return u.submission && *u.submission < submissions.size() ? &submissions[*u.submission]
                                                              : nullptr;
  }
};

/// What a writer writes: one file, or a folder of files (one letter per unit).
enum class WriterTarget { File, Folder };
template <>
struct EnumTable<WriterTarget> {
  static constexpr EnumName<WriterTarget> names[] = {{WriterTarget::File, "file", "tệp"},
                                                     {WriterTarget::Folder, "folder", "thư mục"}};
};

class Writer : public Plugin {
 public:
  ~Writer() override;
  PluginKind kind() const final { return PluginKind::Writer; }
  /// File extension this writer produces ("json", "xlsx"); for a folder writer, the
  /// extension of the files it puts in the folder ("txt", "docx").
  virtual std::string extension() const = 0;
  /// File writers are chosen by the output path's extension; folder writers by
  /// `--out DIR/ --letters <extension>`.
  virtual WriterTarget target() const { return WriterTarget::File; }
  /// Writes to `target`: for a file writer a temporary file that the host renames on
  /// success; for a folder writer an empty temporary folder that the host swaps in whole.
  /// Throws tuanthu::Error (both languages) or std::runtime_error on failure.
  virtual void write(const WriteContext& ctx, const std::filesystem::path& target) const = 0;
};

// ---- form makers ---------------------------------------------------------------

/// What a form maker sees: one unit's part of the period's expectation.
struct FormContext {
  const Plan& plan;
  const Expectation& expectation;  ///< the period: its due day, every expected unit
  const ExpectedUnit& unit;        ///< the unit the form is for: its tasks and roles
  std::string tool_version;
};

/// Writes the blank form (biểu mẫu) a unit fills in for a period: exactly what the unit
/// owes (its tasks, its role, each requirement that applies to the role), and the
/// identity that lets a reader plugin read the filled form back as a report
/// (`tuanthu/form.hpp`, docs/report-format.md). `tuanthu forms --format <ext>` picks the
/// form maker by extension.
class FormMaker : public Plugin {
 public:
  ~FormMaker() override;
  PluginKind kind() const final { return PluginKind::Form; }
  /// File extension of the forms this maker writes ("xlsx").
  virtual std::string extension() const = 0;
  /// Writes one unit's form to `target`, a temporary file in the output folder the host
  /// swaps in when every form is written. Throws tuanthu::Error (both languages) on failure.
  virtual void write(const FormContext& ctx, const std::filesystem::path& target) const = 0;
};

}  // namespace tuanthu

/// Exports the two symbols every plugin library must have, for class `Class`. Use once,
/// in one source file of the plugin (the functions are ordinary, not inline, so that a
/// program that compiles a plugin in, like the fuzz targets, can declare and call them).
#define TUANTHU_PLUGIN(Class)                                          \
  namespace tuanthu_plugin_entry {                                     \
  std::unique_ptr<::tuanthu::Plugin> create() {                        \
    return std::make_unique<Class>();                                  \
  }                                                                    \
  int abi_version() {                                                  \
    return ::tuanthu::kAbiVersion;                                     \
  }                                                                    \
  }                                                                    \
  BOOST_DLL_ALIAS(tuanthu_plugin_entry::create, tuanthu_create_plugin) \
  BOOST_DLL_ALIAS(tuanthu_plugin_entry::abi_version, tuanthu_abi_version)
