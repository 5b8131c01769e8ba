// Forms (issue 13): per-unit forms out of the plan (xlsx-form-maker), filled forms read
// back (xlsx-form) into the same report model as XML, and every refusal of a form that was
// damaged, tampered with or hostile.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <zip.h>

#include <fstream>

#include "form_book.hpp"
#include "support.hpp"
#include "tuanthu/form.hpp"
#include "tuanthu/text.hpp"
#include "xlsx_reader.hpp"

using namespace tuanthu;
namespace fs = std::filesystem;

namespace {

// Writes one unit's blank form with the shipped form maker.
fs::path make_form(const Plan& plan, const std::string& unit, const fs::path& dir,
                   const std::string& period = "2025") {
  auto maker = tt::real_plugins().form_maker_for("xlsx");
  EXPECT_TRUE(maker);
  const Expectation e = compute_expectation(plan, *Period::parse(period));
  const ExpectedUnit* eu = e.find(unit);
  EXPECT_TRUE(eu) << unit;
  const fs::path out = dir / (unit + ".xlsx");
  maker->write(FormContext{plan, e, *eu, "test"}, out);
  return out;
}

std::string nfd(const std::string& s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(status);
  std::string out;
  n->normalize(icu::UnicodeString::fromUTF8(s), status).toUTF8String(out);
  return out;
}

using tt::read_file;

std::string entry(const tt::ZipEntries& z, const std::string& name) {
  for (const auto& [n, d] : z)
    if (n == name) return d;
  return {};
}

// What a finding says, without where it was found (a form's rows are not an XML file's lines).
using Said = std::tuple<std::string, Severity, std::string, std::string, std::string, std::string,
                        std::string>;
std::vector<Said> said(const std::vector<Finding>& findings) {
  std::vector<Said> out;
  for (const auto& f : findings)
    out.emplace_back(f.rule, f.severity, f.unit, f.task, f.requirement, f.message, f.message_en);
  std::sort(out.begin(), out.end());
  return out;
}

const Submission* only(const CheckRun& run) {
  EXPECT_EQ(run.submissions.size(), 1u);
  return run.submissions.empty() ? nullptr : &run.submissions.front();
}

constexpr const char* kNarrative = "Đã tổ chức nhiều hoạt động tuyên truyền cho trẻ em.";

// The small plan's lead unit `a`, answered in full: first as the XML report, then the form.
std::string equivalent_xml(const std::string& so, const std::string& ty_le,
                           const std::string& ngay) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<report xmlns="urn:tuanthu:report:1" plan="small" period="2025" unit="a">
  <document kind="BC" number="245/BC-LĐTBXH" date="03/11/2025" signer="Nguyễn Văn A" signer-title="Trưởng phòng">
    <issuer>Phòng Lao động - Thương binh và Xã hội</issuer>
  </document>
  <task ref="T1">
    <value ref="ket-qua">)" +
         std::string(kNarrative) + R"(</value>
    <value ref="so">)" +
         so +
         R"(</value>
    <value ref="ty-le">)" +
         ty_le + R"(</value>
    <value ref="ngay">)" +
         ngay + R"(</value>
    <value ref="kh">Kế hoạch số 12/KH-LĐTBXH ngày 10/01/2025</value>
  </task>
</report>
)";
}

void document_inputs(tt::FormBook& f, bool date_as_text) {
  f.text("", "document.number", "245/BC-LĐTBXH");
  if (date_as_text)
    f.text("", "document.date", "03/11/2025");
  else
    f.number("", "document.date", 45964);  // 03/11/2025 typed into the date cell
  f.text("", "document.signer", "Nguyễn Văn A");
  f.text("", "document.signer-title", "Trưởng phòng");
}

void expect_same_reports(const Report& form, const Report& xml) {
  EXPECT_EQ(form.plan, xml.plan);
  EXPECT_EQ(form.period, xml.period);
  EXPECT_EQ(form.unit, xml.unit);
  EXPECT_EQ(form.document.present, xml.document.present);
  EXPECT_EQ(form.document.kind, xml.document.kind);
  EXPECT_EQ(form.document.number, xml.document.number);
  EXPECT_EQ(form.document.date, xml.document.date);
  EXPECT_EQ(form.document.signer, xml.document.signer);
  EXPECT_EQ(form.document.signer_title, xml.document.signer_title);
  EXPECT_EQ(form.document.issuer, xml.document.issuer);
  ASSERT_EQ(form.tasks.size(), xml.tasks.size());
  for (size_t i = 0; i < form.tasks.size(); ++i) {
    EXPECT_EQ(form.tasks[i].ref, xml.tasks[i].ref);
    ASSERT_EQ(form.tasks[i].values.size(), xml.tasks[i].values.size());
    for (size_t k = 0; k < form.tasks[i].values.size(); ++k) {
      EXPECT_EQ(form.tasks[i].values[k].ref, xml.tasks[i].values[k].ref);
      EXPECT_EQ(form.tasks[i].values[k].text, xml.tasks[i].values[k].text);
    }
  }
}

// Reads a filled form and its XML equivalent separately and compares everything but places.
void expect_round_trip(const Plan& plan, const fs::path& form, const std::string& xml,
                       const tt::TempDir& dir) {
  auto from_form = tt::run(plan, {form});
  auto from_xml = tt::run(plan, {dir.write("equivalent.xml", xml)});
  const Submission* f = only(from_form);
  const Submission* x = only(from_xml);
  ASSERT_TRUE(f && x);
  EXPECT_EQ(f->disposition, Disposition::Counted);
  expect_same_reports(f->report, x->report);
  EXPECT_EQ(said(from_form.findings), said(from_xml.findings));
  // Not vacuous: the percent misses its target in both.
  EXPECT_EQ(tt::with_rule(from_form.findings, "requirement-target-missed").size(), 1u);
}

}  // namespace

// ---- the blank form -------------------------------------------------------------------

TEST(Forms, BlankFormCarriesTheIdentityContract) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  const fs::path form = make_form(*plan, "a", dir.path());
  tt::XlsxBook book(form.string());
  ASSERT_TRUE(book.ok());
  EXPECT_EQ(book.sheet_names(), (std::vector<std::string>{"Báo cáo", "tuanthu"}));
  const auto zip = tt::read_zip(form);
  EXPECT_NE(entry(zip, "xl/workbook.xml").find(R"(name="tuanthu" sheetId="2" state="veryHidden")"),
            std::string::npos);
  auto id = [&](const std::string& ref) {
    auto c = book.cell("tuanthu", ref);
    return c ? c->value : std::string();
  };
  const std::vector<std::pair<std::string, std::string>> head = {{"format", "urn:tuanthu:form:1"},
                                                                 {"plan", "small"},
                                                                 {"plan-version", "1"},
                                                                 {"unit", "a"},
                                                                 {"period", "2025"},
                                                                 {"form-version", "1"}};
  for (size_t i = 0; i < head.size(); ++i) {
    EXPECT_EQ(id("A" + std::to_string(i + 1)), head[i].first);
    EXPECT_EQ(id("B" + std::to_string(i + 1)), head[i].second);
  }
  EXPECT_EQ(id("A7") + "|" + id("B7") + "|" + id("C7"), "task|requirement|cell");
  // Four document inputs, then the five requirements of T1 that apply to a lead.
  const std::vector<std::pair<std::string, std::string>> inputs = {{"", "document.number"},
                                                                   {"", "document.date"},
                                                                   {"", "document.signer"},
                                                                   {"", "document.signer-title"},
                                                                   {"T1", "ket-qua"},
                                                                   {"T1", "so"},
                                                                   {"T1", "ty-le"},
                                                                   {"T1", "ngay"},
                                                                   {"T1", "kh"}};
  for (size_t i = 0; i < inputs.size(); ++i) {
    const std::string row = std::to_string(8 + i);
    EXPECT_EQ(id("A" + row), inputs[i].first);
    EXPECT_EQ(id("B" + row), inputs[i].second);
    const auto ref = form::parse_ref(id("C" + row));
    ASSERT_TRUE(ref) << id("C" + row);
    EXPECT_EQ(ref->sheet, "Báo cáo");
    EXPECT_EQ(id("C" + row).rfind("'Báo cáo'!E", 0), 0u);
    // The input's row key sits right of it, on the same row.
    auto key = book.cell("Báo cáo", form::a1(ref->row, ref->col + 1));
    ASSERT_TRUE(key);
    EXPECT_EQ(key->value, form::row_key(inputs[i].first, inputs[i].second));
  }
  EXPECT_EQ(id("A17") + id("B17") + id("C17"), "");  // nothing else
}

TEST(Forms, BlankFormTitleBlockAndTableSayWhatIsOwed) {
  tt::TempDir dir;
  auto plan = tt::seed_plan();
  const fs::path form = make_form(*plan, "p-thanh-loc", dir.path());
  tt::XlsxBook book(form.string());
  std::string all;
  for (const auto& [ref, c] : book.sheet("Báo cáo")) all += c.value + "\n";
  for (const char* expected :
       {"Ban hành kèm theo Kế hoạch số …/KH-UBND-LĐTBXH ngày 14/10/2024 của Ủy ban nhân dân "
        "Quận 12",
        "Đơn vị báo cáo: Ủy ban nhân dân phường Thạnh Lộc",
        "Đơn vị nhận báo cáo: Phòng Lao động - Thương binh và Xã hội", "BÁO CÁO",
        "Kỳ báo cáo: năm 2025",
        "Hạn gửi: chậm nhất ngày 05/11/2025, gửi về Phòng Lao động - Thương binh và Xã hội",
        "HƯỚNG DẪN ĐIỀN VÀ GỬI BIỂU MẪU", "Số, ký hiệu văn bản báo cáo", "Chức vụ của người ký",
        "Số liệu, kết quả thực hiện", "(đơn vị phối hợp)", "(đơn vị chủ trì)",
        "Số vụ tai nạn thương tích, đuối nước trẻ em trên địa bàn", "= 0", "≥ 1",
        "THỦ TRƯỞNG ĐƠN VỊ"})
    EXPECT_NE(all.find(expected), std::string::npos) << expected;
  // A ward supports II.1–II.6 and leads IV.5; it is not asked what only leads owe in II.1.
  EXPECT_EQ(all.find("Số mô hình, sáng kiến được biểu dương"), std::string::npos);
  EXPECT_NE(all.find("IV.5"), std::string::npos);
}

TEST(Forms, BlankFormProtectsAllButTheInputsAndValidatesThem) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  const fs::path form = make_form(*plan, "a", dir.path());
  const auto zip = tt::read_zip(form);
  const std::string sheet = entry(zip, "xl/worksheets/sheet1.xml");
  const std::string styles = entry(zip, "xl/styles.xml");
  EXPECT_NE(sheet.find("<sheetProtection"), std::string::npos);
  EXPECT_EQ(sheet.find("<sheetProtection password"), std::string::npos);  // no password
  EXPECT_NE(entry(zip, "xl/worksheets/sheet2.xml").find("<sheetProtection"), std::string::npos);
  // Nine inputs, nine validations: decimal for the number and the percent (0–100), date for
  // the two dates, an input message on every one.
  EXPECT_NE(sheet.find(R"(<dataValidations count="9">)"), std::string::npos);
  auto count = [&](const std::string& what) {
    size_t n = 0;
    for (size_t at = sheet.find(what); at != std::string::npos; at = sheet.find(what, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count(R"(type="decimal")"), 2u);  // "between" is the default operator
  EXPECT_EQ(count(R"(operator="greaterThanOrEqual")"), 1u);
  EXPECT_EQ(count(R"(type="date")"), 2u);
  EXPECT_EQ(count("prompt=\""), 9u);
  EXPECT_EQ(count(R"(errorStyle="warning")"), 9u);  // a warning: a person may keep what they typed
  // Input cells are unlocked; a narrative wraps in a tall row.
  EXPECT_NE(styles.find(R"(<protection locked="0"/>)"), std::string::npos);
  tt::FormBook f(form);
  const std::string narrative = f.cell_of("T1", "ket-qua");
  const std::string row = narrative.substr(1);
  const auto at = sheet.find("<row r=\"" + row + "\"");
  ASSERT_NE(at, std::string::npos);
  const std::string row_tag = sheet.substr(at, sheet.find('>', at) - at);
  EXPECT_NE(row_tag.find("customHeight=\"1\""), std::string::npos) << row_tag;
  // Printing: A4, fit to the width, the table header repeated on every page.
  EXPECT_NE(sheet.find(R"(paperSize="9")"), std::string::npos);
  EXPECT_NE(sheet.find(R"(fitToHeight="0")"), std::string::npos);
  EXPECT_NE(entry(zip, "xl/workbook.xml").find("_xlnm.Print_Titles"), std::string::npos);
  // The row keys are in a hidden column.
  EXPECT_NE(sheet.find(R"(<col min="6" max="6" width="20.7109375" hidden="1")"), std::string::npos);
}

TEST(Forms, TheDeadlineIsWordedAsThePlanMeansIt) {
  tt::TempDir dir;
  auto strict = tt::plan_from(tt::small_plan("due-inclusive=\"false\""));
  tt::XlsxBook book(make_form(*strict, "a", dir.path()).string());
  std::string all;
  for (const auto& [ref, c] : book.sheet("Báo cáo")) all += c.value + "\n";
  EXPECT_NE(all.find("Hạn gửi: trước ngày 05/11/2025"), std::string::npos);
}

TEST(Forms, ASupportingUnitIsAskedOnlyWhatItsRoleOwes) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  tt::FormBook f(make_form(*plan, "b", dir.path()));
  EXPECT_NO_THROW(f.cell_of("T1", "ket-qua"));
  EXPECT_THROW(f.cell_of("T1", "so"), std::runtime_error);
}

TEST(Forms, TheSamePlanGivesTheSameBytes) {
  tt::TempDir a, b;
  auto plan = tt::seed_plan();
  EXPECT_EQ(read_file(make_form(*plan, "bhxh", a.path())),
            read_file(make_form(*plan, "bhxh", b.path())));
}

TEST(Forms, FileNamesAreSafeAndDistinct) {
  const auto names = form::file_names({"p-thanh-loc", "P Thanh Loc", "../x", "x", "x"}, "xlsx");
  ASSERT_EQ(names.size(), 5u);
  EXPECT_EQ(names[0], "p-thanh-loc.xlsx");
  EXPECT_EQ(names[1].rfind("p-thanh-loc-", 0), 0u);  // a hash: not the id itself
  EXPECT_EQ(names[2].find('/'), std::string::npos);
  EXPECT_NE(names[2], "x.xlsx");
  EXPECT_EQ(names[3], "x.xlsx");
  EXPECT_EQ(names[4], "x-2.xlsx");
}

TEST(Forms, CellReferencesRoundTrip) {
  EXPECT_EQ(form::format_ref({"Báo cáo", 13, 4}), "'Báo cáo'!E14");
  EXPECT_EQ(form::format_ref({"it's", 0, 27}), "'it''s'!AB1");
  auto r = form::parse_ref("'it''s'!$AB$1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->sheet, "it's");
  EXPECT_EQ(r->col, 27u);
  EXPECT_TRUE(form::parse_ref("Sheet1!E14"));
  EXPECT_FALSE(form::parse_ref("E14"));
  EXPECT_FALSE(form::parse_ref("'x'!E0"));
  EXPECT_FALSE(form::parse_ref("'x'!XFE1"));      // beyond 16,384 columns
  EXPECT_FALSE(form::parse_ref("'x'!A1048577"));  // beyond 1,048,576 rows
  EXPECT_FALSE(form::parse_ref("'x!E1"));
}

// ---- filled forms read back -------------------------------------------------------------

TEST(Forms, FilledAsTypedTextReadsLikeTheEquivalentXmlReport) {
  // Text in number cells ("1.234"), "98,5%" and "03/11/2025" typed as text, a narrative in
  // NFD (as some Vietnamese keyboards write), a document reference in words.
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  tt::FormBook f(make_form(*plan, "a", dir.path()));
  document_inputs(f, /*date_as_text=*/false);
  f.text("T1", "ket-qua", nfd(kNarrative));
  f.text("T1", "so", "1.234");
  f.text("T1", "ty-le", "98,5%");
  f.text("T1", "ngay", "03/11/2025");
  f.text("T1", "kh", "Kế hoạch số 12/KH-LĐTBXH ngày 10/01/2025");
  const fs::path filled = dir.path() / "filled.xlsx";
  f.save(filled);
  expect_round_trip(*plan, filled, equivalent_xml("1.234", "98,5%", "03/11/2025"), dir);
}

TEST(Forms, AFormSavedUnderAnotherExtensionIsReadByItsContent) {
  // Saved as "bao-cao.xml" (or the name typed without .xlsx): still the workbook, read as a
  // form, with an info asking to rename it; the XML reader never sees its zip bytes.
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  tt::FormBook f(make_form(*plan, "a", dir.path()));
  document_inputs(f, /*date_as_text=*/false);
  f.text("T1", "ket-qua", kNarrative);
  f.text("T1", "so", "12");
  f.text("T1", "ty-le", "98,5%");
  f.text("T1", "ngay", "03/11/2025");
  f.text("T1", "kh", "Kế hoạch số 12/KH-LĐTBXH ngày 10/01/2025");
  const fs::path as_xml = dir.path() / "bao-cao.xml";
  f.save(as_xml);
  auto run = tt::run(*plan, {as_xml});
  const Submission* s = only(run);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->disposition, Disposition::Counted);
  ASSERT_EQ(run.files.size(), 1u);
  EXPECT_EQ(run.files[0].reader, "xlsx-form");
  const auto info = tt::with_rule(run.findings, "input-extension-mismatch");
  ASSERT_EQ(info.size(), 1u);
  EXPECT_EQ(info[0].severity, Severity::Info);
  EXPECT_NE(info[0].message.find(".xml"), std::string::npos) << info[0].message;
  for (const auto& x : run.findings) EXPECT_FALSE(x.rule.view().starts_with("report-")) << x.rule;
}

TEST(Forms, FilledAsExcelStoresValuesReadsLikeTheEquivalentXmlReport) {
  // Numbers as numbers, "98,5%" as Excel stores it (0.985 in a percent format), a date as a
  // serial day, text as shared strings in rich-text runs with a phonetic run.
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  tt::FormBook f(make_form(*plan, "a", dir.path()));
  document_inputs(f, /*date_as_text=*/true);
  f.text("T1", "ket-qua", nfd(kNarrative), /*shared=*/true);
  f.number("T1", "so", 1234);
  f.number("T1", "ty-le", 0.985, f.add_style(10));  // 0.00%
  f.number("T1", "ngay", 45964);
  f.text("T1", "kh", "Kế hoạch số 12/KH-LĐTBXH ngày 10/01/2025", /*shared=*/true);
  const fs::path filled = dir.path() / "filled.xlsx";
  f.save(filled);
  expect_round_trip(*plan, filled, equivalent_xml("1234", "98,5%", "03/11/2025"), dir);
}

TEST(Forms, FormulasBooleansThe1904SystemAndReorderedPartsAreRead) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  tt::FormBook f(make_form(*plan, "a", dir.path()));
  document_inputs(f, /*date_as_text=*/true);
  f.raw("T1", "ket-qua", "t=\"str\"",
        "<f>\"Đã tổ chức nhiều hoạt động \"&amp;\"tuyên truyền cho trẻ em.\"</f><v>" +
            std::string(kNarrative) + "</v>");
  f.raw("T1", "so", "", "<f>1000+234</f><v>1234</v>");           // a formula's cached value
  f.number("T1", "ty-le", 98.5, f.add_style(164, "0.0\" %\""));  // a literal %, not a percent
  f.use_1904();
  f.number("T1", "ngay", 45964 - 1462);  // the same day in the 1904 system
  f.raw("T1", "kh", "t=\"inlineStr\"",
        "<is><r><t>Kế hoạch số 12/KH-LĐTBXH</t></r><r><t xml:space=\"preserve\"> ngày "
        "10/01/2025</t></r></is>");
  f.reverse_order();  // sheets and zip entries in another order, as other programs write them
  // Saved by Excel, which calculated the formulas: it no longer asks to recalculate.
  std::string& wb = f.part("xl/workbook.xml");
  const std::string recalc = " fullCalcOnLoad=\"1\"";
  ASSERT_NE(wb.find(recalc), std::string::npos);
  wb.erase(wb.find(recalc), recalc.size());
  const fs::path filled = dir.path() / "filled.xlsx";
  f.save(filled);
  expect_round_trip(*plan, filled, equivalent_xml("1234", "98,5", "03/11/2025"), dir);

  // A boolean and an error value are quoted as they show, and not taken for numbers.
  tt::FormBook g(make_form(*plan, "a", dir.path()));
  g.raw("T1", "so", "t=\"b\"", "<v>1</v>");
  g.raw("T1", "ty-le", "t=\"e\"", "<f>1/0</f><v>#DIV/0!</v>");
  const fs::path odd = dir.path() / "odd.xlsx";
  g.save(odd);
  auto run = tt::run(*plan, {odd});
  auto nan = tt::with_rule(run.findings, "requirement-not-a-number");
  ASSERT_EQ(nan.size(), 2u);
  EXPECT_NE(nan[0].message.find("\"TRUE\""), std::string::npos) << nan[0].message;
  EXPECT_NE(nan[1].message.find("\"#DIV/0!\""), std::string::npos) << nan[1].message;
}

TEST(FormRefusals, CharactersAReportMayNotHoldAreReplacedNeverDropped) {
  // "5&#0;00" must not read as 5 (a NUL would end the text early), nor "5_x0000_00"; a
  // noncharacter written raw is replaced too; a huge cell is cut with a finding.
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  tt::FormBook f(make_form(*plan, "a", dir.path()));
  f.raw("T1", "so", "t=\"inlineStr\"", "<is><t>5QQQ00</t></is>");
  f.raw("T1", "ty-le", "t=\"inlineStr\"", "<is><t>9_x0000_8</t></is>");
  f.raw("T1", "ngay", "t=\"inlineStr\"", "<is><t>03/11/2025\xEF\xBF\xBE</t></is>");
  f.text("T1", "ket-qua", std::string(100010, 'a'));
  std::string& sheet = f.part("xl/worksheets/sheet1.xml");  // the reference written as is, last
  sheet.replace(sheet.find("5QQQ00"), 6, "5&#0;00");
  const fs::path file = dir.path() / "chars.xlsx";
  f.save(file);
  auto run = tt::run(*plan, {file});
  const Submission* s = only(run);
  ASSERT_TRUE(s);
  auto bad = tt::with_rule(run.findings, "form-bad-text");
  ASSERT_EQ(bad.size(), 4u);
  for (const auto& b : bad) {
    if (b.requirement == "so") {
      EXPECT_NE(b.message.find("U+0000"), std::string::npos) << b.message;
    }
  }
  const ReportTask* t = s->report.find_task("T1");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->find("so")->text,
            "5\xEF\xBF\xBD"
            "00");
  EXPECT_EQ(t->find("ty-le")->text,
            "9\xEF\xBF\xBD"
            "8");
  EXPECT_EQ(text::length(t->find("ket-qua")->text), kMaxValueChars + 1);  // and "…"
  // Neither is taken for a figure.
  EXPECT_EQ(tt::with_rule(run.findings, "requirement-not-a-number").size(), 2u);
  EXPECT_EQ(tt::with_rule(run.findings, "requirement-bad-date").size(), 1u);
}

TEST(Forms, ADateExcelMadeOfANumberIsNotCountedAsANumber) {
  // "1/2" typed into a number cell becomes 01/02 in Excel: a date style on the cell. It is
  // read as the date it shows, so the check says it is not a number (never 45.689 of it).
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  tt::FormBook f(make_form(*plan, "a", dir.path()));
  f.number("T1", "so", 45689, f.add_style(14));
  const fs::path filled = dir.path() / "filled.xlsx";
  f.save(filled);
  auto run = tt::run(*plan, {filled});
  auto nan = tt::with_rule(run.findings, "requirement-not-a-number");
  ASSERT_EQ(nan.size(), 1u);
  EXPECT_NE(nan[0].message.find("\"01/02/2025\""), std::string::npos) << nan[0].message;
}

TEST(Forms, ABlankTaskIsAMissingSectionAndAnUnfilledCellAMissingValue) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  tt::FormBook f(make_form(*plan, "a", dir.path()));
  document_inputs(f, false);
  const fs::path blank_task = dir.path() / "blank.xlsx";
  f.save(blank_task);
  auto run = tt::run(*plan, {blank_task});
  EXPECT_EQ(tt::with_rule(run.findings, "coverage-missing-task").size(), 1u);
  f.number("T1", "so", 3);
  const fs::path one = dir.path() / "one.xlsx";
  f.save(one);
  run = tt::run(*plan, {one});
  EXPECT_EQ(tt::with_rule(run.findings, "coverage-missing-task").size(), 0u);
  EXPECT_EQ(tt::with_rule(run.findings, "requirement-missing").size(), 4u);
  EXPECT_EQ(run.status.find_unit("a")->timeliness, Timeliness::OnTime);  // dated 03/11/2025
}

TEST(Forms, SavedByLibreOfficeReadsBack) {
  if (!tt::have_soffice())
    GTEST_SKIP() << "soffice (LibreOffice) is not installed: apt-get install "
                    "libreoffice-calc-nogui; the re-save round trip did not run";
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  tt::FormBook f(make_form(*plan, "a", dir.path()));
  document_inputs(f, /*date_as_text=*/false);
  f.text("T1", "ket-qua", nfd(kNarrative));
  f.number("T1", "so", 1234);
  f.text("T1", "ty-le", "98,5%");
  f.number("T1", "ngay", 45964);
  f.text("T1", "kh", "Kế hoạch số 12/KH-LĐTBXH ngày 10/01/2025");
  const fs::path filled = dir.path() / "filled.xlsx";
  f.save(filled);
  const auto resaved = tt::libreoffice_resave(filled, dir.path() / "lo");
  ASSERT_TRUE(resaved) << "LibreOffice could not re-save the form";
  // LibreOffice rewrote the package: shared strings, styles, its own ids.
  const auto zip = tt::read_zip(*resaved);
  EXPECT_NE(entry(zip, "docProps/app.xml").find("LibreOffice"), std::string::npos);
  EXPECT_NE(read_file(*resaved), read_file(filled));
  expect_round_trip(*plan, *resaved, equivalent_xml("1234", "98,5%", "03/11/2025"), dir);
}

TEST(Forms, TheBlankFormOpensInLibreOffice) {
  if (!tt::have_soffice())
    GTEST_SKIP()
        << "soffice (LibreOffice) is not installed: apt-get install libreoffice-calc-nogui";
  tt::TempDir dir;
  const fs::path form = make_form(*tt::seed_plan(), "p-thanh-loc", dir.path());
  const auto pdf = tt::libreoffice_resave(form, dir.path() / "pdf", "pdf");
  ASSERT_TRUE(pdf);
  EXPECT_GT(fs::file_size(*pdf), 10000u);
}

// ---- forms for someone else, and forms edited out of shape -------------------------------

TEST(FormRefusals, AFormForAnotherPlanPeriodOrUnitIsNotCounted) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  const fs::path blank = make_form(*plan, "a", dir.path());
  struct Case {
    const char* key;
    const char* value;
    const char* rule;
    Disposition disposition;
  } cases[] = {{"plan", "khac", "submission-wrong-plan", Disposition::WrongPlan},
               {"period", "2024", "submission-wrong-period", Disposition::WrongPeriod},
               {"unit", "zz", "submission-unknown-unit", Disposition::UnknownUnit}};
  for (const auto& c : cases) {
    tt::FormBook f(blank);
    document_inputs(f, false);
    f.number("T1", "so", 12);
    f.set_identity(c.key, c.value);
    const fs::path file = dir.path() / (std::string(c.key) + ".xlsx");
    f.save(file);
    auto run = tt::run(*plan, {file});
    const Submission* s = only(run);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->disposition, c.disposition) << c.key;
    EXPECT_EQ(tt::with_rule(run.findings, c.rule).size(), 1u) << c.key;
    EXPECT_EQ(run.status.find_unit("a")->timeliness, Timeliness::Missing) << c.key;
  }
}

TEST(FormRefusals, AWorkbookWithoutTheIdentitySheetIsNotAForm) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  tt::FormBook f(make_form(*plan, "a", dir.path()));
  f.number("T1", "so", 12);
  f.remove_sheet("tuanthu");  // the visible sheet copied into a workbook of one's own
  const fs::path file = dir.path() / "copied.xlsx";
  f.save(file);
  auto run = tt::run(*plan, {file});
  EXPECT_TRUE(run.submissions.empty());
  auto nf = tt::with_rule(run.findings, "form-not-a-form");
  ASSERT_EQ(nf.size(), 1u);
  EXPECT_NE(nf[0].message.find("trang nhận dạng \"tuanthu\""), std::string::npos);
  EXPECT_EQ(nf[0].plugin, "xlsx-form");

  tt::FormBook g(make_form(*plan, "a", dir.path()));
  g.set_identity("format", "something else");
  g.save(file);
  run = tt::run(*plan, {file});
  EXPECT_TRUE(run.submissions.empty());
  EXPECT_EQ(tt::with_rule(run.findings, "form-not-a-form").size(), 1u);
}

TEST(FormRefusals, ADamagedIdentityIsReportedAndNeverGuessed) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  const fs::path blank = make_form(*plan, "a", dir.path());
  const fs::path file = dir.path() / "damaged.xlsx";
  {  // a required row emptied: the form is not read
    tt::FormBook f(blank);
    f.set_identity("period", "");
    f.save(file);
    auto run = tt::run(*plan, {file});
    EXPECT_TRUE(run.submissions.empty());
    auto d = tt::with_rule(run.findings, "form-identity-damaged");
    ASSERT_EQ(d.size(), 1u);
    EXPECT_NE(d[0].message.find("thiếu dòng period"), std::string::npos) << d[0].message;
  }
  {  // a hostile identity: a long cell is quoted in a few words, never whole
    tt::FormBook f(blank);
    f.add_identity_row("T1", std::string(200000, 'x'), "not a cell");
    f.save(file);
    auto run = tt::run(*plan, {file});
    auto d = tt::with_rule(run.findings, "form-identity-damaged");
    ASSERT_EQ(d.size(), 1u);
    EXPECT_LT(d[0].message.size(), 600u);
    EXPECT_NE(d[0].message.find("xxx…"), std::string::npos);
  }
  {  // a version this tuanthu does not know
    tt::FormBook f(blank);
    f.set_identity("form-version", "7");
    f.save(file);
    auto run = tt::run(*plan, {file});
    EXPECT_TRUE(run.submissions.empty());
    EXPECT_EQ(tt::with_rule(run.findings, "form-identity-damaged").size(), 1u);
  }
  {  // an input named twice (pointing at another cell) and a row with a bad reference:
     // neither is read, the rest is
    tt::FormBook f(blank);
    f.number("T1", "so", 12);
    f.number("T1", "ty-le", 100);
    f.add_identity_row("T1", "so", "'Báo cáo'!" + f.cell_of("T1", "ty-le"));
    f.add_identity_row("T1", "ngay", "not a cell");
    f.save(file);
    auto run = tt::run(*plan, {file});
    const Submission* s = only(run);
    ASSERT_TRUE(s);
    EXPECT_EQ(tt::with_rule(run.findings, "form-identity-damaged").size(), 2u);
    const ReportTask* t = s->report.find_task("T1");
    ASSERT_TRUE(t);
    EXPECT_FALSE(t->find("so"));  // named twice: no credit
    ASSERT_TRUE(t->find("ty-le"));
    EXPECT_EQ(t->find("ty-le")->text, "100");
  }
}

TEST(FormRefusals, ADeletedRowIsMissingAndTheRowsBelowAreFoundByTheirKeys) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  tt::FormBook f(make_form(*plan, "a", dir.path()));
  document_inputs(f, false);
  f.text("T1", "ket-qua", kNarrative);
  f.number("T1", "so", 12);
  f.number("T1", "ty-le", 100);
  f.number("T1", "ngay", 45964);
  const unsigned so_row = static_cast<unsigned>(std::stoul(f.cell_of("T1", "so").substr(1)));
  f.delete_row("Báo cáo", so_row);
  const fs::path file = dir.path() / "deleted.xlsx";
  f.save(file);
  auto run = tt::run(*plan, {file});
  const Submission* s = only(run);
  ASSERT_TRUE(s);
  auto gone = tt::with_rule(run.findings, "form-row-missing");
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].unit.str() + "|" + gone[0].task.str() + "|" + gone[0].requirement.str(),
            "a|T1|so");
  EXPECT_NE(gone[0].message.find("\"Số buổi\" (T1/so)"), std::string::npos) << gone[0].message;
  EXPECT_EQ(tt::with_rule(run.findings, "form-row-moved").size(), 1u);
  const ReportTask* t = s->report.find_task("T1");
  ASSERT_TRUE(t);
  EXPECT_FALSE(t->find("so"));
  // 100 was typed on the percent's row, which moved up into the number's place: it is
  // still the percent's, never the number's.
  ASSERT_TRUE(t->find("ty-le"));
  EXPECT_EQ(t->find("ty-le")->text, "100");
  EXPECT_EQ(t->find("ngay")->text, "03/11/2025");
  EXPECT_EQ(tt::with_rule(run.findings, "requirement-missing").size(), 2u);  // so, kh
}

TEST(FormRefusals, ADuplicatedRowCreditsNeitherCopy) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  tt::FormBook f(make_form(*plan, "a", dir.path()));
  document_inputs(f, false);
  f.number("T1", "so", 12);
  f.number("T1", "ty-le", 100);
  const std::string so = f.cell_of("T1", "so");
  const unsigned so_row = static_cast<unsigned>(std::stoul(so.substr(1)));
  f.duplicate_row("Báo cáo", so_row);
  f.number("T1", "so", 99);  // typed into the first copy; the second still says 12
  const fs::path file = dir.path() / "duplicated.xlsx";
  f.save(file);
  auto run = tt::run(*plan, {file});
  const Submission* s = only(run);
  ASSERT_TRUE(s);
  auto dup = tt::with_rule(run.findings, "form-row-duplicated");
  ASSERT_EQ(dup.size(), 1u);
  EXPECT_EQ(dup[0].unit.str() + "|" + dup[0].task.str() + "|" + dup[0].requirement.str(),
            "a|T1|so");
  EXPECT_EQ(tt::with_rule(run.findings, "form-row-moved").at(0).unit, "a");
  // The unit's letter says what to fix.
  const fs::path letters = dir.path() / "thu";
  auto r =
      tt::cli({"check", "--plan", dir.write("plan.xml", tt::small_plan()).string(), "--period",
               "2025", "--as-of", "2025-11-20", "--feedback", letters.string(), file.string()});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(read_file(letters / "a.txt").find("xuất hiện 2 lần"), std::string::npos)
      << read_file(letters / "a.txt");
  EXPECT_NE(dup[0].message.find("xuất hiện 2 lần"), std::string::npos) << dup[0].message;
  const ReportTask* t = s->report.find_task("T1");
  ASSERT_TRUE(t);
  EXPECT_FALSE(t->find("so"));
  ASSERT_TRUE(t->find("ty-le"));
  EXPECT_EQ(t->find("ty-le")->text, "100");
}

TEST(FormRefusals, ARenamedSheetLosesItsInputsWithAFinding) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  tt::FormBook f(make_form(*plan, "a", dir.path()));
  f.number("T1", "so", 12);
  f.rename_sheet("Báo cáo", "Sheet1");
  const fs::path file = dir.path() / "renamed.xlsx";
  f.save(file);
  auto run = tt::run(*plan, {file});
  auto gone = tt::with_rule(run.findings, "form-row-missing");
  ASSERT_EQ(gone.size(), 1u);  // one finding for the sheet, not one per input
  EXPECT_NE(gone[0].message.find("trang \"Báo cáo\""), std::string::npos);
  const Submission* s = only(run);
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->report.tasks.empty());
}

TEST(FormRefusals, AFormForAnOlderPlanVersionIsReadWithAWarning) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  tt::FormBook f(make_form(*plan, "a", dir.path()));
  f.number("T1", "so", 12);
  f.set_identity("plan-version", "0");
  const fs::path file = dir.path() / "old.xlsx";
  f.save(file);
  auto run = tt::run(*plan, {file});
  EXPECT_EQ(tt::with_rule(run.findings, "form-plan-version").size(), 1u);
  ASSERT_TRUE(only(run));
  EXPECT_TRUE(only(run)->report.find_task("T1"));
}

TEST(FormRefusals, ADateCellTyped1IsNotADateForTimeliness) {
  // "1" typed into the date cell is Excel's day 1, 01/01/1900: warned, and never on time.
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  tt::FormBook f(make_form(*plan, "a", dir.path()));
  f.text("", "document.number", "245/BC-LĐTBXH");
  f.number("", "document.date", 1);
  f.number("T1", "so", 12);
  const fs::path file = dir.path() / "ngay-1.xlsx";
  f.save(file);
  auto run = tt::run(*plan, {file});
  const auto warned = tt::with_rule(run.findings, "submission-date-implausible");
  ASSERT_EQ(warned.size(), 1u);
  EXPECT_NE(warned[0].message.find("01/01/1900"), std::string::npos) << warned[0].message;
  ASSERT_TRUE(only(run));
  EXPECT_EQ(only(run)->timeliness, Timeliness::Unknown);
  EXPECT_EQ(run.status.totals.on_time, 0);
}

TEST(FormRefusals, AnUnreadableDocumentDateIsAFinding) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  tt::FormBook f(make_form(*plan, "a", dir.path()));
  document_inputs(f, false);
  f.text("", "document.date", "31/02/2025");
  const fs::path file = dir.path() / "date.xlsx";
  f.save(file);
  auto run = tt::run(*plan, {file});
  auto bad = tt::with_rule(run.findings, "form-bad-date");
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_NE(bad[0].message.find("\"31/02/2025\""), std::string::npos);
  EXPECT_EQ(tt::with_rule(run.findings, "document-date-missing").size(), 0u);
}

// ---- hostile archives, refused before anything is inflated ------------------------------

namespace {
// The findings of reading one file with the real plugins (and no report).
std::vector<Finding> refused(const fs::path& file) {
  auto plan = tt::plan_from(tt::small_plan());
  auto run = tt::run(*plan, {file});
  EXPECT_TRUE(run.submissions.empty()) << file;
  return run.findings;
}

tt::ZipEntries blank_entries(const tt::TempDir& dir) {
  auto plan = tt::plan_from(tt::small_plan());
  return tt::read_zip(make_form(*plan, "a", dir.path()));
}
}  // namespace

TEST(FormRefusals, TooManyEntriesAreRefused) {
  tt::TempDir dir;
  auto entries = blank_entries(dir);
  for (int i = 0; i < 1001; ++i) entries.emplace_back("xl/media/x" + std::to_string(i), "x");
  tt::write_zip(dir.path() / "many.xlsx", entries);
  auto f = tt::with_rule(refused(dir.path() / "many.xlsx"), "form-unsafe-archive");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("quá giới hạn 1000"), std::string::npos) << f[0].message;
}

TEST(FormRefusals, AnOversizedEntryIsRefusedBeforeInflating) {
  tt::TempDir dir;
  auto entries = blank_entries(dir);
  entries.emplace_back("xl/media/big.bin", std::string(17u << 20, 'a'));
  tt::write_zip(dir.path() / "big.xlsx", entries);
  auto f = tt::with_rule(refused(dir.path() / "big.xlsx"), "form-unsafe-archive");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("xl/media/big.bin"), std::string::npos) << f[0].message;
}

TEST(FormRefusals, AZipBombIsRefusedByItsCompressionRatio) {
  tt::TempDir dir;
  auto entries = blank_entries(dir);
  // 8 MiB of zeros deflate to a few kilobytes: far above 100:1.
  for (auto& [name, data] : entries)
    if (name == "xl/sharedStrings.xml") data += std::string(8u << 20, ' ');
  tt::write_zip(dir.path() / "bomb.xlsx", entries);
  auto f = tt::with_rule(refused(dir.path() / "bomb.xlsx"), "form-unsafe-archive");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("bom nén"), std::string::npos) << f[0].message;
}

TEST(FormRefusals, AnEntryThatLiesAboutItsSizeIsStoppedWhileInflating) {
  // The declared sizes (local header and central directory) say 100 bytes; the data inflates
  // to much more. Reading stops at the declared size: refused, never more memory.
  tt::TempDir dir;
  auto entries = blank_entries(dir);
  for (auto& [name, data] : entries)
    if (name == "xl/worksheets/sheet2.xml") data += std::string(400000, ' ');
  const fs::path file = dir.path() / "liar.xlsx";
  tt::write_zip(file, entries);
  std::string bytes = read_file(file);
  const std::string name = "xl/worksheets/sheet2.xml";
  size_t patched = 0;
  auto put32 = [&](size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
      bytes[at + static_cast<size_t>(i)] = static_cast<char>(v >> (8 * i));
  };
  for (size_t at = bytes.find(name); at != std::string::npos; at = bytes.find(name, at + 1)) {
    if (at >= 30 && bytes.compare(at - 30, 4, "PK\x03\x04") == 0) {
      put32(at - 30 + 22, 100);  // local header: uncompressed size
      ++patched;
    } else if (at >= 46 && bytes.compare(at - 46, 4, "PK\x01\x02") == 0) {
      put32(at - 46 + 24, 100);  // central directory: uncompressed size
      ++patched;
    }
  }
  ASSERT_EQ(patched, 2u);
  std::ofstream(file, std::ios::binary) << bytes;
  const auto findings = refused(file);
  EXPECT_EQ(tt::with_rule(findings, "form-unsafe-archive").size() +
                tt::with_rule(findings, "form-unreadable").size(),
            1u);
}

TEST(FormRefusals, AnEntryNameThatClimbsOutIsRefusedAndNothingIsWritten) {
  tt::TempDir dir;
  auto entries = blank_entries(dir);
  entries.emplace_back("../../evil.txt", "x");
  entries.emplace_back("../" + std::string(5000, 'y'), "x");  // quoted short, if at all
  const fs::path sub = dir.path() / "a" / "b";
  fs::create_directories(sub);
  tt::write_zip(sub / "climb.xlsx", entries);
  auto f = tt::with_rule(refused(sub / "climb.xlsx"), "form-unsafe-archive");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("../../evil.txt"), std::string::npos);
  EXPECT_LT(f[0].message.size(), 600u);
  EXPECT_FALSE(fs::exists(dir.path() / "evil.txt"));
  EXPECT_FALSE(fs::exists(sub / ".." / ".." / "evil.txt"));
}

TEST(FormRefusals, AnEncryptedArchiveIsRefused) {
  tt::TempDir dir;
  const auto entries = blank_entries(dir);
  const fs::path file = dir.path() / "secret.xlsx";
  {  // zip-level encryption
    int err = 0;
    zip_t* z = zip_open(file.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    ASSERT_TRUE(z);
    for (const auto& [name, data] : entries) {
      zip_source_t* src = zip_source_buffer(z, data.data(), data.size(), 0);
      const auto idx = zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8);
      ASSERT_GE(idx, 0);
      ASSERT_EQ(
          zip_file_set_encryption(z, static_cast<zip_uint64_t>(idx), ZIP_EM_AES_256, "matkhau"), 0);
    }
    ASSERT_EQ(zip_close(z), 0);
  }
  auto f = tt::with_rule(refused(file), "form-encrypted");
  ASSERT_EQ(f.size(), 1u);
  // Excel's own "Encrypt with password": a compound file holding an EncryptedPackage.
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole += std::string(504, '\0');
  const std::string name = "EncryptedPackage";
  for (char c : name) ole += std::string{c, '\0'};
  ole += std::string(1024, '\0');
  EXPECT_EQ(tt::with_rule(refused(dir.write("excel-password.xlsx", ole)), "form-encrypted").size(),
            1u);
}

TEST(FormRefusals, ATruncatedArchiveIsRefused) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  const std::string bytes = read_file(make_form(*plan, "a", dir.path()));
  const fs::path cut = dir.write("cut.xlsx", bytes.substr(0, bytes.size() / 2));
  auto f = tt::with_rule(refused(cut), "form-unreadable");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("bị cắt cụt"), std::string::npos) << f[0].message;
}

TEST(FormRefusals, AMalformedPartIsRefused) {
  tt::TempDir dir;
  auto entries = blank_entries(dir);
  for (auto& [name, data] : entries)
    if (name == "xl/workbook.xml") data = data.substr(0, data.size() - 20);
  tt::write_zip(dir.path() / "bad.xlsx", entries);
  EXPECT_EQ(tt::with_rule(refused(dir.path() / "bad.xlsx"), "form-unreadable").size(), 1u);
}

TEST(FormRefusals, OldExcelOpenDocumentAndWordFilesAreToldToSaveAsXlsx) {
  tt::TempDir dir;
  std::string xls("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  xls += std::string(2048, '\0');
  auto f = tt::with_rule(refused(dir.write("bao-cao.xls", xls)), "form-not-xlsx");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find(".xlsx"), std::string::npos);
  // The same bytes without the extension are still recognised by their content.
  EXPECT_EQ(tt::with_rule(refused(dir.write("bao-cao", xls)), "form-not-xlsx").size(), 1u);

  tt::write_zip(dir.path() / "bao-cao.ods",
                {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
                 {"content.xml", "<office:document-content/>"}},
                /*store=*/true);
  f = tt::with_rule(refused(dir.path() / "bao-cao.ods"), "form-not-xlsx");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("OpenDocument (.ods)"), std::string::npos);

  tt::write_zip(dir.path() / "bao-cao.docx", {{"word/document.xml", "<w:document/>"}});
  f = tt::with_rule(refused(dir.path() / "bao-cao.docx"), "form-not-xlsx");
  ASSERT_EQ(f.size(), 1u);  // a .docx is a zip: taken by content
  EXPECT_NE(f[0].message.find("Word"), std::string::npos);

  f = tt::with_rule(refused(dir.write("xuat-tu-web.xls", "<html><table></table></html>")),
                    "form-not-xlsx");
  EXPECT_EQ(f.size(), 1u);
  tt::write_zip(dir.path() / "nen.xlsx", {{"readme.txt", "x"}});
  EXPECT_EQ(tt::with_rule(refused(dir.path() / "nen.xlsx"), "form-not-xlsx").size(), 1u);
}

TEST(FormRefusals, AnOdsSavedByLibreOfficeIsToldToSaveAsXlsx) {
  if (!tt::have_soffice())
    GTEST_SKIP()
        << "soffice (LibreOffice) is not installed: apt-get install libreoffice-calc-nogui";
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  const auto ods =
      tt::libreoffice_resave(make_form(*plan, "a", dir.path()), dir.path() / "o", "ods");
  ASSERT_TRUE(ods);
  EXPECT_EQ(tt::with_rule(refused(*ods), "form-not-xlsx").size(), 1u);
}

// ---- the command ------------------------------------------------------------------------

TEST(FormsCommand, WritesOneFormPerExpectedUnitIntoAFolderItOwns) {
  tt::TempDir dir;
  const fs::path out = dir.path() / "bieu-mau";
  auto r = tt::cli(
      {"forms", "--plan", tt::kSeedPlan.string(), "--period", "2025", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  size_t forms = 0;
  for (const auto& e : fs::directory_iterator(out)) forms += e.path().extension() == ".xlsx";
  EXPECT_EQ(forms, 26u);
  EXPECT_TRUE(fs::exists(out / "p-thanh-loc.xlsx"));
  EXPECT_TRUE(fs::exists(out / ".tuanthu"));
  EXPECT_NE(r.out.find("Đã ghi 26 biểu mẫu"), std::string::npos) << r.out;
  // Nothing is left beside it, and running again replaces the folder it wrote.
  for (const auto& e : fs::directory_iterator(dir.path())) EXPECT_EQ(e.path(), out);
  r = tt::cli({"forms", "--plan", tt::kSeedPlan.string(), "--period", "2025", "--unit", "bhxh",
               "--unit", "p-thanh-loc", "--out", out.string(), "--lang", "en"});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  forms = 0;
  for (const auto& e : fs::directory_iterator(out)) forms += e.path().extension() == ".xlsx";
  EXPECT_EQ(forms, 2u);
  EXPECT_NE(r.out.find("Written: 2 form(s)"), std::string::npos) << r.out;
  // The blank forms read back: counted, everything reported missing, nothing crashes.
  auto run = tt::run(*tt::seed_plan(), {out});
  EXPECT_EQ(run.submissions.size(), 2u);
  EXPECT_GT(tt::with_rule(run.findings, "coverage-missing-task").size(), 0u);
}

TEST(FormsCommand, RefusesAFolderOfSomeoneElsesFilesAndBadArguments) {
  tt::TempDir dir;
  const fs::path out = dir.path() / "tai-lieu";
  fs::create_directories(out);
  std::ofstream(out / "cua-toi.docx") << "x";
  auto r = tt::cli(
      {"forms", "--plan", tt::kSeedPlan.string(), "--period", "2025", "--out", out.string()});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("cua-toi.docx"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(out / "cua-toi.docx"));
  const fs::path fresh = dir.path() / "moi";
  r = tt::cli({"forms", "--plan", tt::kSeedPlan.string(), "--period", "2025", "--unit", "zz",
               "--out", fresh.string()});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("zz"), std::string::npos);
  r = tt::cli(
      {"forms", "--plan", tt::kSeedPlan.string(), "--period", "2025-Q1", "--out", fresh.string()});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  r = tt::cli({"forms", "--plan", tt::kSeedPlan.string(), "--period", "2025", "--format", "ods",
               "--out", fresh.string()});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_FALSE(fs::exists(fresh));
}

// ---- hostile forms (issue 13, hostile tester) ------------------------------------------

namespace {
unsigned row_of(const std::string& a1) {
  return static_cast<unsigned>(std::stoul(a1.substr(1)));
}

// Appends a shared string (its runs as given) and returns its index.
size_t add_shared(tt::FormBook& f, const std::vector<std::string>& runs) {
  std::string& sst = f.part("xl/sharedStrings.xml");
  size_t n = 0;
  for (size_t at = sst.find("<si>"); at != std::string::npos; at = sst.find("<si>", at + 1)) ++n;
  std::string si = "<si>";
  for (const auto& r : runs) si += "<r><t>" + r + "</t></r>";
  si += "</si>";
  sst.insert(sst.rfind("</sst>"), si);
  return n;
}

long max_rss_kb() {
  struct rusage u {};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}
}  // namespace

TEST(FormRefusals, OneLongSharedStringInManyCellsCostsItsSizeOnce) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  tt::FormBook f(make_form(*plan, "a", dir.path()));
  document_inputs(f, false);
  const size_t big = add_shared(f, {std::string(1000000, 'x')});
  std::string rows;
  for (unsigned r = 1000; r < 3000; ++r)
    rows += "<row r=\"" + std::to_string(r) + "\"><c r=\"H" + std::to_string(r) + "\" t=\"s\"><v>" +
            std::to_string(big) + "</v></c></row>";
  std::string& sheet = f.part(f.sheet_part("Báo cáo"));
  sheet.insert(sheet.find("</sheetData>"), rows);
  f.raw("T1", "ket-qua", "t=\"s\"", "<v>" + std::to_string(big) + "</v>");
  const fs::path file = dir.path() / "amplify.xlsx";
  f.save(file);
  ASSERT_LT(fs::file_size(file), 1u << 20);
  const long before = max_rss_kb();
  auto run = tt::run(*plan, {file});
  // 2,000 copies of a 1 MB string would be 2 GB; referred to, it is read once.
  EXPECT_LT(max_rss_kb() - before, 300 * 1024);
  const Submission* s = only(run);
  ASSERT_TRUE(s);
  EXPECT_EQ(tt::with_rule(run.findings, "form-bad-text").size(), 1u);  // the input is cut
}

TEST(FormRefusals, TwoSheetsOfTheFormsNameCreditNothing) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  const fs::path blank = make_form(*plan, "a", dir.path());
  fs::create_directory(dir.path() / "in");
  for (const std::string& name : {nfd("Báo cáo"), std::string("Báo cáo"), std::string("BÁO CÁO")}) {
    tt::FormBook f(blank);
    f.number("T1", "so", 999);
    f.copy_sheet("Báo cáo", name);  // a very hidden copy, listed first
    f.number("T1", "so", 12);
    const fs::path file = dir.path() / "in" / "a.xlsx";
    f.save(file);
    auto run = tt::run(*plan, {file});
    EXPECT_TRUE(run.submissions.empty()) << name;
    auto d = tt::with_rule(run.findings, "form-identity-damaged");
    ASSERT_EQ(d.size(), 1u) << name;
    EXPECT_NE(d[0].message.find("2 trang cùng tên"), std::string::npos) << d[0].message;
    EXPECT_EQ(d[0].unit, "a");  // the identity was read: the unit's letter says it
  }
  {  // an identity cell pointing at the identity sheet itself is not an input
    tt::FormBook f(blank);
    f.add_identity_row("T1", "ngay", "'tuanthu'!B3");
    f.add_identity_row("T1", "kh", "'Khác'!E3");
    const fs::path file = dir.path() / "ref.xlsx";
    f.save(file);
    auto run = tt::run(*plan, {file});
    auto d = tt::with_rule(run.findings, "form-identity-damaged");
    ASSERT_EQ(d.size(), 1u);  // two bad rows, one finding
    EXPECT_NE(d[0].message.find("trỏ ra ngoài trang \"Báo cáo\" và 1 dòng khác"), std::string::npos)
        << d[0].message;
  }
}

TEST(FormRefusals, AKeyCopiedOntoAnotherRowWithoutItsLabelCreditsNothing) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  tt::FormBook f(make_form(*plan, "a", dir.path()));
  document_inputs(f, false);
  f.number("T1", "so", 12);
  const unsigned so = row_of(f.cell_of("T1", "so"));
  const std::string key_cell = "F" + std::to_string(so);
  f.set_cell("Báo cáo", key_cell, "<c r=\"" + key_cell + "\"/>");
  f.set_cell("Báo cáo", "F500", "<c r=\"F500\" t=\"inlineStr\"><is><t>T1/so</t></is></c>");
  f.set_cell("Báo cáo", "E500", "<c r=\"E500\"><v>999</v></c>");
  const fs::path file = dir.path() / "key.xlsx";
  f.save(file);
  auto run = tt::run(*plan, {file});
  const Submission* s = only(run);
  ASSERT_TRUE(s);
  auto gone = tt::with_rule(run.findings, "form-row-missing");
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_NE(gone[0].message.find("dòng 500"), std::string::npos) << gone[0].message;
  const ReportTask* t = s->report.find_task("T1");
  EXPECT_TRUE(!t || !t->find("so"));
  // With the label beside it (the row really moved), the row is read.
  f.set_cell("Báo cáo", "B500", "<c r=\"B500\" t=\"inlineStr\"><is><t>Số buổi</t></is></c>");
  f.save(file);
  auto moved = tt::run(*plan, {file});
  ASSERT_TRUE(only(moved));
  ASSERT_TRUE(only(moved)->report.find_task("T1"));
  EXPECT_EQ(only(moved)->report.find_task("T1")->find("so")->text, "999");
  EXPECT_EQ(tt::with_rule(moved.findings, "form-row-moved").size(), 1u);
}

TEST(Forms, WhiteSpaceRunsOfRichTextAreKept) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  tt::FormBook f(make_form(*plan, "a", dir.path()));
  document_inputs(f, false);
  const size_t kh = add_shared(f, {"Kế hoạch 23/KH-UBND", " ", "ngày 10/01/2025"});
  f.raw("T1", "kh", "t=\"s\"", "<v>" + std::to_string(kh) + "</v>");
  f.raw("T1", "so", "t=\"inlineStr\"", "<is><r><t>0</t></r><r><t> </t></r><r><t>1</t></r></is>");
  const fs::path file = dir.path() / "ws.xlsx";
  f.save(file);
  auto run = tt::run(*plan, {file});
  const Submission* s = only(run);
  ASSERT_TRUE(s);
  const ReportTask* t = s->report.find_task("T1");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->find("kh")->text, "Kế hoạch 23/KH-UBND ngày 10/01/2025");
  EXPECT_EQ(t->find("so")->text, "0 1");  // not 1
  EXPECT_EQ(tt::with_rule(run.findings, "requirement-not-a-number").size(), 1u);
  EXPECT_TRUE(tt::with_rule(run.findings, "requirement-document-incomplete").empty());
}

TEST(FormRefusals, AnInsertedColumnIsFoundByItsKeys) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  tt::FormBook f(make_form(*plan, "a", dir.path()));
  document_inputs(f, false);
  f.number("T1", "so", 12);
  f.number("T1", "ty-le", 100);
  f.insert_column("Báo cáo", 2);  // before "Đơn vị tính"
  const fs::path file = dir.path() / "col.xlsx";
  f.save(file);
  auto run = tt::run(*plan, {file});
  const Submission* s = only(run);
  ASSERT_TRUE(s);
  EXPECT_TRUE(tt::with_rule(run.findings, "form-row-missing").empty());
  auto moved = tt::with_rule(run.findings, "form-row-moved");
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_NE(moved[0].message.find("cột"), std::string::npos) << moved[0].message;
  const ReportTask* t = s->report.find_task("T1");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->find("so")->text, "12");
  EXPECT_EQ(t->find("ty-le")->text, "100");
  EXPECT_EQ(s->report.document.number, "245/BC-LĐTBXH");
}

TEST(FormRefusals, AnEmptyFileNamedAfterItsUnitIsThatUnitsDamagedForm) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  const fs::path file = dir.write("a.xlsx", "");
  auto run = tt::run(*plan, {file});
  auto f = tt::with_rule(run.findings, "form-unreadable");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("tệp rỗng"), std::string::npos) << f[0].message;
  EXPECT_EQ(f[0].unit, "a");
  // The unit's letter says its file came and must be sent again, not that nothing came.
  const fs::path letters = dir.path() / "thu";
  auto r =
      tt::cli({"check", "--plan", dir.write("plan.xml", tt::small_plan()).string(), "--period",
               "2025", "--as-of", "2025-11-20", "--feedback", letters.string(), file.string()});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  const std::string letter = read_file(letters / "a.txt");
  EXPECT_NE(letter.find("đã nhận được tệp"), std::string::npos) << letter;
  EXPECT_NE(letter.find("tệp rỗng"), std::string::npos) << letter;
  EXPECT_EQ(letter.find("chưa nhận được"), std::string::npos) << letter;
  // A truncated archive says so in Vietnamese, with no library text in English.
  const std::string bytes = read_file(make_form(*plan, "a", dir.path()));
  auto cut = tt::with_rule(refused(dir.write("b.xlsx", bytes.substr(0, 100))), "form-unreadable");
  ASSERT_EQ(cut.size(), 1u);
  EXPECT_EQ(cut[0].message.find("archive"), std::string::npos) << cut[0].message;
  EXPECT_EQ(cut[0].message.find("File"), std::string::npos) << cut[0].message;
}

TEST(FormRefusals, TooManySheetsOrIdentityRowsAreRefusedCheaply) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  const fs::path blank = make_form(*plan, "a", dir.path());
  {
    tt::FormBook f(blank);
    std::string& wb = f.part("xl/workbook.xml");
    std::string many;
    for (int i = 0; i < 1001; ++i)
      many += "<sheet name=\"S" + std::to_string(i) + "\" sheetId=\"" + std::to_string(i + 100) +
              "\" r:id=\"rId1\"/>";
    wb.insert(wb.find("</sheets>"), many);
    f.save(dir.path() / "sheets.xlsx");
    auto u = tt::with_rule(refused(dir.path() / "sheets.xlsx"), "form-unsafe-archive");
    ASSERT_EQ(u.size(), 1u);
    EXPECT_NE(u[0].message.find("1000 trang"), std::string::npos) << u[0].message;
  }
  {
    tt::FormBook f(blank);
    for (int i = 0; i < 50; ++i) f.add_identity_row("T1", "x" + std::to_string(i), "bad");
    f.save(dir.path() / "rows.xlsx");
    auto run = tt::run(*plan, {dir.path() / "rows.xlsx"});
    auto d = tt::with_rule(run.findings, "form-identity-damaged");
    ASSERT_EQ(d.size(), 1u);
    EXPECT_NE(d[0].message.find("và 49 dòng khác"), std::string::npos) << d[0].message;
  }
}

TEST(FormRefusals, FormulasRepeatedCellsAndRepeatedIdentityRowsAreNotGuessed) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  const fs::path blank = make_form(*plan, "a", dir.path());
  const fs::path file = dir.path() / "filled.xlsx";
  {  // a formula never calculated, and a workbook that asks to be recalculated
    tt::FormBook f(blank);
    f.raw("T1", "so", "", "<f>1+1</f>");
    f.raw("T1", "ty-le", "", "<f>A1*100</f><v>100</v>");
    // libxlsxwriter's forms ask for it already; the warning is about the input's formula
    ASSERT_NE(f.part("xl/workbook.xml").find("fullCalcOnLoad=\"1\""), std::string::npos);
    f.save(file);
    auto run = tt::run(*plan, {file});
    auto w = tt::with_rule(run.findings, "form-formula-value");
    ASSERT_EQ(w.size(), 2u);
    EXPECT_EQ(w[0].severity, Severity::Warning);
    const std::string both = w[0].message + w[1].message;
    EXPECT_NE(both.find("công thức chưa được tính"), std::string::npos) << both;
    EXPECT_NE(both.find("có thể đã cũ"), std::string::npos) << both;
  }
  {  // a cell written twice
    tt::FormBook f(blank);
    f.number("T1", "so", 12);
    const std::string at = f.cell_of("T1", "so");
    std::string& sheet = f.part(f.sheet_part("Báo cáo"));
    const std::string cell = "<c r=\"" + at + "\"";
    const size_t p = sheet.find(cell);
    ASSERT_NE(p, std::string::npos);
    sheet.insert(p, cell + "><v>999</v></c>");
    f.save(file);
    auto run = tt::run(*plan, {file});
    EXPECT_TRUE(run.submissions.empty());
    auto d = tt::with_rule(run.findings, "form-identity-damaged");
    ASSERT_EQ(d.size(), 1u);
    EXPECT_NE(d[0].message.find("ô " + at + " của trang"), std::string::npos) << d[0].message;
  }
  {  // a second `unit` row (written over plan-version, above the map)
    tt::FormBook f(blank);
    f.set_cell("tuanthu", "A3", "<c r=\"A3\" t=\"inlineStr\"><is><t>unit</t></is></c>");
    f.set_cell("tuanthu", "B3", "<c r=\"B3\" t=\"inlineStr\"><is><t>b</t></is></c>");
    f.save(file);
    auto run = tt::run(*plan, {file});
    EXPECT_TRUE(run.submissions.empty());
    auto d = tt::with_rule(run.findings, "form-identity-damaged");
    ASSERT_EQ(d.size(), 1u);
    EXPECT_NE(d[0].message.find("dòng unit có hai lần"), std::string::npos) << d[0].message;
  }
  {  // part names differ in case from what the relationships say
    tt::FormBook f(blank);
    f.number("T1", "so", 12);
    tt::ZipEntries e = f.entries();
    for (auto& [name, data] : e)
      if (name == "xl/workbook.xml") name = "xl/Workbook.xml";
    tt::write_zip(file, e);
    auto run = tt::run(*plan, {file});
    ASSERT_TRUE(only(run));
    EXPECT_EQ(only(run)->report.find_task("T1")->find("so")->text, "12");
  }
  {  // …but two parts whose names differ only in case are a damaged package
    tt::FormBook f(blank);
    tt::ZipEntries e = f.entries();
    e.emplace_back("XL/workbook.xml", entry(e, "xl/workbook.xml"));
    tt::write_zip(file, e);
    auto u = tt::with_rule(refused(file), "form-unreadable");
    ASSERT_EQ(u.size(), 1u);
    EXPECT_NE(u[0].message.find("chỉ khác chữ hoa"), std::string::npos) << u[0].message;
  }
}
