// Pins the exact findings and summary of `check` on samples/2025 through the JSON
// output. To accept an intended change: TUANTHU_UPDATE_GOLDEN=1 ctest -R Golden, then
// review the diff of tests/golden/ like any other change.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support.hpp"

namespace {
const std::filesystem::path kGolden = tt::kSource / "tests" / "golden" / "samples-2025.findings";

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}
}  // namespace

TEST(Golden, Samples2025) {
  tt::TempDir dir;
  const auto json_file = dir.path() / "ket-qua.json";
  auto r = tt::cli({"check", "--plan", tt::kSeedPlan.string(), "--period", "2025", "--as-of",
                    "2025-11-20", "--json", json_file.string(),
                    (tt::kSource / "samples" / "2025").string()});
  ASSERT_EQ(r.exit_code, 1) << r.out;  // the samples carry error-level findings on purpose
  const auto doc = nlohmann::json::parse(read(json_file));

  const auto& s = doc["summary"];
  EXPECT_EQ(s["expected"], 26);
  EXPECT_EQ(s["received"], 23);
  EXPECT_EQ(s["on_time"], 21);
  EXPECT_EQ(s["late"], 2);
  EXPECT_EQ(s["missing"], 3);
  EXPECT_EQ(doc["due"], "2025-11-05");
  EXPECT_EQ(doc["as_of"], "2025-11-20");

  std::string lines;
  for (const auto& f : doc["findings"]) {
    const std::string file = f["file"].get<std::string>();
    lines += f["rule"].get<std::string>() + "|" + f["unit"].get<std::string>() + "|" +
             f["task"].get<std::string>() + "|" + f["requirement"].get<std::string>() + "|" +
             std::filesystem::path(file).filename().string() + "\n";
  }
  if (std::getenv("TUANTHU_UPDATE_GOLDEN")) {
    std::ofstream(kGolden) << lines;
    GTEST_SKIP() << "golden file rewritten: " << kGolden;
  }
  EXPECT_EQ(lines, read(kGolden));

  // Units named by name (one in NFD with old tone placement) were credited.
  for (const auto& rep : doc["reports"]) {
    const std::string file = rep["file"];
    if (file.find("p-thanh-loc.xml") != std::string::npos) {
      EXPECT_EQ(rep["unit"], "p-thanh-loc");
    }
    if (file.find("p-tan-thoi-nhat.xml") != std::string::npos) {
      EXPECT_EQ(rep["unit"], "p-tan-thoi-nhat");
    }
  }
}
