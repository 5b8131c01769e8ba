#pragma once
// An .xlsx workbook read from memory for the `xlsx-form` reader: a zip (libzip) of XML parts
// (pugixml). Limits are checked on the archive's directory before anything is inflated, and
// again on the bytes actually inflated; nothing is written to disk. Sheets are found by name
// through the workbook and its relationships, never by their position in the zip. Every
// limit is in docs/limits.md.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tuanthu/date.hpp"

namespace tuanthu::xlsx {

inline constexpr std::uint64_t kMaxEntries = 1000;
inline constexpr std::uint64_t kMaxEntrySize = 16ull << 20;      // declared, inflated
inline constexpr std::uint64_t kMaxTotalSize = 64ull << 20;      // declared, all entries
inline constexpr std::uint64_t kMaxInflated = 64ull << 20;       // actually inflated, per file
inline constexpr std::uint64_t kRatioCheckedAbove = 1ull << 20;  // entries larger than this…
inline constexpr std::uint64_t kMaxRatio = 100;                  // …compress at most 100:1
inline constexpr std::size_t kMaxSheets = 1000;                  // worksheets in the workbook

/// Why a package could not be read, with a one-line message in both languages.
struct Problem {
  enum class Kind {
    NotXlsx,    ///< another format (.xls, .ods, .docx, a plain zip, not a zip at all)
    Encrypted,  ///< password-protected
    Unsafe,     ///< over a limit, or an entry name that climbs out (`..`) or is absolute
    Corrupt     ///< truncated, bad checksums, malformed or missing parts
  };
  Kind kind = Kind::Corrupt;
  std::string vi, en;
};

struct Text;

/// One cell as stored. Strings are resolved (shared strings, inline strings, rich text runs)
/// and unescaped (`_x000D_`); numbers keep the text of <v>. A shared string is referred to,
/// never copied: one long string in thousands of cells must not be thousands of copies.
struct Cell {
  enum class Type { Empty, Number, String, Boolean, Error, IsoDate, Formula };
  Type type = Type::Empty;
  std::string text;  ///< Number: <v> as written; Boolean "TRUE"/"FALSE"; an own string; …
  const Text* shared = nullptr;    ///< a shared string (owned by the Package)
  std::string_view value() const;  ///< the shared string's text, else `text`
  double number = 0;               ///< Number
  std::uint32_t style = 0;         ///< index into the cell formats (s="…")
  bool formula = false;            ///< the value is a formula's (cached) result
  /// Characters a report may not hold (text::is_allowed_char), written raw, as `&#…;` or as
  /// `_xHHHH_`: each is U+FFFD in `text`, never dropped (so "5&#0;00" is not 5).
  std::size_t replaced = 0;
  char32_t first_replaced = 0;
};

/// Text of an OOXML part as the reader keeps it. pugixml is told not to decode references
/// (xml::safe_parse_options), so that `&#0;` cannot end a value early: they are decoded
/// here, then Excel's `_xHHHH_` escapes, and every character a report may not hold becomes
/// U+FFFD and is counted.
struct Text {
  std::string text;
  std::size_t replaced = 0;
  char32_t first_replaced = 0;
};
inline std::string_view Cell::value() const {
  return shared ? std::string_view(shared->text) : text;
}
Text decode_text(std::string_view raw, bool references = true);

/// A sheet's cells by (0-based row, column).
using Cells = std::map<std::pair<std::uint32_t, std::uint32_t>, Cell>;

/// Where a sheet repeats a cell (two <c r="E42">): the first such cell, in A1 form; the
/// reader refuses to pick one of them.
struct SheetCells {
  Cells cells;
  std::string repeated;
};

class Package {
 public:
  /// Opens the workbook in `bytes` (kept, not copied: it must outlive the package). On
  /// failure `problem()` says why and nothing else is available.
  explicit Package(std::string_view bytes);
  ~Package();
  Package(const Package&) = delete;
  Package& operator=(const Package&) = delete;

  const std::optional<Problem>& problem() const { return problem_; }
  /// Sheet names in workbook order (NFC).
  std::vector<std::string> sheet_names() const;
  bool has_sheet(std::string_view name) const { return sheet_count(name) > 0; }
  /// How many sheets carry this name (NFC, as Excel compares: case-insensitively). More
  /// than one is a crafted workbook: no sheet of that name can be trusted.
  std::size_t sheet_count(std::string_view name) const;
  /// The cells of a sheet; nullopt (and `problem()` set) when it cannot be read.
  std::optional<SheetCells> cells(std::string_view sheet);

  bool date1904() const { return date1904_; }
  /// The workbook asks to be recalculated when opened (calcPr fullCalcOnLoad): the values
  /// cached in its formula cells may be stale.
  bool recalc_on_load() const { return recalc_on_load_; }
  /// Whether a cell format shows numbers as dates, or as percentages.
  bool is_date_style(std::uint32_t style) const;
  bool is_percent_style(std::uint32_t style) const;

 private:
  struct Sheet {
    std::string name, part;
  };
  std::optional<std::string> read_part(const std::string& name, bool required);
  std::int64_t locate(const std::string& name) const;
  void fail(Problem::Kind kind, std::string vi, std::string en);
  bool open_archive(std::string_view bytes);
  bool check_entries();
  bool load_workbook();

  struct Zip;
  std::unique_ptr<Zip> zip_;
  std::optional<Problem> problem_;
  std::uint64_t inflated_ = 0;
  std::vector<Sheet> sheets_;
  std::map<std::string, std::vector<std::size_t>> by_name_;  ///< sheet name key → sheets_
  std::vector<Text> shared_;
  std::vector<int> style_numfmt_;
  std::map<int, std::string> numfmts_;
  bool date1904_ = false;
  bool recalc_on_load_ = false;
};

/// Excel's serial day number as a date: the 1900 system (with its fictitious 29/02/1900)
/// or the 1904 one. nullopt outside 1900–9999 or for the fictitious day.
std::optional<Date> excel_date(double serial, bool date1904);

/// Decodes the `_xHHHH_` escapes of OOXML strings (`_x000D_` is a carriage return); every
/// code point is kept, checked afterwards by decode_text.
std::string unescape(std::string_view s);

/// A libzip error code in both languages, as a person sending a form can act on it.
std::pair<std::string, std::string> zip_error_text(int code);

/// Text from the file as a message quotes it: at most `max` characters (then "…"), bytes
/// that are not UTF-8 as "?". A hostile file's names and cells can be megabytes long.
std::string shown(std::string_view s, size_t max = 80);

}  // namespace tuanthu::xlsx
