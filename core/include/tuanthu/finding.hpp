#pragma once
// A finding is what every check, reader and the linter produce: one problem (or one
// piece of information) about one place in one input.
#include <string>
#include <string_view>
#include <vector>

#include "tuanthu/enum_names.hpp"
#include "tuanthu/symbol.hpp"

namespace tuanthu {

enum class Severity { Info = 0, Warning = 1, Error = 2 };
template <>
struct EnumTable<Severity> {
  static constexpr EnumName<Severity> names[] = {{Severity::Info, "info", "thông tin"},
                                                 {Severity::Warning, "warning", "cảnh báo"},
                                                 {Severity::Error, "error", "lỗi"}};
};

/// A rule a component can emit, declared once as a constant (as clang-tidy names its
/// checks) and passed wherever a finding is made, so the id and default severity have one
/// source and a misspelt rule does not compile:
///   inline constexpr Rule kLate{"submission-late", Severity::Warning, "a report is late"};
/// The views point at string literals; a plugin's rules live as long as its library.
struct Rule {
  std::string_view id;
  Severity severity = Severity::Error;  ///< default; a plan may override it per rule
  std::string_view summary;             ///< English one-liner, for `tuanthu rules`
};

/// The ids and the path are Symbols (interned, one pointer each): a national run holds a
/// quarter of a million findings sharing a few dozen rules and plugins and one path per
/// input. The messages are the finding's own.
struct Finding {
  Symbol rule;  ///< stable rule id, e.g. `submission-late`; see docs/rules.md
  Severity severity = Severity::Error;
  int line = 0;
  int column = 0;
  Symbol unit;             ///< plan unit id, empty when not about one unit
  Symbol task;             ///< plan task id
  Symbol requirement;      ///< requirement id within the task
  std::string message;     ///< Vietnamese
  std::string message_en;  ///< English (`--lang en`)
  Symbol file;
  Symbol plugin;  ///< plugin (or `core`) that produced it

  const std::string& text(bool english) const {
    return english && !message_en.empty() ? message_en : message;
  }
};

/// Builds a finding about one unit/task/requirement at file:line; a check passes it to
/// Check::emit, which stamps the rule, its severity and the plugin.
Finding make_finding(Symbol unit, Symbol task, Symbol requirement, std::string message_vi,
                     std::string message_en, Symbol file = {}, int line = 0);

/// Builds a finding about a file, or a place in it, under `rule` with its default severity
/// (readers, the loader and the engine, which have no Check::emit). `plugin` is the
/// emitter; for readers the engine stamps it.
Finding file_finding(const Rule& rule, Symbol file, int line, int column, std::string message_vi,
                     std::string message_en, Symbol plugin = {});

/// Deterministic order: file, line, column, rule, unit, task, requirement, message.
bool finding_less(const Finding& a, const Finding& b);
void sort_findings(std::vector<Finding>& findings);
/// The same order, on two threads when `jobs` > 1 and there are many findings.
void sort_findings(std::vector<Finding>& findings, unsigned jobs);
int count_severity(const std::vector<Finding>& findings, Severity s);

}  // namespace tuanthu
