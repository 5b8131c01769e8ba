// The seed plan's content, the loader's errors and every lint rule.
#include <gtest/gtest.h>

#include <algorithm>

#include "support.hpp"

using namespace tuanthu;

namespace {
std::vector<std::string> ids(const std::vector<std::string>& refs) {
  return refs;
}

std::vector<std::string> lint_rules(const std::string& xml) {
  auto r = load_plan_from_memory(xml, "fixture.xml");
  std::vector<std::string> out;
  for (const auto& f : r.findings) out.push_back(f.rule);
  tt::record_fired(r.findings);
  if (r.plan)
    for (const auto& f : lint_plan(*r.plan)) out.push_back(f.rule);
  if (r.plan) tt::record_fired(lint_plan(*r.plan));
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// A valid plan with hooks for each broken variant.
std::string plan_with(const std::string& units, const std::string& tasks,
                      const std::string& cycle =
                          R"(<cycle frequency="annual" first="2024" last="2030" due="11-05"/>)") {
  return R"(<plan xmlns="urn:tuanthu:plan:1" id="f"><units>)" + units + "</units><reporting>" +
         cycle + "</reporting><tasks>" + tasks + "</tasks></plan>";
}
const std::string kUnits =
    R"(<unit id="a" name="A"/><unit id="b" name="B"/><group id="g" name="G"><member ref="b"/></group>)";
const std::string kTask =
    R"(<task id="T" from="2024" to="2030"><title>t</title><lead ref="a"/><support ref="g"/>
  <requirement id="r" kind="number" target="&gt;=1">r</requirement></task>)";
}  // namespace

TEST(SeedPlan, LoadsCleanAndLintsSilent) {
  auto r = load_plan(tt::kSeedPlan);
  ASSERT_TRUE(r.plan);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_TRUE(lint_plan(*r.plan).empty());
  EXPECT_EQ(r.plan->id, "q12-ct33-2024");
  EXPECT_EQ(r.plan->document.date_text, "2024-10-14");
  ASSERT_TRUE(r.plan->document.date);
  EXPECT_EQ(r.plan->document.date->iso(), "2024-10-14");
  EXPECT_EQ(r.plan->document.kind, "KH");
  EXPECT_EQ(r.plan->document.issuer, "Ủy ban nhân dân Quận 12");
  EXPECT_EQ(r.plan->document.basis.size(), 3u);
}

TEST(SeedPlan, SectionTwoTasksWithLeadsSupportsAndTimeframes) {
  auto plan = tt::seed_plan();
  struct Expect {
    std::string id;
    std::vector<std::string> leads, supports;
    int from, to;
  } tasks[] = {
      {"II.1", {"ldtbxh"}, {"phong-ban-doan-the", "phuong"}, 2021, 2030},
      {"II.2", {"cong-an", "ldtbxh"}, {"gddt", "thong-ke", "phuong"}, 2024, 2030},
      {"II.3", {"ldtbxh"}, {"phong-ban-doan-the", "phuong"}, 2024, 2030},
      {"II.4",
       {"yte", "ttyt", "bhxh"},
       {"gddt", "ldtbxh", "phong-ban-doan-the", "phuong"},
       2023,
       2030},
      {"II.5", {"vhtt", "ttvhtt"}, {"ldtbxh", "gddt", "phong-ban-doan-the", "phuong"}, 2024, 2030},
      {"II.6", {"gddt"}, {"phong-ban-doan-the", "phuong"}, 2024, 2030},
  };
  int section_two = 0;
  for (const auto& t : plan->tasks) section_two += t.id.starts_with("II.");
  EXPECT_EQ(section_two, 6);
  for (const auto& e : tasks) {
    const Task* t = plan->find_task(e.id);
    ASSERT_TRUE(t) << e.id;
    EXPECT_EQ(t->leads, e.leads) << e.id;
    EXPECT_EQ(t->supports, e.supports) << e.id;
    EXPECT_EQ(t->from, e.from) << e.id;
    EXPECT_EQ(t->to, e.to) << e.id;
    EXPECT_FALSE(t->text.empty()) << e.id;
    ASSERT_TRUE(t->find_requirement("ket-qua")) << e.id;
    EXPECT_EQ(*t->find_requirement("ket-qua")->min_words, 30) << e.id;
  }
  const Requirement* bhyt = plan->find_task("II.4")->find_requirement("ty-le-bhyt");
  ASSERT_TRUE(bhyt);
  EXPECT_EQ(bhyt->kind, RequirementKind::Percent);
  ASSERT_TRUE(bhyt->target);
  EXPECT_EQ(bhyt->target->str(), ">= 100");
  EXPECT_TRUE(bhyt->for_lead);
  EXPECT_FALSE(bhyt->for_support);
  EXPECT_TRUE(plan->find_task("II.2")->find_requirement("ty-le-tre-co-can-cuoc"));
  EXPECT_TRUE(plan->find_task("II.6")->find_requirement("ty-le-pcgd-mam-non"));
}

TEST(SeedPlan, SectionFourDutiesAreTasksLedByTheirUnits) {
  auto plan = tt::seed_plan();
  EXPECT_EQ(plan->find_task("IV.1")->leads, ids({"ldtbxh"}));
  EXPECT_EQ(plan->find_task("IV.2")->leads, ids({"chu-tri-muc-ii"}));
  EXPECT_EQ(plan->find_task("IV.3")->leads, ids({"tckh"}));
  EXPECT_EQ(plan->find_task("IV.4")->leads, ids({"mttq", "doan-the"}));
  EXPECT_EQ(plan->find_task("IV.5")->leads, ids({"phuong"}));
  EXPECT_EQ(plan->find_task("IV.5")->find_requirement("so-vu-duoi-nuoc")->target->str(), "= 0");
}

TEST(SeedPlan, UnitsWardsAndGroups) {
  auto plan = tt::seed_plan();
  const auto wards = plan->expand("phuong");
  EXPECT_EQ(wards.size(), 11u);
  EXPECT_EQ(plan->find_unit("p-thanh-loc")->name, "Ủy ban nhân dân phường Thạnh Lộc");
  EXPECT_EQ(plan->find_unit("ldtbxh")->short_name, "Phòng LĐTBXH");
  // A group of groups: the district offices, the Front and the mass organisations.
  const auto all = plan->expand("phong-ban-doan-the");
  EXPECT_EQ(all.size(), 15u);
  EXPECT_NE(std::find(all.begin(), all.end(), "hccb"), all.end());
}

TEST(SeedPlan, ReportingCycleAndDeadline) {
  auto plan = tt::seed_plan();
  const Cycle& c = plan->cycle;
  EXPECT_EQ(c.frequency, Frequency::Annual);
  EXPECT_EQ(c.first, 2024);
  EXPECT_EQ(c.last, 2030);
  EXPECT_TRUE(c.due_inclusive);
  EXPECT_EQ(c.to, "ldtbxh");
  EXPECT_EQ(c.due_date(*Period::parse("2025"))->iso(), "2025-11-05");
  EXPECT_EQ(plan->consolidation_by, "ldtbxh");
  EXPECT_EQ(plan->recipients.size(), 3u);
}

TEST(Loader, FatalErrorsNameFileLineAndColumn) {
  auto r =
      load_plan_from_memory("<plan xmlns=\"urn:tuanthu:plan:1\">\n  <units>\n</plan>", "p.xml");
  EXPECT_FALSE(r.plan);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].rule, "plan-malformed-xml");
  EXPECT_EQ(r.findings[0].file, "p.xml");
  EXPECT_EQ(r.findings[0].line, 3);
  EXPECT_GT(r.findings[0].column, 0);

  auto first_rule = [](const PlanLoadResult& res) {
    tt::record_fired(res.findings);
    return res.findings.at(0).rule;
  };
  EXPECT_EQ(first_rule(load_plan_from_memory("<report xmlns=\"urn:tuanthu:report:1\"/>", "p")),
            "plan-not-a-plan");
  EXPECT_EQ(first_rule(load_plan_from_memory("<plan/>", "p")), "plan-not-a-plan");
  EXPECT_EQ(first_rule(load_plan_from_memory("", "p")), "plan-malformed-xml");
  EXPECT_EQ(first_rule(load_plan_from_memory("<plan>\xC3</plan>", "p")), "plan-invalid-utf8");
  EXPECT_EQ(first_rule(load_plan("/nonexistent/plan.xml")), "plan-unreadable");
}

TEST(Loader, ACharacterAPlanMayNotHoldIsFatalAndNamesItsLine) {
  const std::string plan = R"(<plan xmlns="urn:tuanthu:plan:1" id="p">
  <units><unit id="a" name="A&#0;B"/></units>
  <tasks><task id="T" from="2024" to="2030"><title>Tiêu đề &#xFFFF;</title></task></tasks>
</plan>)";
  auto r = load_plan_from_memory(plan, "p.xml");
  tt::record_fired(r.findings);
  EXPECT_FALSE(r.plan);
  auto bad = tt::with_rule(r.findings, "plan-invalid-character");
  ASSERT_EQ(bad.size(), 2u);
  EXPECT_EQ(bad[0].line, 2);
  EXPECT_NE(bad[0].message.find("U+0000"), std::string::npos) << bad[0].message;
  EXPECT_EQ(bad[1].line, 3);
  EXPECT_NE(bad[1].message_en.find("U+FFFF"), std::string::npos) << bad[1].message_en;
  // References that are characters are decoded as before.
  auto ok = load_plan_from_memory(
      R"(<plan xmlns="urn:tuanthu:plan:1" id="a&lt;&#233;&#xE9;&amp;"><units/><tasks/></plan>)",
      "p.xml");
  ASSERT_TRUE(ok.plan);
  EXPECT_EQ(ok.plan->id, "a<éé&");
  // So does `tuanthu lint`, with exit 2.
  tt::TempDir dir;
  auto cli = tt::cli({"lint", dir.write("ke-hoach.xml", plan).string()});
  EXPECT_EQ(cli.exit_code, 2) << cli.out;
  EXPECT_NE(cli.out.find("ke-hoach.xml:2:"), std::string::npos) << cli.out;
}

TEST(Loader, EntitiesAreNotExpandedAndNothingIsFetched) {
  const std::string bomb = R"(<?xml version="1.0"?>
<!DOCTYPE plan [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY ext SYSTEM "file:///etc/passwd">]>
<plan xmlns="urn:tuanthu:plan:1" id="&b;&ext;"><units/><reporting><cycle frequency="annual" first="2024" last="2030" due="11-05"/></reporting><tasks/></plan>)";
  auto r = load_plan_from_memory(bomb, "bomb.xml");
  ASSERT_TRUE(r.plan);
  EXPECT_EQ(r.plan->id, "&b;&ext;");  // left as written, never expanded
}

TEST(Lint, EachRuleFires) {
  EXPECT_TRUE(lint_rules(plan_with(kUnits, kTask)).empty());
  EXPECT_TRUE(has(
      lint_rules(plan_with(
          kUnits, R"(<task id="T" from="2024" to="2030"><title>t</title><lead ref="zz"/></task>)")),
      "plan-unknown-ref"));
  EXPECT_TRUE(has(lint_rules(plan_with(kUnits + R"(<unit id="a" name="A2"/>)", kTask)),
                  "plan-duplicate-id"));
  EXPECT_TRUE(has(lint_rules(plan_with(kUnits, kTask + kTask)), "plan-duplicate-id"));
  EXPECT_TRUE(
      has(lint_rules(plan_with(
              kUnits,
              R"(<task id="T" from="2024" to="2030"><title>t</title><support ref="a"/></task>)")),
          "plan-task-no-lead"));
  EXPECT_TRUE(has(
      lint_rules(plan_with(
          kUnits +
              R"(<group id="x"><member ref="y"/></group><group id="y"><member ref="x"/></group>)",
          kTask)),
      "plan-group-cycle"));
  EXPECT_TRUE(has(lint_rules(plan_with(kUnits + R"(<group id="e" name="empty"/>)", kTask)),
                  "plan-empty-group"));
  EXPECT_TRUE(has(lint_rules(plan_with(
                      kUnits, R"(<task id="T" from="2024" to="2030"><title>t</title><lead ref="a"/>
      <requirement id="r" kind="essay">r</requirement></task>)")),
                  "plan-bad-requirement-kind"));
  EXPECT_TRUE(has(lint_rules(plan_with(
                      kUnits, R"(<task id="T" from="2024" to="2030"><title>t</title><lead ref="a"/>
      <requirement id="r" kind="number" target="at least 5">r</requirement></task>)")),
                  "plan-bad-target"));
  EXPECT_TRUE(has(lint_rules(plan_with(
                      kUnits, R"(<task id="T" from="2024" to="2030"><title>t</title><lead ref="a"/>
      <requirement id="r" kind="narrative" target="&gt;=5">r</requirement></task>)")),
                  "plan-bad-target"));
  EXPECT_TRUE(has(
      lint_rules(plan_with(
          kUnits, R"(<task id="T" from="2010" to="2015"><title>t</title><lead ref="a"/></task>)")),
      "plan-timeframe-outside-cycle"));
  EXPECT_TRUE(has(
      lint_rules(plan_with(kUnits, kTask,
                           R"(<cycle frequency="yearly" first="2024" last="2030" due="11-05"/>)")),
      "plan-bad-cycle"));
  EXPECT_TRUE(has(
      lint_rules(plan_with(kUnits, kTask,
                           R"(<cycle frequency="annual" first="2024" last="2030" due="31-02"/>)")),
      "plan-bad-cycle"));
  EXPECT_TRUE(has(
      lint_rules(plan_with(
          kUnits, R"(<task id="T" from="năm" to="2030"><title>t</title><lead ref="a"/></task>)")),
      "plan-bad-attribute"));
}

TEST(Loader, IntegersAreReadWholeOrRefused) {
  // Hand-written parsers took "1a-05" as 01-05 and " 2024" as a year.
  for (const char* due : {"1a-05", "11-5x", "+1-05", "-1-05", "11--5"})
    EXPECT_TRUE(has(lint_rules(plan_with(kUnits, kTask,
                                         std::string(R"(<cycle frequency="annual" first="2024" )") +
                                             "last=\"2030\" due=\"" + due + "\"/>")),
                    "plan-bad-cycle"))
        << due;
  for (const char* days : {"7x", "+7", "0x7", "-1"})
    EXPECT_TRUE(has(lint_rules(plan_with(kUnits, kTask,
                                         std::string(R"(<cycle frequency="quarterly" )") +
                                             "first=\"2024\" last=\"2030\" "
                                             "due-days-after-end=\"" +
                                             days + "\"/>")),
                    "plan-bad-cycle"))
        << days;
  EXPECT_TRUE(
      has(lint_rules(plan_with(kUnits, R"(<task id="T" from="2024" to="2030"><title>t</title>
      <lead ref="a"/><requirement id="r" kind="narrative" min-words="3x">r</requirement></task>)")),
          "plan-bad-attribute"));
}

TEST(Document, PlansAndReportsReadTheirDocumentElementTheSameWay) {
  const std::string element =
      R"(<document kind="BC" number=" 245/BC-UBND " date="2025-11-03" place="Thạnh Lộc" )"
      R"(signer="Nguyễn Văn A"><issuer>UBND phường</issuer><title>Báo cáo</title></document>)";
  auto plan = load_plan_from_memory(
      plan_with(kUnits, kTask).replace(plan_with(kUnits, kTask).find("<units>"), 0, element),
      "p.xml");
  ASSERT_TRUE(plan.plan);
  tt::TempDir dir;
  auto file = dir.write("a.xml",
                        R"(<report xmlns="urn:tuanthu:report:1" plan="f" period="2025" unit="a">)" +
                            element + "</report>");
  auto run = tt::run(*plan.plan, {file});
  ASSERT_EQ(run.submissions.size(), 1u);
  const Document& p = plan.plan->document;
  const Document& r = run.submissions[0].report.document;
  for (const Document* d : {&p, &r}) {
    EXPECT_TRUE(d->present);
    EXPECT_EQ(d->kind, "BC");
    EXPECT_EQ(d->number, "245/BC-UBND");
    EXPECT_EQ(d->date_text, "2025-11-03");
    ASSERT_TRUE(d->date);
    EXPECT_EQ(d->date->iso(), "2025-11-03");
    EXPECT_EQ(d->place, "Thạnh Lộc");
    EXPECT_EQ(d->signer, "Nguyễn Văn A");
    EXPECT_EQ(d->issuer, "UBND phường");
    EXPECT_EQ(d->title, "Báo cáo");
    EXPECT_EQ(d->line, 1);
  }
  // A plan's date is ISO only; a report may write it the Vietnamese way.
  auto vi = load_plan_from_memory(
      plan_with(kUnits, kTask)
          .replace(plan_with(kUnits, kTask).find("<units>"), 0, R"(<document date="03/11/2025"/>)"),
      "p.xml");
  ASSERT_TRUE(vi.plan);
  EXPECT_FALSE(vi.plan->document.date);
  ASSERT_EQ(vi.findings.size(), 1u);
  EXPECT_EQ(vi.findings[0].rule, "plan-bad-attribute");
}

TEST(Loader, ADuplicateIdIsDroppedNotExpectedTwice) {
  // The second "a" used to become a second expected unit, with an empty id and name.
  auto r = load_plan_from_memory(
      plan_with(
          kUnits + R"(<unit id="a" name="A2"/><group id="b" name="B as a group"/>)",
          kTask +
              R"(<task id="T" from="2024" to="2030"><title>again</title><lead ref="b"/></task>)"),
      "dup.xml");
  ASSERT_TRUE(r.plan);
  const Plan& p = *r.plan;
  EXPECT_EQ(p.units.size(), 2u);
  EXPECT_EQ(p.find_unit("a")->name, "A");  // the first declaration, as every lookup had it
  EXPECT_EQ(p.groups.size(), 1u);          // the group "b" lost to the unit "b"
  EXPECT_EQ(p.tasks.size(), 1u);
  EXPECT_EQ(p.tasks[0].title, "t");
  auto e = compute_expectation(p, *Period::parse("2025"));
  ASSERT_EQ(e.units.size(), 2u);
  for (const auto& eu : e.units) {
    EXPECT_FALSE(eu.unit.empty());
    EXPECT_FALSE(p.display_name(eu.unit).empty());
  }
  EXPECT_EQ(e.tasks, std::vector<std::string>{"T"});
  auto lint = lint_plan(p);
  tt::record_fired(lint);
  EXPECT_EQ(std::count_if(lint.begin(), lint.end(),
                          [](const Finding& f) { return f.rule == "plan-duplicate-id"; }),
            3);
  // A requirement declared twice in a task is judged once.
  auto req = load_plan_from_memory(
      plan_with(kUnits, R"(<task id="T" from="2024" to="2030"><title>t</title><lead ref="a"/>
      <requirement id="r" kind="number">r</requirement><requirement id="r" kind="narrative">r2</requirement></task>)"),
      "dup.xml");
  ASSERT_EQ(req.plan->tasks[0].requirements.size(), 1u);
  EXPECT_EQ(req.plan->tasks[0].requirements[0].kind, RequirementKind::Number);
  EXPECT_TRUE(has(lint_rules(plan_with(
                      kUnits, R"(<task id="T" from="2024" to="2030"><title>t</title><lead ref="a"/>
      <requirement id="r" kind="number">r</requirement><requirement id="r" kind="narrative">r2</requirement></task>)")),
                  "plan-duplicate-id"));
}

TEST(Cycle, TheTwentyNinthOfFebruaryIsTheLastDayOfFebruaryOutsideLeapYears) {
  auto r = load_plan_from_memory(
      plan_with(kUnits, kTask,
                R"(<cycle frequency="annual" first="2024" last="2030" due="02-29"/>)"),
      "leap.xml");
  ASSERT_TRUE(r.plan);
  EXPECT_TRUE(r.findings.empty());
  const Cycle& c = r.plan->cycle;
  // There was no deadline at all in 2025: missing units stayed "not yet due" for ever.
  ASSERT_TRUE(c.due_date(*Period::parse("2025")));
  EXPECT_EQ(c.due_date(*Period::parse("2025"))->iso(), "2025-02-28");
  EXPECT_EQ(c.due_date(*Period::parse("2024"))->iso(), "2024-02-29");
  auto e = compute_expectation(*r.plan, *Period::parse("2025"));
  EXPECT_EQ(timeliness_without_report(e, Date{2025, 3, 1}), Timeliness::Missing);
  auto lint = lint_plan(*r.plan);
  tt::record_fired(lint);
  ASSERT_EQ(lint.size(), 1u);
  EXPECT_EQ(lint[0].rule, "plan-due-leap-day");
  EXPECT_EQ(lint[0].severity, Severity::Warning);
  // Quarterly with a fixed day: Q4 2026's deadline falls in 2027, not a leap year either.
  auto q = load_plan_from_memory(
      plan_with(kUnits, kTask,
                R"(<cycle frequency="quarterly" first="2024" last="2030" due="02-29"/>)"),
      "leap.xml");
  EXPECT_EQ(q.plan->cycle.due_date(*Period::parse("2026-Q4"))->iso(), "2027-02-28");
}

TEST(Loader, AbsurdAttributesAreErrorsNotSilentDefaults) {
  auto cycle = [](const std::string& attrs) {
    return plan_with(kUnits, kTask, "<cycle frequency=\"quarterly\" " + attrs + "/>");
  };
  struct Case {
    std::string xml, rule;
  } cases[] = {
      // A deadline 2,147,483,647 days after the quarter: year 5,881,636.
      {cycle(R"(first="2024" last="2030" due-days-after-end="2147483647")"), "plan-bad-cycle"},
      {cycle(R"(first="2024" last="2030" due-days-after-end="367")"), "plan-bad-cycle"},
      {cycle(R"(first="2024" last="2030" due-days-after-end="30" due="11-05")"), "plan-bad-cycle"},
      {cycle(R"(first="2030" last="2024" due-days-after-end="30")"), "plan-bad-cycle"},
      {cycle(R"(first="2024" last="2030" due-days-after-end="30" due-inclusive="yes")"),
       "plan-bad-attribute"},
      {plan_with(
           R"(<unit id="a" name=""/><unit id="b" name="B"/><group id="g"><member ref="b"/></group>)",
           kTask),
       "plan-bad-attribute"},
      {plan_with(kUnits,
                 R"(<task id="T" from="2024" to="2030"><title> </title><lead ref="a"/></task>)"),
       "plan-bad-attribute"},
      {plan_with(kUnits,
                 R"(<task id="T" from="2030" to="2024"><title>t</title><lead ref="a"/></task>)"),
       "plan-bad-attribute"},
      {plan_with(kUnits, R"(<task id="T" from="2024" to="2030"><title>t</title><lead ref="a"/>
        <requirement id="r" kind="narrative"/></task>)"),
       "plan-bad-attribute"},
      {plan_with(kUnits, R"(<task id="T" from="2024" to="2030"><title>t</title><lead ref="a"/>
        <requirement id="r" kind="narrative" optional="yes">r</requirement></task>)"),
       "plan-bad-attribute"},
      {plan_with(kUnits, R"(<task id="T" from="2024" to="2030"><title>t</title><lead ref="a"/>
        <requirement id="r" kind="narrative" roles="leadership">r</requirement></task>)"),
       "plan-bad-attribute"},
      {plan_with(kUnits, R"(<task id="T" from="2024" to="2030"><title>t</title><lead ref="a"/>
        <requirement id="r" kind="narrative" min-words="1000000">r</requirement></task>)"),
       "plan-bad-attribute"},
      {plan_with(kUnits, R"(<task id="T" from="2024" to="2030"><title>t</title><lead ref="a"/>
        <requirement id="r" kind="percent" target="&gt;=150">r</requirement></task>)"),
       "plan-bad-target"},
      {plan_with(kUnits, R"(<task id="T" from="2024" to="2030"><title>t</title><lead ref="a"/>
        <requirement id="r" kind="number" target="&lt;0">r</requirement></task>)"),
       "plan-bad-target"},
      {plan_with(kUnits, kTask)
           .replace(plan_with(kUnits, kTask).find("<tasks>"), 0,
                    R"(<text><abbreviation short="UBND" long=""/></text>)"),
       "plan-bad-attribute"},
  };
  for (const auto& c : cases) EXPECT_TRUE(has(lint_rules(c.xml), c.rule)) << c.xml;
  // The limits themselves are fine.
  EXPECT_TRUE(lint_rules(cycle(R"(first="2024" last="2030" due-days-after-end="366")")).empty());
  EXPECT_TRUE(lint_rules(plan_with(kUnits, R"(<task id="T" from="2024" to="2030"><title>t</title>
      <lead ref="a"/><requirement id="r" kind="percent" target="&lt;=100" roles="support lead"
      optional="1">r</requirement></task>)"))
                  .empty());
  // An empty abbreviation is not used: it would erase words from every name it matched.
  auto p =
      load_plan_from_memory(plan_with(kUnits, kTask)
                                .replace(plan_with(kUnits, kTask).find("<tasks>"), 0,
                                         R"(<text><abbreviation short="UBND" long=""/></text>)"),
                            "p.xml");
  EXPECT_TRUE(p.plan->abbreviations.empty());
}

// A name or title made only of invisible characters (zero-width space, bidi controls, a BOM,
// a word joiner) shows as nothing: it is empty, reported as such, and the unit is shown by
// its id (letters never read "Kính gửi: ").
TEST(Loader, NamesOfOnlyInvisibleCharactersAreEmpty) {
  const std::string xml = plan_with(
      "<unit id=\"a\" name=\"&#x200B;&#x202E;&#x202C;\" short-name=\"&#xFEFF;\"/>"
      "<unit id=\"b\" name=\"B\" short-name=\"&#x2060;\"><alias>&#x200B;</alias></unit>"
      "<group id=\"g\" name=\"&#x200D;\"><member ref=\"b\"/></group>",
      R"(<task id="T" from="2024" to="2030"><title>&#x200B;</title><lead ref="a"/></task>)");
  EXPECT_TRUE(has(lint_rules(xml), "plan-bad-attribute")) << xml;
  auto r = load_plan_from_memory(xml, "p.xml");
  ASSERT_TRUE(r.plan);
  EXPECT_EQ(r.plan->display_name("a"), "a");
  EXPECT_EQ(r.plan->display_name("b"), "B");
  EXPECT_TRUE(r.plan->units[1].aliases.empty());
  EXPECT_EQ(r.plan->groups[0].name, "");
  EXPECT_EQ(r.plan->tasks[0].title, "");
  // Invisible characters inside a visible name stay: only a name with nothing to show goes.
  auto kept = load_plan_from_memory(plan_with("<unit id=\"a\" name=\"Ph&#x200B;ường 1\"/>", kTask),
                                    "p.xml");
  ASSERT_TRUE(kept.plan);
  EXPECT_EQ(kept.plan->units[0].name, "Ph\u200Bường 1");
}

TEST(Lint, FindingsPointAtTheLine) {
  const std::string xml = plan_with(
      kUnits,
      "\n\n" +
          std::string(
              R"(<task id="T" from="2024" to="2030"><title>t</title><lead ref="zz"/></task>)"));
  auto r = load_plan_from_memory(xml, "f.xml");
  auto f = lint_plan(*r.plan);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].line, 3);
  EXPECT_EQ(f[0].file, "f.xml");
  EXPECT_NE(f[0].message.find("zz"), std::string::npos);
}

TEST(CheckOptions, TypedGettersWithDefaults) {
  auto plan = tt::plan_from(
      plan_with(kUnits, kTask)
          .replace(
              plan_with(kUnits, kTask).find("</plan>"), 7,
              R"(<checks><check plugin="p"><param name="n" value="7"/><param name="bad" value="x"/>
         <param name="on" value="yes"/><param name="list" value="a  b c"/></check>
         <check plugin="p" rule="p-r" severity="info" enabled="false"/></checks></plan>)"));
  CheckOptions o(*plan, "p");
  EXPECT_EQ(o.get_int("n", 1), 7);
  EXPECT_EQ(o.get_int("bad", 1), 1);
  EXPECT_EQ(o.get_int("absent", 3), 3);
  EXPECT_TRUE(o.get_bool("on", false));
  EXPECT_FALSE(o.get_bool("absent", false));
  EXPECT_EQ(o.get_list("list", {}), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(o.get("absent", "d"), "d");
  EXPECT_FALSE(o.rule_enabled("p-r"));
  EXPECT_TRUE(o.rule_enabled("p-other"));
  EXPECT_EQ(o.severity("p-r", Severity::Error), Severity::Info);
  EXPECT_EQ(CheckOptions(*plan, "q").get_int("n", 5), 5);
}
