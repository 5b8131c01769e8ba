#pragma once
// The status model: computed once in the core from the expectation, the counted
// reports and the findings; every writer reads it and nothing else decides status.
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "tuanthu/enum_names.hpp"
#include "tuanthu/expectation.hpp"
#include "tuanthu/finding.hpp"
#include "tuanthu/submission.hpp"

namespace tuanthu {

enum class CellState { Complete, Incomplete, Missing, NotAssigned };
template <>
struct EnumTable<CellState> {
  static constexpr EnumName<CellState> names[] = {
      {CellState::Complete, "complete", "đầy đủ"},
      {CellState::Incomplete, "incomplete", "chưa đầy đủ"},
      {CellState::Missing, "missing", "thiếu"},
      {CellState::NotAssigned, "not_assigned", "không giao"}};
};

struct UnitStatus {
  std::string unit;
  Timeliness timeliness = Timeliness::Missing;
  /// Position of the unit's counted report in the run's submissions (CheckRun::submissions,
  /// WriteContext::submissions); empty when it has none. An index, not a pointer: a copied
  /// run stays valid.
  std::optional<size_t> submission;
  std::optional<Date> date;  ///< date used for timeliness
  bool date_from_stamp = false;
  int days_late = 0;
  int requirements = 0;      ///< requirements that apply to this unit
  int requirements_met = 0;  ///< of those, met
  double completeness = 0;   ///< met / applicable, 0..1 (1 when none apply)
  int errors = 0;
  int warnings = 0;
};

/// Cells and indicators point into the plan (which outlives every run), 24 bytes: a
/// national run has hundreds of thousands of them.
struct CellStatus {
  const Unit* plan_unit = nullptr;
  const Task* plan_task = nullptr;
  Role role = Role::Support;
  CellState state = CellState::Missing;

  /// The plan's ids (empty for a default-constructed cell).
  std::string_view unit() const { return plan_unit ? std::string_view(plan_unit->id) : ""; }
  std::string_view task() const { return plan_task ? std::string_view(plan_task->id) : ""; }
};

enum class TaskState { Complete, Incomplete, NoReports };
template <>
struct EnumTable<TaskState> {
  static constexpr EnumName<TaskState> names[] = {
      {TaskState::Complete, "complete", "hoàn thành báo cáo"},
      {TaskState::Incomplete, "incomplete", "chưa đầy đủ"},
      {TaskState::NoReports, "no_reports", "chưa có báo cáo"}};
};

struct TaskStatus {
  std::string task;
  int expected = 0;
  int reported = 0;  ///< units with a section for the task in their counted report
  int complete = 0;
  TaskState state = TaskState::NoReports;
};

/// One reported value of a number/percent requirement.
/// A national run has more than half a million: pointers into the plan (which outlives
/// every run), 40 bytes.
struct IndicatorValue {
  const Task* plan_task = nullptr;
  const Requirement* plan_requirement = nullptr;
  const Unit* plan_unit = nullptr;
  double value = 0;
  bool met = true;  ///< against the requirement's target (true when no target)

  /// The plan's ids (empty for a default-constructed value).
  std::string_view task() const { return plan_task ? std::string_view(plan_task->id) : ""; }
  std::string_view requirement() const {
    return plan_requirement ? std::string_view(plan_requirement->id) : "";
  }
  std::string_view unit() const { return plan_unit ? std::string_view(plan_unit->id) : ""; }
};

/// One indicator across the units that report it, consolidated as its requirement's
/// `aggregate` says (Requirement::aggregation): sum, mean, the principal lead unit's figure,
/// or none; the result judged against the requirement's target.
struct IndicatorTotal {
  std::string task, requirement;
  bool percent = false;
  Aggregate aggregate = Aggregate::Sum;
  std::vector<size_t> values;  ///< positions in StatusModel::indicators, plan unit order
  /// Lead: the unit whose figure is the district's (Task::principal_lead), empty when the
  /// task's first lead is no single unit.
  std::string lead;
  int units_met = 0;  ///< units whose own figure meets the target
  /// The district's figure: sum, mean, or the lead's. None when `aggregate` is none or the
  /// lead gave no accepted figure: no figure, not 0.
  std::optional<double> value;
  /// `value` against the target: true when there is no target, none when there is no value.
  std::optional<bool> met;
};

struct Totals {
  int expected = 0, received = 0, on_time = 0, late = 0, missing = 0, not_yet_due = 0;
  int unknown = 0;  ///< received, timeliness unknown (no date on the report, or no deadline)
  double completeness = 0;  ///< mean over expected units
};

/// The totals of the expected units of one kind (Unit::kind: "phường", "phòng, ban", …).
struct KindTotal {
  std::string kind;  ///< as the plan writes it; empty for units the plan gives no kind
  Totals totals;
};

struct StatusModel {
  Expectation expectation;
  Date as_of;
  std::vector<UnitStatus> units;  ///< expected units, plan order
  std::vector<CellStatus> cells;  ///< expected unit × task in the period, plan unit order
  std::vector<TaskStatus> tasks;  ///< tasks in the period, plan order
  std::vector<IndicatorValue> indicators;
  std::vector<IndicatorTotal>
      indicator_totals;  ///< plan task order, requirement order; reported only
  Totals totals;
  std::vector<KindTotal> by_kind;  ///< kinds in the order their first unit comes in the plan

  const UnitStatus* find_unit(std::string_view unit) const;
  const CellStatus* find_cell(std::string_view unit, std::string_view task) const;

  /// unit id → position in `units`.
  IdIndex unit_index;
  /// Position in `cells` of each unit's first cell (units' cells are consecutive, in the
  /// order of `units`); one more entry, `cells.size()`, ends the last unit's.
  std::vector<size_t> unit_cells;
};

/// Counts what core/src/submission.cpp decided; `submissions` are the run's, in order.
StatusModel compute_status(const Plan& plan, Expectation expectation, const Date& as_of,
                           const std::vector<Submission>& submissions,
                           const std::vector<Finding>& findings);

/// Errors and warnings per unit id, as compute_status counts them from the findings (the
/// ids are interned: the views outlive any reordering of the findings).
using FindingCounts = std::unordered_map<std::string_view, std::pair<int, int>>;
FindingCounts count_findings_per_unit(const std::vector<Finding>& findings);

/// compute_status with the findings already counted, so that the engine can sort the
/// findings meanwhile.
StatusModel compute_status(const Plan& plan, Expectation expectation, const Date& as_of,
                           const std::vector<Submission>& submissions,
                           const FindingCounts& per_unit);

/// compute_status in two halves, for the engine, which works the model out while the
/// findings are still being gathered (nothing else in the model depends on them): the
/// model with no errors or warnings counted and an empty `expectation` (the caller moves
/// it in), then each unit's counts set.
StatusModel compute_status_before_findings(const Plan& plan, const Expectation& expectation,
                                           const Date& as_of,
                                           const std::vector<Submission>& submissions);
void set_finding_counts(StatusModel& model, const FindingCounts& per_unit);

}  // namespace tuanthu
