// The bad-input corpus (tests/data/bad/, expectations in tests/data/bad-expected.tsv):
// every file is accounted for, the run completes, and each file used as a plan is a
// clear exit 2, never a crash.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "support.hpp"

using namespace tuanthu;

namespace {
const std::filesystem::path kBad = tt::kSource / "tests" / "data" / "bad";

std::vector<std::pair<std::string, std::string>> expectations() {
  std::vector<std::pair<std::string, std::string>> out;
  std::ifstream in(tt::kSource / "tests" / "data" / "bad-expected.tsv");
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream l(line);
    std::string file, rule;
    l >> file >> rule;
    out.emplace_back(file, rule);
  }
  return out;
}

bool names(const Finding& f, const std::string& file) {
  return std::filesystem::path(f.file).filename() == file;
}
}  // namespace

TEST(BadInput, EveryFileIsAccountedForAndTheRunCompletes) {
  tt::TempDir gen;
  // Generated here rather than committed: 100,000 levels of nesting, and a 200 MB file
  // (sparse) above the default 64 MiB limit.
  std::string deep =
      R"(<report xmlns="urn:tuanthu:report:1" plan="q12-ct33-2024" period="2025" unit="ldtbxh"><task ref="II.1"><value ref="ket-qua">)";
  for (int i = 0; i < 100000; ++i) deep += "<i>";
  deep += "sâu";
  for (int i = 0; i < 100000; ++i) deep += "</i>";
  deep += "</value></task></report>";
  gen.write("deep-nesting.xml", deep);
  const auto huge = gen.write("huge.xml", "<report/>");
  std::filesystem::resize_file(huge, 200ull * 1024 * 1024);

  auto plan = tt::seed_plan();
  auto run = tt::run(*plan, {kBad, gen.path()});
  const auto expected = expectations();
  ASSERT_GE(expected.size(), 13u);
  for (const auto& [file, rule] : expected) {
    bool found = false;
    for (const auto& f : run.findings) found = found || (names(f, file) && f.rule == rule);
    EXPECT_TRUE(found) << file << " should give " << rule;
  }
  auto huge_f = tt::with_rule(run.findings, "input-unreadable");
  EXPECT_TRUE(std::any_of(huge_f.begin(), huge_f.end(),
                          [](const Finding& f) { return names(f, "huge.xml"); }));
  // The deeply nested report was read: its unit is not missing.
  EXPECT_NE(run.status.find_unit("ldtbxh")->timeliness, Timeliness::Missing);
  // Every file considered either yielded a report or is named by a finding.
  for (const auto& in : run.files) {
    bool named = in.accepted;
    for (const auto& f : run.findings) named = named || f.file == in.path.string();
    EXPECT_TRUE(named) << in.path;
  }
  EXPECT_EQ(run.status.totals.expected, 26);
}

TEST(BadInput, AnUnreadableFileIsAFinding) {
  tt::TempDir dir;
  const auto f = dir.write("secret.xml", tt::small_report("a"));
  std::filesystem::permissions(f, std::filesystem::perms::none);
  auto plan = tt::plan_from(tt::small_plan());
  tt::real_plugins();  // loaded before the fork, as the user who built them
  // File permissions do not stop root: the run happens as nobody.
  tt::as_unprivileged([&]() -> std::string {
    auto run = tt::run(*plan, {f});
    const auto n = tt::with_rule(run.findings, "input-unreadable").size();
    return n == 1 ? "" : "expected one input-unreadable finding, got " + std::to_string(n);
  });
}

TEST(BadInput, EveryBadFileAsAPlanIsExit2WithAMessage) {
  for (const auto& [file, rule] : expectations()) {
    // wrong-root.xml is an (empty) plan: lint reports its problems with exit 1, tested below.
    if (file == "entity-bomb.xml" || file == "wrong-root.xml") continue;
    auto r = tt::cli({"lint", (kBad / file).string()});
    EXPECT_EQ(r.exit_code, 2) << file << ": " << r.out;
    EXPECT_NE(r.out.find(file), std::string::npos) << file << ": " << r.out;
  }
  auto bomb = tt::cli({"lint", (kBad / "entity-bomb.xml").string()});
  EXPECT_EQ(bomb.exit_code, 2) << bomb.out;
  EXPECT_NE(bomb.out.find("plan-not-a-plan"), std::string::npos);
  auto empty_plan = tt::cli({"lint", (kBad / "wrong-root.xml").string()});
  EXPECT_EQ(empty_plan.exit_code, 1) << empty_plan.out;
  EXPECT_NE(empty_plan.out.find("plan-bad-cycle"), std::string::npos);
  auto check = tt::cli(
      {"check", "--plan", (kBad / "truncated.xml").string(), "--period", "2025", kBad.string()});
  EXPECT_EQ(check.exit_code, 2) << check.out;
}
