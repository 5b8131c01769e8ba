#include "tuanthu/cleanup.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <cstring>

namespace tuanthu::cleanup {

namespace {

enum State : int { kFree = 0, kFilling = 1, kLive = 2 };

struct Slot {
  std::atomic<int> state{kFree};
  bool folder = false;
  char path[kPathMax] = {};
};
static_assert(std::atomic<int>::is_always_lock_free);

Slot g_slots[kSlots];

// Layout of the records getdents64 returns (linux_dirent64); readdir may allocate.
struct LinuxDirent64 {
  ino64_t d_ino;
  off64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[1];
};

// Async-signal-safe: removes the entries of a flat folder, then the folder.
void remove_folder(const char* path) {
  const int fd = ::open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0) {
    alignas(8) static char buf[8192];
    for (int pass = 0; pass < 1000; ++pass) {
      bool removed = false;
      ::lseek(fd, 0, SEEK_SET);
      for (;;) {
        const long n = ::syscall(SYS_getdents64, fd, buf, sizeof buf);
        if (n <= 0) break;
        for (long off = 0; off < n;) {
          const auto* d = reinterpret_cast<const LinuxDirent64*>(buf + off);
          off += d->d_reclen;
          const char* name = d->d_name;
          if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
          if (::unlinkat(fd, name, 0) == 0 || ::unlinkat(fd, name, AT_REMOVEDIR) == 0)
            removed = true;
        }
      }
      if (!removed) break;
    }
    ::close(fd);
  }
  ::rmdir(path);
}

std::atomic<bool> g_exiting{false};

extern "C" void on_signal(int sig) {
  // One handler cleans up; a signal that reaches another thread meanwhile waits for the
  // _exit below (the handlers share remove_folder's buffer).
  if (g_exiting.exchange(true))
    for (;;) ::pause();
  for (auto& s : g_slots) {
    if (s.state.load(std::memory_order_acquire) != kLive) continue;
    if (s.folder)
      remove_folder(s.path);
    else
      ::unlink(s.path);
  }
  ::_exit(128 + sig);
}

}  // namespace

int track(const std::filesystem::path& path, bool folder) {
  const std::string& p = path.native();
  if (p.empty() || p.size() >= static_cast<size_t>(kPathMax)) return -1;
  for (int i = 0; i < kSlots; ++i) {
    int expected = kFree;
    if (!g_slots[i].state.compare_exchange_strong(expected, kFilling, std::memory_order_acq_rel))
      continue;
    std::memcpy(g_slots[i].path, p.c_str(), p.size() + 1);
    g_slots[i].folder = folder;
    g_slots[i].state.store(kLive, std::memory_order_release);
    return i;
  }
  return -1;
}

void untrack(int handle) {
  if (handle < 0 || handle >= kSlots) return;
  g_slots[handle].state.store(kFree, std::memory_order_release);
}

int tracked_count() {
  int n = 0;
  for (const auto& s : g_slots) n += s.state.load(std::memory_order_acquire) == kLive;
  return n;
}

void install_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigfillset(&sa.sa_mask);  // a second signal waits: one handler cleans up, then _exit
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &sa, nullptr);
}

void test_pause(const char* stage, const std::filesystem::path& temp) {
  const char* want = std::getenv("TUANTHU_TEST_PAUSE");
  if (!want || std::strcmp(want, stage) != 0) return;
  std::string line = "tuanthu-test: paused ";
  line.append(stage).append(" ").append(temp.string()).append("\n");
  [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
  for (;;) ::pause();
}

}  // namespace tuanthu::cleanup
