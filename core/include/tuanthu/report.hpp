#pragma once
// The in-memory report model (urn:tuanthu:report:1) that reader plugins produce and
// checks read. Text is NFC; dates are parsed but the raw text is kept for messages.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "tuanthu/date.hpp"

namespace tuanthu {

// Reading limits for one report (docs/limits.md): what is past them is not read, and a
// `report-limit-exceeded` finding says so. They bound the memory and the findings one file
// can cost; real reports are far below them.
inline constexpr size_t kMaxTasksPerReport = 1000;    ///< <task> sections read
inline constexpr size_t kMaxValuesPerReport = 10000;  ///< <value> elements read, all tasks
inline constexpr size_t kMaxValueChars = 100000;      ///< characters kept of one value

struct ReportValue {
  std::string ref;
  std::string text;    ///< element text, NFC, trimmed
  std::string number;  ///< `number=` attribute (document requirements)
  std::string date;    ///< `date=` attribute (document requirements)
  int line = 0;
};

struct ReportTask {
  std::string ref;
  std::vector<ReportValue> values;
  int line = 0;
  const ReportValue* find(std::string_view ref) const;
};

struct ReportDocument {
  bool present = false;
  std::string kind, number, place, signer, issuer;
  std::string date_text;
  std::optional<Date> date;
  int line = 0;
};

struct Report {
  std::string file;  ///< path as reached, for display (text::display_path)
  int line = 0;      ///< line of the root element
  std::string plan;
  std::string period;
  std::string unit;       ///< `unit=`: a plan unit id
  std::string unit_name;  ///< `unit-name=`: a name to match against the plan's units
  ReportDocument document;
  std::string received_text;
  std::optional<Date> received;
  int received_line = 0;
  std::vector<ReportTask> tasks;

  const ReportTask* find_task(std::string_view ref) const;
};

/// How the engine matched a report to a plan unit.
enum class UnitMatchKind {
  ById,         ///< `unit=` names a plan unit
  ByName,       ///< `unit-name=` matched exactly (after normalisation)
  ByNameLoose,  ///< matched only after removing diacritics: accepted with a warning
  Ambiguous,    ///< two or more candidates: nothing credited
  None          ///< no plan unit matches
};

/// What the engine decided about a submitted report before checks run.
enum class Disposition {
  Counted,     ///< the report that counts for its unit and period
  Superseded,  ///< an earlier report from the same unit for the same period
  WrongPlan,
  WrongPeriod,
  UnknownUnit,
  Unexpected,  ///< a plan unit that has nothing to report this period
  AfterAsOf    ///< received (or dated) after the --as-of day: not yet there on that day
};

struct Submission {
  Report report;
  std::string unit_id;  ///< credited plan unit, empty when none
  UnitMatchKind match = UnitMatchKind::None;
  std::vector<std::string> candidates;  ///< unit ids, for Ambiguous
  Disposition disposition = Disposition::UnknownUnit;
  std::string superseded_by;  ///< file of the counted report, for Superseded
  /// Date used for timeliness: received stamp, else document date.
  std::optional<Date> effective_date;
  bool date_from_stamp = false;
};

}  // namespace tuanthu
