#pragma once
// Temporary files and folders that a signal must not leave behind. AtomicOutput and
// AtomicDirectory register their temporaries here; the handlers that
// `install_signal_handlers` sets for SIGINT, SIGTERM and SIGHUP remove every registered
// path and end the process with exit code 128 + signal. The registry is a fixed table
// of C strings, so the handler only reads memory, unlinks, removes folders and _exits
// (all async-signal-safe).
#include <filesystem>

namespace tuanthu::cleanup {

/// Registry capacity and the longest path it keeps; a temporary that does not fit is
/// still removed by its owner, only not by a signal handler.
inline constexpr int kSlots = 64;
inline constexpr int kPathMax = 4096;

/// Registers `path` (a file, or a folder whose files are removed with it). Returns a
/// handle for `untrack`, or -1 when the table is full or the path too long.
int track(const std::filesystem::path& path, bool folder);
/// Forgets a handle from `track` (no-op for -1).
void untrack(int handle);
/// Paths currently registered (tests).
int tracked_count();

/// Installs the SIGINT, SIGTERM and SIGHUP handlers (idempotent).
void install_signal_handlers();

/// Test hook: when the environment variable TUANTHU_TEST_PAUSE equals `stage`, writes
/// "tuanthu-test: paused <stage> <temp>\n" to stderr and waits for a signal, so that a
/// test can interrupt a write at a known point without timing. Does nothing otherwise.
void test_pause(const char* stage, const std::filesystem::path& temp);

}  // namespace tuanthu::cleanup
