#include "tuanthu/plan.hpp"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <set>
#include <sstream>

#include "tuanthu/text.hpp"

namespace tuanthu {

std::optional<Target> Target::parse(std::string_view t) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
  };
  t = trim(t);
  Target target;
  size_t n = 0;
  if (t.starts_with(">="))
    target.op = Comparison::Ge, n = 2;
  else if (t.starts_with("<="))
    target.op = Comparison::Le, n = 2;
  else if (t.starts_with("="))
    target.op = Comparison::Eq, n = 1;
  else if (t.starts_with(">"))
    target.op = Comparison::Gt, n = 1;
  else if (t.starts_with("<"))
    target.op = Comparison::Lt, n = 1;
  else
    return std::nullopt;
  std::string_view num = trim(t.substr(n));
  if (num.empty()) return std::nullopt;
  auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), target.value);
  if (ec != std::errc() || p != num.data() + num.size() || !std::isfinite(target.value))
    return std::nullopt;
  return target;
}

bool Target::met_by(double v) const {
  constexpr double eps = 1e-9;
  switch (op) {
    case Comparison::Ge:
      return v >= value - eps;
    case Comparison::Le:
      return v <= value + eps;
    case Comparison::Eq:
      return std::fabs(v - value) <= eps;
    case Comparison::Gt:
      return v > value + eps;
    case Comparison::Lt:
      return v < value - eps;
  }
  return false;
}

std::string Target::str() const {
  // As printf's "%g" (to_chars with a precision is defined as printf), without printf: a
  // missed target is worded in every finding that reports one.
  char buf[32];
  // A whole target below a million (">= 95", the usual) is what "%g" prints: its digits.
  const bool whole = value == std::trunc(value) && std::fabs(value) < 1e6 &&
                     !(value == 0 && std::signbit(value));  // "%g" prints -0 as "-0"
  const auto printed =
      whole ? std::to_chars(buf, buf + sizeof buf, static_cast<long>(value))
            : std::to_chars(buf, buf + sizeof buf, value, std::chars_format::general, 6);
  std::string s(to_string(op));
  s += ' ';
  s.append(buf, printed.ptr);
  return s;
}

const Requirement* Task::find_requirement(std::string_view rid) const {
  for (const auto& r : requirements)
    if (r.id == rid) return &r;
  return nullptr;
}

std::string Task::principal_lead(const Plan& plan) const {
  // A group of leads (every ward) has no one figure for the district.
  if (leads.empty() || !plan.find_unit(leads.front())) return {};
  return leads.front();
}

std::optional<Date> Cycle::due_date(const Period& p) const {
  if (p.frequency != frequency) return std::nullopt;
  if (due_days_after_end) return p.last_day().plus_days(*due_days_after_end);
  if (due_month == 0) return std::nullopt;
  // A fixed month-day falls in the period's year, or the next year when it would
  // come before the period ends. A day the month lacks that year (29/02 outside leap years)
  // is its last day: the deadline moves earlier, never disappears (lint: plan-due-leap-day).
  auto on = [&](int year) {
    return Date{year, due_month, std::min(due_day, Date::days_in_month(year, due_month))};
  };
  Date d = on(p.year);
  if (d < p.last_day() && frequency != Frequency::Annual) d = on(p.year + 1);
  if (!Date::valid(d.year, d.month, d.day)) return std::nullopt;
  return d;
}

std::optional<Date> Cycle::last_on_time_day(const Period& p) const {
  auto due = due_date(p);
  if (!due) return std::nullopt;
  return due_inclusive ? *due : due->plus_days(-1);
}

namespace {
// Position of the first element with this id: through the index when built, else a scan.
template <class T>
size_t position(const std::vector<T>& items, const IdIndex& index, std::string_view id) {
  if (!index.empty()) {
    auto it = index.find(id);
    return it == index.end() ? items.size() : it->second;
  }
  for (size_t i = 0; i < items.size(); ++i)
    if (items[i].id == id) return i;
  return items.size();
}
}  // namespace

void Plan::build_index() {
  unit_ids_.clear();
  group_ids_.clear();
  task_ids_.clear();
  for (size_t i = 0; i < units.size(); ++i) unit_ids_.emplace(units[i].id, i);
  for (size_t i = 0; i < groups.size(); ++i) group_ids_.emplace(groups[i].id, i);
  for (size_t i = 0; i < tasks.size(); ++i) task_ids_.emplace(tasks[i].id, i);
  for (Task& t : tasks) {
    t.interned_id = t.id;
    for (Requirement& r : t.requirements) r.interned_id = r.id;
  }
  placeholder_keys = std::make_shared<const text::Placeholders>(placeholders);
}

const Unit* Plan::find_unit(std::string_view uid) const {
  const size_t i = position(units, unit_ids_, uid);
  return i < units.size() ? &units[i] : nullptr;
}

const Group* Plan::find_group(std::string_view gid) const {
  const size_t i = position(groups, group_ids_, gid);
  return i < groups.size() ? &groups[i] : nullptr;
}

const Task* Plan::find_task(std::string_view tid) const {
  const size_t i = position(tasks, task_ids_, tid);
  return i < tasks.size() ? &tasks[i] : nullptr;
}

size_t Plan::task_index(std::string_view tid) const {
  return position(tasks, task_ids_, tid);
}

std::vector<std::string> Plan::expand(std::string_view ref) const {
  // Depth-first, members in order, with an explicit stack: nesting depth is the plan
  // author's (100,000 nested groups must not overflow the call stack). Each group is
  // entered once, so cycles end.
  std::set<std::string_view> seen;   // groups entered; views into this plan's ids
  std::set<std::string_view> added;  // units output
  std::vector<std::string> out;
  struct Frame {
    const Group* group;
    size_t next = 0;
  };
  std::vector<Frame> stack;
  auto visit = [&](std::string_view r) {
    if (const Unit* u = find_unit(r)) {
      if (added.insert(u->id).second) out.push_back(u->id);
    } else if (const Group* g = find_group(r); g && seen.insert(g->id).second) {
      stack.push_back(Frame{g});
    }
  };
  visit(ref);
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.next == f.group->members.size()) {
      stack.pop_back();
      continue;
    }
    visit(f.group->members[f.next++]);  // may push: `f` is not used after this
  }
  return out;
}

std::string Plan::display_name(std::string_view uid) const {
  if (const Unit* u = find_unit(uid)) {
    if (!u->short_name.empty()) return u->short_name;
    if (!u->name.empty()) return u->name;  // lint reports the empty name; show the id
  }
  return std::string(uid);
}

CheckOptions::CheckOptions(const Plan& plan, std::string_view plugin)
    : CheckOptions(plan.checks, plugin) {}

CheckOptions::CheckOptions(const std::vector<CheckConfig>& configs, std::string_view plugin) {
  for (const auto& c : configs) {
    if (c.plugin != plugin) continue;
    configs_.push_back(c);
    for (const auto& [k, v] : c.params) params_[k] = v;
  }
}

void CheckOptions::set(std::string name, std::string value) {
  params_[std::move(name)] = std::move(value);
}

bool CheckOptions::has(std::string_view name) const {
  return params_.find(name) != params_.end();
}

std::string CheckOptions::get(std::string_view name, std::string_view fallback) const {
  auto it = params_.find(name);
  return it == params_.end() ? std::string(fallback) : it->second;
}

long CheckOptions::get_int(std::string_view name, long fallback) const {
  auto it = params_.find(name);
  if (it == params_.end()) return fallback;
  const auto v = text::parse_int(it->second, LONG_MIN, LONG_MAX);
  return v ? static_cast<long>(*v) : fallback;
}

bool CheckOptions::get_bool(std::string_view name, bool fallback) const {
  auto it = params_.find(name);
  if (it == params_.end()) return fallback;
  if (it->second == "true" || it->second == "1" || it->second == "yes") return true;
  if (it->second == "false" || it->second == "0" || it->second == "no") return false;
  return fallback;
}

std::vector<std::string> CheckOptions::get_list(std::string_view name,
                                                const std::vector<std::string>& fallback) const {
  auto it = params_.find(name);
  if (it == params_.end()) return fallback;
  std::vector<std::string> out;
  std::istringstream in(it->second);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

bool CheckOptions::rule_enabled(std::string_view rule) const {
  bool enabled = true;
  // Plugin-wide settings first, then rule-specific ones override them.
  for (const auto& c : configs_)
    if (c.rule.empty()) enabled = c.enabled;
  for (const auto& c : configs_)
    if (c.rule == rule) enabled = c.enabled;
  return enabled;
}

Severity CheckOptions::severity(std::string_view rule, Severity fallback) const {
  Severity s = fallback;
  for (const auto& c : configs_)
    if (c.rule.empty() && c.severity) s = *c.severity;
  for (const auto& c : configs_)
    if (c.rule == rule && c.severity) s = *c.severity;
  return s;
}

}  // namespace tuanthu
