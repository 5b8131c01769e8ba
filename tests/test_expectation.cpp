// Who is expected, and the deadline's inclusive and exclusive forms.
#include <gtest/gtest.h>

#include "support.hpp"

using namespace tuanthu;

TEST(Expectation, GroupsOfGroupsAndLeadWinsOverSupport) {
  auto plan = tt::seed_plan();
  const Expectation e = compute_expectation(*plan, *Period::parse("2025"));
  EXPECT_EQ(e.units.size(), 26u);
  // hccb reaches II.1 only through phong-ban-doan-the → doan-the → hccb, and leads IV.4.
  const ExpectedUnit* hccb = e.find("hccb");
  ASSERT_TRUE(hccb);
  EXPECT_EQ(hccb->find("II.1")->role, Role::Support);
  EXPECT_EQ(hccb->find("IV.4")->role, Role::Lead);
  // ldtbxh is named both lead and (through the group) support of II.1: lead wins.
  EXPECT_EQ(e.find("ldtbxh")->find("II.1")->role, Role::Lead);
  EXPECT_FALSE(e.find("tckh")->find("II.2"));
  EXPECT_EQ(e.due->iso(), "2025-11-05");
}

TEST(Expectation, TimeframeExcludesPeriod) {
  auto plan = tt::plan_from(tt::small_plan());
  const Expectation e2025 = compute_expectation(*plan, *Period::parse("2025"));
  EXPECT_FALSE(e2025.find("c"));  // T2 ran 2020–2021 only
  EXPECT_EQ(e2025.tasks, (std::vector<std::string>{"T1"}));
  const Expectation e2021 = compute_expectation(*plan, *Period::parse("2021"));
  EXPECT_TRUE(e2021.find("c"));
  EXPECT_FALSE(e2021.find("a"));
}

TEST(Expectation, DeadlineInclusiveAndExclusive) {
  auto inclusive = tt::plan_from(tt::small_plan("due-inclusive=\"true\""));
  auto exclusive = tt::plan_from(tt::small_plan("due-inclusive=\"false\""));
  const Period p = *Period::parse("2025");
  const Date on_due{2025, 11, 5};
  EXPECT_EQ(compute_expectation(*inclusive, p).days_late(on_due), 0);
  EXPECT_EQ(compute_expectation(*exclusive, p).days_late(on_due), 1);
  EXPECT_EQ(compute_expectation(*exclusive, p).days_late(Date{2025, 11, 4}), 0);
  EXPECT_EQ(compute_expectation(*inclusive, p).days_late(Date{2025, 11, 12}), 7);
}

TEST(Expectation, ReportReceivedOnTheDueDate) {
  tt::TempDir dir;
  const auto a = dir.write("a.xml", tt::small_report("a", "2025-11-05"));
  const auto b = dir.write("b.xml", tt::small_report("b", "2025-11-05"));
  auto inclusive = tt::plan_from(tt::small_plan("due-inclusive=\"true\""));
  auto exclusive = tt::plan_from(tt::small_plan("due-inclusive=\"false\""));
  EXPECT_TRUE(tt::with_rule(tt::run(*inclusive, {a, b}).findings, "submission-late").empty());
  auto late = tt::with_rule(tt::run(*exclusive, {a, b}).findings, "submission-late");
  ASSERT_EQ(late.size(), 2u);
  EXPECT_NE(late[0].message.find("trễ 1 ngày"), std::string::npos);
}

TEST(Expectation, AsOfBeforeAndAfterTheDeadline) {
  tt::TempDir dir;
  const auto a = dir.write("a.xml", tt::small_report("a", "2025-10-30"));
  auto plan = tt::plan_from(tt::small_plan());
  const auto before = tt::run(*plan, {a}, "2025", "2025-11-01");
  EXPECT_EQ(tt::with_rule(before.findings, "submission-not-yet-due").size(), 1u);
  EXPECT_TRUE(tt::with_rule(before.findings, "submission-missing").empty());
  EXPECT_EQ(before.status.totals.not_yet_due, 1);
  const auto on_due = tt::run(*plan, {a}, "2025", "2025-11-05");
  EXPECT_EQ(on_due.status.totals.not_yet_due, 1);  // the due day itself is still in time
  const auto after = tt::run(*plan, {a}, "2025", "2025-11-06");
  EXPECT_EQ(tt::with_rule(after.findings, "submission-missing").size(), 1u);
  EXPECT_EQ(after.status.totals.missing, 1);
  EXPECT_EQ(after.status.find_unit("b")->timeliness, Timeliness::Missing);
}

TEST(Expectation, ReportsAfterTheAsOfDayAreNotThereYet) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  const auto a = dir.write("a.xml", tt::small_report("a", "2025-11-08"));
  const auto b = dir.write("b.xml", tt::small_report("b", "2025-11-03"));
  // As of the deadline, a had not arrived: not yet due, not "late".
  auto on_due = tt::run(*plan, {a, b}, "2025", "2025-11-05");
  EXPECT_EQ(on_due.status.find_unit("a")->timeliness, Timeliness::NotYetDue);
  EXPECT_EQ(tt::with_rule(on_due.findings, "submission-after-as-of").size(), 1u);
  EXPECT_TRUE(tt::with_rule(on_due.findings, "submission-late").empty());
  // A day after it arrived, it counts and is 3 days late.
  auto later = tt::run(*plan, {a, b}, "2025", "2025-11-09");
  EXPECT_EQ(later.status.find_unit("a")->timeliness, Timeliness::Late);
  EXPECT_EQ(later.status.find_unit("a")->days_late, 3);
}

// task_positions finds most tasks by the next plan position, the rest by the plan's index:
// the answer is the index's for every assignment, in any order, and the end for a task the
// plan does not have.
TEST(Expectation, TaskPositionsAreThePlansPositions) {
  auto plan = tt::seed_plan();
  const Expectation e = compute_expectation(*plan, *Period::parse("2025"));
  size_t checked = 0;
  for (const ExpectedUnit& eu : e.units) {
    const std::vector<size_t> positions = eu.task_positions(*plan);
    ASSERT_EQ(positions.size(), eu.assignments.size());
    for (size_t i = 0; i < positions.size(); ++i, ++checked)
      EXPECT_EQ(positions[i], plan->task_index(eu.assignments[i].task)) << eu.unit;
  }
  EXPECT_GT(checked, 100u);
  ASSERT_GE(plan->tasks.size(), 3u);
  ExpectedUnit hand;
  hand.assignments = {
      Assignment{plan->tasks[2].id, Role::Lead}, Assignment{plan->tasks[0].id, Role::Support},
      Assignment{"no-such-task", Role::Lead}, Assignment{plan->tasks[1].id, Role::Lead}};
  EXPECT_EQ(hand.task_positions(*plan), (std::vector<size_t>{2, 0, plan->tasks.size(), 1}));
}
