// Every rule id of the check plugins fires on a small case and stays silent on a clean one.
#include <gtest/gtest.h>

#include <cmath>

#include "support.hpp"

using namespace tuanthu;

namespace {

struct Fixture {
  tt::TempDir dir;
  std::shared_ptr<const Plan> plan = tt::plan_from(tt::small_plan());
  std::vector<std::filesystem::path> files;

  Fixture& add(const std::string& name, const std::string& content) {
    files.push_back(dir.write(name, content));
    return *this;
  }
  std::set<std::string> rules() { return tt::rules_of(tt::run(*plan, files).findings); }
};

std::string with_task_a(const std::string& values) {
  return tt::small_report("a", "2025-11-03", "<task ref=\"T1\">" + values + "</task>");
}

const std::string kGoodA =
    R"(<value ref="ket-qua">Đã tổ chức nhiều hoạt động tuyên truyền cho trẻ em.</value>
  <value ref="so">12</value><value ref="ty-le">100%</value><value ref="ngay">01/06/2025</value>
  <value ref="kh" number="12/KH-LĐTBXH" date="2025-01-10">Kế hoạch năm</value>)";

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  return s.replace(pos, from.size(), to);
}

}  // namespace

TEST(Checks, CleanReportsGiveNoFindings) {
  Fixture f;
  f.add("a.xml", tt::small_report("a")).add("b.xml", tt::small_report("b"));
  auto run = tt::run(*f.plan, f.files);
  for (const auto& x : run.findings) ADD_FAILURE() << x.rule << ": " << x.message;
  EXPECT_EQ(run.status.totals.on_time, 2);
  EXPECT_DOUBLE_EQ(run.status.totals.completeness, 1.0);
  EXPECT_EQ(run.status.find_cell("a", "T1")->state, CellState::Complete);
}

TEST(Checks, SubmissionRules) {
  {
    Fixture f;  // b missing after the deadline, a late
    f.add("a.xml", tt::small_report("a", "2025-11-09"));
    auto r = f.rules();
    EXPECT_TRUE(r.count("submission-missing"));
    EXPECT_TRUE(r.count("submission-late"));
  }
  {
    Fixture f;  // duplicate: the later counts
    f.add("a1.xml", tt::small_report("a", "2025-10-20"))
        .add("a2.xml", tt::small_report("a", "2025-11-01"));
    f.add("b.xml", tt::small_report("b"));
    auto run = tt::run(*f.plan, f.files);
    auto d = tt::with_rule(run.findings, "submission-duplicate");
    ASSERT_EQ(d.size(), 1u);
    EXPECT_NE(d[0].file.str().find("a1.xml"), std::string::npos);
    EXPECT_EQ(run.submissions[*run.status.find_unit("a")->submission].report.file,
              f.files[1].string());
  }
  Fixture f;
  f.add("b.xml", tt::small_report("b"));
  f.add("a.xml", replace(tt::small_report("a"), "plan=\"small\"", "plan=\"other\""));
  f.add("a2.xml", replace(tt::small_report("a"), "period=\"2025\"", "period=\"2024\""));
  f.add("z.xml", tt::small_report("zz"));
  f.add("c.xml", tt::small_report("c"));  // c has no task in 2025
  f.add("n.xml",
        replace(tt::small_report("b"), "unit=\"b\"", "unit-name=\"UBND phuong Thanh Loc\""));
  auto r = f.rules();
  for (const char* rule :
       {"submission-wrong-plan", "submission-wrong-period", "submission-unknown-unit",
        "submission-unexpected-unit", "submission-unit-name-loose", "submission-duplicate"})
    EXPECT_TRUE(r.count(rule)) << rule;
}

TEST(Checks, SubmissionNoDateAndNotYetDue) {
  Fixture f;
  std::string a = replace(tt::small_report("a", ""), " date=\"2025-11-01\"", "");
  f.add("a.xml", a);
  auto run = tt::run(*f.plan, f.files, "2025", "2025-11-01");
  auto r = tt::rules_of(run.findings);
  EXPECT_TRUE(r.count("submission-no-date"));
  EXPECT_TRUE(r.count("submission-not-yet-due"));
  EXPECT_TRUE(r.count("document-date-missing"));
}

TEST(Checks, AReportWithoutAnyDateIsReceivedButNotOnTime) {
  Fixture f;  // neither <received> nor a document date
  f.add("a.xml", replace(tt::small_report("a", ""), " date=\"2025-11-01\"", ""));
  f.add("b.xml", tt::small_report("b"));
  auto run = tt::run(*f.plan, f.files);
  ASSERT_EQ(tt::with_rule(run.findings, "submission-no-date").size(), 1u);
  const UnitStatus* a = run.status.find_unit("a");
  EXPECT_EQ(a->timeliness, Timeliness::Unknown);
  EXPECT_FALSE(a->date);
  EXPECT_EQ(run.status.totals.received, 2);
  EXPECT_EQ(run.status.totals.on_time, 1);
  EXPECT_EQ(run.status.totals.unknown, 1);
  EXPECT_EQ(run.status.totals.late, 0);
  ASSERT_TRUE(a->submission);
  EXPECT_EQ(run.submissions[*a->submission].timeliness, Timeliness::Unknown);
}

// A date cell typed `1` reads 01/01/1900; last year's form keeps last year's date: a document
// date before the period starts never makes a report on time.
TEST(Checks, AnImplausibleDocumentDateIsWarnedAndNotUsedForTimeliness) {
  Fixture f;  // a: no stamp, dated 1900; b: dated 2019 but stamped received in time
  f.add("a.xml",
        replace(tt::small_report("a", ""), " date=\"2025-11-01\"", " date=\"1900-01-01\""));
  f.add("b.xml", replace(tt::small_report("b"), " date=\"2025-11-01\"", " date=\"2019-01-01\""));
  auto run = tt::run(*f.plan, f.files);
  const auto warned = tt::with_rule(run.findings, "submission-date-implausible");
  ASSERT_EQ(warned.size(), 2u);
  for (const auto& w : warned) EXPECT_EQ(w.severity, Severity::Warning);
  std::string all;
  for (const auto& w : warned) all += w.message + "\n";
  EXPECT_NE(all.find("01/01/1900"), std::string::npos) << all;
  EXPECT_NE(all.find("01/01/2019"), std::string::npos) << all;
  EXPECT_NE(all.find("không xác định được đúng hạn"), std::string::npos) << all;
  EXPECT_NE(all.find("theo ngày nhận 03/11/2025"), std::string::npos) << all;
  EXPECT_TRUE(tt::with_rule(run.findings, "submission-no-date").empty());  // said once
  EXPECT_EQ(run.status.find_unit("a")->timeliness, Timeliness::Unknown);
  EXPECT_EQ(run.status.find_unit("b")->timeliness, Timeliness::OnTime);  // by its stamp
  EXPECT_EQ(run.status.totals.on_time, 1);
  EXPECT_EQ(run.status.totals.unknown, 1);

  // Years after the as-of day (a 1904-system workbook, a mistyped year): the same; a date
  // in the next year is only after the as-of day, as before.
  Fixture g;
  g.add("a.xml",
        replace(tt::small_report("a", ""), " date=\"2025-11-01\"", " date=\"2029-11-02\""));
  g.add("b.xml",
        replace(tt::small_report("b", ""), " date=\"2025-11-01\"", " date=\"2026-01-05\""));
  auto later = tt::run(*g.plan, g.files);
  const auto far = tt::with_rule(later.findings, "submission-date-implausible");
  ASSERT_EQ(far.size(), 1u);
  EXPECT_NE(far[0].message.find("02/11/2029"), std::string::npos) << far[0].message;
  EXPECT_NE(far[0].message.find("1904"), std::string::npos) << far[0].message;
  EXPECT_EQ(later.status.find_unit("a")->timeliness, Timeliness::Unknown);
  EXPECT_EQ(tt::with_rule(later.findings, "submission-after-as-of").size(), 1u);  // b
}

TEST(Checks, UnitIdAndUnitNameMustAgree) {
  const std::string name_of_b = "unit-name=\"UBND phường Thạnh Lộc\"";
  struct Case {
    std::string attrs;
    UnitMatchKind match;
    std::string credited, rule;
  } cases[] = {
      // The id of a, the name of b: nobody is credited, and the report says why.
      {"unit=\"a\" " + name_of_b, UnitMatchKind::IdNameConflict, "", "submission-unit-conflict"},
      // Both name b: credited to b, nothing to say.
      {"unit=\"b\" " + name_of_b, UnitMatchKind::ById, "b", ""},
      // The name without diacritics, agreeing with the id: the id settles it.
      {"unit=\"b\" unit-name=\"UBND phuong Thanh Loc\"", UnitMatchKind::ById, "b", ""},
      // A name that is no unit of the plan: credited by id, with a warning.
      {"unit=\"b\" unit-name=\"UBND phường Thạnh Mỹ Lợi\"", UnitMatchKind::ByIdNameUnmatched, "b",
       "submission-unit-name-unmatched"},
  };
  for (const auto& c : cases) {
    Fixture f;
    f.add("x.xml", replace(tt::small_report("b"), "unit=\"b\"", c.attrs));
    auto run = tt::run(*f.plan, f.files);
    ASSERT_EQ(run.submissions.size(), 1u);
    const Submission& s = run.submissions[0];
    EXPECT_EQ(s.match, c.match) << c.attrs;
    EXPECT_EQ(s.unit_id, c.credited) << c.attrs;
    EXPECT_EQ(run.status.find_unit("b")->submission.has_value(), !c.credited.empty()) << c.attrs;
    EXPECT_FALSE(run.status.find_unit("a")->submission) << c.attrs;
    for (const char* r : {"submission-unit-conflict", "submission-unit-name-unmatched"})
      EXPECT_EQ(tt::with_rule(run.findings, r).size(), c.rule == r ? 1u : 0u) << c.attrs << r;
  }
  Fixture f;
  f.add("x.xml", replace(tt::small_report("b"), "unit=\"b\"", "unit=\"a\" " + name_of_b));
  auto conflict = tt::with_rule(tt::run(*f.plan, f.files).findings, "submission-unit-conflict");
  ASSERT_EQ(conflict.size(), 1u);
  EXPECT_EQ(conflict[0].severity, Severity::Error);
  EXPECT_NE(conflict[0].message.find("(a)"), std::string::npos);
  EXPECT_NE(conflict[0].message.find("(b)"), std::string::npos);
}

TEST(Checks, APlanWithoutADeadlineSaysSoInsteadOfWaitingForever) {
  // A cycle whose due day cannot be read still loads (with plan-bad-cycle); `check` must not
  // then call every missing report "not yet due" and every report "on time".
  auto loaded = load_plan_from_memory(replace(tt::small_plan(), "due=\"11-05\"", "due=\"11/05\""),
                                      "plan.xml");
  ASSERT_TRUE(loaded.plan);
  tt::TempDir dir;
  auto a = dir.write("a.xml", tt::small_report("a"));
  auto run = tt::run(*loaded.plan, {a});
  EXPECT_EQ(tt::with_rule(run.findings, "submission-no-deadline").size(), 1u);
  EXPECT_EQ(run.status.find_unit("b")->timeliness, Timeliness::Missing);
  EXPECT_EQ(run.status.find_unit("a")->timeliness, Timeliness::Unknown);
  EXPECT_EQ(run.status.totals.on_time, 0);
  EXPECT_EQ(run.status.totals.not_yet_due, 0);
}

TEST(Status, ACopiedRunOutlivesTheOriginal) {
  Fixture f;
  f.add("a.xml", tt::small_report("a")).add("b.xml", tt::small_report("b"));
  auto original = std::make_unique<CheckRun>(tt::run(*f.plan, f.files));
  const CheckRun copy = *original;
  original.reset();  // a pointer into the original's submissions would dangle now
  const UnitStatus* a = copy.status.find_unit("a");
  ASSERT_TRUE(a->submission);
  EXPECT_EQ(copy.submissions.at(*a->submission).report.file, f.files[0].string());
}

TEST(Checks, AmbiguousUnitNameCreditsNobody) {
  tt::TempDir dir;
  auto plan = tt::plan_from(replace(
      tt::small_plan(), R"(<group id="g")",
      R"(<unit id="d" name="Phường Tân Thời"/><unit id="e" name="Phường Tân Thới"/><group id="g")"));
  auto file =
      dir.write("x.xml", replace(tt::small_report("b"), "unit=\"b\"", "unit-name=\"P. Tan Thoi\""));
  auto run = tt::run(*plan, {file});
  auto amb = tt::with_rule(run.findings, "submission-unit-ambiguous");
  ASSERT_EQ(amb.size(), 1u);
  EXPECT_NE(amb[0].message.find("(d)"), std::string::npos);
  EXPECT_NE(amb[0].message.find("(e)"), std::string::npos);
  EXPECT_EQ(run.submissions[0].disposition, Disposition::UnknownUnit);
}

TEST(Checks, CoverageRules) {
  Fixture f;
  f.add("a.xml",
        tt::small_report("a", "2025-11-03", R"(<task ref="T2"><value ref="ket-qua">x</value></task>
      <task ref="T9"/>)"));
  f.add(
      "b.xml",
      tt::small_report(
          "b", "2025-11-03",
          R"(<task ref="T1"><value ref="ket-qua">Phường đã phối hợp tuyên truyền tại các khu phố.</value></task>
      <task ref="T1"/>)"));
  auto run = tt::run(*f.plan, f.files);
  auto r = tt::rules_of(run.findings);
  for (const char* rule : {"coverage-missing-task", "coverage-unassigned-task",
                           "coverage-unknown-task", "coverage-duplicate-task"})
    EXPECT_TRUE(r.count(rule)) << rule;
  EXPECT_EQ(run.status.find_cell("a", "T1")->state, CellState::Missing);
  EXPECT_DOUBLE_EQ(run.status.find_unit("a")->completeness, 0.0);
}

TEST(Checks, RequirementRules) {
  struct Case {
    std::string from, to, rule;
  } cases[] = {
      {"<value ref=\"so\">12</value>", "", "requirement-missing"},
      {"<value ref=\"so\">12</value>", "<value ref=\"so\"> </value>", "requirement-missing"},
      {"Đã tổ chức nhiều hoạt động tuyên truyền cho trẻ em.", "Đang cập nhật",
       "requirement-placeholder"},
      {"<value ref=\"so\">12</value>", "<value ref=\"so\">…</value>", "requirement-placeholder"},
      {"Đã tổ chức nhiều hoạt động tuyên truyền cho trẻ em.", "Đã tổ chức.",
       "requirement-too-short"},
      {"<value ref=\"so\">12</value>", "<value ref=\"so\">mười hai</value>",
       "requirement-not-a-number"},
      {"<value ref=\"so\">12</value>", "<value ref=\"so\">-3</value>", "requirement-negative"},
      {"100%", "120%", "requirement-percent-range"},
      {"100%", "97%", "requirement-target-missed"},
      {"01/06/2025", "31/06/2025", "requirement-bad-date"},
      {"number=\"12/KH-LĐTBXH\" ", "", "requirement-document-incomplete"},
      {"date=\"2025-01-10\"", "date=\"2025-02-30\"", "requirement-bad-date"},
      {"<value ref=\"so\">12</value>", "<value ref=\"so\">12</value><value ref=\"khac\">1</value>",
       "requirement-unknown-value"},
      {"<value ref=\"so\">12</value>", "<value ref=\"so\">1" + std::string(70, '0') + "</value>",
       "requirement-too-large"},
      {"<value ref=\"so\">12</value>", "<value ref=\"so\">12</value><value ref=\"so\">15</value>",
       "requirement-conflicting-values"},
  };
  for (const auto& c : cases) {
    Fixture f;
    f.add("a.xml", with_task_a(replace(kGoodA, c.from, c.to))).add("b.xml", tt::small_report("b"));
    auto run = tt::run(*f.plan, f.files);
    auto hits = tt::with_rule(run.findings, c.rule);
    ASSERT_FALSE(hits.empty()) << c.rule << " for " << c.to;
    EXPECT_EQ(hits[0].unit, "a");
    EXPECT_EQ(hits[0].task, "T1");
    EXPECT_GT(hits[0].line, 0) << c.rule;
    if (c.rule != "requirement-unknown-value") {
      EXPECT_LT(run.status.find_unit("a")->completeness, 1.0) << c.rule;
    }
  }
  {  // a referenced document written as people write it: credited, no attributes needed
    Fixture f;
    f.add("a.xml",
          with_task_a(replace(
              kGoodA,
              R"(<value ref="kh" number="12/KH-LĐTBXH" date="2025-01-10">Kế hoạch năm</value>)",
              R"(<value ref="kh">Kế hoạch số 861/KH-UBND ngày 15/01/2025</value>)")))
        .add("b.xml", tt::small_report("b"));
    auto run = tt::run(*f.plan, f.files);
    EXPECT_TRUE(tt::with_rule(run.findings, "requirement-document-incomplete").empty());
    EXPECT_DOUBLE_EQ(run.status.find_unit("a")->completeness, 1.0);
  }
  {  // what cannot be read is the finding, quoting the text; an attribute still wins
    Fixture f;
    f.add("a.xml", with_task_a(replace(kGoodA, R"(number="12/KH-LĐTBXH" )", "")))
        .add("b.xml", tt::small_report("b"));
    auto inc = tt::with_rule(tt::run(*f.plan, f.files).findings, "requirement-document-incomplete");
    ASSERT_EQ(inc.size(), 1u);
    EXPECT_NE(inc[0].message.find("\"Kế hoạch năm\" thiếu số/ký hiệu"), std::string::npos)
        << inc[0].message;
    Fixture g;
    g.add("a.xml",
          with_task_a(replace(kGoodA, "Kế hoạch năm", "Kế hoạch số 99/KH-X ngày 31/12/2024")))
        .add("b.xml", tt::small_report("b"));
    auto run = tt::run(*g.plan, g.files);
    EXPECT_TRUE(tt::with_rule(run.findings, "requirement-document-incomplete").empty());
  }
  Fixture f;  // the target message quotes value and target
  f.add("a.xml", with_task_a(replace(kGoodA, "100%", "97,5%"))).add("b.xml", tt::small_report("b"));
  auto miss = tt::with_rule(tt::run(*f.plan, f.files).findings, "requirement-target-missed");
  ASSERT_EQ(miss.size(), 1u);
  EXPECT_NE(miss[0].message.find("97,5%"), std::string::npos);
  EXPECT_NE(miss[0].message.find(">= 100%"), std::string::npos);
}

TEST(Checks, DocumentFormRules) {
  auto report = tt::small_report("a");
  struct Case {
    std::string from, to, rule;
  } cases[] = {
      {"number=\"245/BC-UBND\"", "number=\"\"", "document-number-missing"},
      {"number=\"245/BC-UBND\"", "number=\"245-BC-UBND\"", "document-number-malformed"},
      {"number=\"245/BC-UBND\"", "number=\"245/UBND-BC\"", "document-number-malformed"},
      {"number=\"245/BC-UBND\"", "number=\"245/bc-ubnd\"", "document-number-malformed"},
      {"date=\"2025-11-01\"", "date=\"\"", "document-date-missing"},
      {"date=\"2025-11-01\"", "date=\"2025-11-04\"", "document-date-after-received"},
      {"<issuer>Cơ quan</issuer>", "", "document-issuer-missing"},
      {" signer=\"Nguyễn Văn A\"", "", "document-signer-missing"},
  };
  for (const auto& c : cases) {
    Fixture f;
    f.add("a.xml", replace(report, c.from, c.to)).add("b.xml", tt::small_report("b"));
    EXPECT_TRUE(f.rules().count(c.rule)) << c.rule;
  }
  Fixture f;
  const auto pos = report.find("<document");
  const auto end = report.find("</document>") + std::string("</document>").size();
  f.add("a.xml", report.substr(0, pos) + report.substr(end)).add("b.xml", tt::small_report("b"));
  EXPECT_TRUE(f.rules().count("document-missing"));
  // Well-formed numbers with Đ and several issuer codes pass.
  Fixture g;
  g.add("a.xml", replace(report, "245/BC-UBND", "12/BC-LĐTBXH"))
      .add("b.xml", replace(tt::small_report("b"), "245/BC-UBND", "07/BC-UBND-VX"));
  EXPECT_FALSE(g.rules().count("document-number-malformed"));
}

TEST(Checks, PlanCanDisableARuleAndChangeItsSeverity) {
  tt::TempDir dir;
  auto plan = tt::plan_from(replace(
      tt::small_plan(), "</tasks>",
      R"(</tasks><checks><check plugin="document-form" rule="document-signer-missing" enabled="false"/>
      <check plugin="requirements" rule="requirement-target-missed" severity="error"/></checks>)"));
  auto a = dir.write("a.xml", replace(with_task_a(replace(kGoodA, "100%", "90%")),
                                      " signer=\"Nguyễn Văn A\"", ""));
  auto b = dir.write("b.xml", tt::small_report("b"));
  auto run = tt::run(*plan, {a, b});
  EXPECT_TRUE(tt::with_rule(run.findings, "document-signer-missing").empty());
  auto miss = tt::with_rule(run.findings, "requirement-target-missed");
  ASSERT_EQ(miss.size(), 1u);
  EXPECT_EQ(miss[0].severity, Severity::Error);
}

TEST(Checks, ReaderAttributeAndDateRules) {
  Fixture f;
  f.add("a.xml", replace(tt::small_report("a"), " period=\"2025\"", ""));
  f.add("b.xml",
        replace(replace(tt::small_report("b"), "date=\"2025-11-01\"", "date=\"31/02/2025\""),
                "<received date=\"2025-11-03\"/>", "<received date=\"hôm qua\"/>"));
  auto run = tt::run(*f.plan, f.files);
  auto attr = tt::with_rule(run.findings, "report-bad-attribute");
  ASSERT_EQ(attr.size(), 1u);
  EXPECT_NE(attr[0].message.find("period"), std::string::npos);
  EXPECT_EQ(tt::with_rule(run.findings, "report-bad-date").size(), 2u);
  // Dates in dd/mm/yyyy and Vietnamese words are read.
  Fixture g;
  g.add("a.xml", replace(replace(tt::small_report("a"), "date=\"2025-11-01\"",
                                 "date=\"ngày 01 tháng 11 năm 2025\""),
                         "<received date=\"2025-11-03\"/>", "<received date=\"03/11/2025\"/>"));
  auto ok = tt::run(*g.plan, g.files);
  EXPECT_TRUE(tt::with_rule(ok.findings, "report-bad-date").empty());
  EXPECT_EQ(ok.status.find_unit("a")->date->iso(), "2025-11-03");
}

TEST(Checks, ThreeCopiesOfATaskAreTwoExtraCopies) {
  Fixture f;
  const std::string section = R"(<task ref="T1">
    <value ref="ket-qua">Phường đã phối hợp tuyên truyền tại các khu phố.</value></task>)";
  f.add("b.xml", tt::small_report("b", "2025-11-03", section + section + section));
  auto run = tt::run(*f.plan, f.files);
  auto dup = tt::with_rule(run.findings, "coverage-duplicate-task");
  ASSERT_EQ(dup.size(), 2u);  // one per extra copy, not one per pair (three)
  EXPECT_NE(dup[0].line, dup[1].line);
  // Identical copies say one thing: the cell is complete.
  EXPECT_EQ(run.status.find_cell("b", "T1")->state, CellState::Complete);
}

TEST(Checks, ARequirementAnsweredTwice) {
  // Different figures: neither is used, and the report says which two.
  Fixture f;
  f.add("a.xml",
        with_task_a(replace(kGoodA, "<value ref=\"so\">12</value>",
                            "<value ref=\"so\">12</value>\n<value ref=\"so\">15</value>")));
  auto run = tt::run(*f.plan, f.files);
  auto c = tt::with_rule(run.findings, "requirement-conflicting-values");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].requirement, "so");
  EXPECT_NE(c[0].message.find("\"12\""), std::string::npos);
  EXPECT_NE(c[0].message.find("\"15\""), std::string::npos);
  for (const auto& iv : run.status.indicators) EXPECT_NE(iv.requirement(), "so");
  EXPECT_LT(run.status.find_unit("a")->completeness, 1.0);
  // The same figure twice, however written: no finding, used once.
  Fixture g;
  g.add("a.xml",
        with_task_a(replace(kGoodA, "<value ref=\"so\">12</value>",
                            "<value ref=\"so\">1.200</value><value ref=\"so\">1200</value>")));
  auto same = tt::run(*g.plan, g.files);
  EXPECT_TRUE(tt::with_rule(same.findings, "requirement-conflicting-values").empty());
  const IndicatorTotal* so = nullptr;
  for (const auto& t : same.status.indicator_totals)
    if (t.requirement == "so") so = &t;
  ASSERT_TRUE(so);
  ASSERT_TRUE(so->value);
  EXPECT_DOUBLE_EQ(*so->value, 1200);
  EXPECT_DOUBLE_EQ(same.status.find_unit("a")->completeness, 1.0);
  // A document is its number and date: another number conflicts, another description does not.
  const std::string doc =
      R"(<value ref="kh" number="12/KH-LĐTBXH" date="2025-01-10">Kế hoạch năm</value>)";
  Fixture other;
  other.add(
      "a.xml",
      with_task_a(replace(
          kGoodA, doc,
          doc + R"(<value ref="kh" number="13/KH-LĐTBXH" date="10/01/2025">Kế hoạch</value>)")));
  auto o =
      tt::with_rule(tt::run(*other.plan, other.files).findings, "requirement-conflicting-values");
  ASSERT_EQ(o.size(), 1u);
  EXPECT_NE(o[0].message.find("\"12/KH-LĐTBXH\""), std::string::npos) << o[0].message;
  EXPECT_NE(o[0].message.find("\"13/KH-LĐTBXH\""), std::string::npos) << o[0].message;
  Fixture described;
  described.add(
      "a.xml",
      with_task_a(replace(
          kGoodA, doc,
          doc +
              R"(<value ref="kh" number="12/KH-LĐTBXH" date="10/01/2025">Kế hoạch thực hiện năm 2025</value>)")));
  EXPECT_TRUE(tt::with_rule(tt::run(*described.plan, described.files).findings,
                            "requirement-conflicting-values")
                  .empty());
  // A figure in a repeated section is read too: it cannot hide behind the first copy.
  Fixture h;
  h.add("a.xml",
        tt::small_report("a", "2025-11-03",
                         "<task ref=\"T1\">" + kGoodA +
                             "</task><task ref=\"T1\"><value ref=\"so\">99</value></task>"));
  EXPECT_EQ(
      tt::with_rule(tt::run(*h.plan, h.files).findings, "requirement-conflicting-values").size(),
      1u);
}

// Figures that read well but were probably not meant are warned, quoted, and still used.
TEST(Checks, DoubtfulFiguresAreWarnedAndStillAccepted) {
  struct Case {
    std::string from, to, rule, as_written;  // rule empty: no doubt
  } cases[] = {
      {"<value ref=\"so\">12</value>", "<value ref=\"so\">1,234</value>",
       "requirement-fractional-count", "1,234"},
      {"<value ref=\"so\">12</value>", "<value ref=\"so\">83,5</value>",
       "requirement-fractional-count", "83,5"},
      {"<value ref=\"so\">12</value>", "<value ref=\"so\">1.234</value>", "", ""},
      {"100%", "0,996", "requirement-percent-as-fraction", "0,996"},
      {"100%", "1", "requirement-percent-as-fraction", "1"},
      {"100%", "0,996%", "", ""},  // a % sign says what was meant
      {"100%", "99,6", "", ""},
      {"100%", "0", "", ""},
  };
  for (const auto& c : cases) {
    Fixture f;
    f.add("a.xml", with_task_a(replace(kGoodA, c.from, c.to))).add("b.xml", tt::small_report("b"));
    auto run = tt::run(*f.plan, f.files);
    for (const char* rule : {"requirement-fractional-count", "requirement-percent-as-fraction"}) {
      const auto hits = tt::with_rule(run.findings, rule);
      if (rule != c.rule) {
        EXPECT_TRUE(hits.empty()) << rule << " for " << c.to;
        continue;
      }
      ASSERT_EQ(hits.size(), 1u) << rule << " for " << c.to;
      EXPECT_EQ(hits[0].severity, Severity::Warning);
      EXPECT_EQ(hits[0].unit, "a");
      EXPECT_NE(hits[0].message.find("\"" + c.as_written + "\""), std::string::npos)
          << hits[0].message;
    }
    // Still accepted: the value is judged as any figure (a rate of 0,996% misses >= 100).
    for (const JudgedValue& v : run.submissions[0].values) {
      if (v.requirement() == "so" || v.requirement() == "ty-le") {
        EXPECT_TRUE(accepted(v.state)) << c.to;
      }
    }
  }
  {
    Fixture f;
    f.add("a.xml", with_task_a(replace(kGoodA, "100%", "0,996")))
        .add("b.xml", tt::small_report("b"));
    const auto hits =
        tt::with_rule(tt::run(*f.plan, f.files).findings, "requirement-percent-as-fraction");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_NE(hits[0].message.find("(0,996 = 99,6%)"), std::string::npos) << hits[0].message;
  }
  {  // a plan marks a figure that may have a fraction
    Fixture f;
    f.plan = tt::plan_from(replace(tt::small_plan(), "id=\"so\" kind=\"number\"",
                                   "id=\"so\" kind=\"number\" decimal=\"true\""));
    f.add("a.xml", with_task_a(replace(kGoodA, "<value ref=\"so\">12</value>",
                                       "<value ref=\"so\">83,5</value>")));
    EXPECT_FALSE(f.rules().count("requirement-fractional-count"));
  }
}

TEST(Status, RejectedValuesAreUsedNowhere) {
  // 9.950% is nine thousand nine hundred fifty per cent in Vietnamese style; -3 sessions and a
  // 71-digit count are no figures either. None may reach an indicator or a total.
  tt::TempDir dir;
  auto plan = tt::plan_from(replace(tt::small_plan(), R"(<lead ref="a"/><support ref="g"/>)",
                                    R"(<lead ref="a"/><lead ref="g"/>)"));
  auto a = dir.write("a.xml", with_task_a(replace(replace(kGoodA, "100%", "9.950%"),
                                                  "<value ref=\"so\">12</value>",
                                                  "<value ref=\"so\">-3</value>")));
  auto b = dir.write(
      "b.xml",
      tt::small_report("b", "2025-11-03",
                       "<task ref=\"T1\">" +
                           replace(replace(kGoodA, "100%", "98%"), "<value ref=\"so\">12</value>",
                                   "<value ref=\"so\">1" + std::string(70, '0') + "</value>") +
                           "</task>"));
  auto run = tt::run(*plan, {a, b});
  for (const char* rule :
       {"requirement-percent-range", "requirement-negative", "requirement-too-large"})
    EXPECT_EQ(tt::with_rule(run.findings, rule).size(), 1u) << rule;
  for (const auto& iv : run.status.indicators) {
    EXPECT_TRUE(iv.unit() == "b" && iv.requirement() == "ty-le")
        << iv.unit() << " " << iv.requirement();
    EXPECT_TRUE(std::isfinite(iv.value));
  }
  ASSERT_EQ(run.status.indicator_totals.size(), 1u);
  ASSERT_TRUE(run.status.indicator_totals[0].value);
  EXPECT_DOUBLE_EQ(*run.status.indicator_totals[0].value, 98);  // not (9950 + 98) / 2
  // The percent message shows the figure as read, Vietnamese style, and no "inf" anywhere.
  auto range = tt::with_rule(run.findings, "requirement-percent-range");
  EXPECT_NE(range[0].message.find("9.950%"), std::string::npos) << range[0].message;
  for (const auto& x : run.findings) EXPECT_EQ(x.message.find("inf"), std::string::npos);
  EXPECT_LT(run.status.find_unit("a")->completeness, 1.0);
  EXPECT_LT(run.status.find_unit("b")->completeness, 1.0);
}

TEST(Status, CompletenessDoesNotDependOnWhichChecksAreLoaded) {
  Fixture f;
  f.add("a.xml", with_task_a(replace(kGoodA, "100%", "120%"))).add("b.xml", tt::small_report("b"));
  const auto all = tt::run(*f.plan, f.files);
  PluginRegistry only_reader;
  ASSERT_FALSE(
      only_reader.load_file(std::filesystem::path(TUANTHU_PLUGIN_DIR) / "tuanthu-xml-report.so"));
  CheckRunOptions o;
  o.period = *Period::parse("2025");
  o.as_of = Date{2025, 11, 20};
  o.inputs = f.files;
  const auto bare = run_check(*f.plan, only_reader, o);
  EXPECT_TRUE(tt::with_rule(bare.findings, "requirement-percent-range").empty());
  for (const char* u : {"a", "b"}) {
    EXPECT_EQ(bare.status.find_unit(u)->requirements_met, all.status.find_unit(u)->requirements_met)
        << u;
    EXPECT_DOUBLE_EQ(bare.status.find_unit(u)->completeness, all.status.find_unit(u)->completeness)
        << u;
  }
  EXPECT_LT(bare.status.find_unit("a")->completeness, 1.0);
  EXPECT_EQ(bare.status.indicators.size(), all.status.indicators.size());
}

TEST(Status, IndicatorsCountOnlyFiguresTheUnitOwes) {
  Fixture f;
  f.add("a.xml", tt::small_report("a"));
  // b supports T1: "so" is asked of leads only, so b's figure is not added to the total.
  f.add("b.xml", tt::small_report("b", "2025-11-03", R"(<task ref="T1">
    <value ref="ket-qua">Phường đã phối hợp tuyên truyền tại các khu phố.</value><value ref="so">500</value></task>)"));
  auto run = tt::run(*f.plan, f.files);
  double total = 0;
  for (const auto& iv : run.status.indicators)
    if (iv.requirement() == "so") total += iv.value;
  EXPECT_DOUBLE_EQ(total, 12);
  const IndicatorTotal* so = nullptr;
  for (const auto& t : run.status.indicator_totals)
    if (t.requirement == "so") so = &t;
  ASSERT_TRUE(so);
  ASSERT_TRUE(so->value);
  EXPECT_DOUBLE_EQ(*so->value, 12);
  EXPECT_EQ(so->values.size(), 1u);
  EXPECT_EQ(run.status.find_cell("b", "T1")->state, CellState::Complete);
}

// Issue 13, "done when": another province's plan that declares no <text>, and reports written
// the way people write them, are credited without a false error.
TEST(Checks, AnotherProvincesPlanWithoutAbbreviationsCreditsNaturalInput) {
  auto plan = tt::plan_from(R"(<plan xmlns="urn:tuanthu:plan:1" id="kt" version="1"><units>
      <unit id="dak-glei" name="Ủy ban nhân dân huyện Đắk Glei"/>
      <unit id="kon-tum" name="Ủy ban nhân dân thành phố Kon Tum"/></units>
      <reporting><cycle frequency="annual" first="2024" last="2030" due="11-05"/></reporting>
      <tasks><task id="1" from="2024" to="2030"><title>Kế hoạch triển khai</title>
        <lead ref="dak-glei"/><lead ref="kon-tum"/>
        <requirement id="ke-hoach" kind="document">Kế hoạch triển khai của đơn vị</requirement>
      </task></tasks></plan>)");
  tt::TempDir dir;
  auto report = [](const std::string& name, const std::string& value) {
    return R"(<report xmlns="urn:tuanthu:report:1" plan="kt" period="2025" unit-name=")" + name +
           R"("><document kind="BC" number="15/BC-UBND" date="2025-11-01" signer="A"><issuer>B</issuer></document>
           <task ref="1"><value ref="ke-hoach">)" +
           value + "</value></task></report>";
  };
  auto run = tt::run(
      *plan,
      {dir.write("dak-glei.xml",
                 report("UBND huyện Đắk Glei", "Kế hoạch số 861/KH-UBND ngày 15/01/2025")),
       dir.write("kon-tum.xml",
                 report("UBND TP. Kon Tum", "Kế hoạch số 12/KH-UBND ngày 03 tháng 02 năm 2025"))});
  for (const auto& f : run.findings) ADD_FAILURE() << f.rule << ": " << f.message;
  ASSERT_EQ(run.submissions.size(), 2u);
  EXPECT_EQ(run.submissions[0].unit_id, "dak-glei");
  EXPECT_EQ(run.submissions[1].unit_id, "kon-tum");
  EXPECT_EQ(run.status.totals.on_time, 2);
}

// A judged value is held by the million: 48 bytes, its figure and a narrative's word counts
// sharing one place, each setter replacing the other; a default one names no task.
TEST(JudgedValue, FigureAndWordCountsShareOnePlace) {
  static_assert(sizeof(JudgedValue) <= 48);
  JudgedValue v;
  EXPECT_EQ(v.task(), "");
  EXPECT_EQ(v.requirement(), "");
  EXPECT_FALSE(v.figure().has_value());
  EXPECT_EQ(v.words(), 0);
  v.set_words(7, 20);
  EXPECT_EQ(v.words(), 7);
  EXPECT_EQ(v.min_words(), 20);
  EXPECT_FALSE(v.figure().has_value());
  v.set_figure(98.5);
  EXPECT_EQ(v.figure(), 98.5);
  EXPECT_EQ(v.words(), 0);
  EXPECT_EQ(v.min_words(), 0);
  v.set_words(3, 5);
  EXPECT_FALSE(v.figure().has_value());
  EXPECT_EQ(v.words(), 3);
}
