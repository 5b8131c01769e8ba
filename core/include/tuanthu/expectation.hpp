#pragma once
// Who must report for a period, for which tasks, in which role, and by when.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tuanthu/plan.hpp"
#include "tuanthu/symbol.hpp"

namespace tuanthu {

/// 16 bytes: a national run has one per unit and task (400,000); the task id is interned.
struct Assignment {
  Symbol task;
  Role role = Role::Support;
};

struct ExpectedUnit {
  std::string unit;
  std::vector<Assignment> assignments;  ///< plan task order
  const Assignment* find(std::string_view task) const;
  /// The position in plan.tasks of each assignment's task, in assignment order
  /// (plan.tasks.size() for a task the plan does not have). For checks that go through a
  /// report's sections and the unit's assignments together without comparing every pair
  /// of ids: assignments come in plan order, so most are found by comparing one interned
  /// pointer, the others by the plan's index.
  std::vector<size_t> task_positions(const Plan& plan) const;
};

struct Expectation {
  Period period;
  std::optional<Date> due;           ///< the plan's due date for the period
  std::optional<Date> last_on_time;  ///< equals `due` when inclusive, the day before when not
  std::vector<ExpectedUnit> units;   ///< plan unit order
  std::vector<std::string> tasks;    ///< tasks whose timeframe covers the period

  const ExpectedUnit* find(std::string_view unit) const;
  /// Days late for a report dated `d` (0 when on time).
  int days_late(const Date& d) const;

  /// unit id → position in `units`; filled by compute_expectation.
  IdIndex index;
};

/// Every unit that leads or supports (directly or through groups) a task whose
/// timeframe covers the period. A unit both lead and support of a task is lead.
Expectation compute_expectation(const Plan& plan, const Period& period);

}  // namespace tuanthu
