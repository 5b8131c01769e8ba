#pragma once
// Outputs are written to a temporary file beside the target and renamed into place,
// so a crash or a full disk never leaves a half-written file under the requested name.
#include <filesystem>
#include <string>

namespace tuanthu {

class AtomicOutput {
 public:
  /// Creates an empty temporary file in the target's folder; throws
  /// std::runtime_error with a one-line message when it cannot.
  explicit AtomicOutput(std::filesystem::path target);
  ~AtomicOutput();  ///< removes the temporary file unless committed
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  const std::filesystem::path& temp_path() const { return temp_; }
  const std::filesystem::path& target() const { return target_; }
  /// fsyncs the temporary file and renames it onto the target.
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  bool committed_ = false;
};

/// Writes `content` atomically to `target`.
void write_file_atomically(const std::filesystem::path& target, std::string_view content);

}  // namespace tuanthu
