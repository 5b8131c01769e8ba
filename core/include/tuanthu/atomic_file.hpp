#pragma once
// Outputs are written to a temporary file beside the target and renamed into place,
// so a crash or a full disk never leaves a half-written file under the requested name.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace tuanthu {

class AtomicOutput {
 public:
  /// Creates an empty temporary file in the target's folder; throws
  /// std::runtime_error with a one-line message when it cannot.
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
  /// The same without the fsync, for callers that made the data durable themselves
  /// (write_files_atomically syncs a whole batch once).
  void commit_synced();

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  int fd_ = -1;
  bool by_path_ = false;  // someone wrote by name: the file may be a new inode
  bool committed_ = false;
};

/// Writes `content` atomically to `target`.
void write_file_atomically(const std::filesystem::path& target, std::string_view content);

/// Writes many small files, each atomically (temporary file + rename), with one sync of
/// the filesystem for the whole batch instead of one fsync per file.
void write_files_atomically(
    const std::vector<std::pair<std::filesystem::path, std::string>>& files);

}  // namespace tuanthu
