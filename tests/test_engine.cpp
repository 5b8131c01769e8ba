// Bad input never stops a run and is always accounted for; outputs are atomic.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <fstream>

#include "support.hpp"
#include "tuanthu/atomic_file.hpp"
#include "tuanthu/text.hpp"

using namespace tuanthu;

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
  // The status model, worked out beside the whole-period checks on more than one thread,
  // with each unit's finding counts set afterwards.
  ASSERT_EQ(one.status.units.size(), four.status.units.size());
  for (size_t i = 0; i < one.status.units.size(); ++i) {
    EXPECT_EQ(one.status.units[i].unit, four.status.units[i].unit);
    EXPECT_EQ(one.status.units[i].errors, four.status.units[i].errors);
    EXPECT_EQ(one.status.units[i].warnings, four.status.units[i].warnings);
    EXPECT_EQ(one.status.units[i].completeness, four.status.units[i].completeness);
  }
  EXPECT_GT(std::count_if(one.status.units.begin(), one.status.units.end(),
                          [](const UnitStatus& u) { return u.errors + u.warnings > 0; }),
            0);
  ASSERT_EQ(one.status.cells.size(), four.status.cells.size());
  for (size_t i = 0; i < one.status.cells.size(); ++i)
    EXPECT_EQ(one.status.cells[i].state, four.status.cells[i].state);
  EXPECT_EQ(one.status.totals.completeness, four.status.totals.completeness);
  EXPECT_EQ(one.status.expectation.units.size(), four.status.expectation.units.size());
  EXPECT_EQ(one.status.indicators.size(), four.status.indicators.size());
}

// Files are read in std::filesystem::path order (component by component) whatever the
// nesting and whatever the bytes in the names: '-', '.', ' ' and letters above ASCII sort
// around the separator.
TEST(Engine, FilesComeInPathOrderAcrossNestedFolders) {
  tt::TempDir dir;
  std::vector<std::string> names = {"a.xml",   "a-b.xml",      "a/b.xml",   "a/b/c.xml",
                                    "a b.xml", "a.b/x.xml",    "ab/x.xml",  "A/x.xml",
                                    "đ/x.xml", "d/x.xml",      "a/b-c.xml", "a/b.c/x.xml",
                                    "z.xml",   "a/\x01/x.xml", "a\x01.xml", "a/ /x.xml"};
  std::vector<std::filesystem::path> want;
  for (const auto& n : names) {
    const auto p = dir.path() / n;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << "x";
    want.push_back(p);
  }
  std::sort(want.begin(), want.end());
  auto plan = tt::plan_from(tt::small_plan());
  CheckRunOptions o;
  o.period = *Period::parse("2025");
  o.as_of = Date{2025, 11, 20};
  o.inputs = {dir.path()};
  const auto run = run_check(*plan, tt::real_plugins(), o);
  std::vector<std::filesystem::path> got;
  for (const auto& f : run.files) got.push_back(f.path);
  EXPECT_EQ(got, want);
}

// Files found ahead on another thread (find_inputs_ahead, as the CLI does while it loads the
// plan) are the run's files and findings, exactly as when the run walks the folders itself;
// a second run given the same, already taken, walks again (and sees a file made since).
TEST(Engine, FilesFoundAheadOnAnotherThreadAreWhatTheRunFinds) {
  tt::TempDir dir;
  for (const char* n : {"b.xml", "a/c.xml", "a/~$lock.xml", "z/d.xml"}) {
    const auto p = dir.path() / n;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << "x";
  }
  std::filesystem::create_symlink(dir.path() / "missing.xml", dir.path() / "dangling.xml");
  std::filesystem::create_hard_link(dir.path() / "b.xml", dir.path() / "b2.xml");
  auto plan = tt::plan_from(tt::small_plan());
  CheckRunOptions o;
  o.period = *Period::parse("2025");
  o.as_of = Date{2025, 11, 20};
  o.inputs = {dir.path(), dir.path() / "a"};
  o.jobs = 2;
  const auto walked = run_check(*plan, tt::real_plugins(), o);
  o.found = find_inputs_ahead(o.inputs);
  o.found.wait();
  std::ofstream(dir.path() / "late.xml") << "x";  // after the walk: not among the files found
  const auto ahead = run_check(*plan, tt::real_plugins(), o);
  const auto again = run_check(*plan, tt::real_plugins(), o);  // taken: walks again
  ASSERT_EQ(again.files.size(), walked.files.size() + 1);
  for (const CheckRun* r : {&ahead}) {
    ASSERT_EQ(r->files.size(), walked.files.size());
    for (size_t i = 0; i < walked.files.size(); ++i) {
      EXPECT_EQ(r->files[i].path, walked.files[i].path);
      EXPECT_EQ(r->files[i].display, walked.files[i].display);
    }
    ASSERT_EQ(r->findings.size(), walked.findings.size());
    for (size_t i = 0; i < walked.findings.size(); ++i) {
      EXPECT_EQ(r->findings[i].rule, walked.findings[i].rule);
      EXPECT_EQ(r->findings[i].file, walked.findings[i].file);
      EXPECT_EQ(r->findings[i].message, walked.findings[i].message);
    }
  }
  // The walk's own findings are there: the dangling link, the lock file, the second path.
  auto fired = [&](std::string_view rule) {
    return std::any_of(ahead.findings.begin(), ahead.findings.end(),
                       [&](const Finding& f) { return f.rule == rule; });
  };
  EXPECT_TRUE(fired("input-unreadable"));
  EXPECT_TRUE(fired("input-skipped"));
  EXPECT_TRUE(fired("input-duplicate-path"));
}

// An exception escaping a worker thread (here from the progress callback, on one file)
// is a finding on that file; the process does not end and the other files are checked.
TEST(Engine, AnExceptionInAWorkerIsAFindingNotATermination) {
  auto plan = tt::seed_plan();
  for (unsigned jobs : {1u, 2u, 8u}) {
    CheckRunOptions o;
    o.period = *Period::parse("2025");
    o.as_of = Date{2025, 11, 20};
    o.inputs = {tt::kSource / "samples" / "2025"};
    o.jobs = jobs;
    const auto clean = run_check(*plan, tt::real_plugins(), o);
    std::atomic<int> calls{0};
    o.progress = [&](size_t, size_t, std::uintmax_t) {
      if (++calls == 3) throw std::runtime_error("progress display failed");
    };
    const auto run = run_check(*plan, tt::real_plugins(), o);
    const auto f = tt::with_rule(run.findings, "plugin-error");
    ASSERT_EQ(f.size(), tt::with_rule(clean.findings, "plugin-error").size() + 1) << jobs;
    const Finding* named = nullptr;
    for (const auto& x : f)
      if (x.message.find("progress display failed") != std::string::npos) named = &x;
    ASSERT_TRUE(named) << jobs;
    // Which file it hit depends on the threads; that file's report, if it had one, is lost.
    size_t lost = 0;
    for (const auto& sub : clean.submissions) lost += sub.report.file == named->file;
    EXPECT_EQ(run.submissions.size() + lost, clean.submissions.size()) << jobs;
    EXPECT_EQ(calls.load(), static_cast<int>(clean.files.size())) << jobs;
  }
}

// More files than units: counted reports are read a second time after the decisions. A
// file rewritten between the two reads (same unit and date, another figure) is named with
// input-unreadable and "run again", never read as a mix of its two versions.
// A large run guesses from each file's first bytes which report will count, and reads that
// one once; a counted report it did not guess is read a second time. Unit a: both reports
// dated 01/11, "a.xml" counts (same date: the later name) and is guessed. Unit b: the
// guess sees b.xml's <received> of 02/11 but not b-lan-2.xml's of 04/11, written after its
// sections, so b-lan-2.xml counts without being guessed.
TEST(Engine, AReportRewrittenBetweenItsTwoReadsIsNamedNotMixed) {
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  const std::string b_late = R"(<task ref="T1">
    <value ref="ket-qua">Phường đã phối hợp tuyên truyền tại các khu phố.</value>
  </task>
  <received date="2025-11-04"/>)";
  const std::vector<std::filesystem::path> files = {
      dir.write("a.xml", tt::small_report("a")), dir.write("a-lan-2.xml", tt::small_report("a")),
      dir.write("b.xml", tt::small_report("b", "2025-11-02")),
      dir.write("b-lan-2.xml", tt::small_report("b", "", b_late))};
  const std::vector<std::string> originals = {tt::read_file(files[0]), tt::read_file(files[1]),
                                              tt::read_file(files[2]), tt::read_file(files[3])};
  CheckRunOptions o;
  o.period = *Period::parse("2025");
  o.as_of = Date{2025, 11, 20};
  o.inputs = {dir.path()};
  o.jobs = 1;
  o.read_once_limit = 0;  // headers first, as a large run
  auto counted_file = [](const CheckRun& run, const std::string& unit) {
    for (const auto& s : run.submissions)
      if (s.disposition == Disposition::Counted && s.unit_id == unit) return &s;
    return static_cast<const Submission*>(nullptr);
  };
  auto figure = [](const Submission& s, std::string_view requirement) {
    for (const auto& v : s.values)
      if (v.requirement() == requirement) return v.figure();
    return std::optional<double>();
  };
  const auto steady = run_check(*plan, tt::real_plugins(), o);
  EXPECT_TRUE(tt::with_rule(steady.findings, "input-unreadable").empty());
  ASSERT_TRUE(counted_file(steady, "a") && counted_file(steady, "b"));
  EXPECT_EQ(counted_file(steady, "a")->report.file, text::display_path(files[0]));
  EXPECT_EQ(counted_file(steady, "b")->report.file, text::display_path(files[3]));
  EXPECT_EQ(figure(*counted_file(steady, "a"), "so"), 12.0);
  // b.xml was guessed and processed, wrongly: nothing of that is left, as for any report that
  // does not count (only what the core says of it).
  size_t about_b = 0;
  for (const auto& x : steady.findings) {
    if (x.file != text::display_path(files[2])) continue;
    ++about_b;
    EXPECT_TRUE(x.rule.view().starts_with("submission-")) << x.rule << " " << x.message;
  }
  EXPECT_GE(about_b, 1u);  // submission-superseded
  for (unsigned jobs : {1u, 2u}) {
    o.jobs = jobs;
    std::atomic<size_t> calls{0};
    o.progress = [&](size_t, size_t total, std::uintmax_t) {
      if (++calls != total) return;  // after the first read of every file
      for (const auto& f : files) {
        std::string text = tt::read_file(f);
        const auto at = text.find(">12<");
        if (at != std::string::npos) text.replace(at, 4, ">13<");
        text += "<!-- sửa lại -->\n";
        std::ofstream(f, std::ios::binary | std::ios::trunc) << text;
      }
    };
    const auto run = run_check(*plan, tt::real_plugins(), o);
    // b-lan-2.xml, read again, is not the file the decisions were made on: named, and its
    // values are not judged (nothing about a section the rewritten file may lack).
    const auto f = tt::with_rule(run.findings, "input-unreadable");
    ASSERT_EQ(f.size(), 1u) << jobs;
    EXPECT_EQ(f[0].file, text::display_path(files[3]));
    EXPECT_NE(f[0].message.find("Chạy lại lệnh kiểm tra"), std::string::npos) << f[0].message;
    EXPECT_NE(f[0].message_en.find("Run the check again"), std::string::npos) << f[0].message_en;
    const Submission* b = counted_file(run, "b");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->report.file, text::display_path(files[3]));
    EXPECT_TRUE(b->values.empty());
    for (const auto& x : run.findings) {
      if (x.file != f[0].file) continue;
      EXPECT_TRUE(x.rule.view().starts_with("input-") || x.rule.view().starts_with("submission-"))
          << x.rule << " " << x.message;
    }
    // a.xml was read once, before it changed: its values are the first version's, whole.
    const Submission* a = counted_file(run, "a");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->report.file, text::display_path(files[0]));
    EXPECT_EQ(figure(*a, "so"), 12.0);
    for (size_t i = 0; i < files.size(); ++i)
      std::ofstream(files[i], std::ios::binary | std::ios::trunc) << originals[i];
  }
}

TEST(AtomicOutput, MissingFolderIsAOneLineErrorAndNothingIsWritten) {
  tt::TempDir dir;
  const auto target = dir.path() / "no-such-folder" / "x.json";
  EXPECT_THROW(write_file_atomically(target, "{}"), Error);
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

TEST(AtomicOutput, ReadOnlyFolderIsAnErrorAndNothingIsWritten) {
  tt::TempDir dir;
  const auto ro = dir.path() / "ro";
  std::filesystem::create_directories(ro);
  std::filesystem::permissions(
      ro, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec |
              std::filesystem::perms::others_read | std::filesystem::perms::others_exec);
  // A read-only folder does not stop root: the write happens as nobody.
  tt::as_unprivileged([&]() -> std::string {
    try {
      write_file_atomically(ro / "x.json", "{}");
      return "writing into a read-only folder did not throw";
    } catch (const std::runtime_error&) {
    }
    std::size_t left = 0;
    for (const auto& e : std::filesystem::directory_iterator(ro)) left += !e.path().empty();
    return left == 0 ? "" : "the read-only folder is not empty after the failed write";
  });
}

TEST(AtomicDirectory, AFolderOfFilesIsWrittenWholeWithFewDescriptors) {
  tt::TempDir dir;
  const auto target = dir.path() / "letters";
  AtomicDirectory folder(target);
  for (int i = 0; i < 1500; ++i)  // more than the usual 1,024 open files
    folder.add("u" + std::to_string(i) + ".txt", "thư số " + std::to_string(i));
  EXPECT_FALSE(std::filesystem::exists(target));  // nothing shows before the commit
  folder.commit();
  size_t count = 0;
  for (const auto& e : std::filesystem::directory_iterator(target)) {
    ++count;
    EXPECT_TRUE(e.path().extension() == ".txt" || e.path().filename() == AtomicDirectory::kMarker)
        << "left behind: " << e.path();
  }
  EXPECT_EQ(count, 1501u);
  std::ifstream in(target / "u1499.txt");
  std::string s((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(s, "thư số 1499");
  for (const auto& e : std::filesystem::directory_iterator(dir.path()))
    EXPECT_EQ(e.path(), target) << "left behind: " << e.path();
}
