#pragma once
// An interned string: one pointer to the single copy of its text, for the fields of a
// Finding that take a few distinct values over a whole run (rule and plugin ids, plan ids,
// input paths). A national run holds a quarter of a million findings; with a std::string
// each, every finding carried its own heap copy of its ~70-byte path.
#include <compare>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

namespace tuanthu {

namespace detail {
/// What every empty Symbol points at; constant-initialised, so valid before any static
/// constructor runs.
extern const std::string kEmptySymbolText;
}  // namespace detail

/// A string interned in one process-wide table (core/src/symbol.cpp): equal contents give
/// the same pointer, so copying is copying a pointer and == compares pointers. Ordering is
/// by content (as std::string's), never by address: findings are sorted by these fields and
/// the outputs must not depend on where a text was allocated.
///
/// The table lives for the whole process and its memory is never returned, by design:
/// a finding may outlive the plugin library whose text made it (a plugin can be unloaded
/// before the findings are written), and the entries are bounded by the distinct ids and
/// input paths the process has seen (for `tuanthu check`: one plan's and plugins' ids and
/// one run's input paths, a few megabytes on a national run). Interning is thread-safe
/// (checks run on several threads); the empty string takes no lock.
class Symbol {
 public:
  Symbol() noexcept : text_(&detail::kEmptySymbolText) {}
  // Implicit, both ways: a drop-in for the std::string fields it replaced.
  Symbol(std::string_view s) : text_(s.empty() ? &detail::kEmptySymbolText : intern(s)) {}
  Symbol(const std::string& s) : Symbol(std::string_view(s)) {}
  Symbol(const char* s) : Symbol(std::string_view(s)) {}

  const std::string& str() const noexcept { return *text_; }
  std::string_view view() const noexcept { return *text_; }
  const char* c_str() const noexcept { return text_->c_str(); }
  bool empty() const noexcept { return text_->empty(); }
  size_t size() const noexcept { return text_->size(); }

  operator const std::string&() const noexcept { return *text_; }
  operator std::string_view() const noexcept { return *text_; }

  // One table, so the same content is the same pointer.
  friend bool operator==(const Symbol& a, const Symbol& b) noexcept { return a.text_ == b.text_; }
  friend bool operator==(const Symbol& a, std::string_view b) noexcept { return a.view() == b; }
  friend bool operator==(const Symbol& a, const std::string& b) noexcept { return *a.text_ == b; }
  friend bool operator==(const Symbol& a, const char* b) noexcept { return a.view() == b; }
  friend std::strong_ordering operator<=>(const Symbol& a, const Symbol& b) noexcept {
    return a.text_ == b.text_ ? std::strong_ordering::equal : a.view() <=> b.view();
  }
  friend std::strong_ordering operator<=>(const Symbol& a, std::string_view b) noexcept {
    return a.view() <=> b;
  }
  friend std::strong_ordering operator<=>(const Symbol& a, const std::string& b) noexcept {
    return a.view() <=> std::string_view(b);
  }
  friend std::strong_ordering operator<=>(const Symbol& a, const char* b) noexcept {
    return a.view() <=> std::string_view(b);
  }

 private:
  /// The table's copy of `s` (not empty), added on first sight.
  static const std::string* intern(std::string_view s);

  const std::string* text_;
};

std::ostream& operator<<(std::ostream& os, const Symbol& s);

}  // namespace tuanthu

/// By content, like std::hash<std::string_view>, so that an unordered container keyed by
/// symbols iterates in the same order in every run.
template <>
struct std::hash<tuanthu::Symbol> {
  size_t operator()(const tuanthu::Symbol& s) const noexcept {
    return std::hash<std::string_view>{}(s.view());
  }
};
