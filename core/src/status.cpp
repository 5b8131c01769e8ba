#include "tuanthu/status.hpp"

#include <algorithm>
#include <map>
#include <span>
#include <tuple>
#include <unordered_map>

#include "tuanthu/text.hpp"

namespace tuanthu {

const UnitStatus* StatusModel::find_unit(std::string_view unit) const {
  auto it = unit_index.find(unit);
  return it == unit_index.end() ? nullptr : &units[it->second];
}

const CellStatus* StatusModel::find_cell(std::string_view unit, std::string_view task) const {
  auto it = unit_index.find(unit);
  if (it == unit_index.end() || it->second + 1 >= unit_cells.size()) return nullptr;
  for (size_t i = unit_cells[it->second]; i < unit_cells[it->second + 1]; ++i)
    if (cells[i].task() == task) return &cells[i];
  return nullptr;
}

namespace {

// One unit's part in a set of totals; completeness is summed here, averaged by finish().
void count(Totals& t, const UnitStatus& us) {
  t.expected++;
  if (us.submission) t.received++;
  switch (us.timeliness) {
    case Timeliness::OnTime:
      t.on_time++;
      break;
    case Timeliness::Late:
      t.late++;
      break;
    case Timeliness::Missing:
      t.missing++;
      break;
    case Timeliness::NotYetDue:
      t.not_yet_due++;
      break;
    case Timeliness::Unknown:
      t.unknown++;
      break;
  }
  t.completeness += us.completeness;
}

void finish(Totals& t) {
  t.completeness = t.expected ? t.completeness / t.expected : 0.0;
}

// The district's figure from the accepted ones, as the requirement's `aggregate` says.
IndicatorTotal consolidate(const Plan& plan, const Task& task, const Requirement& r,
                           std::vector<size_t> values, const std::vector<IndicatorValue>& all) {
  IndicatorTotal t;
  t.task = task.id;
  t.requirement = r.id;
  t.percent = r.kind == RequirementKind::Percent;
  t.aggregate = r.aggregation();
  t.values = std::move(values);
  if (t.aggregate == Aggregate::Lead) t.lead = task.principal_lead(plan);
  double sum = 0;
  for (size_t i : t.values) {
    sum += all[i].value;
    t.units_met += all[i].met;
    // Only the principal lead's accepted figure: without it the district has none, not 0.
    if (t.aggregate == Aggregate::Lead && !t.lead.empty() && all[i].unit() == t.lead)
      t.value = all[i].value;
  }
  if (t.aggregate == Aggregate::Sum) t.value = sum;
  if (t.aggregate == Aggregate::Mean) t.value = sum / static_cast<double>(t.values.size());
  // A target on a summed figure is each unit's (at least one officer per ward, no drowning
  // in any ward): the sum of eleven wards' 3 is no answer to ">= 5". So a sum meets it when
  // every reporting unit's own figure does; a mean or the lead's figure is judged itself.
  if (t.value && t.aggregate == Aggregate::Sum)
    t.met = !r.target || t.units_met == static_cast<int>(t.values.size());
  else if (t.value)
    t.met = r.target ? r.target->met_by(*t.value) : true;
  return t;
}

}  // namespace

FindingCounts count_findings_per_unit(const std::vector<Finding>& findings) {
  // Findings are counted per unit; they decide nothing here. What is met, used and totalled
  // comes from the core's judgement of each value (Submission::values), whichever check
  // plugins ran.
  FindingCounts per_unit;
  for (const auto& f : findings) {
    if (f.unit.empty()) continue;
    if (f.severity == Severity::Error) per_unit[f.unit.view()].first++;
    if (f.severity == Severity::Warning) per_unit[f.unit.view()].second++;
  }
  return per_unit;
}

StatusModel compute_status(const Plan& plan, Expectation expectation, const Date& as_of,
                           const std::vector<Submission>& submissions,
                           const std::vector<Finding>& findings) {
  return compute_status(plan, std::move(expectation), as_of, submissions,
                        count_findings_per_unit(findings));
}

StatusModel compute_status(const Plan& plan, Expectation expectation, const Date& as_of,
                           const std::vector<Submission>& submissions,
                           const FindingCounts& per_unit) {
  StatusModel m = compute_status_before_findings(plan, expectation, as_of, submissions);
  m.expectation = std::move(expectation);
  set_finding_counts(m, per_unit);
  return m;
}

void set_finding_counts(StatusModel& m, const FindingCounts& per_unit) {
  for (UnitStatus& us : m.units) {
    const auto pe = per_unit.find(us.unit);
    us.errors = pe == per_unit.end() ? 0 : pe->second.first;
    us.warnings = pe == per_unit.end() ? 0 : pe->second.second;
  }
}

StatusModel compute_status_before_findings(const Plan& plan, const Expectation& e,
                                           const Date& as_of,
                                           const std::vector<Submission>& submissions) {
  StatusModel m;
  m.as_of = as_of;

  std::unordered_map<std::string_view, size_t> counted;
  counted.reserve(submissions.size());
  for (size_t i = 0; i < submissions.size(); ++i)
    if (submissions[i].disposition == Disposition::Counted) counted[submissions[i].unit_id] = i;

  // Room for every cell and indicator value at once: a national run has hundreds of
  // thousands, and a vector grown by doubling holds up to twice that. Figures are at most
  // the counted reports' values: reserved, not touched, so the unused part of the bound
  // costs no memory (and the values are not walked twice).
  size_t cells = 0, figures = 0;
  for (const auto& eu : e.units) cells += eu.assignments.size();
  for (const auto& [unit, i] : counted) figures += submissions[i].values.size();
  m.cells.reserve(cells);
  m.indicators.reserve(figures);
  m.units.reserve(e.units.size());
  // By plan task position (Plan::task_index).
  std::vector<TaskStatus> tasks(plan.tasks.size());
  for (const auto& tid : e.tasks)
    if (const size_t i = plan.task_index(tid); i < tasks.size()) tasks[i].task = tid;

  std::vector<bool> has_section;  // reused for every unit
  for (const auto& eu : e.units) {
    const Unit* pu = plan.find_unit(eu.unit);
    if (!pu) continue;  // an expectation is made of the plan's units
    UnitStatus us;
    us.unit = eu.unit;
    m.unit_cells.push_back(m.cells.size());
    auto it = counted.find(eu.unit);
    if (it != counted.end()) us.submission = it->second;
    const Submission* sub = us.submission ? &submissions[*us.submission] : nullptr;
    if (!sub) {
      us.timeliness = timeliness_without_report(e, as_of);
    } else {
      us.date = sub->effective_date;
      us.date_from_stamp = sub->date_from_stamp;
      us.days_late = sub->days_late;
      us.timeliness = sub->timeliness;
    }
    // The unit's judged values come in its assignments' order, a task's together (core's
    // judge_values is their only maker): one cursor walks them.
    const std::vector<JudgedValue> none;
    const std::vector<JudgedValue>& judged = sub ? sub->values : none;
    size_t cursor = 0;
    // The report's sections and the unit's assignments by plan task position: each id
    // looked up once, not each assignment's searched for among the sections.
    has_section.assign(plan.tasks.size(), false);
    if (sub)
      for (const std::string_view t : sub->sections)
        if (const size_t i = plan.task_index(t); i < plan.tasks.size()) has_section[i] = true;
    const std::vector<size_t> positions = eu.task_positions(plan);
    for (size_t ai = 0; ai < positions.size(); ++ai) {
      const Assignment& a = eu.assignments[ai];
      if (positions[ai] >= plan.tasks.size()) continue;
      const Task* task = &plan.tasks[positions[ai]];
      const bool section = has_section[positions[ai]];
      const size_t first = cursor;
      while (cursor < judged.size() && judged[cursor].task() == a.task) ++cursor;
      const auto task_values = std::span<const JudgedValue>(judged).subspan(first, cursor - first);
      int total = 0, met = 0;
      for (const auto& r : task->requirements)
        if (r.applies_to(a.role) && !r.optional) ++total;
      if (section)
        for (const JudgedValue& v : task_values)
          if (v.required && v.met()) ++met;
      us.requirements += total;
      us.requirements_met += met;
      CellStatus cell{pu, task, a.role, CellState::Missing};
      if (section) cell.state = met == total ? CellState::Complete : CellState::Incomplete;
      m.cells.push_back(cell);
      TaskStatus& ts = tasks[static_cast<size_t>(task - plan.tasks.data())];
      ts.expected++;
      if (section) ts.reported++;
      if (cell.state == CellState::Complete) ts.complete++;

      if (section) {
        // Only accepted figures, and only those the unit owes in its role (the judgement
        // covers nothing else): a support unit's volunteered figure for a lead-only
        // indicator, a negative count or a 9.950% would distort the district total.
        for (const JudgedValue& v : task_values) {
          const auto figure = v.figure();
          if (!accepted(v.state) || !figure) continue;
          m.indicators.push_back(IndicatorValue{task, v.plan_requirement, pu, *figure,
                                                v.state != ValueState::TargetMissed});
        }
      }
    }
    us.completeness = !sub ? 0.0
                      : us.requirements == 0
                          ? 1.0
                          : static_cast<double>(us.requirements_met) / us.requirements;
    count(m.totals, us);
    const std::string& kind = pu->kind;
    auto k = std::find_if(m.by_kind.begin(), m.by_kind.end(),
                          [&](const KindTotal& x) { return x.kind == kind; });
    if (k == m.by_kind.end()) k = m.by_kind.insert(m.by_kind.end(), KindTotal{kind, {}});
    count(k->totals, us);
    m.unit_index.emplace(us.unit, m.units.size());
    m.units.push_back(std::move(us));
  }
  m.unit_cells.push_back(m.cells.size());
  finish(m.totals);
  for (KindTotal& k : m.by_kind) finish(k.totals);

  // By the plan's requirement (each indicator value points at its own): half a million
  // values on a national run.
  std::unordered_map<const Requirement*, std::vector<size_t>> by_indicator;
  for (size_t i = 0; i < m.indicators.size(); ++i)
    by_indicator[m.indicators[i].plan_requirement].push_back(i);
  for (const auto& tid : e.tasks) {
    const Task* task = plan.find_task(tid);
    if (!task) continue;
    for (const auto& r : task->requirements) {
      auto it = by_indicator.find(&r);
      if (it == by_indicator.end()) continue;
      m.indicator_totals.push_back(
          consolidate(plan, *task, r, std::move(it->second), m.indicators));
    }
  }
  for (const auto& tid : e.tasks) {
    const size_t i = plan.task_index(tid);
    if (i >= tasks.size()) continue;
    TaskStatus ts = tasks[i];
    ts.state = ts.reported == 0             ? TaskState::NoReports
               : ts.complete == ts.expected ? TaskState::Complete
                                            : TaskState::Incomplete;
    m.tasks.push_back(ts);
  }
  return m;
}

}  // namespace tuanthu
