#include "tuanthu/value.hpp"

#include <algorithm>
#include <climits>
#include <cmath>

#include "tuanthu/text.hpp"

namespace tuanthu {

// Held by the million on a national run (docs/limits.md): keep it small.
static_assert(sizeof(JudgedValue) <= 48, "JudgedValue grew");

int default_min_words(const Plan& plan) {
  return static_cast<int>(
      std::clamp(CheckOptions(plan, "requirements").get_int("min-words", 0), 0L, long{INT_MAX}));
}

namespace {

// The plan's placeholders keyed at load; a plan built by hand is keyed here.
bool placeholder(const Plan& plan, std::string_view s) {
  if (plan.placeholder_keys) return plan.placeholder_keys->matches(s);
  return text::is_placeholder(s, plan.placeholders);
}

bool empty(const ReportValue& v) {
  return v.text.empty() && v.number.empty() && v.date.empty();
}

// Two values say the same thing: the same figure ("1.200" and "1200"), the same day, the
// same document (number and date), the same text.
bool same(const Plan& plan, RequirementKind kind, const ReportValue& a, const ReportValue& b) {
  switch (kind) {
    case RequirementKind::Number:
    case RequirementKind::Percent: {
      const auto x = text::parse_number(a.text, plan.number_style);
      const auto y = text::parse_number(b.text, plan.number_style);
      if (x && y && !x->too_large && !y->too_large) return x->value == y->value;
      break;
    }
    case RequirementKind::Date: {
      const auto x = text::parse_date(a.text), y = text::parse_date(b.text);
      if (x && y) return *x == *y;
      break;
    }
    case RequirementKind::Document: {
      // A document is its number and date; the text beside them only describes it.
      const auto x = text::parse_date(a.date), y = text::parse_date(b.date);
      return a.number == b.number && (x && y ? *x == *y : a.date == b.date);
    }
    case RequirementKind::Narrative:
      break;
  }
  return a.text == b.text;
}

void judge_figure(const Plan& plan, const Requirement& req, std::string_view text, JudgedValue& j) {
  if (placeholder(plan, text)) {
    j.state = ValueState::Placeholder;
    return;
  }
  const auto n = text::parse_number(text, plan.number_style);
  if (!n) {
    j.state = ValueState::NotANumber;
    return;
  }
  if (n->too_large) {
    j.state = ValueState::TooLarge;
    return;
  }
  j.set_figure(n->value);
  if (n->value < 0)
    j.state = ValueState::Negative;
  else if (req.kind == RequirementKind::Percent && n->value > 100)
    j.state = ValueState::PercentOutOfRange;
  else if (req.target && !req.target->met_by(n->value))
    j.state = ValueState::TargetMissed;
  else
    j.state = ValueState::Ok;
  if (!accepted(j.state)) return;
  // Decimal commas and fractions make figures that read well but were not meant: "1,234"
  // children is 1,234 in Vietnamese style; 0,996 for a rate is 0,996%, not 99,6%.
  if (req.kind == RequirementKind::Number && !req.decimal && n->value != std::floor(n->value))
    j.doubt = ValueDoubt::FractionalCount;
  // A rate under 1% is rare where the plan expects at least 10% (or says nothing).
  if (req.kind == RequirementKind::Percent && !n->percent_sign && n->value > 0 && n->value <= 1 &&
      (!req.target || req.target->value >= 10))
    j.doubt = ValueDoubt::PercentAsFraction;
}

// A referenced document's number and date: its number= and date= attributes, and what they
// lack as people write it in the text ("Kế hoạch số 861/KH-UBND ngày 15/01/2025"), found by
// the text module. Every reader's values are judged here, so every reader is served.
ReportValue completed_document(const ReportValue& v) {
  ReportValue out = v;
  if (out.number.empty() || out.date.empty()) {
    const text::DocumentReference ref = text::parse_document_reference(v.text);
    if (out.number.empty()) out.number = ref.number;
    if (out.date.empty() && ref.date) out.date = ref.date->vi();
  }
  return out;
}

}  // namespace

void judge_value(const Plan& plan, const Task& task, const Requirement& req,
                 const std::vector<const ReportValue*>& given, int default_min, int section_line,
                 JudgedReport& into) {
  JudgedValue& j = into.values.emplace_back();
  j.plan_task = &task;
  j.plan_requirement = &req;
  j.kind = req.kind;
  j.required = !req.optional;
  j.line = section_line;
  // Reused across calls on this thread: judging a value allocates nothing but its result.
  thread_local std::vector<const ReportValue*> values;
  values.clear();
  // Documents lacking a number or date, with what their text says filled in; one with both
  // is used as given, not copied.
  std::vector<ReportValue> documents;
  if (req.kind == RequirementKind::Document) {
    for (const ReportValue* v : given)
      if (v && !empty(*v) && (v->number.empty() || v->date.empty())) {
        documents.reserve(given.size());  // no reallocation: values point into it
        break;
      }
    for (const ReportValue* v : given) {
      if (!v || empty(*v)) continue;
      if (!v->number.empty() && !v->date.empty()) {
        values.push_back(v);
      } else {
        documents.push_back(completed_document(*v));
        values.push_back(&documents.back());
      }
    }
  } else {
    for (const ReportValue* v : given)
      if (v && !empty(*v)) values.push_back(v);
  }
  if (values.empty()) {
    if (!given.empty() && given.front()) j.line = given.front()->line;
    j.state = ValueState::Absent;
    return;
  }
  const ReportValue& v = *values.front();
  j.text = into.texts.add(v.text);
  j.line = v.line;
  // Numbers and dates are read from the text the value gives, whatever its kind (a
  // document's come from its attributes or its text): kept for documents and conflicts.
  auto detail = [&]() -> ValueDetail& {
    if (j.detail == JudgedValue::kNoDetail) {
      j.detail = static_cast<std::uint32_t>(into.details.size());
      into.details.emplace_back();
    }
    return into.details[j.detail];
  };
  if (!v.number.empty() || !v.date.empty()) {
    ValueDetail& d = detail();
    d.number = into.texts.add(v.number);
    d.date = into.texts.add(v.date);
  }
  for (size_t i = 1; i < values.size(); ++i) {
    if (same(plan, req.kind, v, *values[i])) continue;
    j.state = ValueState::Conflicting;
    ValueDetail& d = detail();
    d.other_text = into.texts.add(values[i]->text);
    d.other_number = into.texts.add(values[i]->number);
    d.other_date = into.texts.add(values[i]->date);
    d.other_line = values[i]->line;
    return;
  }
  switch (req.kind) {
    case RequirementKind::Narrative:
      if (placeholder(plan, v.text)) {
        j.state = ValueState::Placeholder;
        break;
      }
      {
        // Counted until it has enough: only a narrative that falls short is told its count.
        const int min_words = req.min_words ? *req.min_words : default_min;
        j.set_words(text::word_count(v.text, min_words), min_words);
      }
      j.state = j.words() < j.min_words() ? ValueState::TooShort : ValueState::Ok;
      break;
    case RequirementKind::Number:
    case RequirementKind::Percent:
      judge_figure(plan, req, v.text, j);
      break;
    case RequirementKind::Date:
      if (placeholder(plan, v.text))
        j.state = ValueState::Placeholder;
      else
        j.state = text::parse_date(v.text) ? ValueState::Ok : ValueState::BadDate;
      break;
    case RequirementKind::Document:
      if (v.number.empty() || v.date.empty())
        j.state = ValueState::DocumentIncomplete;
      else
        j.state = text::parse_date(v.date) ? ValueState::Ok : ValueState::BadDate;
      break;
  }
}

JudgedReport judge_values(const Plan& plan, const ExpectedUnit& unit, const Report& report,
                          int default_min) {
  JudgedReport out;
  // Exactly as many judgements as requirements apply: a national run holds millions.
  const std::vector<size_t> positions = unit.task_positions(plan);
  size_t n = 0;
  for (size_t i = 0; i < positions.size(); ++i)
    if (positions[i] < plan.tasks.size())
      for (const Requirement& req : plan.tasks[positions[i]].requirements)
        n += req.applies_to(unit.assignments[i].role);
  out.values.reserve(n);
  // Room for every text the report gives (the judgement keeps at most these): the buffer
  // is not grown and copied again and again.
  size_t bytes = 0;
  for (const ReportTask& t : report.tasks)
    for (const ReportValue& v : t.values) bytes += v.text.size() + v.number.size() + v.date.size();
  out.texts.reserve(bytes);
  // The report's sections by plan task position, in report order within a task: each
  // assignment finds its own without comparing every section's id (40 x 40 on a national
  // plan).
  std::vector<std::pair<size_t, const ReportTask*>> by_task;
  by_task.reserve(report.tasks.size());
  for (const ReportTask& t : report.tasks)
    if (const size_t pos = plan.task_index(t.ref); pos < plan.tasks.size())
      by_task.emplace_back(pos, &t);
  std::stable_sort(by_task.begin(), by_task.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  // Reused for every requirement: no allocation per value once they have grown.
  std::vector<const ReportTask*> sections;
  std::vector<const ReportValue*> values;
  for (size_t i = 0; i < positions.size(); ++i) {
    const Assignment& a = unit.assignments[i];
    const size_t pos = positions[i];
    if (pos >= plan.tasks.size()) continue;
    const Task* task = &plan.tasks[pos];
    sections.clear();
    auto it = std::lower_bound(by_task.begin(), by_task.end(), pos,
                               [](const auto& x, size_t p) { return x.first < p; });
    for (; it != by_task.end() && it->first == pos; ++it) sections.push_back(it->second);
    if (sections.empty()) continue;  // a missing section is coverage's finding
    for (const Requirement& req : task->requirements) {
      if (!req.applies_to(a.role)) continue;
      values.clear();
      for (const ReportTask* s : sections)
        for (const ReportValue& v : s->values)
          if (v.ref == req.id) values.push_back(&v);
      judge_value(plan, *task, req, values, default_min, sections.front()->line, out);
    }
  }
  return out;
}

}  // namespace tuanthu
