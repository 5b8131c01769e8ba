// The consolidated workbook, read back cell by cell.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support.hpp"
#include "xlsx_reader.hpp"

using namespace tuanthu;

namespace {

struct SampleBook {
  tt::TempDir dir;
  std::filesystem::path xlsx = dir.path() / "tong-hop.xlsx";
  nlohmann::json json;
  std::unique_ptr<tt::XlsxBook> book;

  SampleBook() {
    const auto json_file = dir.path() / "k.json";
    auto r = tt::cli({"check", "--plan", tt::kSeedPlan.string(), "--period", "2025", "--as-of",
                      "2025-11-20", "--out", xlsx.string(), "--json", json_file.string(),
                      (tt::kSource / "samples" / "2025").string()});
    EXPECT_EQ(r.exit_code, 1) << r.out;
    std::ifstream in(json_file);
    json = nlohmann::json::parse(in);
    book = std::make_unique<tt::XlsxBook>(xlsx.string());
  }
};

SampleBook& sample() {
  static SampleBook b;
  return b;
}

std::string value(const tt::XlsxBook& b, const std::string& sheet, const std::string& ref) {
  auto c = b.cell(sheet, ref);
  return c ? c->value : std::string("<empty>");
}

}  // namespace

TEST(Xlsx, HasEverySheetInOrder) {
  const auto& b = *sample().book;
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b.sheet_names(),
            (std::vector<std::string>{"Tổng quan", "Theo nhiệm vụ", "Tình hình nộp", "Ma trận",
                                      "Chỉ tiêu", "Phát hiện", "Chi tiết kết quả"}));
}

TEST(Xlsx, OverviewTotals) {
  const auto& b = *sample().book;
  const std::string s = "Tổng quan";
  EXPECT_EQ(value(b, s, "A1"), "ỦY BAN NHÂN DÂN QUẬN 12");
  EXPECT_EQ(value(b, s, "C1"), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  struct Row {
    const char* label;
    const char* value;
  } rows[] = {{"Số đơn vị phải báo cáo", "26"},
              {"Số đơn vị đã nộp", "23"},
              {"Đúng hạn", "21"},
              {"Trễ hạn", "2"},
              {"Chưa nộp", "3"},
              {"Chưa đến hạn", "0"}};
  for (const auto& r : rows) {
    const int row = b.find_row(s, "A", r.label);
    ASSERT_GT(row, 0) << r.label;
    auto c = b.cell(s, "B" + std::to_string(row));
    ASSERT_TRUE(c) << r.label;
    EXPECT_TRUE(c->is_number) << r.label;
    EXPECT_EQ(c->value, r.value) << r.label;
  }
  const int row = b.find_row(s, "A", "Mức độ đầy đủ bình quân");
  auto c = b.cell(s, "B" + std::to_string(row));
  ASSERT_TRUE(c);
  EXPECT_EQ(b.number_format(c->style), "0.0%");
  EXPECT_NEAR(std::stod(c->value), sample().json["summary"]["completeness"].get<double>(), 1e-9);
}

TEST(Xlsx, SubmissionsShowALateUnitWithRealDates) {
  const auto& b = *sample().book;
  const std::string s = "Tình hình nộp";
  const int row = b.find_row(s, "A", "Hội CCB quận");
  ASSERT_GT(row, 0);
  const std::string r = std::to_string(row);
  EXPECT_EQ(value(b, s, "F" + r), "trễ hạn");
  EXPECT_EQ(value(b, s, "G" + r), "7");
  auto received = b.cell(s, "E" + r);
  ASSERT_TRUE(received);
  EXPECT_TRUE(received->is_number);  // a real Excel date, 12/11/2025
  EXPECT_EQ(received->value, "45973");
  EXPECT_EQ(b.number_format(received->style), "dd/mm/yyyy");
  const int missing = b.find_row(s, "A", "LĐLĐ quận");
  EXPECT_EQ(value(b, s, "F" + std::to_string(missing)), "chưa nộp");
  EXPECT_EQ(b.last_row(s), 1 + 26);
}

TEST(Xlsx, MatrixMarksAMissingSection) {
  const auto& b = *sample().book;
  const std::string s = "Ma trận";
  const int header = b.find_row(s, "A", "Đơn vị");
  ASSERT_GT(header, 0);
  // Columns B.. are the period's tasks in plan order: II.1 … II.6 is column G.
  EXPECT_EQ(value(b, s, "G" + std::to_string(header)), "II.6");
  const int row = b.find_row(s, "A", "UBND phường Hiệp Thành");
  EXPECT_EQ(value(b, s, "G" + std::to_string(row)), "✗");
  EXPECT_EQ(value(b, s, "B" + std::to_string(row)), "✓");
  const int tckh = b.find_row(s, "A", "Phòng TC-KH");
  EXPECT_EQ(value(b, s, "C" + std::to_string(tckh)), "–");  // II.2 not assigned
}

TEST(Xlsx, IndicatorsShowTheFailedBhytTarget) {
  const auto& b = *sample().book;
  const std::string s = "Chỉ tiêu";
  int row = 0;
  for (const auto& [ref, c] : b.sheet(s))
    if (ref[0] == 'D' && c.value == "BHXH quận" && value(b, s, "B" + ref.substr(1)) == "ty-le-bhyt")
      row = std::stoi(ref.substr(1));
  ASSERT_GT(row, 0);
  const std::string r = std::to_string(row);
  EXPECT_NEAR(std::stod(value(b, s, "E" + r)), 0.972, 1e-9);
  EXPECT_EQ(value(b, s, "G" + r), ">= 100%");
  EXPECT_EQ(value(b, s, "H" + r), "Không đạt");
}

TEST(Xlsx, ALeadTotalIsTheLeadUnitsCell) {
  // II.2's children with a Căn cước: the seed plan takes Công an quận's figure (8.628), not
  // the sum with Phòng LĐTBXH's (10.542); the total cell points at Công an quận's row.
  const auto& b = *sample().book;
  const std::string s = "Chỉ tiêu";
  int lead = 0, total = 0;
  for (const auto& [ref, c] : b.sheet(s)) {
    if (ref[0] != 'B' || c.value != "so-tre-cap-can-cuoc") continue;
    const std::string r = ref.substr(1);
    if (value(b, s, "D" + r) == "Công an quận") lead = std::stoi(r);
    if (value(b, s, "D" + r) == "Số của quận (chủ trì)") total = std::stoi(r);
  }
  ASSERT_GT(lead, 0);
  ASSERT_GT(total, 0);
  EXPECT_EQ(value(b, s, "E" + std::to_string(total)), "8628");
  for (const auto& t : sample().json["indicator_totals"])
    if (t["requirement"] == "so-tre-cap-can-cuoc") {
      EXPECT_EQ(t["aggregate"], "lead");
      EXPECT_EQ(t["lead"], "cong-an");
      EXPECT_EQ(t["value"], 8628);
    }
}

TEST(Xlsx, FindingsSheetHasOneRowPerFinding) {
  const auto& b = *sample().book;
  EXPECT_EQ(b.last_row("Phát hiện"), 1 + static_cast<int>(sample().json["findings"].size()));
  EXPECT_EQ(value(b, "Phát hiện", "A1"), "Mã quy tắc");
}

TEST(Xlsx, ByTaskConsolidatesNarratives) {
  const auto& b = *sample().book;
  const std::string s = "Theo nhiệm vụ";
  EXPECT_EQ(b.last_row(s), 1 + 11);
  const std::string results = value(b, s, "E2");
  EXPECT_NE(results.find("- Phòng LĐTBXH: "), std::string::npos);
  EXPECT_EQ(value(b, s, "H2"), "26");  // II.1 expects every unit
}

TEST(Xlsx, OverflowingNarrativesLandWholeInTheDetailSheet) {
  // 12 units × 3,000 characters > 32,767 for one cell; one unit alone writes 40,000.
  std::string units, members;
  for (int i = 0; i < 12; ++i) {
    units += "<unit id=\"u" + std::to_string(i) + "\" name=\"Đơn vị " + std::to_string(i) + "\"/>";
    members += "<member ref=\"u" + std::to_string(i) + "\"/>";
  }
  auto plan = tt::plan_from(R"(<plan xmlns="urn:tuanthu:plan:1" id="big"><units>)" + units +
                            "<group id=\"g\">" + members + R"(</group></units>
    <reporting><cycle frequency="annual" first="2024" last="2030" due="11-05"/></reporting>
    <tasks><task id="T" from="2024" to="2030"><title>t</title><lead ref="g"/>
    <requirement id="kq" kind="narrative">Kết quả</requirement></task></tasks></plan>)");
  tt::TempDir dir;
  std::vector<std::filesystem::path> files;
  std::string long_one;
  for (int i = 0; i < 40000; ++i) long_one += (i % 7 == 6) ? ' ' : 'a';
  long_one += "ữ";  // a multibyte character at the very end must survive the split
  for (int i = 0; i < 12; ++i) {
    const std::string text = i == 0 ? long_one : std::string(3000, 'b');
    files.push_back(dir.write(
        "r" + std::to_string(i) + ".xml",
        R"(<report xmlns="urn:tuanthu:report:1" plan="big" period="2025" unit="u)" +
            std::to_string(i) + R"("><received date="2025-11-01"/><task ref="T"><value ref="kq">)" +
            text + "</value></task></report>"));
  }
  auto run = tt::run(*plan, files);
  auto writer = tt::real_plugins().writer_for("xlsx");
  ASSERT_TRUE(writer);
  WriteContext ctx{*plan, run.status, run.submissions, run.findings, false, "test"};
  const auto out = dir.path() / "big.xlsx";
  writer->write(ctx, out);
  tt::XlsxBook b(out.string());
  ASSERT_TRUE(b.ok());
  EXPECT_NE(value(b, "Theo nhiệm vụ", "E2").find("Chi tiết kết quả"), std::string::npos);
  // Detail sheet: u0 in two pieces that join to the original, then one row per other unit.
  std::string joined = value(b, "Chi tiết kết quả", "D2") + value(b, "Chi tiết kết quả", "D3");
  EXPECT_EQ(joined, long_one);
  EXPECT_EQ(value(b, "Chi tiết kết quả", "B3"), "Đơn vị 0 (tiếp theo 1)");
  EXPECT_EQ(b.last_row("Chi tiết kết quả"), 1 + 2 + 11);
  EXPECT_EQ(value(b, "Chi tiết kết quả", "D4"), std::string(3000, 'b'));
}

TEST(Xlsx, OpensInLibreOffice) {
  if (std::system("command -v soffice >/dev/null 2>&1") != 0)
    GTEST_SKIP()
        << "soffice (LibreOffice) is not installed: apt-get install libreoffice-calc-nogui";
  tt::TempDir dir;
  const auto& xlsx = sample().xlsx;
  const std::string cmd =
      "cd '" + dir.path().string() + "' && HOME='" + dir.path().string() +
      "' timeout 180 soffice --headless --norestore --convert-to pdf --outdir '" +
      dir.path().string() + "' '" + xlsx.string() + "' >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const auto pdf = dir.path() / "tong-hop.pdf";
  ASSERT_TRUE(std::filesystem::exists(pdf));
  EXPECT_GT(std::filesystem::file_size(pdf), 10000u);
}

TEST(Xlsx, LargePlansUseConstantMemoryAndKeepEveryRow) {
  // Above 1,000 units the writer switches libxlsxwriter to constant-memory mode, which
  // silently drops cells written out of row order: every row must still be there.
  const int n = 1500;
  auto plan = tt::plan_from(tt::big_plan(n));
  tt::TempDir dir;
  for (int i = 0; i < n; i += 2)  // every other unit reports
    dir.write("r" + std::to_string(i) + ".xml", tt::big_report(i));
  auto run = tt::run(*plan, {dir.path()});
  WriteContext ctx{*plan, run.status, run.submissions, run.findings, false, "test"};
  const auto out = dir.path() / "big.xlsx";
  tt::real_plugins().writer_for("xlsx")->write(ctx, out);
  tt::XlsxBook b(out.string());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b.last_row("Tình hình nộp"), 1 + n);
  EXPECT_EQ(value(b, "Tình hình nộp", "A1501"), "Phường 1499");
  EXPECT_EQ(value(b, "Tình hình nộp", "F1501"), "chưa nộp");
  EXPECT_EQ(b.last_row("Phát hiện"), 1 + static_cast<int>(run.findings.size()));
  EXPECT_EQ(b.last_row("Chỉ tiêu"), 1 + n / 2 + 1);  // one row per reporting unit + the total
  const int total = b.find_row("Chỉ tiêu", "D", "Tổng cộng");
  EXPECT_EQ(value(b, "Chỉ tiêu", "E" + std::to_string(total)), "561750");  // 0 + 2 + … + 1498
}

TEST(Xlsx, OverviewBreaksTotalsDownByKindOfUnit) {
  const auto& b = *sample().book;
  const std::string s = "Tổng quan";
  const int row = b.find_row(s, "A", "phường");
  ASSERT_GT(row, 0);
  const std::string r = std::to_string(row);
  EXPECT_EQ(value(b, s, "B" + r), "11");  // expected
  EXPECT_EQ(value(b, s, "C" + r), "10");  // received: Trung Mỹ Tây is missing
  EXPECT_EQ(value(b, s, "E" + r), "1");   // late: Thới An
  EXPECT_EQ(value(b, s, "F" + r), "1");
  const int mass = b.find_row(s, "A", "đoàn thể");
  EXPECT_EQ(value(b, s, "B" + std::to_string(mass)), "5");
}
