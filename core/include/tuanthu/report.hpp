#pragma once
// The in-memory report model (urn:tuanthu:report:1) that reader plugins produce and
// checks read. Text is NFC; dates are parsed but the raw text is kept for messages.
#include <optional>
#include <string>
#include <vector>

#include "tuanthu/date.hpp"
#include "tuanthu/document.hpp"
#include "tuanthu/enum_names.hpp"

namespace tuanthu {

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

struct Report {
  std::string file;  ///< path as given on the command line
  int line = 0;      ///< line of the root element
  std::string plan;
  std::string period;
  std::string unit;       ///< `unit=`: a plan unit id
  std::string unit_name;  ///< `unit-name=`: a name to match against the plan's units
  Document document;
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
template <>
struct EnumTable<UnitMatchKind> {
  static constexpr EnumName<UnitMatchKind> names[] = {
      {UnitMatchKind::ById, "by_id", "theo mã"},
      {UnitMatchKind::ByName, "by_name", "theo tên"},
      {UnitMatchKind::ByNameLoose, "by_name_loose", "theo tên bỏ dấu"},
      {UnitMatchKind::Ambiguous, "ambiguous", "nhiều đơn vị trùng tên"},
      {UnitMatchKind::None, "none", "không khớp"}};
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
template <>
struct EnumTable<Disposition> {
  static constexpr EnumName<Disposition> names[] = {
      {Disposition::Counted, "counted", "được tính"},
      {Disposition::Superseded, "superseded", "bị thay bằng báo cáo sau"},
      {Disposition::WrongPlan, "wrong_plan", "sai kế hoạch"},
      {Disposition::WrongPeriod, "wrong_period", "sai kỳ"},
      {Disposition::UnknownUnit, "unknown_unit", "không rõ đơn vị"},
      {Disposition::Unexpected, "unexpected", "không được giao"},
      {Disposition::AfterAsOf, "after_as_of", "sau ngày tính"}};
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
