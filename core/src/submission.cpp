#include "tuanthu/submission.hpp"

#include <algorithm>
#include <map>
#include <string>

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

void decide_alone(const UnitMatcher& matcher, const Plan& plan, const Expectation& expectation,
                  const Date& as_of, Submission& s) {
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
  s.superseded_by.clear();
  s.timeliness = Timeliness::Unknown;
  s.days_late = 0;
  if (s.disposition == Disposition::Counted) judge_timeliness(expectation, s);
}

bool supersedes(const Submission& later, size_t later_index, const Submission& earlier,
                size_t earlier_index) {
  const Date dl = later.effective_date.value_or(Date{});
  const Date de = earlier.effective_date.value_or(Date{});
  if (dl != de) return de < dl;
  if (later.report.file != earlier.report.file) return earlier.report.file < later.report.file;
  return earlier_index < later_index;
}

void decide_submissions(const Plan& plan, const Expectation& expectation, const Date& as_of,
                        std::vector<Submission>& subs) {
  const UnitMatcher matcher(plan);
  for (auto& s : subs) decide_alone(matcher, plan, expectation, as_of, s);
  keep_latest_per_unit(expectation, subs);
}

void keep_latest_per_unit(const Expectation& expectation, std::vector<Submission>& subs) {
  // One report counts per unit: the latest by date used for timeliness, then by file, then
  // the last in file order. Units by plan position (Counted means an expected unit).
  std::vector<std::optional<size_t>> latest(expectation.units.size());
  auto position = [&](const Submission& s) {
    return static_cast<size_t>(expectation.find(s.unit_id) - expectation.units.data());
  };
  for (size_t i = 0; i < subs.size(); ++i)
    if (subs[i].disposition == Disposition::Counted) {
      auto& l = latest[position(subs[i])];
      if (!l || supersedes(subs[i], i, subs[*l], *l)) l = i;
    }
  for (size_t i = 0; i < subs.size(); ++i)
    if (Submission& s = subs[i]; s.disposition == Disposition::Counted) {
      const size_t last = *latest[position(s)];
      if (i == last) continue;
      s.disposition = Disposition::Superseded;
      s.superseded_by = subs[last].report.file;
      s.timeliness = Timeliness::Unknown;  // judged for the counted report only
      s.days_late = 0;
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
