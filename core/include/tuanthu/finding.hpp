#pragma once
// A finding is what every check, reader and the linter produce: one problem (or one
// piece of information) about one place in one input.
#include <string>
#include <string_view>
#include <vector>

namespace tuanthu {

enum class Severity { Info = 0, Warning = 1, Error = 2 };

std::string_view to_string(Severity s);
/// Vietnamese label shown to users ("lỗi", "cảnh báo", "thông tin").
std::string_view to_vi(Severity s);
bool severity_from_string(std::string_view s, Severity& out);

/// A rule id a component can emit, with its default severity.
struct RuleInfo {
  std::string id;
  Severity severity;
  std::string summary;  ///< English one-liner, for `tuanthu rules`
};

struct Finding {
  std::string rule;  ///< stable rule id, e.g. `submission-late`; see docs/rules.md
  Severity severity = Severity::Error;
  std::string unit;         ///< plan unit id, empty when not about one unit
  std::string task;         ///< plan task id
  std::string requirement;  ///< requirement id within the task
  std::string message;      ///< Vietnamese
  std::string message_en;   ///< English (`--lang en`)
  std::string file;
  int line = 0;
  int column = 0;
  std::string plugin;  ///< plugin (or `core`) that produced it

  const std::string& text(bool english) const {
    return english && !message_en.empty() ? message_en : message;
  }
};

/// Builds a finding about one unit/task/requirement at file:line (rule and plugin are
/// stamped later by Check::report).
Finding make_finding(Severity severity, std::string unit, std::string task, std::string requirement,
                     std::string message_vi, std::string message_en, std::string file = {},
                     int line = 0);

/// Builds a finding about a file, or a place in it, with its rule and emitting plugin
/// (readers, the loader and the engine, which have no Check::report to stamp them).
Finding file_finding(std::string rule, Severity severity, std::string file, int line, int column,
                     std::string message_vi, std::string message_en, std::string plugin);

/// Deterministic order: file, line, column, rule, unit, task, requirement, message.
bool finding_less(const Finding& a, const Finding& b);
void sort_findings(std::vector<Finding>& findings);
int count_severity(const std::vector<Finding>& findings, Severity s);

}  // namespace tuanthu
