#pragma once
// Plugin interfaces. Every plugin library exports, with BOOST_DLL_ALIAS,
//   tuanthu_abi_version : int()                          -> must equal kAbiVersion
//   tuanthu_create_plugin : std::unique_ptr<Plugin>()     -> the plugin object
// (TUANTHU_PLUGIN below does both). The host checks the version before anything else.
#include <boost/dll/alias.hpp>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tuanthu/expectation.hpp"
#include "tuanthu/finding.hpp"
#include "tuanthu/plan.hpp"
#include "tuanthu/report.hpp"
#include "tuanthu/status.hpp"

namespace tuanthu {

/// Bumped whenever a type passed across the plugin boundary changes layout.
inline constexpr int kAbiVersion = 2;

enum class PluginKind { Reader, Check, Writer };
std::string_view to_string(PluginKind k);

class Plugin {
 public:
  virtual ~Plugin();
  virtual std::string name() const = 0;
  virtual PluginKind kind() const = 0;
  virtual std::string version() const = 0;
  virtual std::string description() const = 0;
  /// Rule ids this plugin can emit (readers and checks); listed by `tuanthu rules`.
  virtual std::vector<RuleInfo> rules() const { return {}; }
};

// ---- readers ---------------------------------------------------------------

struct ReadResult {
  std::optional<Report> report;   ///< absent when the file is rejected
  std::vector<Finding> findings;  ///< why it was rejected, or problems found reading it
};

class Reader : public Plugin {
 public:
  ~Reader() override;
  PluginKind kind() const final { return PluginKind::Reader; }
  /// Cheap sniff: does this reader handle this file? `head` is its first bytes.
  virtual bool accepts(const std::filesystem::path& file, std::string_view head) const = 0;
  /// Parses a whole file already in memory. Must be thread-safe (called concurrently).
  virtual ReadResult read(const std::string& display_name, std::string_view bytes,
                          const Plan& plan) const = 0;
};

// ---- checks ----------------------------------------------------------------

struct CheckContext {
  const Plan& plan;
  const Expectation& expectation;
  const std::vector<Submission>& submissions;  ///< every report read, in file order
  Date as_of;
};

/// Base of every check, in the manner of clang-tidy: `check_run` sees the whole
/// period once, `check_report` sees one counted report (concurrently: keep it const),
/// and `report` stamps rule id, plugin and configured severity on each finding.
class Check : public Plugin {
 public:
  ~Check() override;
  PluginKind kind() const final { return PluginKind::Check; }
  /// Called once before any other hook with the plan's options for this plugin.
  virtual void configure(const CheckOptions& options) { options_ = options; }
  virtual void check_run(const CheckContext&, std::vector<Finding>&) const {}
  virtual void check_report(const CheckContext&, const Submission&, std::vector<Finding>&) const {}

 protected:
  const CheckOptions& options() const { return options_; }
  /// Appends `f` under `rule` unless the plan disables that rule.
  void report(std::vector<Finding>& out, std::string_view rule, Finding f) const;

 private:
  CheckOptions options_;
};

// ---- writers ---------------------------------------------------------------

struct WriteContext {
  const Plan& plan;
  const StatusModel& status;
  const std::vector<Submission>& submissions;
  const std::vector<Finding>& findings;  ///< sorted
  bool english = false;
  std::string tool_version;
};

class Writer : public Plugin {
 public:
  ~Writer() override;
  PluginKind kind() const final { return PluginKind::Writer; }
  /// File extension this writer produces ("json", "xlsx").
  virtual std::string extension() const = 0;
  /// Writes to `target`, a temporary file that the host renames on success. Throws
  /// std::runtime_error with a one-line message on failure.
  virtual void write(const WriteContext& ctx, const std::filesystem::path& target) const = 0;
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
