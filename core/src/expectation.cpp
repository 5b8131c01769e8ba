#include "tuanthu/expectation.hpp"

#include <algorithm>
#include <map>

namespace tuanthu {

const Assignment* ExpectedUnit::find(std::string_view task) const {
  for (const auto& a : assignments)
    if (a.task == task) return &a;
  return nullptr;
}

std::vector<size_t> ExpectedUnit::task_positions(const Plan& plan) const {
  std::vector<size_t> out;
  out.reserve(assignments.size());
  size_t next = 0;  // the plan task the next assignment is most likely for
  for (const Assignment& a : assignments) {
    const size_t pos = next < plan.tasks.size() && plan.tasks[next].id_symbol() == a.task
                           ? next
                           : plan.task_index(a.task);
    out.push_back(pos);
    if (pos < plan.tasks.size()) next = pos + 1;
  }
  return out;
}

const ExpectedUnit* Expectation::find(std::string_view unit) const {
  auto it = index.find(unit);
  return it == index.end() ? nullptr : &units[it->second];
}

int Expectation::days_late(const Date& d) const {
  if (!last_on_time) return 0;
  const long late = d.days() - last_on_time->days();
  return late > 0 ? static_cast<int>(late) : 0;
}

Expectation compute_expectation(const Plan& plan, const Period& period) {
  Expectation e;
  e.period = period;
  e.due = plan.cycle.due_date(period);
  e.last_on_time = plan.cycle.last_on_time_day(period);
  // By plan position, and each reference expanded once: a national plan names "every
  // commune" (ten thousand units) in each of its tasks.
  std::vector<ExpectedUnit> by_unit(plan.units.size());
  std::vector<bool> assigned(plan.units.size());
  std::map<std::string, std::vector<size_t>, std::less<>> expansions;
  auto units_of = [&](const std::string& ref) -> const std::vector<size_t>& {
    if (auto it = expansions.find(ref); it != expansions.end()) return it->second;
    std::vector<size_t> positions;
    for (const auto& uid : plan.expand(ref))
      if (const Unit* u = plan.find_unit(uid))
        positions.push_back(static_cast<size_t>(u - plan.units.data()));
    return expansions.emplace(ref, std::move(positions)).first->second;
  };
  for (const auto& task : plan.tasks) {
    if (!task.covers(period.year)) continue;
    e.tasks.push_back(task.id);
    const Symbol tid(task.id);  // interned once, copied into each assignment
    auto assign = [&](const std::string& ref, Role role) {
      for (const size_t i : units_of(ref)) {
        ExpectedUnit& eu = by_unit[i];
        assigned[i] = true;
        // Tasks are visited in order, so an existing assignment to this task is the last.
        if (eu.assignments.empty() || eu.assignments.back().task != tid)
          eu.assignments.push_back(Assignment{tid, role});
        else if (role == Role::Lead)
          eu.assignments.back().role = Role::Lead;  // lead wins over support
      }
    };
    for (const auto& r : task.leads) assign(r, Role::Lead);
    for (const auto& r : task.supports) assign(r, Role::Support);
  }
  for (size_t i = 0; i < plan.units.size(); ++i) {
    if (!assigned[i] || e.index.count(plan.units[i].id)) continue;
    by_unit[i].unit = plan.units[i].id;
    by_unit[i].assignments.shrink_to_fit();  // held for the whole run: no growth slack
    e.index.emplace(plan.units[i].id, e.units.size());
    e.units.push_back(std::move(by_unit[i]));
  }
  return e;
}

}  // namespace tuanthu
