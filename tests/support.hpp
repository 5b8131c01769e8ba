#pragma once
// Helpers shared by the tests: temporary folders, files, the real plugins, the CLI.
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "tuanthu/engine.hpp"
#include "tuanthu/plan_loader.hpp"

namespace tt {

namespace fs = std::filesystem;

inline const fs::path kSource = TUANTHU_SOURCE_DIR;
inline const fs::path kBinary = TUANTHU_BINARY_DIR;
inline const fs::path kSeedPlan = kSource / "rules" / "q12-ct33-2024.xml";

/// A fresh folder under the system temp dir, removed with its content at scope end.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const fs::path& path() const { return path_; }
  fs::path write(const std::string& name, const std::string& content) const;

 private:
  fs::path path_;
};

/// The real plugins of the build tree, loaded once.
const tuanthu::PluginRegistry& real_plugins();

/// Loads a plan from text; fails the test if it cannot be used.
std::shared_ptr<const tuanthu::Plan> plan_from(const std::string& xml);
std::shared_ptr<const tuanthu::Plan> seed_plan();

/// Runs `check` in-process on the given files with the real plugins.
tuanthu::CheckRun run(const tuanthu::Plan& plan, const std::vector<fs::path>& inputs,
                      const std::string& period = "2025", const std::string& as_of = "2025-11-20");

/// Records the rule ids these findings carry (or that CLI output names in `[rule]`) in
/// build/fired-rules/, so that `rules.every_declared_rule_fires` can check, after the
/// whole suite, that every declared rule has a test that fires it and no undeclared rule
/// was emitted. tt::run and tt::cli record on their own.
void record_fired(const std::vector<tuanthu::Finding>& findings);
void record_fired_output(const std::string& cli_output);

/// Set of rule ids in the findings.
std::set<std::string> rules_of(const std::vector<tuanthu::Finding>& findings);
/// Findings with this rule.
std::vector<tuanthu::Finding> with_rule(const std::vector<tuanthu::Finding>& findings,
                                        const std::string& rule);

/// Runs `body` as an unprivileged user: as root, in a forked child that has dropped to
/// nobody (65534) for good; otherwise in-process. `body` returns an empty string when its
/// expectations hold, else what failed; the failure (or the child dying) fails the test.
/// Keep gtest assertions out of `body`: a child's assertions would be lost.
void as_unprivileged(const std::function<std::string()>& body);

/// A whole file's bytes ("" when it cannot be read).
std::string read_file(const fs::path& p);

struct CliResult {
  int exit_code = -1;
  std::string out;  ///< stdout and stderr together
};
/// Runs build/bin/tuanthu with arguments (shell-quoted here) and captures its output.
CliResult cli(const std::vector<std::string>& args);

/// A minimal plan for check tests: units a, b (group g = {b}), task T1 led by a and
/// supported by g, with narrative/number/percent/date/document requirements.
std::string small_plan(const std::string& extra_cycle_attrs = "due-inclusive=\"true\"");
/// A complete, clean report of unit `unit` for the small plan; `body` replaces the tasks.
std::string small_report(const std::string& unit, const std::string& received = "2025-11-03",
                         const std::string& body = "");

/// A plan "big" for scale tests: units u0…u<n-1> named "Phường <i>", all in group g, which
/// leads task T (narrative `kq`, number `n`).
std::string big_plan(int units);
/// Unit u<i>'s report for big_plan: kq "Đã làm.", n = i.
std::string big_report(int i);

}  // namespace tt
