// Bad input never stops a run and is always accounted for; outputs are atomic.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>

#include "support.hpp"
#include "tuanthu/atomic_file.hpp"

using namespace tuanthu;

TEST(Engine, EveryBadFileIsAccountedForAndTheRunCompletes) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  struct Case {
    std::string name, content, rule;
  } cases[] = {
      {"empty.xml", "", "report-empty"},
      {"binary.xml", std::string("PK\x03\x04\x00\x00\xff\xfe", 8), "report-invalid-utf8"},
      {"truncated.xml", tt::small_report("a").substr(0, 200), "report-malformed-xml"},
      {"latin1.xml", "<report xmlns=\"urn:tuanthu:report:1\">Th\xe1nh</report>",
       "report-invalid-utf8"},
      {"utf16.xml", std::string("\xff\xfe<\0r\0", 6), "report-encoding"},
      {"declared.xml", "<?xml version=\"1.0\" encoding=\"windows-1258\"?><report/>",
       "report-encoding"},
      {"wrong-root.xml", "<plan xmlns=\"urn:tuanthu:plan:1\"/>", "report-not-a-report"},
      {"wrong-ns.xml", "<report xmlns=\"urn:other\"/>", "report-not-a-report"},
      {"notes.txt", "ghi chú", "input-unsupported"},
      {"bomb.xml",
       "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
       "\"&a;&a;&a;&a;&a;&a;\">]>"
       "<report xmlns=\"urn:tuanthu:report:1\" plan=\"small\" period=\"2025\" unit=\"zz&b;\"/>",
       "submission-unknown-unit"},
  };
  std::vector<std::filesystem::path> inputs;
  for (const auto& c : cases) inputs.push_back(dir.write(c.name, c.content));
  // 100,000 levels of nesting inside a value.
  std::string deep =
      "<report xmlns=\"urn:tuanthu:report:1\" plan=\"small\" period=\"2025\" unit=\"b\"><task "
      "ref=\"T1\"><value ref=\"ket-qua\">";
  for (int i = 0; i < 100000; ++i) deep += "<i>";
  deep += "sâu";
  for (int i = 0; i < 100000; ++i) deep += "</i>";
  deep += "</value></task></report>";
  inputs.push_back(dir.write("deep.xml", deep));
  // A dangling link, a looping link, and the same file reached twice.
  std::filesystem::create_symlink(dir.path() / "nowhere.xml", dir.path() / "dangling.xml");
  std::filesystem::create_symlink(dir.path() / "loop.xml", dir.path() / "loop.xml");
  const auto good = dir.write("sub/a.xml", tt::small_report("a"));
  std::filesystem::create_symlink(good, dir.path() / "a-link.xml");

  auto run = tt::run(*plan, {dir.path()});
  for (const auto& c : cases) {
    bool found = false;
    for (const auto& f : run.findings)
      if (f.rule == c.rule && f.file.find(c.name) != std::string::npos) found = true;
    EXPECT_TRUE(found) << c.name << " should give " << c.rule;
  }
  auto dangling = tt::with_rule(run.findings, "input-unreadable");
  EXPECT_EQ(dangling.size(), 2u);  // dangling.xml and loop.xml
  EXPECT_EQ(tt::with_rule(run.findings, "input-duplicate-path").size(), 1u);
  // Every file: either a report came out of it or a finding names it.
  for (const auto& in : run.files) {
    bool named = in.accepted;
    for (const auto& f : run.findings) named = named || f.file == in.path.string();
    EXPECT_TRUE(named) << in.path;
  }
  EXPECT_EQ(run.status.find_unit("a")->timeliness, Timeliness::OnTime);
  EXPECT_EQ(run.status.find_unit("b")->submission->report.tasks.size(), 1u);  // deep.xml was read
}

TEST(Engine, OversizedFilesAreRefusedByTheConfiguredLimit) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  auto a = dir.write("a.xml", tt::small_report("a") + std::string(4096, ' '));
  CheckRunOptions o;
  o.period = *Period::parse("2025");
  o.as_of = Date{2025, 11, 20};
  o.inputs = {a};
  o.max_file_size = 1024;
  auto run = run_check(*plan, tt::real_plugins(), o);
  auto f = tt::with_rule(run.findings, "input-unreadable");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("--max-file-size"), std::string::npos);
}

TEST(Engine, ResultsDoNotDependOnTheNumberOfThreads) {
  auto plan = tt::seed_plan();
  CheckRunOptions o;
  o.period = *Period::parse("2025");
  o.as_of = Date{2025, 11, 20};
  o.inputs = {tt::kSource / "samples" / "2025"};
  o.jobs = 1;
  auto one = run_check(*plan, tt::real_plugins(), o);
  o.jobs = 4;
  auto four = run_check(*plan, tt::real_plugins(), o);
  ASSERT_EQ(one.findings.size(), four.findings.size());
  for (size_t i = 0; i < one.findings.size(); ++i) {
    EXPECT_EQ(one.findings[i].rule, four.findings[i].rule);
    EXPECT_EQ(one.findings[i].message, four.findings[i].message);
  }
}

TEST(AtomicOutput, MissingFolderIsAOneLineErrorAndNothingIsWritten) {
  tt::TempDir dir;
  const auto target = dir.path() / "no-such-folder" / "x.json";
  EXPECT_THROW(write_file_atomically(target, "{}"), std::runtime_error);
  EXPECT_FALSE(std::filesystem::exists(target));
}

TEST(AtomicOutput, FullDiskLeavesNoFileUnderTheRequestedName) {
  tt::TempDir dir;
  const auto target = dir.path() / "big.json";
  // RLIMIT_FSIZE stands in for a full disk; done in a child so the limit stays there.
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit lim{4096, 4096};
    ::setrlimit(RLIMIT_FSIZE, &lim);
    try {
      write_file_atomically(target, std::string(100000, 'x'));
    } catch (const std::runtime_error&) {
      ::_exit(0);
    }
    ::_exit(1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_FALSE(std::filesystem::exists(target));
  for (const auto& e : std::filesystem::directory_iterator(dir.path()))
    ADD_FAILURE() << "left behind: " << e.path();
}

TEST(AtomicOutput, ReplacesAnExistingFileWhole) {
  tt::TempDir dir;
  const auto target = dir.write("x.json", "old");
  write_file_atomically(target, "new content");
  std::ifstream in(target);
  std::string s((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(s, "new content");
}
