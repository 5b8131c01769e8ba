#pragma once
// Small helpers shared by every XML input (plan loader and XML reader plugins): file
// loading with a size limit, offset → line:column, namespace-agnostic names, and the
// UTF-8/NFC gate that all text passes on its way into a model.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <pugixml.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tuanthu/message.hpp"

namespace tuanthu::xml {

namespace detail {
struct DecodeState;
}

/// Maps byte offsets of a buffer to 1-based line and column (column in bytes).
class LineIndex {
 public:
  explicit LineIndex(std::string_view buffer);
  int line(ptrdiff_t offset) const;
  int column(ptrdiff_t offset) const;

 private:
  std::vector<size_t> starts_;
};

/// Reads at most `buffer.size()` bytes from the start of a file, opened as read_file opens
/// it (never waiting on a FIFO), into `buffer`; returns how many (0 when it cannot), and in
/// `size` the file's size (what was read, when that is all of it). No finding: for a guess.
size_t read_head(const std::filesystem::path& file, std::span<char> buffer, std::uintmax_t& size);

/// Reads a whole regular file; on failure returns nullopt and a one-line reason in
/// `error`. Opens without blocking (a FIFO put in place of a file is refused, not waited
/// on) and checks the kind and size on the open file.
std::optional<std::string> read_file(const std::filesystem::path& file, std::uintmax_t max_size,
                                     Message& error);

/// Element name without any namespace prefix.
std::string_view local_name(const pugi::xml_node& n);
/// True when the root element carries `ns` as its default or its own prefix's namespace.
bool in_namespace(const pugi::xml_node& root, std::string_view ns);
/// Child elements with this local name.
std::vector<pugi::xml_node> children(const pugi::xml_node& n, std::string_view name);
pugi::xml_node child(const pugi::xml_node& n, std::string_view name);

/// The one gate all plan and report text passes on its way from a parsed document into a
/// model. For each attribute or element text it:
/// - decodes references (`&lt;`, `&#233;`, `&#xE9;`) itself: pugixml is told not to
///   (safe_parse_options), so that `&#0;` cannot silently end a value early;
/// - checks every character, written raw or as a reference, with text::is_allowed_char;
///   one that is not allowed becomes U+FFFD ("�") and is recorded as a problem, so nothing
///   is cut short, dropped or passed on to an output that would break;
/// - puts the text in NFC; `attr` and `text` trim it and fold inner runs of white space,
///   `block_text` (narratives) trims it and keeps line breaks;
/// - cuts a value longer than `max_chars` characters (0: no limit) there, on a grapheme
///   boundary, ends it with "…", and records that.
/// The caller turns problems() into findings under its own rules, naming file and line.
class TextReader {
 public:
  struct Problem {
    enum class Kind { InvalidCharacter, TooLong };
    Kind kind = Kind::InvalidCharacter;
    int line = 0;
    int column = 0;
    std::string where;       ///< `<value ref="so">`, `<report> unit=`: the element, and attribute
    size_t count = 0;        ///< InvalidCharacter: characters replaced in this value
    char32_t first = 0;      ///< InvalidCharacter: the first of them
    bool reference = false;  ///< InvalidCharacter: the first was written as `&#…;`
    size_t length = 0;       ///< TooLong: the value's length in characters before the cut
  };

  explicit TextReader(const LineIndex& lines, size_t max_chars = 0)
      : lines_(lines), max_chars_(max_chars) {}

  /// Attribute text (empty when absent) / text of the first text child, trimmed, spaces folded.
  std::string attr(const pugi::xml_node& n, const char* name);
  std::string text(const pugi::xml_node& n);
  /// All text below the element with line breaks kept (narratives); no recursion.
  std::string block_text(const pugi::xml_node& n);
  /// Attribute as written, references decoded but nothing checked or recorded (for names
  /// in messages and namespace tests).
  static std::string raw_attr(const pugi::xml_node& n, const char* name);

  const std::vector<Problem>& problems() const { return problems_; }
  const LineIndex& lines() const { return lines_; }
  bool has(Problem::Kind k) const;

 private:
  // `st`: what decoding met (core/src/xml_detail.hpp).
  std::string finish(std::string s, bool fold, const pugi::xml_node& n, const char* attr_name,
                     const detail::DecodeState& st);

  const LineIndex& lines_;
  size_t max_chars_;
  std::vector<Problem> problems_;
};

/// pugixml parse options for untrusted input: DOCTYPE skipped, never used; no reference
/// is decoded by pugixml (TextReader decodes the predefined and numeric ones and checks
/// them; other entities are never fetched or expanded).
unsigned safe_parse_options();

/// A one-line Vietnamese/English description of a pugixml parse status.
std::string describe(pugi::xml_parse_status status, bool english);

}  // namespace tuanthu::xml
