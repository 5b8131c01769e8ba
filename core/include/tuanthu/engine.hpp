#pragma once
// The `check` pipeline: files → readers → submissions → checks → findings → status.
#include <filesystem>
#include <functional>
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
