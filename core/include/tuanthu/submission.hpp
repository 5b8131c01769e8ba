#pragma once
// What the core decides about every report read, before any check runs, in one place
// (core/src/submission.cpp): the plan unit it is credited to, whether it counts for the
// period (Disposition) and whether it came in time (Timeliness). The `submission` check is
// the only one that words these decisions; the status model counts them; nothing else
// decides them again.
#include <optional>
#include <string>
#include <vector>

#include "tuanthu/enum_names.hpp"
#include "tuanthu/expectation.hpp"
#include "tuanthu/report.hpp"
#include "tuanthu/value.hpp"

namespace tuanthu {

/// How a report was matched to a plan unit (core/src/submission.cpp decides, from `unit=`
/// and `unit-name=`).
enum class UnitMatchKind {
  ById,               ///< `unit=` names a plan unit (and `unit-name=`, if given, agrees)
  ByName,             ///< `unit-name=` matched exactly (after normalisation)
  ByNameLoose,        ///< matched only after removing diacritics: accepted with a warning
  Ambiguous,          ///< two or more candidates: nothing credited
  None,               ///< no plan unit matches
  IdNameConflict,     ///< `unit=` and `unit-name=` name different plan units: nothing credited
  ByIdNameUnmatched,  ///< `unit=` names a plan unit, `unit-name=` none: credited with a warning
};
template <>
struct EnumTable<UnitMatchKind> {
  static constexpr EnumName<UnitMatchKind> names[] = {
      {UnitMatchKind::ById, "by_id", "theo mã"},
      {UnitMatchKind::ByName, "by_name", "theo tên"},
      {UnitMatchKind::ByNameLoose, "by_name_loose", "theo tên bỏ dấu"},
      {UnitMatchKind::Ambiguous, "ambiguous", "nhiều đơn vị trùng tên"},
      {UnitMatchKind::None, "none", "không khớp"},
      {UnitMatchKind::IdNameConflict, "id_name_conflict", "mã và tên chỉ hai đơn vị khác nhau"},
      {UnitMatchKind::ByIdNameUnmatched, "by_id_name_unmatched", "theo mã, tên không khớp"}};
};

/// What the core decided about a submitted report before checks run.
enum class Disposition {
  Counted,     ///< the report that counts for its unit and period
  Superseded,  ///< an earlier report from the same unit for the same period
  WrongPlan,
  WrongPeriod,
  UnknownUnit,  ///< no plan unit credited (unknown id, ambiguous or conflicting name)
  Unexpected,   ///< a plan unit that has nothing to report this period
  AfterAsOf     ///< received (or dated) after the --as-of day: not yet there on that day
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

/// Whether a unit's report came in time.
enum class Timeliness {
  OnTime,
  Late,
  Missing,    ///< no counted report, and the deadline has passed (or the plan gives none)
  NotYetDue,  ///< no counted report, before the deadline
  Unknown     ///< a counted report that cannot be judged: no date on it, or no deadline
};
template <>
struct EnumTable<Timeliness> {
  static constexpr EnumName<Timeliness> names[] = {
      {Timeliness::OnTime, "on_time", "đúng hạn"},
      {Timeliness::Late, "late", "trễ hạn"},
      {Timeliness::Missing, "missing", "chưa nộp"},
      {Timeliness::NotYetDue, "not_yet_due", "chưa đến hạn"},
      {Timeliness::Unknown, "unknown", "không xác định"}};
};

struct Submission {
  Report report;
  std::string unit_id;  ///< credited plan unit, empty when none
  UnitMatchKind match = UnitMatchKind::None;
  std::vector<std::string> candidates;  ///< unit ids, for Ambiguous and IdNameConflict
  Disposition disposition = Disposition::UnknownUnit;
  std::string superseded_by;  ///< file of the counted report, for Superseded
  /// Date used for timeliness: received stamp, else document date (not an implausible one:
  /// see implausible_document_date).
  std::optional<Date> effective_date;
  /// The report's document date when it cannot be one for this period: before the period's
  /// first day (a date cell typed `1` reads 01/01/1900) or in a year after the one following
  /// the as-of day (02/11/2029). Never used for timeliness, which then comes from the
  /// received stamp or is Unknown. The `submission` check warns, quoting it.
  std::optional<Date> implausible_document_date;
  bool date_from_stamp = false;
  /// Counted reports: OnTime, Late, or Unknown (no effective date, or no deadline).
  Timeliness timeliness = Timeliness::Unknown;
  int days_late = 0;  ///< Late: days after the last day on time
  /// Counted reports: every value its unit owes, judged once (core/src/value.cpp).
  std::vector<JudgedValue> values;
  /// Documents' numbers and dates, conflicts' other values (JudgedValue::detail).
  std::vector<ValueDetail> details;
  /// The texts `values` and `details` refer to; read them with text().
  ValueTexts texts;
  /// Counted reports: the plan tasks the report has a section for, plan task ids. The
  /// report's sections themselves (report.tasks) are there only while checks run
  /// (Check::check_report): the engine then lets them go, so that memory grows with the
  /// units, not with the size of their reports.
  std::vector<std::string_view> sections;

  /// A value's text as written (from memory, or read back from the run's spool).
  std::string text(TextRef r) const { return texts.get(r); }
  std::string text(const JudgedValue& v) const { return texts.get(v.text); }
  /// A value's detail, or null when it has none.
  const ValueDetail* detail(const JudgedValue& v) const {
    return v.detail < details.size() ? &details[v.detail] : nullptr;
  }
  bool has_section(std::string_view task) const;
};

/// Decides, for every report read (in file order): unit, disposition and timeliness.
/// One report counts per unit: the latest by effective date, then by file name.
void decide_submissions(const Plan& plan, const Expectation& expectation, const Date& as_of,
                        std::vector<Submission>& submissions);

class UnitMatcher;

/// What decide_submissions makes of one report on its own, before the others are known:
/// unit, dates and disposition, and, when it is Counted here, its timeliness as if it counts.
/// Counted on its own means "counts unless a later report of its unit does"
/// (`supersedes`). The engine uses it to read a likely counted report once, not twice.
void decide_alone(const UnitMatcher& matcher, const Plan& plan, const Expectation& expectation,
                  const Date& as_of, Submission& submission);

/// decide_submissions's second half, for reports each already through decide_alone: one
/// report counts per unit, the others are Superseded.
void keep_latest_per_unit(const Expectation& expectation, std::vector<Submission>& submissions);

/// The order decide_submissions keeps one report per unit by: true when `later` counts
/// instead of `earlier` (two reports Counted on their own, of the same unit). File order
/// (`later_index` > `earlier_index`) breaks a tie of date and file name.
bool supersedes(const Submission& later, size_t later_index, const Submission& earlier,
                size_t earlier_index);

/// Judges the values of a counted report (Submission::values; cleared for any other). Run
/// after decide_submissions; reports are independent, so the engine judges them in parallel.
/// `default_min_words` is tuanthu::default_min_words(plan).
void judge_submission(const Plan& plan, const Expectation& expectation, int default_min_words,
                      Submission& submission);

/// The timeliness of an expected unit without a counted report on `as_of`: NotYetDue up to
/// the last day on time, Missing after it, and Missing when the plan gives no deadline
/// (the `submission` check then says so: `submission-no-deadline`).
Timeliness timeliness_without_report(const Expectation& expectation, const Date& as_of);

}  // namespace tuanthu
