#pragma once
// Where the texts of a run's judged values live. A counted report's value texts are kept in
// one buffer per report (no string object per value); once the checks have seen a report,
// a large run moves that buffer into the run's spool, an unlinked temporary file, and
// reads it back when a writer asks. So a national run holds its units' figures and states
// in memory, not every narrative of every report at once (bench/README.md, issue 12).
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace tuanthu {

/// A piece of one report's value texts (ValueTexts): offset and size in bytes.
struct TextRef {
  std::uint32_t offset = 0;
  std::uint32_t size = 0;
  bool empty() const { return size == 0; }
};

/// An append-only unlinked temporary file shared by the reports of one run. Thread-safe:
/// each append reserves its own range. The file is gone when the last owner lets it go.
class TextSpool {
 public:
  /// Creates the file in TMPDIR (else /tmp). Throws std::runtime_error when it cannot.
  TextSpool();
  ~TextSpool();
  TextSpool(const TextSpool&) = delete;
  TextSpool& operator=(const TextSpool&) = delete;

  /// Appends `bytes`; returns where they went. Throws std::runtime_error on a write error
  /// (disk full): the caller keeps the text in memory instead.
  std::uint64_t append(std::string_view bytes);
  /// Reads `size` bytes at `offset`. Throws std::runtime_error when the file cannot give them.
  std::string read(std::uint64_t offset, std::uint32_t size) const;

 private:
  int fd_ = -1;
  std::atomic<std::uint64_t> end_{0};  ///< bytes reserved so far
};

/// The value texts of one counted report, in one buffer: in memory while its checks run,
/// then possibly in the run's spool. `get` gives the same text either way.
class ValueTexts {
 public:
  /// Appends `s` (held in memory); more than 4 GB in one report is refused (std::length_error).
  TextRef add(std::string_view s);
  /// Makes room for `bytes` bytes in all, before a report's texts are added one by one.
  void reserve(size_t bytes) { held_.reserve(bytes); }
  /// The text at `r`. From the spool, a read of the file: throws std::runtime_error when
  /// that fails (the file removed under a running process).
  std::string get(TextRef r) const;
  /// Moves the buffer into `spool`; keeps it in memory when the spool cannot take it.
  void move_to(const std::shared_ptr<TextSpool>& spool);

 private:
  std::string held_;
  std::shared_ptr<TextSpool> spool_;
  std::uint64_t spooled_at_ = 0;
  std::uint32_t spooled_size_ = 0;
};

}  // namespace tuanthu
