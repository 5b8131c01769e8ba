#pragma once
// A folder of outputs written atomically: every file goes into a temporary sibling folder,
// which replaces the target whole when everything is written, so an error or a full disk
// never leaves a half-written folder under the requested name. Only a folder that is
// absent, empty, or marked by tuanthu (a `.tuanthu` file listing every file in it) is ever
// replaced: a folder of the user's own files is refused, never emptied.
//
// TODO(forms): tuanthu::AtomicDirectory (branch `cli`, core/src/atomic_file.cpp) is the same
// contract with the same marker; once it is on main this class goes and `tuanthu forms`
// uses it (the interface below is the same: check_target, add, commit).
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tuanthu::cli {

/// A refusal or failure, in Vietnamese (`what()`) and English (`en`).
class FolderError : public std::runtime_error {
 public:
  FolderError(const std::string& vi, std::string en_text)
      : std::runtime_error(vi), en(std::move(en_text)) {}
  std::string en;
};

class OutputFolder {
 public:
  static constexpr const char* kMarker = ".tuanthu";

  /// Refuses (FolderError) a target that may not be replaced; creates the target's parent
  /// folders and the temporary sibling folder.
  explicit OutputFolder(std::filesystem::path target);
  ~OutputFolder();  ///< removes the temporary folder unless committed
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  /// Writes one file (a plain name: no separator, not the marker) into the temporary folder.
  void add(const std::string& name, std::string_view content);
  /// Writes the marker, makes everything durable with one sync, swaps the folder in and
  /// removes the folder it replaced.
  void commit();

  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& temp_path() const { return temp_; }

  /// Why `target` may not be replaced, or nothing when it may.
  static std::optional<FolderError> check_target(const std::filesystem::path& target);

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::vector<std::string> names_;
  bool committed_ = false;
};

}  // namespace tuanthu::cli
