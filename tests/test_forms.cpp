// Forms (issue 13): per-unit forms out of the plan (xlsx-form-maker) and `tuanthu forms`.
#include <gtest/gtest.h>

#include <fstream>

#include "form_book.hpp"
#include "support.hpp"
#include "tuanthu/form.hpp"
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

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

std::string entry(const tt::ZipEntries& z, const std::string& name) {
  for (const auto& [n, d] : z)
    if (n == name) return d;
  return {};
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
  EXPECT_EQ(read(make_form(*plan, "bhxh", a.path())), read(make_form(*plan, "bhxh", b.path())));
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
