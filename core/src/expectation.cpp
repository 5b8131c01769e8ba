#include "tuanthu/expectation.hpp"

#include <algorithm>
#include <map>

namespace tuanthu {

const Assignment* ExpectedUnit::find(std::string_view task) const {
  for (const auto& a : assignments)
    if (a.task == task) return &a;
  return nullptr;
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
  std::map<std::string, ExpectedUnit> by_unit;
  for (const auto& task : plan.tasks) {
    if (!task.covers(period.year)) continue;
    e.tasks.push_back(task.id);
    auto assign = [&](const std::string& ref, Role role) {
      for (const auto& uid : plan.expand(ref)) {
        ExpectedUnit& eu = by_unit[uid];
        eu.unit = uid;
        // Tasks are visited in order, so an existing assignment to this task is the last.
        auto it = !eu.assignments.empty() && eu.assignments.back().task == task.id
                      ? eu.assignments.end() - 1
                      : eu.assignments.end();
        if (it == eu.assignments.end())
          eu.assignments.push_back(Assignment{task.id, role});
        else if (role == Role::Lead)
          it->role = Role::Lead;  // lead wins over support
      }
    };
    for (const auto& r : task.leads) assign(r, Role::Lead);
    for (const auto& r : task.supports) assign(r, Role::Support);
  }
  for (const auto& u : plan.units) {
    auto it = by_unit.find(u.id);
    if (it != by_unit.end()) {
      e.index.emplace(u.id, e.units.size());
      e.units.push_back(std::move(it->second));
    }
  }
  return e;
}

}  // namespace tuanthu
