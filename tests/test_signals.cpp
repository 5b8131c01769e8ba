// Issue 10, class 7: SIGTERM/SIGINT while an output is being written leaves no temporary
// file or folder behind, and the process exits with 128 + signal. Deterministic: the
// test-only TUANTHU_TEST_PAUSE makes the CLI stop at a known point (temporary complete,
// not yet renamed) and say so on stderr; the test waits for that line, then signals.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>

#include "support.hpp"
#include "tuanthu/atomic_file.hpp"
#include "tuanthu/cleanup.hpp"

namespace fs = std::filesystem;

namespace {

struct Interrupted {
  int exit_code = -1;
  std::string err;
};

// Runs the CLI with TUANTHU_TEST_PAUSE=`stage`, sends `sig` once it has paused.
Interrupted interrupt_at(const std::string& stage, int sig, const std::vector<std::string>& args) {
  int pipefd[2];
  if (::pipe(pipefd) != 0) return {};
  const std::string exe = (tt::kBinary / "bin" / "tuanthu").string();
  std::vector<std::string> argv_s = {exe};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipefd[1], STDERR_FILENO);
    ::close(pipefd[0]);
    ::close(pipefd[1]);
    const int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, STDOUT_FILENO);
    ::setenv("TUANTHU_TEST_PAUSE", stage.c_str(), 1);
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(exe.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(pipefd[1]);
  Interrupted r;
  char buf[512];
  bool signalled = false;
  for (ssize_t n; (n = ::read(pipefd[0], buf, sizeof buf)) > 0;) {
    r.err.append(buf, static_cast<size_t>(n));
    if (!signalled && r.err.find("tuanthu-test: paused " + stage) != std::string::npos &&
        r.err.find('\n', r.err.find("tuanthu-test: paused")) != std::string::npos) {
      ::kill(pid, sig);
      signalled = true;
    }
  }
  ::close(pipefd[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  if (!signalled) r.err += "\n(never paused)";
  return r;
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> check(const std::vector<std::string>& extra) {
  std::vector<std::string> a = {"check",   "--plan",    tt::kSeedPlan.string(), "--period", "2025",
                                "--as-of", "2025-11-20"};
  a.insert(a.end(), extra.begin(), extra.end());
  a.push_back((tt::kSource / "samples" / "2025").string());
  return a;
}

}  // namespace

TEST(Signals, SigtermWhileWritingAFileLeavesNoTemporary) {
  tt::TempDir dir;
  auto r = interrupt_at("file", SIGTERM, check({"--json", (dir.path() / "k.json").string()}));
  EXPECT_EQ(r.exit_code, 128 + SIGTERM) << r.err;
  EXPECT_TRUE(names_in(dir.path()).empty()) << r.err;
}

TEST(Signals, SigintWhileWritingTheWorkbookLeavesNoTemporary) {
  tt::TempDir dir;
  auto r = interrupt_at("file", SIGINT, check({"--out", (dir.path() / "t.xlsx").string()}));
  EXPECT_EQ(r.exit_code, 128 + SIGINT) << r.err;
  EXPECT_TRUE(names_in(dir.path()).empty()) << r.err;
}

TEST(Signals, SigtermWhileSwappingTheLettersFolderKeepsTheOldOneAndNoTemporary) {
  tt::TempDir dir;
  const fs::path fb = dir.path() / "thu";
  ASSERT_EQ(tt::cli(check({"--feedback", fb.string()})).exit_code, 1);
  const auto before = names_in(fb);
  auto r = interrupt_at("folder", SIGTERM, check({"--feedback", fb.string()}));
  EXPECT_EQ(r.exit_code, 128 + SIGTERM) << r.err;
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"thu"}) << r.err;
  EXPECT_EQ(names_in(fb), before);
  // A first run interrupted: no folder at all.
  tt::TempDir fresh;
  auto f = interrupt_at("folder", SIGINT, check({"--feedback", (fresh.path() / "thu").string()}));
  EXPECT_EQ(f.exit_code, 128 + SIGINT) << f.err;
  EXPECT_TRUE(names_in(fresh.path()).empty()) << f.err;
}

TEST(Signals, TheRegistryForgetsCommittedAndAbandonedTemporaries) {
  tt::TempDir dir;
  const int before = tuanthu::cleanup::tracked_count();
  {
    tuanthu::AtomicOutput out(dir.path() / "a.json");
    tuanthu::AtomicDirectory folder(dir.path() / "fb");
    EXPECT_EQ(tuanthu::cleanup::tracked_count(), before + 2);
    out.write("{}");
    out.commit();
    EXPECT_EQ(tuanthu::cleanup::tracked_count(), before + 1);
  }
  EXPECT_EQ(tuanthu::cleanup::tracked_count(), before);
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"a.json"});
}
