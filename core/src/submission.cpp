#include "tuanthu/submission.hpp"

#include <algorithm>
#include <map>

#include "tuanthu/unit_match.hpp"

namespace tuanthu {

Timeliness timeliness_without_report(const Expectation& e, const Date& as_of) {
  if (!e.last_on_time) return Timeliness::Missing;
  return as_of > *e.last_on_time ? Timeliness::Missing : Timeliness::NotYetDue;
}

namespace {

Disposition disposition_of(const Plan& plan, const Expectation& e, const Date& as_of,
                           const Submission& s) {
  const Report& r = s.report;
  const auto p = Period::parse(r.period);
  if (r.plan != plan.id) return Disposition::WrongPlan;
  if (!p || *p != e.period) return Disposition::WrongPeriod;
  if (s.unit_id.empty()) return Disposition::UnknownUnit;
  if (!e.find(s.unit_id)) return Disposition::Unexpected;
  // Re-running a past day shows that day's state.
  if (s.effective_date && *s.effective_date > as_of) return Disposition::AfterAsOf;
  return Disposition::Counted;
}

void judge_timeliness(const Expectation& e, Submission& s) {
  s.days_late = 0;
  if (!s.effective_date || !e.last_on_time) {
    s.timeliness = Timeliness::Unknown;
    return;
  }
  s.days_late = e.days_late(*s.effective_date);
  s.timeliness = s.days_late > 0 ? Timeliness::Late : Timeliness::OnTime;
}

}  // namespace

void decide_submissions(const Plan& plan, const Expectation& expectation, const Date& as_of,
                        std::vector<Submission>& subs) {
  const UnitMatcher matcher(plan);
  for (auto& s : subs) {
    const Report& r = s.report;
    // A document date before the period starts, or years after the day of the run, cannot be
    // the date of a report for it: it is a slip (a date cell typed `1` reads 1900, last
    // year's form, a 1904-system workbook read 4 years on), so it never makes a report on time.
    s.implausible_document_date.reset();
    if (const auto& d = r.document.date;
        d && (*d < expectation.period.first_day() || d->year > as_of.year + 1))
      s.implausible_document_date = d;
    s.date_from_stamp = r.received.has_value();
    s.effective_date = r.received                    ? r.received
                       : s.implausible_document_date ? std::nullopt
                                                     : r.document.date;
    UnitMatch m = matcher.match(r.unit, r.unit_name);
    s.match = m.kind;
    s.unit_id = std::move(m.unit);
    s.candidates = std::move(m.candidates);
    s.disposition = disposition_of(plan, expectation, as_of, s);
  }
  // One report counts per unit: the latest by date used for timeliness, then by file.
  std::map<std::string, std::vector<Submission*>> by_unit;
  for (auto& s : subs)
    if (s.disposition == Disposition::Counted) by_unit[s.unit_id].push_back(&s);
  for (auto& [unit, list] : by_unit) {
    std::stable_sort(list.begin(), list.end(), [](const Submission* a, const Submission* b) {
      const Date da = a->effective_date.value_or(Date{}), db = b->effective_date.value_or(Date{});
      if (da != db) return da < db;
      return a->report.file < b->report.file;
    });
    for (size_t i = 0; i + 1 < list.size(); ++i) {
      list[i]->disposition = Disposition::Superseded;
      list[i]->superseded_by = list.back()->report.file;
    }
    judge_timeliness(expectation, *list.back());
  }
}

void judge_submission(const Plan& plan, const Expectation& expectation, int default_min_words,
                      Submission& s) {
  s.values.clear();
  s.details.clear();
  s.texts = ValueTexts();
  s.sections.clear();
  if (s.disposition != Disposition::Counted) return;
  for (const ReportTask& t : s.report.tasks)
    if (const Task* task = plan.find_task(t.ref)) s.sections.push_back(task->id);
  std::sort(s.sections.begin(), s.sections.end());
  s.sections.erase(std::unique(s.sections.begin(), s.sections.end()), s.sections.end());
  s.sections.shrink_to_fit();  // held for the whole run, for every counted report
  if (const ExpectedUnit* eu = expectation.find(s.unit_id)) {
    JudgedReport j = judge_values(plan, *eu, s.report, default_min_words);
    s.values = std::move(j.values);
    s.details = std::move(j.details);
    // Held for the whole run: no growth slack (the values were reserved for every task
    // assigned, a missing section has none).
    s.values.shrink_to_fit();
    s.details.shrink_to_fit();
    s.texts = std::move(j.texts);
  }
}

bool Submission::has_section(std::string_view task) const {
  return std::binary_search(sections.begin(), sections.end(), task);
}

}  // namespace tuanthu
