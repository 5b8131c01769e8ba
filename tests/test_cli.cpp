// The command line: help, version, exit codes, refusals.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "shipped_plugins.hpp"
#include "support.hpp"

namespace {
const std::string kPlan = tt::kSeedPlan.string();
const std::string kSamples = (tt::kSource / "samples" / "2025").string();
}  // namespace

TEST(Cli, HelpAndVersion) {
  auto h = tt::cli({"--help"});
  EXPECT_EQ(h.exit_code, 0);
  EXPECT_NE(h.out.find("check"), std::string::npos);
  EXPECT_EQ(tt::cli({"--version"}).exit_code, 0);
  for (const char* c : {"check", "lint", "plugins", "rules"})
    EXPECT_EQ(tt::cli({c, "--help"}).exit_code, 0) << c;
  EXPECT_EQ(tt::cli({}).exit_code, 2);
  EXPECT_EQ(tt::cli({"frobnicate"}).exit_code, 2);
}

TEST(Cli, LintExitCodes) {
  auto ok = tt::cli({"lint", kPlan});
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_NE(ok.out.find("26"), std::string::npos);
  tt::TempDir dir;
  auto bad = dir.write(
      "bad.xml", R"(<plan xmlns="urn:tuanthu:plan:1" id="x"><units><unit id="a" name="A"/></units>
<reporting><cycle frequency="annual" first="2024" last="2030" due="11-05"/></reporting>
<tasks><task id="T" from="2024" to="2030"><title>t</title><lead ref="nobody"/></task></tasks></plan>)");
  auto r = tt::cli({"lint", bad.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("bad.xml:3:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("plan-unknown-ref"), std::string::npos);
  EXPECT_EQ(tt::cli({"lint", (dir.path() / "none.xml").string()}).exit_code, 2);
  EXPECT_EQ(tt::cli({"lint",
                     dir.write("trunc.xml", "<plan xmlns=\"urn:tuanthu:plan:1\"><units>").string()})
                .exit_code,
            2);
  EXPECT_EQ(tt::cli({"lint"}).exit_code, 2);
}

// A setting the loader could not read is dropped (the plan still loads): check says the
// plan has errors, as it does for lint's, instead of running without it unannounced.
TEST(Cli, CheckAnnouncesASettingThePlanLoaderDropped) {
  tt::TempDir dir;
  std::string plan = tt::small_plan();
  const std::string good = "min-words=\"5\"";
  ASSERT_NE(plan.find(good), std::string::npos);
  const auto clean = dir.write("clean.xml", plan);
  plan.replace(plan.find(good), good.size(), "min-words=\"-1\"");
  const auto bad = dir.write("bad.xml", plan);
  const auto report = dir.write("a.xml", tt::small_report("a"));
  const std::string warning = "kế hoạch có lỗi cấu trúc";
  auto r = tt::cli({"check", "--plan", bad.string(), "--period", "2025", report.string()});
  EXPECT_NE(r.out.find(warning), std::string::npos) << r.out;
  EXPECT_NE(tt::cli({"lint", bad.string()}).out.find("plan-bad-attribute"), std::string::npos);
  auto c = tt::cli({"check", "--plan", clean.string(), "--period", "2025", report.string()});
  EXPECT_EQ(c.out.find(warning), std::string::npos) << c.out;
}

TEST(Cli, CheckUsageErrors) {
  EXPECT_EQ(tt::cli({"check", "--period", "2025", kSamples}).exit_code, 2);
  EXPECT_EQ(tt::cli({"check", "--plan", kPlan, kSamples}).exit_code, 2);
  EXPECT_EQ(tt::cli({"check", "--plan", kPlan, "--period", "2025"}).exit_code, 2);
  EXPECT_EQ(tt::cli({"check", "--plan", kPlan, "--period", "2025-13", kSamples}).exit_code, 2);
  EXPECT_EQ(tt::cli({"check", "--plan", kPlan, "--period", "2025-Q3", kSamples}).exit_code,
            2);  // cycle is annual
  EXPECT_EQ(tt::cli({"check", "--plan", kPlan, "--period", "2031", kSamples}).exit_code, 2);
  EXPECT_EQ(
      tt::cli({"check", "--plan", kPlan, "--period", "2025", "--as-of", "31/02/2025", kSamples})
          .exit_code,
      2);
  EXPECT_EQ(
      tt::cli({"check", "--plan", kPlan, "--period", "2025", "--lang", "fr", kSamples}).exit_code,
      2);
  EXPECT_EQ(
      tt::cli({"check", "--plan", "/nonexistent.xml", "--period", "2025", kSamples}).exit_code, 2);
}

TEST(Cli, RefusesToWriteOverAnInput) {
  tt::TempDir dir;
  const auto report = dir.write("a.json", "{}");
  auto r = tt::cli({"check", "--plan", kPlan, "--period", "2025", "--json", report.string(),
                    dir.path().string()});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  auto p = tt::cli({"check", "--plan", kPlan, "--period", "2025", "--json", kPlan, kSamples});
  EXPECT_EQ(p.exit_code, 2) << p.out;
}

TEST(Cli, UnwritableOutputIsExit3AndLeavesNothing) {
  tt::TempDir dir;
  const auto target = dir.path() / "missing" / "out.json";
  auto r =
      tt::cli({"check", "--plan", kPlan, "--period", "2025", "--json", target.string(), kSamples});
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_FALSE(std::filesystem::exists(target));
}

TEST(Cli, CheckWritesJsonFeedbackAndASummary) {
  tt::TempDir dir;
  auto r = tt::cli({"check", "--plan", kPlan, "--period", "2025", "--as-of", "2025-11-20", "--json",
                    (dir.path() / "k.json").string(), "--feedback", (dir.path() / "fb").string(),
                    kSamples});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("Đơn vị phải báo cáo: 26"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Chưa nộp: "), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "k.json"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "fb" / "bhxh.txt"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "fb" / "ldld.txt"));      // missing unit
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "fb" / "cong-an.txt"));  // nothing to fix
  auto read = [](const std::filesystem::path& p) {
    std::ifstream in(p);
    return std::string((std::istreambuf_iterator<char>(in)), {});
  };
  const std::string bhxh = read(dir.path() / "fb" / "bhxh.txt");
  EXPECT_TRUE(bhxh.starts_with("Kính gửi: Bảo hiểm xã hội quận 12\n")) << bhxh;
  EXPECT_NE(bhxh.find("Nhiệm vụ II.4"), std::string::npos) << bhxh;
  EXPECT_NE(bhxh.find("đạt 97,2%, chưa đạt chỉ tiêu >= 100%"), std::string::npos) << bhxh;
  const std::string ldld = read(dir.path() / "fb" / "ldld.txt");
  // Its form came without the identity sheet: received, not counted, and why.
  EXPECT_NE(ldld.find("đã nhận được tệp báo cáo năm 2025"), std::string::npos) << ldld;
  EXPECT_NE(ldld.find("Tệp ldld.xlsx\n- bảng tính không có trang nhận dạng"), std::string::npos)
      << ldld;
  EXPECT_NE(ldld.find("- Nhiệm vụ II.1 (phối hợp)"), std::string::npos) << ldld;
  auto en = tt::cli({"check", "--plan", kPlan, "--period", "2025", "--as-of", "2025-11-20",
                     "--lang", "en", kSamples});
  EXPECT_NE(en.out.find("Units expected: 26"), std::string::npos) << en.out;
}

TEST(Cli, PluginsListsEveryPlugin) {
  auto r = tt::cli({"plugins"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  for (std::string_view name : tt::kShippedPlugins)
    EXPECT_NE(("\n" + r.out).find("\n" + std::string(name) + "\t"), std::string::npos) << name;
  for (const char* line : {"xml-report\treader", "submission\tcheck", "json\twriter"})
    EXPECT_NE(r.out.find(line), std::string::npos) << line;
}

TEST(Cli, WarnsAboutAChecksEntryThatMatchesNothing) {
  tt::TempDir dir;
  std::ifstream in(tt::kSeedPlan);
  std::string plan((std::istreambuf_iterator<char>(in)), {});
  plan.replace(plan.find("<checks>"), 8, "<checks><check plugin=\"requirement\" rule=\"x\"/>");
  const auto file = dir.write("plan.xml", plan);
  auto r = tt::cli(
      {"check", "--plan", file.string(), "--period", "2025", "--as-of", "2025-11-20", kSamples});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("không có plugin \"requirement\""), std::string::npos) << r.out;
}

TEST(Cli, LintReportsAChecksEntryThatMatchesNothing) {
  tt::TempDir dir;
  std::ifstream in(tt::kSeedPlan);
  std::string plan((std::istreambuf_iterator<char>(in)), {});
  plan.replace(plan.find("<checks>"), 8,
               "<checks><check plugin=\"coverage\" rule=\"coverage-nope\"/>");
  auto r = tt::cli({"lint", dir.write("plan.xml", plan).string()});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("plan-unknown-check"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("coverage-nope"), std::string::npos) << r.out;
}

// ---- Issue 10, class 7: numeric arguments ----------------------------------------------

TEST(Cli, JobsMustBeAWholeNumberFrom0To256) {
  for (const char* bad : {"-1", "257", "4294967295", "abc", "1.5", "", " 2", "+3"}) {
    auto r = tt::cli({"check", "--plan", kPlan, "--period", "2025", "--jobs", bad, kSamples});
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.out;
    EXPECT_NE(r.out.find("--jobs"), std::string::npos) << bad << ": " << r.out;
    EXPECT_NE(r.out.find("256"), std::string::npos) << bad << ": " << r.out;
  }
  for (const char* good : {"0", "1", "256"}) {
    auto r = tt::cli({"check", "--plan", kPlan, "--period", "2025", "--as-of", "2025-11-20",
                      "--jobs", good, kSamples});
    EXPECT_EQ(r.exit_code, 1) << good << ": " << r.out;
  }
}

// scripts/bench reads these lines: the set-up steps and the check's phases, the check's
// time, then each writer's and its commit's, in the order the outputs were asked for,
// whatever thread wrote them.
TEST(Cli, TimingsNameTheCheckAndEachWriterInRequestOrder) {
  tt::TempDir dir;
  const std::string json = (dir.path() / "k.json").string();
  const std::string xlsx = (dir.path() / "k.xlsx").string();
  const std::string letters = (dir.path() / "thu").string() + "/";
  auto r = tt::cli({"check", "--plan", kPlan, "--period", "2025", "--as-of", "2025-11-20", "--jobs",
                    "2", "--timings", "--out", xlsx, "--out", json, "--out", letters, "--letters",
                    "txt", kSamples});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  std::vector<std::string> lines;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("timing: ", 0) == 0) lines.push_back(line);
  const std::regex seconds(" [0-9]+\\.[0-9]{3} s$");
  const std::vector<std::string> expected = {
      "timing: plan", "timing: lint", "timing: plugins", "timing: check:find-files",
      "timing: check:expectation",
      // the samples hold resubmissions: header first
      "timing: check:sniff", "timing: check:guess", "timing: check:read", "timing: check:decide",
      "timing: check:read-counted", "timing: check:whole-period-checks",
      "timing: check:gather-findings", "timing: check:give-back-memory",
      "timing: check:status-and-sort", "timing: check", "timing: xlsx-report " + xlsx,
      "timing: commit " + xlsx, "timing: json " + json, "timing: commit " + json,
      "timing: letters " + letters, "timing: commit " + letters};
  ASSERT_EQ(lines.size(), expected.size()) << r.out;
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i].rfind(expected[i] + " ", 0), 0u) << lines[i];
    EXPECT_TRUE(std::regex_search(lines[i], seconds)) << lines[i];
  }
  auto quiet = tt::cli({"check", "--plan", kPlan, "--period", "2025", "--as-of", "2025-11-20",
                        "--out", json, kSamples});
  EXPECT_EQ(quiet.out.find("timing:"), std::string::npos) << quiet.out;
}

TEST(Cli, MaxFileSizeMustBeFrom1ByteTo1G) {
  for (const char* bad : {"0", "-1", "2G", "1025M", "1.5M", "10X", "M", "18446744073709551617"}) {
    auto r =
        tt::cli({"check", "--plan", kPlan, "--period", "2025", "--max-file-size", bad, kSamples});
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.out;
    EXPECT_NE(r.out.find("--max-file-size"), std::string::npos) << bad << ": " << r.out;
    EXPECT_NE(r.out.find("1G"), std::string::npos) << bad << ": " << r.out;
  }
  for (const char* good : {"64M", "64MiB", "1g", "65536k", "1048576"}) {
    auto r = tt::cli({"check", "--plan", kPlan, "--period", "2025", "--as-of", "2025-11-20",
                      "--max-file-size", good, kSamples});
    EXPECT_EQ(r.exit_code, 1) << good << ": " << r.out;
    EXPECT_EQ(r.out.find("input-unreadable"), std::string::npos) << good << ": " << r.out;
  }
  // The limit is applied as given: 1K refuses every sample report.
  auto small = tt::cli({"check", "--plan", kPlan, "--period", "2025", "--as-of", "2025-11-20",
                        "--max-file-size", "1K", kSamples});
  EXPECT_NE(small.out.find("báo cáo đọc được: 0\n"), std::string::npos) << small.out;
}

// ---- Issue 9 item 4: one language per message ----------------------------------------------

TEST(Cli, EnglishMeansEnglishEverywhere) {
  tt::TempDir dir;
  const auto target = dir.path() / "missing" / "out.json";
  auto out = tt::cli({"check", "--plan", kPlan, "--period", "2025", "--lang", "en", "--json",
                      target.string(), kSamples});
  EXPECT_EQ(out.exit_code, 3) << out.out;
  EXPECT_NE(out.out.find("cannot write"), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("does not exist"), std::string::npos) << out.out;
  EXPECT_EQ(out.out.find("không"), std::string::npos) << out.out;
  auto vi =
      tt::cli({"check", "--plan", kPlan, "--period", "2025", "--json", target.string(), kSamples});
  EXPECT_NE(vi.out.find("không tồn tại"), std::string::npos) << vi.out;
  EXPECT_EQ(vi.out.find("does not exist"), std::string::npos) << vi.out;

  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"frobnicate", "--lang", "en"},
        {"check", "--lang", "en", "--bogus"},
        {"check", "--lang", "en", "--plan"},
        {"check", "--lang=en", "--plan", kPlan, "--period", "2025", "--jobs", "-1", kSamples},
        {"lint", "--lang", "en"}}) {
    auto r = tt::cli(args);
    EXPECT_EQ(r.exit_code, 2) << args[0] << ": " << r.out;
    for (const char* vi_word : {"không", "thiếu", "cần", "lệnh", " / "})
      EXPECT_EQ(r.out.find(vi_word), std::string::npos) << vi_word << " in: " << r.out;
  }
  auto vi_unknown = tt::cli({"check", "--bogus"});
  EXPECT_NE(vi_unknown.out.find("không có tùy chọn --bogus"), std::string::npos) << vi_unknown.out;
}

TEST(Cli, PluginProblemsFollowTheLanguage) {
  tt::TempDir dir;
  dir.write("broken.so", "not an ELF file");
  std::filesystem::permissions(dir.path(), std::filesystem::perms::others_write,
                               std::filesystem::perm_options::add);
  auto en = tt::cli({"plugins", "--lang", "en", "--plugin-dir", dir.path().string()});
  EXPECT_NE(en.out.find("plugin folder skipped"), std::string::npos) << en.out;
  EXPECT_EQ(en.out.find("bỏ qua"), std::string::npos) << en.out;
  auto vi = tt::cli({"plugins", "--plugin-dir", dir.path().string()});
  EXPECT_NE(vi.out.find("bỏ qua thư mục plugin"), std::string::npos) << vi.out;
}

// --out is repeatable and picks the writer by extension; --json is its alias: the same
// bytes either way.
TEST(Cli, OutChoosesTheWriterByExtensionAndTheOldFlagsGiveTheSameBytes) {
  tt::TempDir dir;
  const auto base = std::vector<std::string>{"check", "--plan",  kPlan,       "--period",
                                             "2025",  "--as-of", "2025-11-20"};
  auto args = base;
  for (const char* a : {"--json", "old.json", "--out", "old.xlsx"})
    args.push_back(a[0] == '-' ? a : (dir.path() / a).string());
  args.push_back(kSamples);
  auto old_flags = tt::cli(args);
  ASSERT_EQ(old_flags.exit_code, 1) << old_flags.out;
  args = base;
  for (const char* a : {"--out", "new.json", "--out", "new.xlsx"})
    args.push_back(a[0] == '-' ? a : (dir.path() / a).string());
  args.push_back(kSamples);
  auto new_flags = tt::cli(args);
  ASSERT_EQ(new_flags.exit_code, 1) << new_flags.out;
  auto read = [&](const char* name) {
    std::ifstream in(dir.path() / name, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
  };
  EXPECT_EQ(read("old.json"), read("new.json"));
  EXPECT_FALSE(read("new.xlsx").empty());
  // No writer for the extension: a usage error that lists what there is.
  auto none = tt::cli({"check", "--plan", kPlan, "--period", "2025", "--lang", "en", "--out",
                       (dir.path() / "x.csv").string(), kSamples});
  EXPECT_EQ(none.exit_code, 2) << none.out;
  EXPECT_NE(none.out.find("no writer plugin for .csv (available: "), std::string::npos) << none.out;
}

// A --plugin-dir that is not a folder is a usage error; a plugin that fails to load in
// `check` is an error finding of the run (exit 1, in the JSON), not only a warning.
TEST(Cli, PluginLoadProblemsCannotPassUnnoticed) {
  tt::TempDir dir;
  auto bad_dir = tt::cli({"plugins", "--lang", "en", "--plugin-dir", "/nonexistent-plugins"});
  EXPECT_EQ(bad_dir.exit_code, 2) << bad_dir.out;
  EXPECT_NE(bad_dir.out.find("--plugin-dir /nonexistent-plugins: not a folder"), std::string::npos)
      << bad_dir.out;
  const auto plugins = dir.path() / "plugins";
  std::filesystem::create_directories(plugins);
  std::filesystem::copy_file(
      std::filesystem::path(TUANTHU_TEST_PLUGIN_DIR) / "wrong_abi" / "tuanthu-test_wrong_abi.so",
      plugins / "tuanthu-test_wrong_abi.so");
  const auto reports = dir.path() / "in";
  std::filesystem::create_directories(reports);
  dir.write("in/a.xml", tt::small_report("a"));
  dir.write("in/b.xml", tt::small_report("b"));
  const auto plan = dir.write("plan.xml", tt::small_plan());
  const auto json = dir.path() / "k.json";
  auto r = tt::cli({"check", "--plan", plan.string(), "--period", "2025", "--as-of", "2025-11-20",
                    "--plugin-dir", plugins.string(), "--json", json.string(), reports.string()});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  std::ifstream in(json);
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(text.find("plugin-error"), std::string::npos) << text;
  EXPECT_NE(text.find("tuanthu-test_wrong_abi.so"), std::string::npos) << text;
}

// The same inputs give the same bytes, whatever --jobs and whenever the run happens (the
// workbook's creation time is the as-of day, not the clock).
TEST(Cli, OutputsAreByteIdenticalAcrossJobsAndRuns) {
  tt::TempDir dir;
  auto run = [&](const std::string& jobs, const std::string& tag) {
    auto r = tt::cli({"check", "--plan", kPlan, "--period", "2025", "--as-of", "2025-11-20",
                      "--jobs", jobs, "--out", (dir.path() / (tag + ".json")).string(), "--out",
                      (dir.path() / (tag + ".xlsx")).string(), kSamples});
    EXPECT_EQ(r.exit_code, 1) << r.out;
  };
  run("1", "a");
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // a different wall-clock second
  run("8", "b");
  auto read = [&](const std::string& name) {
    std::ifstream in(dir.path() / name, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
  };
  EXPECT_EQ(read("a.json"), read("b.json"));
  EXPECT_TRUE(read("a.xlsx") == read("b.xlsx")) << "the workbooks differ";
}

// "letters/", "letters//" and "letters/." name the folder itself, existing or not: the
// temporary sibling is never made inside it.
TEST(Cli, AFeedbackFolderWithATrailingSlashIsTheFolderItself) {
  for (const std::string suffix : {"/", "//", "/."}) {
    tt::TempDir dir;
    const std::string letters = (dir.path() / "thu").string() + suffix;
    auto r = tt::cli({"check", "--plan", kPlan, "--period", "2025", "--as-of", "2025-11-20",
                      "--feedback", letters, kSamples});
    EXPECT_EQ(r.exit_code, 1) << suffix << ": " << r.out;
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "thu" / "bhxh.txt")) << suffix;
    for (const auto& e : std::filesystem::directory_iterator(dir.path() / "thu"))
      EXPECT_EQ(e.path().filename().string().find("tmp"), std::string::npos) << e.path();
  }
}

// Letters are written on as many threads as --jobs gives, each holding a file open for a
// moment: at the open-files limit (ulimit -n) they wait for one another, the run does not
// fail (a limit of 16 with --jobs 64 wrote every letter before letters had threads too).
TEST(Cli, LettersOnManyThreadsAtTheOpenFilesLimit) {
  tt::TempDir dir;
  const std::string folder = (dir.path() / "thu").string() + "/";
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const rlimit low{16, 16};
    if (::setrlimit(RLIMIT_NOFILE, &low) != 0) ::_exit(10);
    for (const char* kind : {"txt", "docx"}) {
      const auto r =
          tt::cli({"check", "--plan", kPlan, "--period", "2025", "--as-of", "2025-11-20", "--jobs",
                   "64", "--quiet", "--out", folder, "--letters", kind, kSamples});
      if (r.exit_code != 1) {
        std::fprintf(stderr, "%s\n", r.out.c_str());
        ::_exit(11);
      }
    }
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  size_t letters = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path() / "thu"))
    letters += e.path().extension() == ".docx";
  EXPECT_GT(letters, 3u);
}
