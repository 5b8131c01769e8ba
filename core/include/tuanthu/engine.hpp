#pragma once
// The `check` pipeline: files → readers → submissions → checks → findings → status.
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "tuanthu/plan_loader.hpp"
#include "tuanthu/plugin_host.hpp"
#include "tuanthu/status.hpp"

namespace tuanthu {

/// Most threads a run uses (`--jobs`); more only costs memory (docs/limits.md).
inline constexpr unsigned kMaxJobs = 256;
/// Largest accepted `--max-file-size`: a report is read whole into memory, once per
/// thread at a time (docs/limits.md).
inline constexpr std::uintmax_t kMaxFileSizeLimit = 1024ull * 1024 * 1024;

inline constexpr std::uintmax_t kDefaultReadOnceLimit = 64ull * 1024 * 1024;
inline constexpr std::uintmax_t kDefaultSpoolThreshold = 64ull * 1024 * 1024;

/// The files of a run's inputs, found as run_check finds them (each physical file once, in
/// path order, with the findings about what could not be examined). Opaque: made by
/// find_inputs_ahead, used by one run_check.
struct FoundInputs;
using FoundInputsFuture = std::shared_future<std::shared_ptr<FoundInputs>>;
/// Starts finding the files of `inputs` on a thread of its own, so that a caller can load
/// the plan and the plugins meanwhile (a national folder of 20,000 files takes tens of
/// milliseconds to walk); give the result to run_check as CheckRunOptions::found.
FoundInputsFuture find_inputs_ahead(std::vector<std::filesystem::path> inputs);

struct CheckRunOptions {
  Period period;
  Date as_of;
  /// Files or folders. Folders are read recursively: files and links to files are read
  /// (each physical file once), links to folders followed (each physical folder once),
  /// anything else (FIFO, socket, device) and anything that cannot be read is a finding.
  std::vector<std::filesystem::path> inputs;
  unsigned jobs = 1;                 ///< clamped to 1..kMaxJobs
  std::uintmax_t max_file_size = 0;  ///< 0: kDefaultMaxFileSize; at most kMaxFileSizeLimit
  /// Called after each file is read, from the worker threads (so it must be thread-safe):
  /// files read so far, files in all, bytes read so far. An exception from it, like any
  /// failure in a worker, becomes a finding on that file, never std::terminate.
  std::function<void(size_t done, size_t total, std::uintmax_t bytes)> progress;
  /// Input above this many bytes is read header first (docs/limits.md): a counted report's
  /// sections are read again when its turn comes, so reports are not all held at once.
  std::uintmax_t read_once_limit = kDefaultReadOnceLimit;
  /// Counted reports above this many bytes have their value texts moved to an unlinked
  /// temporary file once checked (ValueTexts); 0 always does (tests).
  std::uintmax_t spool_threshold = kDefaultSpoolThreshold;
  /// Keep each counted report's sections (Report::tasks) after its checks, for tools and
  /// tests that look at the report model itself; costs memory in proportion to the reports.
  bool keep_sections = false;
  /// The languages findings keep their messages in. A run whose outputs speak one language
  /// (`--lang`) drops the other's message as each finding is made: a national run has
  /// hundreds of thousands. Finding::text(english) gives the kept one either way.
  enum class Messages { Both, Vietnamese, English } messages = Messages::Both;
  /// Called on the calling thread as each phase of the run ends, with its name (find-files,
  /// expectation, sniff and guess (large runs only), read, decide, read-counted,
  /// whole-period-checks, gather-findings, give-back-memory, status-and-sort): `--timings`
  /// prints each phase's time.
  std::function<void(const char* phase)> phase_done;
  /// The files of `inputs` found ahead (find_inputs_ahead(inputs)), taken by the run; when
  /// not valid the run finds them itself.
  FoundInputsFuture found;
};

struct InputFile {
  std::filesystem::path path;  ///< as reached: what is opened
  std::string display;         ///< the path as text (text::display_path), as findings name it
  std::string reader;          ///< plugin that read it; empty when none did
  bool accepted = false;       ///< a report came out of it
};

struct CheckRun {
  std::vector<InputFile> files;         ///< every file considered, sorted
  std::vector<Submission> submissions;  ///< every report read, file order
  std::vector<Finding> findings;        ///< sorted, deterministic
  StatusModel status;
};

/// Runs readers and checks. Never throws for bad input: unreadable files, rejected
/// files and plugin exceptions become findings.
CheckRun run_check(const Plan& plan, const PluginRegistry& plugins, const CheckRunOptions& opts);

/// Rule ids the engine itself emits (input-*, plugin-*, submission matching).
std::vector<Rule> engine_rules();

}  // namespace tuanthu
