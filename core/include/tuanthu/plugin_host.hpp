#pragma once
// Loads plugin libraries with Boost.DLL and keeps each library loaded for as long as
// any object it created lives (the library handle rides in the object's deleter).
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tuanthu/message.hpp"
#include "tuanthu/plugin.hpp"

namespace tuanthu {

struct PluginEntry {
  std::shared_ptr<Plugin> plugin;
  std::string name;
  PluginKind kind;
  std::string version;
  Message description;
  std::vector<Rule> rules;  ///< read once at load (views into the library, alive with `plugin`)
  std::string extension;    ///< writers and form makers: the file extension they write
  WriterTarget target = WriterTarget::File;  ///< writers: a file or a folder of files
  std::filesystem::path file;
  ReaderClaim claim;  ///< readers: the files it takes (checked against the others at load)
};

class PluginRegistry {
 public:
  /// Loads every `*.so` in `dir` (not recursive), in name order. Problems (wrong ABI,
  /// missing symbol, loose permissions, a throwing factory or metadata call, a name, rule
  /// id or writer extension another loaded plugin already has) are returned as one-line
  /// messages (both languages) naming the file; the other libraries still load. The first
  /// loaded wins a clash: folders load in search order, so `--plugin-dir` comes first.
  std::vector<Message> load_directory(const std::filesystem::path& dir,
                                      bool allow_insecure = false);
  /// Loads one library; returns nothing on success, else the reason.
  std::optional<Message> load_file(const std::filesystem::path& file, bool allow_insecure = false);

  const std::vector<PluginEntry>& entries() const { return entries_; }
  std::vector<std::shared_ptr<Reader>> readers() const;
  std::vector<std::shared_ptr<Check>> checks() const;
  std::vector<std::shared_ptr<Writer>> writers() const;
  std::vector<std::shared_ptr<FormMaker>> form_makers() const;
  std::shared_ptr<Plugin> find(std::string_view name) const;
  /// The writer for an output file extension ("json", "xlsx"), or for a folder of files
  /// with that extension ("txt", "docx"), or null.
  std::shared_ptr<Writer> writer_for(std::string_view extension,
                                     WriterTarget target = WriterTarget::File) const;
  /// The extensions the loaded file (or folder) writers claim, in load order.
  std::vector<std::string> writer_extensions(WriterTarget target = WriterTarget::File) const;
  /// The form maker for a form file extension ("xlsx"), or null.
  std::shared_ptr<FormMaker> form_maker_for(std::string_view extension) const;

 private:
  std::vector<PluginEntry> entries_;
};

/// Nothing when no file can be claimed by both readers; otherwise what they both claim, in
/// words ("phần mở rộng .xml" / "extension .xml").
std::optional<Message> claims_overlap(const ReaderClaim& a, const ReaderClaim& b);

/// Index in `claims` of the reader that takes a file: the one that claims its extension,
/// else the one whose signature starts `head` (the file's first bytes); nullopt when no
/// reader claims the file. Claims that overlap are refused at load, so there is at most one.
std::optional<size_t> choose_reader(const std::vector<ReaderClaim>& claims,
                                    const std::filesystem::path& file, std::string_view head);

/// Plugin folders in search order: `--plugin-dir` values, then `TUANTHU_PLUGIN_PATH`
/// (colon separated), then `<exe>/../lib/tuanthu/plugins`. Never the current directory.
std::vector<std::filesystem::path> plugin_search_path(
    const std::vector<std::filesystem::path>& explicit_dirs, bool use_default = true);

/// `plan-unknown-check` findings for <check> entries that name no loaded plugin, or a
/// rule that plugin does not have: such an entry would silently change nothing.
std::vector<Finding> lint_check_configs(const Plan& plan, const PluginRegistry& plugins);

/// Nothing when `path` (file or folder) is safe to load from; otherwise why not
/// (writable by group or others, as sudo and ssh refuse), as a clause in both languages.
std::optional<Message> insecure_permissions(const std::filesystem::path& path);

}  // namespace tuanthu
