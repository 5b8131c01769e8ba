// Issue 10, class 3: outputs never harm inputs or land elsewhere. One check keeps every
// output apart from every input; file names made from ids are safe; the letters folder
// is owned by the run (built whole, swapped in, never mixed with an earlier run's).
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <regex>

#include "support.hpp"
#include "tuanthu/atomic_file.hpp"
#include "tuanthu/output_guard.hpp"
#include "tuanthu/text.hpp"

using namespace tuanthu;
namespace fs = std::filesystem;

namespace {

const std::string kPlan = tt::kSeedPlan.string();
const fs::path kSamples = tt::kSource / "samples" / "2025";

using tt::read_file;

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// A copy of the 2025 samples plus a report a unit saved as plain text, named like a letter.
fs::path samples_with_text_report(const tt::TempDir& dir) {
  const fs::path in = dir.path() / "bao-cao";
  fs::create_directories(in);
  fs::copy(kSamples, in, fs::copy_options::recursive);  // with forms/, the filled Excel forms
  std::ofstream(in / "bhxh.txt") << "Báo cáo của Bảo hiểm xã hội quận 12 (bản gõ tay)\n";
  return in;
}

std::vector<std::string> check_args(const std::vector<std::string>& extra, const fs::path& input) {
  std::vector<std::string> a = {"check", "--plan",  kPlan,       "--period",
                                "2025",  "--as-of", "2025-11-20"};
  a.insert(a.end(), extra.begin(), extra.end());
  a.push_back(input.string());
  return a;
}

}  // namespace

// ---- one check: outputs apart from inputs ------------------------------------------

TEST(OutputSafety, FeedbackIntoTheInputFolderIsRefusedAndTheTextReportSurvives) {
  tt::TempDir dir;
  const fs::path in = samples_with_text_report(dir);
  const std::string before = read_file(in / "bhxh.txt");
  auto r = tt::cli(check_args({"--feedback", in.string()}, in));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--feedback"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(in.string()), std::string::npos) << r.out;
  EXPECT_EQ(read_file(in / "bhxh.txt"), before);
}

TEST(OutputSafety, AnOutputContainingOrInsideAnInputIsRefused) {
  tt::TempDir dir;
  const fs::path in = samples_with_text_report(dir);
  // The letters folder would be the parent of the reports: replacing it loses them.
  auto around = tt::cli(check_args({"--feedback", dir.path().string()}, in));
  EXPECT_EQ(around.exit_code, 2) << around.out;
  EXPECT_TRUE(fs::exists(in / "bhxh.txt"));
  // Results written into the report folder would be read as a report next time.
  auto inside = tt::cli(check_args({"--json", (in / "ket-qua.json").string()}, in));
  EXPECT_EQ(inside.exit_code, 2) << inside.out;
  EXPECT_FALSE(fs::exists(in / "ket-qua.json"));
  // The plan is an input too.
  auto plan_dir = tt::cli(check_args({"--feedback", (tt::kSource / "rules").string()}, in));
  EXPECT_EQ(plan_dir.exit_code, 2) << plan_dir.out;
  EXPECT_NE(plan_dir.out.find("--plan"), std::string::npos) << plan_dir.out;
}

TEST(OutputSafety, LinksAreResolved) {
  tt::TempDir dir;
  const fs::path in = samples_with_text_report(dir);
  // An output named through a link to the report folder.
  fs::create_directory_symlink(in, dir.path() / "link");
  auto via_link = tt::cli(check_args({"--feedback", (dir.path() / "link").string()}, in));
  EXPECT_EQ(via_link.exit_code, 2) << via_link.out;
  EXPECT_TRUE(fs::exists(in / "bhxh.txt"));
  // A report folder holding a link to a file elsewhere: that file is an input.
  const fs::path elsewhere = dir.path() / "elsewhere";
  fs::create_directories(elsewhere);
  fs::copy_file(kSamples / "bhxh.xml", elsewhere / "bhxh.json");
  fs::create_symlink(elsewhere / "bhxh.json", in / "bhxh-link.xml");
  auto linked = tt::cli(check_args({"--json", (elsewhere / "bhxh.json").string()}, in));
  EXPECT_EQ(linked.exit_code, 2) << linked.out;
  EXPECT_EQ(read_file(elsewhere / "bhxh.json"), read_file(kSamples / "bhxh.xml"));
}

TEST(OutputSafety, OutputsDoNotOverlapEachOther) {
  tt::TempDir dir;
  const fs::path out = dir.path() / "ket-qua";
  auto r = tt::cli(
      check_args({"--feedback", out.string(), "--json", (out / "k.json").string()}, kSamples));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_FALSE(fs::exists(out));
}

TEST(OutputSafety, TheCheckNamesBothPathsInBothLanguages) {
  tt::TempDir dir;
  const fs::path in = dir.path() / "in";
  fs::create_directories(in);
  auto why = check_outputs_apart({{Message::same("--json"), in / "k.json"}},
                                 {{{"đầu vào", "the input"}, in}});
  ASSERT_TRUE(why);
  EXPECT_NE(why->vi.find("nằm trong đầu vào"), std::string::npos) << why->vi;
  EXPECT_NE(why->en.find("is inside the input"), std::string::npos) << why->en;
  EXPECT_EQ(why->en.find("đầu vào"), std::string::npos) << why->en;
  EXPECT_FALSE(check_outputs_apart({{Message::same("--json"), dir.path() / "k.json"}},
                                   {{{"đầu vào", "the input"}, in}}));
  // "in2" is not inside "in": components, not string prefixes.
  EXPECT_FALSE(check_outputs_apart({{Message::same("--feedback"), dir.path() / "in2"}},
                                   {{{"đầu vào", "the input"}, in}}));
  EXPECT_TRUE(check_outputs_apart({{Message::same("--feedback"), in / ".." / "in" / "."}},
                                  {{{"đầu vào", "the input"}, in}}));
}

// ---- safe file names ------------------------------------------------------------------

TEST(SafeFileName, IdsThatAreAlreadyNamesStayAsTheyAre) {
  for (const char* id : {"bhxh", "cong-an", "ubnd_p1", "phuong-thanh-loc-2"})
    EXPECT_EQ(text::safe_file_name(id), id);
}

TEST(SafeFileName, EveryIdGivesAPlainBoundedName) {
  const std::regex plain("[a-z0-9_][a-z0-9_-]*");
  const std::vector<std::string> ids = {"../x",
                                        "/etc/passwd",
                                        "..",
                                        ".",
                                        "",
                                        ".hidden",
                                        "a/b\\c",
                                        "CON",
                                        "con",
                                        "nul",
                                        "Com1",
                                        "lpt9",
                                        "Phường Thạnh Lộc",
                                        "Đoàn TNCS",
                                        std::string(1000, 'a'),
                                        std::string("a\0b", 3),
                                        "\xff\xfe",
                                        "x y\tz",
                                        "---",
                                        "Bhxh",
                                        "báo cáo.txt"};
  for (const auto& id : ids) {
    const std::string n = text::safe_file_name(id);
    EXPECT_TRUE(std::regex_match(n, plain)) << "\"" << id << "\" → \"" << n << "\"";
    EXPECT_LE(n.size(), 73u) << id;
    EXPECT_EQ(n.find(".."), std::string::npos) << id;
    for (const char* reserved : {"con", "nul", "com1", "lpt9"}) EXPECT_NE(n, reserved) << id;
  }
  EXPECT_TRUE(text::safe_file_name("Phường Thạnh Lộc").starts_with("phuong-thanh-loc-"));
  EXPECT_TRUE(text::safe_file_name("Đoàn TNCS").starts_with("doan-tncs-"));
}

TEST(SafeFileName, IdsThatSlugAlikeNeverShareAName) {
  EXPECT_NE(text::safe_file_name("../x"), text::safe_file_name("x"));
  EXPECT_NE(text::safe_file_name("../x"), text::safe_file_name("/x"));
  EXPECT_NE(text::safe_file_name("Bhxh"), text::safe_file_name("bhxh"));  // case-blind disks
  // Even an id spelled like another id's name: the batch numbers the second one.
  const std::string crafted = text::safe_file_name("../x");
  const auto names = text::safe_file_names({"../x", crafted, "x", "X", "x/"});
  const std::set<std::string> distinct(names.begin(), names.end());
  EXPECT_EQ(distinct.size(), names.size());
  EXPECT_EQ(names[2], "x");
}

TEST(SafeFileName, LettersOfUnitsWithHostileIdsLandInsideTheFolder) {
  tt::TempDir dir;
  const fs::path abs = dir.path() / "abs";
  std::string plan = tt::small_plan();
  auto replace_all = [&](const std::string& from, const std::string& to) {
    for (size_t p; (p = plan.find(from)) != std::string::npos;) plan.replace(p, from.size(), to);
  };
  replace_all("\"b\"", "\"../evil\"");
  replace_all("\"a\"", "\"" + abs.string() + "\"");
  const fs::path plan_file = dir.write("plan/plan.xml", plan);
  const fs::path reports = dir.path() / "reports";
  fs::create_directories(reports);
  const fs::path out = dir.path() / "out";
  fs::create_directories(out);
  auto r = tt::cli({"check", "--plan", plan_file.string(), "--period", "2025", "--as-of",
                    "2025-11-20", "--feedback", (out / "fb").string(), reports.string()});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(names_in(dir.path()), (std::vector<std::string>{"out", "plan", "reports"}));
  EXPECT_EQ(names_in(out), std::vector<std::string>{"fb"});
  const auto letters = names_in(out / "fb");
  ASSERT_EQ(letters.size(), 3u) << r.out;  // the marker and two letters
  EXPECT_EQ(letters[0], AtomicDirectory::kMarker);
  for (size_t i = 1; i < letters.size(); ++i) EXPECT_TRUE(letters[i].ends_with(".txt"));
  EXPECT_NE(read_file(out / "fb" / (text::safe_file_name("../evil") + ".txt")).find("Kính gửi"),
            std::string::npos);
}

// ---- the letters folder is the run's ------------------------------------------------

TEST(LettersFolder, LettersOfAnEarlierRunDoNotStay) {
  tt::TempDir dir;
  const fs::path plan = dir.write("plan.xml", tt::small_plan());
  const fs::path reports = dir.path() / "reports";
  const fs::path fb = dir.path() / "fb";
  dir.write("reports/a.xml", tt::small_report("a"));
  auto first = tt::cli({"check", "--plan", plan.string(), "--period", "2025", "--as-of",
                        "2025-11-20", "--feedback", fb.string(), reports.string()});
  ASSERT_TRUE(fs::exists(fb / "b.txt")) << first.out;  // b has not reported
  dir.write("reports/b.xml", tt::small_report("b"));   // b sends its report
  auto second = tt::cli({"check", "--plan", plan.string(), "--period", "2025", "--as-of",
                         "2025-11-20", "--feedback", fb.string(), reports.string()});
  EXPECT_EQ(second.exit_code, 0) << second.out;
  EXPECT_FALSE(fs::exists(fb / "b.txt")) << second.out;
  EXPECT_NE(second.out.find("(0 thư góp ý"), std::string::npos) << second.out;
  EXPECT_EQ(names_in(fb), std::vector<std::string>{AtomicDirectory::kMarker});
  EXPECT_EQ(names_in(dir.path()), (std::vector<std::string>{"fb", "plan.xml", "reports"}));
}

TEST(LettersFolder, AFolderWithOtherFilesIsNotReplaced) {
  tt::TempDir dir;
  const fs::path fb = dir.path() / "thu";
  dir.write("thu/cong-van-goc.docx", "not ours");
  auto r = tt::cli(check_args({"--feedback", fb.string()}, kSamples));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("cong-van-goc.docx"), std::string::npos) << r.out;
  EXPECT_EQ(names_in(fb), std::vector<std::string>{"cong-van-goc.docx"});
  auto en = tt::cli(check_args({"--lang", "en", "--feedback", fb.string()}, kSamples));
  EXPECT_EQ(en.exit_code, 2) << en.out;
  EXPECT_NE(en.out.find("tuanthu did not write"), std::string::npos) << en.out;
  EXPECT_EQ(en.out.find("không"), std::string::npos) << en.out;
  // Ours, with a file added by hand since: refused too.
  tt::TempDir dir2;
  const fs::path fb2 = dir2.path() / "thu";
  ASSERT_EQ(tt::cli(check_args({"--feedback", fb2.string()}, kSamples)).exit_code, 1);
  dir2.write("thu/ghi-chu.txt", "ghi chú của chuyên viên");
  auto again = tt::cli(check_args({"--feedback", fb2.string()}, kSamples));
  EXPECT_EQ(again.exit_code, 2) << again.out;
  EXPECT_EQ(read_file(fb2 / "ghi-chu.txt"), "ghi chú của chuyên viên");
  // A file where the folder should be.
  const fs::path file = dir.write("thu.txt", "x");
  EXPECT_EQ(tt::cli(check_args({"--feedback", file.string()}, kSamples)).exit_code, 2);
  EXPECT_EQ(read_file(file), "x");
}

TEST(LettersFolder, AnEmptyFolderOrOurOwnIsReplacedWhole) {
  tt::TempDir dir;
  const fs::path fb = dir.path() / "thu";
  fs::create_directories(fb);
  ASSERT_EQ(tt::cli(check_args({"--feedback", fb.string()}, kSamples)).exit_code, 1);
  const auto first = names_in(fb);
  EXPECT_GT(first.size(), 2u);
  auto again = tt::cli(check_args({"--feedback", fb.string()}, kSamples));
  EXPECT_EQ(again.exit_code, 1) << again.out;
  EXPECT_EQ(names_in(fb), first);
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"thu"});  // no temporary left
  // The marker lists every letter.
  const std::string marker = read_file(fb / AtomicDirectory::kMarker);
  for (const auto& n : first) {
    if (n == AtomicDirectory::kMarker) continue;
    EXPECT_NE(marker.find(n + "\n"), std::string::npos) << n;
  }
}

TEST(LettersFolder, AnAbandonedFolderLeavesNothing) {
  tt::TempDir dir;
  {
    AtomicDirectory folder(dir.path() / "fb");
    folder.add("a.txt", "x");
    EXPECT_THROW(folder.add("../b.txt", "x"), Error);
    EXPECT_THROW(folder.add(AtomicDirectory::kMarker, "x"), Error);
  }
  EXPECT_TRUE(names_in(dir.path()).empty());
}

// A folder writer writes into the temporary folder by path; the host takes its files as
// written (listed in the marker), and refuses anything that is not a plain file.
TEST(LettersFolder, WhatAFolderWriterWroteIsTakenAndOnlyPlainFiles) {
  tt::TempDir dir;
  {
    AtomicDirectory folder(dir.path() / "fb");
    folder.add("a.txt", "x");
    std::ofstream(folder.temp_path() / "b.txt") << "y";
    EXPECT_EQ(folder.adopt_written(), (std::vector<std::string>{"a.txt", "b.txt"}));
    folder.commit();
  }
  EXPECT_EQ(names_in(dir.path() / "fb"),
            (std::vector<std::string>{AtomicDirectory::kMarker, "a.txt", "b.txt"}));
  EXPECT_NE(read_file(dir.path() / "fb" / AtomicDirectory::kMarker).find("\nb.txt\n"),
            std::string::npos);
  for (const char* bad : {"sub", "link"}) {
    AtomicDirectory folder(dir.path() / bad);
    if (std::string(bad) == "sub")
      fs::create_directories(folder.temp_path() / "thu-muc-con");
    else
      fs::create_symlink("/etc/passwd", folder.temp_path() / "x.txt");
    EXPECT_THROW(folder.adopt_written(), Error) << bad;
  }
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"fb"});  // nothing left of them
}

TEST(LettersFolder, AReadOnlyPlaceIsAnErrorAndTheOldFolderStays) {
  tt::TempDir dir;
  const fs::path ro = dir.path() / "ro";
  {
    AtomicDirectory earlier(ro / "fb");
    earlier.add("a.txt", "thư cũ");
    earlier.commit();
  }
  fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                          fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  tt::as_unprivileged([&]() -> std::string {
    try {
      AtomicDirectory folder(ro / "fb");
      return "a folder in a read-only place did not throw";
    } catch (const Error& e) {
      if (e.message().en.find("cannot create a temporary folder") == std::string::npos)
        return "unexpected message: " + e.message().en;
    }
    if (names_in(ro) != std::vector<std::string>{"fb"}) return "something was left beside fb";
    if (read_file(ro / "fb" / "a.txt") != "thư cũ") return "the old letters changed";
    return "";
  });
}

TEST(SafeFileName, LintSaysWhatALetterOfAnOddUnitIdWillBeCalled) {
  tt::TempDir dir;
  std::string plan = tt::small_plan();
  for (size_t p; (p = plan.find("\"b\"")) != std::string::npos;) plan.replace(p, 3, "\"../x\"");
  auto r = tt::cli({"lint", dir.write("plan.xml", plan).string()});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("plan-unit-id-not-a-file-name"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(text::safe_file_name("../x") + ".docx"), std::string::npos) << r.out;
  auto clean = tt::cli({"lint", dir.write("clean.xml", tt::small_plan()).string()});
  EXPECT_EQ(clean.out.find("plan-unit-id-not-a-file-name"), std::string::npos) << clean.out;
  auto seed = tt::cli({"lint", kPlan});
  EXPECT_EQ(seed.exit_code, 0) << seed.out;
}

TEST(SafeFileName, ArbitraryBytesGivePlainDistinctNames) {
  std::mt19937 rng(20251129);  // fixed seed: the same cases every run
  const std::string alphabet =
      std::string("aZ09._-/\\ ~:") + "\xc3\xa1\xc4\x91\xe1\xbb\x87" + std::string(1, '\0') + "\xff";
  std::vector<std::string> ids;
  for (int i = 0; i < 5000; ++i) {
    std::string id;
    const size_t len = rng() % 12;
    for (size_t k = 0; k < len; ++k) id += alphabet[rng() % alphabet.size()];
    ids.push_back(id);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  const std::regex plain("[a-z0-9_][a-z0-9_-]*");
  const auto names = text::safe_file_names(ids);
  ASSERT_EQ(names.size(), ids.size());
  for (size_t i = 0; i < ids.size(); ++i)
    ASSERT_TRUE(std::regex_match(names[i], plain) && names[i].size() <= 80) << names[i];
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size());
}
