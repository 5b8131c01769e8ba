#include "tuanthu/symbol.hpp"

#include <mutex>
#include <ostream>
#include <shared_mutex>
#include <unordered_set>

namespace tuanthu {

namespace detail {
constinit const std::string kEmptySymbolText;
}  // namespace detail

namespace {

// Looked up by string_view, with no std::string made for a text already there.
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

struct Table {
  std::shared_mutex mutex;
  // Node-based: an element's address never changes when the set grows.
  std::unordered_set<std::string, TextHash, std::equal_to<>> texts;
};

Table& table() {
  // Never destroyed: a finding in a static object, or still held while the process exits,
  // must not point into a destroyed table.
  static Table* const t = new Table;
  return *t;
}

}  // namespace

const std::string* Symbol::intern(std::string_view s) {
  Table& t = table();
  {
    // Most texts are there already (one rule, path or id for many findings): readers share.
    std::shared_lock lock(t.mutex);
    if (const auto it = t.texts.find(s); it != t.texts.end()) return &*it;
  }
  std::unique_lock lock(t.mutex);
  return &*t.texts.emplace(s).first;
}

std::ostream& operator<<(std::ostream& os, const Symbol& s) {
  return os << s.str();
}

}  // namespace tuanthu
