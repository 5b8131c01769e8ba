// How figures become the district's: `aggregate` on a requirement (sum, mean, lead, none),
// rejected figures kept out of every total, and the status model's totals per kind of unit.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support.hpp"
#include "tuanthu/status.hpp"
#include "xlsx_reader.hpp"

using namespace tuanthu;

namespace {

// Units a and b lead T1 (a first: the principal lead), c supports it; every figure is asked
// of both roles so that a supporting unit's figure is there to be shown and not added.
// Kinds: a "phòng, ban"; b and c "phường"; d has none and leads T2.
std::string plan_xml(const std::string& aggregates) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<plan xmlns="urn:tuanthu:plan:1" id="agg" version="1">
  <units>
    <unit id="a" name="Phòng Lao động - Thương binh và Xã hội" kind="phòng, ban"/>
    <unit id="b" name="Ủy ban nhân dân phường Thạnh Lộc" kind="phường"/>
    <unit id="c" name="Ủy ban nhân dân phường Tân Thới Nhất" kind="phường"/>
    <unit id="d" name="Hội Liên hiệp Phụ nữ quận 12"/>
  </units>
  <reporting><cycle frequency="annual" first="2024" last="2030" due="11-05" to="a"/></reporting>
  <tasks>
    <task id="T1" from="2024" to="2030">
      <title>Nhiệm vụ một</title>
      <lead ref="a"/><lead ref="b"/><support ref="c"/>
      )" +
         aggregates + R"(
    </task>
    <task id="T2" from="2024" to="2030">
      <title>Nhiệm vụ hai</title>
      <lead ref="d"/>
      <requirement id="ket-qua" kind="narrative">Kết quả</requirement>
    </task>
  </tasks>
</plan>
)";
}

const std::string kFigures =
    R"(<requirement id="so" kind="number" measure="buổi" target="&gt;=10">Số buổi</requirement>
      <requirement id="ty-le" kind="percent" target="&gt;=90">Tỷ lệ</requirement>
      <requirement id="so-lead" kind="number" aggregate="lead" target="&gt;=10">Số của quận</requirement>
      <requirement id="ty-le-lead" kind="percent" aggregate="lead">Tỷ lệ của quận</requirement>
      <requirement id="so-none" kind="number" aggregate="none" target="&gt;=10">Số không cộng</requirement>
      <requirement id="so-mean" kind="number" aggregate="mean">Số bình quân</requirement>)";

std::string report(const std::string& unit, const std::string& values,
                   const std::string& received = "2025-11-03") {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<report xmlns="urn:tuanthu:report:1" plan="agg" period="2025" unit=")" +
         unit + R"(">
  <document kind="BC" number="1/BC-X" date="2025-11-01"><issuer>Đơn vị</issuer></document>
  <received date=")" +
         received + R"("/>
  <task ref="T1">)" +
         values + R"(</task>
</report>
)";
}

std::string values(const std::string& so, const std::string& ty_le, const std::string& so_lead,
                   const std::string& ty_le_lead, const std::string& so_none,
                   const std::string& so_mean) {
  return "<value ref=\"so\">" + so + "</value><value ref=\"ty-le\">" + ty_le +
         "</value><value ref=\"so-lead\">" + so_lead + "</value><value ref=\"ty-le-lead\">" +
         ty_le_lead + "</value><value ref=\"so-none\">" + so_none +
         "</value><value ref=\"so-mean\">" + so_mean + "</value>";
}

std::string replace_first(std::string s, const std::string& from, const std::string& to) {
  const auto pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  return pos == std::string::npos ? s : s.replace(pos, from.size(), to);
}

// `check` of the reports in dir/in/, writing `out` (the writer chosen by its extension).
tt::CliResult check_into(const tt::TempDir& dir, const std::filesystem::path& plan,
                         const std::filesystem::path& out) {
  return tt::cli({"check", "--plan", plan.string(), "--period", "2025", "--as-of", "2025-11-20",
                  "--out", out.string(), (dir.path() / "in").string()});
}

const IndicatorTotal& total(const StatusModel& st, const std::string& requirement) {
  for (const auto& t : st.indicator_totals)
    if (t.requirement == requirement) return t;
  ADD_FAILURE() << "no total for " << requirement;
  static const IndicatorTotal none;
  return none;
}

}  // namespace

TEST(Aggregate, EachKindConsolidatesAsDeclared) {
  tt::TempDir dir;
  auto plan = tt::plan_from(plan_xml(kFigures));
  auto run = tt::run(
      *plan, {dir.write("a.xml", report("a", values("12", "95%", "40", "80%", "12", "4"))),
              dir.write("b.xml", report("b", values("3", "85%", "35", "70%", "3", "8"))),
              dir.write("c.xml", report("c", values("5", "100%", "30", "60%", "20", "6")))});
  const StatusModel& st = run.status;
  const auto& sum = total(st, "so");
  EXPECT_EQ(sum.aggregate, Aggregate::Sum);
  EXPECT_EQ(sum.values.size(), 3u);
  EXPECT_EQ(sum.value, std::optional<double>(20));
  EXPECT_EQ(sum.units_met, 1);  // only a's 12 meets >= 10 on its own
  // The target is each unit's: a sum of 20 does not meet ">= 10" while b and c miss it.
  EXPECT_EQ(sum.met, std::optional<bool>(false));

  const auto& mean = total(st, "ty-le");
  EXPECT_EQ(mean.aggregate, Aggregate::Mean);  // the default for percents
  ASSERT_TRUE(mean.value);
  EXPECT_NEAR(*mean.value, (95.0 + 85 + 100) / 3, 1e-12);
  EXPECT_EQ(mean.units_met, 2);
  EXPECT_EQ(mean.met, std::optional<bool>(true));

  const auto& mean_number = total(st, "so-mean");
  EXPECT_EQ(mean_number.aggregate, Aggregate::Mean);
  EXPECT_EQ(mean_number.value, std::optional<double>(6));

  // The principal lead's figure is the district's: not 40 + 35 + 30, not their mean.
  const auto& lead = total(st, "so-lead");
  EXPECT_EQ(lead.aggregate, Aggregate::Lead);
  EXPECT_EQ(lead.lead, "a");
  EXPECT_EQ(lead.values.size(), 3u);  // the others are shown
  EXPECT_EQ(lead.value, std::optional<double>(40));
  EXPECT_EQ(lead.units_met, 3);
  EXPECT_EQ(lead.met, std::optional<bool>(true));
  const auto& lead_pct = total(st, "ty-le-lead");
  EXPECT_EQ(lead_pct.value, std::optional<double>(80));
  EXPECT_EQ(lead_pct.met, std::optional<bool>(true));  // no target

  // none: every figure shown, no district figure and no judgement of one.
  const auto& none = total(st, "so-none");
  EXPECT_EQ(none.aggregate, Aggregate::None);
  EXPECT_EQ(none.values.size(), 3u);
  EXPECT_FALSE(none.value);
  EXPECT_FALSE(none.met);
  EXPECT_EQ(none.units_met, 2);
}

TEST(Aggregate, LeadWithoutTheLeadsFigureHasNoFigureNotZero) {
  auto plan = tt::plan_from(plan_xml(kFigures));
  // a reports nothing at all; then a reports, but a placeholder; then a negative figure.
  for (const std::string& a_value : {std::string(), std::string("x"), std::string("-50")}) {
    tt::TempDir dir;
    std::vector<std::filesystem::path> files{
        dir.write("b.xml", report("b", values("3", "85%", "35", "70%", "3", "8"))),
        dir.write("c.xml", report("c", values("5", "100%", "30", "60%", "20", "6")))};
    if (!a_value.empty())
      files.push_back(
          dir.write("a.xml", report("a", values("12", "95%", a_value, "150%", "12", "4"))));
    auto run = tt::run(*plan, files);
    const auto& lead = total(run.status, "so-lead");
    EXPECT_EQ(lead.lead, "a") << a_value;
    EXPECT_EQ(lead.values.size(), 2u) << a_value;  // b's and c's, shown
    EXPECT_FALSE(lead.value) << a_value << " gave " << lead.value.value_or(-1);
    EXPECT_FALSE(lead.met) << a_value;
    EXPECT_FALSE(total(run.status, "ty-le-lead").value) << a_value;
  }
}

TEST(Aggregate, LeadNeedsOneUnitAsFirstLead) {
  // A group as the first lead has no one figure for the district: lint says so, and the
  // total has no figure rather than some member's.
  auto plan = tt::plan_from(
      replace_first(replace_first(plan_xml(kFigures), R"(<lead ref="a"/><lead ref="b"/>)",
                                  R"(<lead ref="g"/><lead ref="b"/>)"),
                    "</units>", R"(<group id="g" name="nhóm"><member ref="a"/></group></units>)"));
  const auto lint = tt::with_rule(lint_plan(*plan), "plan-bad-attribute");
  ASSERT_EQ(lint.size(), 2u);  // so-lead and ty-le-lead
  EXPECT_NE(lint[0].message.find("lead"), std::string::npos) << lint[0].message;
  tt::record_fired(lint);
  tt::TempDir dir;
  auto run = tt::run(
      *plan, {dir.write("a.xml", report("a", values("12", "95%", "40", "80%", "12", "4")))});
  EXPECT_EQ(total(run.status, "so-lead").lead, "");
  EXPECT_FALSE(total(run.status, "so-lead").value);
}

TEST(Aggregate, RejectedFiguresEnterNoTotal) {
  // -50 and 150% get their error findings, and neither reaches a total, a mean, a lead's
  // figure or units_met; "không rõ" is no number, "x" a placeholder.
  tt::TempDir dir;
  auto plan = tt::plan_from(plan_xml(kFigures));
  auto run = tt::run(
      *plan, {dir.write("a.xml", report("a", values("-50", "150%", "40", "80%", "12", "4"))),
              dir.write("b.xml", report("b", values("không rõ", "85%", "35", "-1%", "x", "8"))),
              dir.write("c.xml", report("c", values("15", "100%", "30", "60%", "20", "6")))});
  for (const char* rule : {"requirement-negative", "requirement-percent-range",
                           "requirement-not-a-number", "requirement-placeholder"})
    EXPECT_FALSE(tt::with_rule(run.findings, rule).empty()) << rule;
  EXPECT_EQ(tt::with_rule(run.findings, "requirement-negative").size(), 2u);  // -50, -1%
  const auto& sum = total(run.status, "so");
  EXPECT_EQ(sum.values.size(), 1u);  // c's 15 only: not 15 - 50, not 15 + 0
  EXPECT_EQ(sum.value, std::optional<double>(15));
  EXPECT_EQ(sum.units_met, 1);
  const auto& mean = total(run.status, "ty-le");
  EXPECT_EQ(mean.values.size(), 2u);  // 85 and 100: not (150 + 85 + 100) / 3
  EXPECT_EQ(mean.value, std::optional<double>(92.5));
  EXPECT_EQ(mean.units_met, 1);
  EXPECT_EQ(mean.met, std::optional<bool>(true));
  EXPECT_EQ(total(run.status, "ty-le-lead").values.size(), 2u);
  EXPECT_EQ(total(run.status, "ty-le-lead").value, std::optional<double>(80));
  EXPECT_EQ(total(run.status, "so-none").values.size(), 2u);
  for (const auto& iv : run.status.indicators) {
    EXPECT_GE(iv.value, 0) << iv.unit() << " " << iv.requirement();
    EXPECT_FALSE(iv.requirement() == "ty-le" && iv.value > 100) << iv.unit();
  }
  // Rejected values leave the unit's requirement unmet.
  EXPECT_EQ(run.status.find_unit("c")->requirements_met, run.status.find_unit("c")->requirements);
  EXPECT_EQ(run.status.find_unit("a")->requirements_met,
            run.status.find_unit("a")->requirements - 2);
}

TEST(Aggregate, DefaultsAreSumForNumbersAndMeanForPercents) {
  Requirement n;
  n.kind = RequirementKind::Number;
  EXPECT_EQ(n.aggregation(), Aggregate::Sum);
  Requirement p;
  p.kind = RequirementKind::Percent;
  EXPECT_EQ(p.aggregation(), Aggregate::Mean);
  p.aggregate = Aggregate::Lead;
  EXPECT_EQ(p.aggregation(), Aggregate::Lead);
  auto plan = tt::plan_from(plan_xml(kFigures));
  EXPECT_FALSE(plan->find_task("T1")->find_requirement("so")->aggregate);
  EXPECT_EQ(plan->find_task("T1")->find_requirement("so-none")->aggregate, Aggregate::None);
}

TEST(Aggregate, ABadAggregateIsAFindingAndTheDefaultApplies) {
  for (const auto& [attr, kind, needle] :
       {std::tuple<std::string, std::string, std::string>{"aggregate=\"total\"", "number",
                                                          "must be sum, mean, lead or none"},
        {"aggregate=\"Sum\"", "percent", "must be sum, mean, lead or none"},
        {"aggregate=\"\"", "number", ""},
        {"aggregate=\"lead\"", "narrative", "has no figures to consolidate"}}) {
    auto r = load_plan_from_memory(
        plan_xml("<requirement id=\"x\" kind=\"" + kind + "\" " + attr + ">Chỉ tiêu</requirement>"),
        "plan.xml");
    ASSERT_TRUE(r.plan) << attr;
    const auto bad = tt::with_rule(r.findings, "plan-bad-attribute");
    tt::record_fired(r.findings);
    if (needle.empty()) {
      EXPECT_TRUE(bad.empty()) << attr;  // an empty attribute is an absent one
      continue;
    }
    ASSERT_EQ(bad.size(), 1u) << attr;
    EXPECT_NE(bad[0].message_en.find(needle), std::string::npos) << bad[0].message_en;
    EXPECT_GT(bad[0].line, 0);
    const Requirement& x = *r.plan->find_task("T1")->find_requirement("x");
    EXPECT_FALSE(x.aggregate) << attr;
  }
}

TEST(Aggregate, TotalsPerKindOfUnit) {
  tt::TempDir dir;
  auto plan = tt::plan_from(plan_xml(kFigures));
  // a on time and complete, b late, c missing, d (no kind) on time.
  auto run = tt::run(
      *plan,
      {dir.write("a.xml", report("a", values("12", "95%", "40", "80%", "12", "4"))),
       dir.write("b.xml", report("b", values("3", "85%", "35", "70%", "3", "8"), "2025-11-10")),
       dir.write("d.xml", R"(<?xml version="1.0" encoding="UTF-8"?>
<report xmlns="urn:tuanthu:report:1" plan="agg" period="2025" unit="d">
  <document kind="BC" number="2/BC-HLHPN" date="2025-11-01"><issuer>Hội LHPN</issuer></document>
  <received date="2025-11-04"/>
  <task ref="T2"><value ref="ket-qua">Đã tổ chức tuyên truyền.</value></task>
</report>
)")});
  const StatusModel& st = run.status;
  ASSERT_EQ(st.by_kind.size(), 3u);
  EXPECT_EQ(st.by_kind[0].kind, "phòng, ban");
  EXPECT_EQ(st.by_kind[1].kind, "phường");
  EXPECT_EQ(st.by_kind[2].kind, "");  // the plan gives d no kind
  const Totals& phuong = st.by_kind[1].totals;
  EXPECT_EQ(phuong.expected, 2);
  EXPECT_EQ(phuong.received, 1);
  EXPECT_EQ(phuong.late, 1);
  EXPECT_EQ(phuong.missing, 1);
  EXPECT_EQ(phuong.on_time, 0);
  EXPECT_DOUBLE_EQ(phuong.completeness, (st.find_unit("b")->completeness + 0.0) / 2);
  EXPECT_EQ(st.by_kind[0].totals.on_time, 1);
  EXPECT_DOUBLE_EQ(st.by_kind[0].totals.completeness, 1.0);
  EXPECT_EQ(st.by_kind[2].totals.on_time, 1);
  // The kinds add up to the district.
  Totals sum;
  for (const auto& k : st.by_kind) {
    sum.expected += k.totals.expected;
    sum.received += k.totals.received;
    sum.on_time += k.totals.on_time;
    sum.late += k.totals.late;
    sum.missing += k.totals.missing;
  }
  EXPECT_EQ(sum.expected, st.totals.expected);
  EXPECT_EQ(sum.received, st.totals.received);
  EXPECT_EQ(sum.on_time, st.totals.on_time);
  EXPECT_EQ(sum.late, st.totals.late);
  EXPECT_EQ(sum.missing, st.totals.missing);
}

TEST(Aggregate, JsonCarriesAggregatesAndKinds) {
  tt::TempDir dir;
  const auto plan = dir.write("plan.xml", plan_xml(kFigures));
  dir.write("in/b.xml", report("b", values("3", "85%", "35", "70%", "3", "8")));
  dir.write("in/c.xml", report("c", values("5", "100%", "30", "60%", "20", "6")));
  const auto out = dir.path() / "k.json";
  auto r = check_into(dir, plan, out);
  ASSERT_LE(r.exit_code, 1) << r.out;
  std::ifstream in(out);
  const auto doc = nlohmann::json::parse(in);
  std::map<std::string, nlohmann::json> totals;
  for (const auto& t : doc["indicator_totals"]) totals[t["requirement"]] = t;
  EXPECT_EQ(totals["so"]["aggregate"], "sum");
  EXPECT_EQ(totals["so"]["value"], 8);
  EXPECT_EQ(totals["ty-le"]["aggregate"], "mean");
  EXPECT_EQ(totals["so-lead"]["aggregate"], "lead");
  EXPECT_EQ(totals["so-lead"]["lead"], "a");
  EXPECT_TRUE(totals["so-lead"]["value"].is_null());  // a did not report: no figure, not 0
  EXPECT_TRUE(totals["so-lead"]["met"].is_null());
  EXPECT_EQ(totals["so-lead"]["units"], 2);
  EXPECT_EQ(totals["so-none"]["aggregate"], "none");
  EXPECT_TRUE(totals["so-none"]["value"].is_null());
  EXPECT_FALSE(totals["so"].contains("lead"));
  ASSERT_TRUE(doc.contains("by_kind"));
  ASSERT_EQ(doc["by_kind"].size(), 3u);
  EXPECT_EQ(doc["by_kind"][1]["kind"], "phường");
  EXPECT_EQ(doc["by_kind"][1]["expected"], 2);
  EXPECT_EQ(doc["by_kind"][1]["received"], 2);
  EXPECT_EQ(doc["by_kind"][0]["missing"], 1);
  EXPECT_EQ(doc["by_kind"][2]["kind"], "");
  for (const char* key : {"expected", "received", "on_time", "late", "missing", "not_yet_due",
                          "unknown", "completeness"})
    EXPECT_TRUE(doc["by_kind"][0].contains(key)) << key;
}

TEST(Aggregate, WorkbookShowsTheLeadsFigureOrWhyThereIsNone) {
  tt::TempDir dir;
  const auto plan = dir.write("plan.xml", plan_xml(kFigures));
  dir.write("in/a.xml", report("a", values("12", "95%", "40", "80%", "12", "4")));
  dir.write("in/b.xml", report("b", values("3", "85%", "35", "70%", "3", "8")));
  const auto with_lead = dir.path() / "lead.xlsx";
  auto r = check_into(dir, plan, with_lead);
  ASSERT_LE(r.exit_code, 1) << r.out;
  tt::XlsxBook book(with_lead.string());
  ASSERT_TRUE(book.ok());
  const std::string s = "Chỉ tiêu";
  // The total rows, in requirement order: so (sum), ty-le (mean), so-lead, ty-le-lead, so-none.
  std::vector<int> totals;
  for (int row = 2; row <= book.last_row(s); ++row)
    if (auto c = book.cell(s, "D" + std::to_string(row));
        c && (c->value == "Tổng cộng" || c->value == "Bình quân" ||
              c->value == "Số của quận (chủ trì)" || c->value == "Không tổng hợp"))
      totals.push_back(row);
  ASSERT_EQ(totals.size(), 6u);
  auto cell = [&](const std::string& col, int row) {
    auto c = book.cell(s, col + std::to_string(row));
    return c ? c->value : std::string("<empty>");
  };
  EXPECT_EQ(cell("D", totals[0]), "Tổng cộng");
  EXPECT_EQ(cell("E", totals[0]), "15");
  EXPECT_EQ(cell("D", totals[2]), "Số của quận (chủ trì)");
  EXPECT_EQ(cell("E", totals[2]), "40");  // a's, not 75
  EXPECT_EQ(cell("H", totals[2]), "Đạt");
  EXPECT_EQ(cell("E", totals[3]), "0.8");
  EXPECT_EQ(cell("D", totals[4]), "Không tổng hợp");
  EXPECT_EQ(cell("E", totals[4]), "<empty>");
  EXPECT_EQ(cell("H", totals[4]), "<empty>");  // no district figure, nothing judged

  // Without a's report the lead total says who has not given the figure, and no 0 appears.
  std::filesystem::remove(dir.path() / "in" / "a.xml");
  const auto without = dir.path() / "without.xlsx";
  r = check_into(dir, plan, without);
  ASSERT_LE(r.exit_code, 1) << r.out;
  tt::XlsxBook b2(without.string());
  const int lead_row = b2.find_row(s, "D", "Số của quận (chủ trì)");
  ASSERT_GT(lead_row, 0);
  const auto e = b2.cell(s, "E" + std::to_string(lead_row));
  ASSERT_TRUE(e);
  EXPECT_FALSE(e->is_number);
  EXPECT_NE(e->value.find("chưa có số liệu"), std::string::npos) << e->value;
  const int by_task = b2.find_row("Theo nhiệm vụ", "B", "T1. Nhiệm vụ một");
  ASSERT_GT(by_task, 0);
  const auto f = b2.cell("Theo nhiệm vụ", "F" + std::to_string(by_task));
  ASSERT_TRUE(f);
  EXPECT_NE(
      f->value.find("Số của quận: Phòng Lao động - Thương binh và Xã hội (chủ trì) chưa có số "
                    "liệu hợp lệ"),
      std::string::npos)
      << f->value;
  EXPECT_NE(f->value.find("Số không cộng: không tổng hợp (1 đơn vị"), std::string::npos)
      << f->value;
}
