#pragma once
// Outputs are written to a temporary file beside the target and renamed into place,
// so a crash or a full disk never leaves a half-written file under the requested name.
// A folder of outputs (the feedback letters) is built whole in a temporary sibling
// folder and swapped in the same way. Every temporary is registered with
// tuanthu::cleanup, so SIGINT/SIGTERM/SIGHUP do not leave one behind either.
// Failures throw tuanthu::Error (both languages, naming the path).
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tuanthu/message.hpp"

namespace tuanthu {

class AtomicOutput {
 public:
  /// Creates an empty temporary file in the target's folder; throws tuanthu::Error
  /// with a one-line message when it cannot.
  explicit AtomicOutput(std::filesystem::path target);
  ~AtomicOutput();  ///< removes the temporary file unless committed
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  /// The temporary file, for writers that open files by name (libxlsxwriter, streams).
  const std::filesystem::path& temp_path() {
    by_path_ = true;
    return temp_;
  }
  const std::filesystem::path& target() const { return target_; }
  /// Appends to the temporary file through the descriptor kept from its creation.
  void write(std::string_view content);
  /// Closes the descriptor kept from creation (the file stays, known by its name).
  void close_file();
  /// fsyncs the temporary file and renames it onto the target.
  void commit();

 private:
  Message cannot_write(const std::string& why) const;
  std::filesystem::path target_;
  std::filesystem::path temp_;
  int fd_ = -1;
  int slot_ = -1;         // cleanup registry handle
  bool by_path_ = false;  // someone wrote by name: the file may be a new inode
  bool committed_ = false;
};

/// Writes `content` atomically to `target`.
void write_file_atomically(const std::filesystem::path& target, std::string_view content);

/// A folder owned by the run: built in a temporary sibling folder and swapped in whole
/// on commit (rename(2), or renameat2 RENAME_EXCHANGE over an existing folder), so the
/// folder holds exactly what this run wrote, never a mix with an earlier run. A marker
/// file (kMarker) lists what was written; a folder that holds anything else is refused.
class AtomicDirectory {
 public:
  /// The marker file tuanthu writes in every folder it owns.
  static constexpr const char* kMarker = ".tuanthu";

  /// Refuses (tuanthu::Error) a target that may not be replaced (see `check_target`),
  /// creates the target's parent folders and the temporary sibling folder.
  explicit AtomicDirectory(std::filesystem::path target);
  ~AtomicDirectory();  ///< removes the temporary folder unless committed
  AtomicDirectory(const AtomicDirectory&) = delete;
  AtomicDirectory& operator=(const AtomicDirectory&) = delete;

  /// Writes one file into the temporary folder. `name` must be a plain file name
  /// (no separator, not "." or "..", not the marker); see text::safe_file_name.
  void add(const std::string& name, std::string_view content);
  /// Takes as written what someone else (a folder writer plugin) put into temp_path():
  /// every entry must be a plain regular file (no folder, no link, not the marker), else
  /// tuanthu::Error. Returns the names, sorted.
  std::vector<std::string> adopt_written();
  /// Writes the marker, makes everything durable with one sync, swaps the folder in and
  /// removes the folder it replaced.
  void commit();

  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& temp_path() const { return temp_; }

  /// Why `target` may not be replaced by a folder of outputs, or nothing when it may:
  /// it is absent, an empty folder, or a folder whose every file is listed in its marker.
  /// Links are resolved: the folder a link points to is the one replaced.
  static std::optional<Message> check_target(const std::filesystem::path& target);

 private:
  std::filesystem::path target_;  // links resolved
  std::filesystem::path temp_;
  std::vector<std::string> names_;
  int slot_ = -1;
  bool committed_ = false;
};

}  // namespace tuanthu
