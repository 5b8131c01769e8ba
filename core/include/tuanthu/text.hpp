#pragma once
// The one text module: everything that compares, sorts, counts or parses Vietnamese
// text goes through here (ICU underneath). No other code compares raw bytes of input.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tuanthu/date.hpp"
#include "tuanthu/plan.hpp"

namespace tuanthu::text {

/// True when `s` is well-formed UTF-8; otherwise `bad_offset` gets the first bad byte.
bool is_valid_utf8(std::string_view s, size_t* bad_offset = nullptr);

// ---- characters, display and quoting -------------------------------------------

/// True for a character of XML 1.0's Char production: tab, LF, CR, U+0020–U+D7FF,
/// U+E000–U+FFFD, U+10000–U+10FFFF (no NUL or other C0 control, no surrogate, no
/// U+FFFE/U+FFFF). An XML file holding anything else is not well-formed.
bool is_xml_char(char32_t c);

/// True for a character a plan or report value may hold: `is_xml_char` minus what
/// XML 1.0 (section 2.2) tells documents to avoid: DEL and the C1 controls
/// (U+007F–U+009F) and every noncharacter (U+FDD0–U+FDEF, the last two code points of each
/// plane). They have no visible form, come from broken copy and paste or mis-decoded text,
/// and spreadsheet programs refuse some of them. See docs/report-format.md.
bool is_allowed_char(char32_t c);

/// "U+FFFE" (at least four hex digits).
std::string code_point_label(char32_t c);

/// True when `s` is valid UTF-8 and every character is allowed (is_allowed_char).
bool is_clean_text(std::string_view s);
/// `s` with each invalid UTF-8 sequence and each character that is not allowed replaced by
/// U+FFFD: what every writer may put in an output without making it invalid.
std::string to_clean_text(std::string_view s);

/// A file path as text for messages and outputs: valid UTF-8, one line. Each byte of the
/// native path that is not part of a valid UTF-8 sequence, and each byte of a character
/// that is not allowed or is a control character (tab, line breaks included), is written
/// as `\xHH` (Latin-1 "é" in a file name shows as `\xE9`). The path itself, never this
/// text, is what is opened.
std::string display_path(const std::filesystem::path& p);

/// The first at most `max` characters of `s` (code points, or UTF-16 code units when
/// `utf16` — Excel's unit), ending on a grapheme cluster boundary so no letter loses its
/// tone mark. `s` itself when it fits.
std::string_view cut(std::string_view s, size_t max, bool utf16 = false);

/// Length in UTF-16 code units (Excel counts a cell's characters so).
size_t utf16_length(std::string_view s);

/// Longest piece of an input value a message quotes (characters).
inline constexpr size_t kQuoteMaxChars = 80;
/// Quotes an input value for a message: in double quotes, on one line (runs of white
/// space folded), cut at `max` characters with "…" and the full length when longer:
/// `"12 trẻ em, trong đó…" (40.000 ký tự)` / `… (40,000 characters)`. Every check and
/// reader message that quotes input goes through here, so one long value cannot swell a
/// message (or the workbook cell that shows it). Invisible format characters (zero-width
/// space, bidi marks) are shown as "⟨U+200B⟩".
std::string quote(std::string_view value, bool english = false, size_t max = kQuoteMaxChars);

/// `s` (valid UTF-8) without the invisible characters a copy from a web page or a chat
/// brings along: zero-width space, LRM/RLM, bidi embeddings, overrides and isolates, word
/// joiner, byte order mark (U+200B, U+200E–U+200F, U+202A–U+202E, U+2060, U+2066–U+2069,
/// U+FEFF), and the joiners U+200C–U+200D unless `keep_joiners` (scripts and emoji use
/// them). They mean nothing in a name, hide a match, and reorder printed text.
std::string without_invisible(std::string_view s, bool keep_joiners = false);

/// A count for messages: "40.000" (Vietnamese) or "40,000" (English).
std::string format_count(size_t n, bool english = false);

/// NFC form. Clean (already NFC) text is detected by quick check and returned as is.
std::string to_nfc(std::string_view s);
bool is_nfc(std::string_view s);
/// is_nfc's fast path: true when every character is one that is NFC alone and starts no
/// composition (ASCII, U+0080–U+02FF, U+1E00–U+1EFF, and below U+3000 every character with
/// NFC_Quick_Check=Yes and combining class 0: quotes, dashes, …); false means "ask ICU".
bool nfc_without_icu(std::string_view s);
/// is_clean_text(s) && nfc_without_icu(s), in one pass: text a writer may copy as it is.
bool is_clean_nfc(std::string_view s);
/// For one-pass scans of UTF-8: the bytes of the character at s[i] when it is one of the
/// letters Vietnamese is mostly made of, U+00A0–U+02FF (C2 A0 to CB BF) or U+1E00–U+1EFF
/// (E1 B8 80 to E1 BB BF), which are allowed and NFC on their own; 0 for anything else.
inline size_t common_letter_length(std::string_view s, size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  const auto next = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  if (b >= 0xC2 && b <= 0xCB && i + 1 < s.size() && (next(1) & 0xC0) == 0x80 &&
      (b != 0xC2 || next(1) >= 0xA0))
    return 2;
  if (b == 0xE1 && i + 2 < s.size() && next(1) >= 0xB8 && next(1) <= 0xBB &&
      (next(2) & 0xC0) == 0x80)
    return 3;
  return 0;
}

/// Upper case by Vietnamese rules ("Ủy ban nhân dân" → "ỦY BAN NHÂN DÂN").
std::string to_upper(std::string_view s);

/// Trims ASCII and Unicode white space at both ends and folds inner runs to one space.
std::string squeeze_space(std::string_view s);

/// Comparison key: case folded, NFD with tone marks moved to the end of each syllable
/// (so "uỷ"/"ủy", "hoà"/"hòa" agree), punctuation and dashes as spaces, runs of space
/// folded. Two names with the same key are the same name.
std::string match_key(std::string_view s);

/// `match_key` with every diacritic removed and đ→d: a looser key used only to offer a
/// match with a warning.
std::string loose_key(std::string_view s);
/// The loose form of what is already a match_key: loose_key(s) == loosen(match_key(s)).
std::string loosen(std::string_view key);

/// Expands abbreviations token by token in a match key ("ubnd p thanh loc" →
/// "uy ban nhan dan phuong thanh loc" in key form). Longest abbreviation first.
class AbbreviationTable {
 public:
  AbbreviationTable() = default;
  explicit AbbreviationTable(const std::vector<Abbreviation>& entries);
  std::string expand(const std::string& key) const;

 private:
  struct Entry {
    std::vector<std::string> from;
    std::string to;
  };
  std::vector<Entry> entries_;
};

/// The default Vietnamese administrative abbreviations (UBND, HĐND, TP, P, TTYT, BHXH, …):
/// data in rules/abbreviations.xml, compiled into the library, used for every plan.
const std::vector<Abbreviation>& default_abbreviations();
/// The default abbreviations with a plan's own `<text>` entries: an entry whose short form
/// (compared by match_key) is a default replaces it, any other is added.
std::vector<Abbreviation> with_default_abbreviations(const std::vector<Abbreviation>& own);

/// Length in characters (Unicode code points), the unit of Excel's cell limit.
size_t length(std::string_view s);
/// Lines `s` takes wrapped `width` characters to a line: each of its own lines at least
/// one, a long one ceil(length / width) (the workbook's and the forms' row heights).
double wrapped_lines(std::string_view s, double width);
/// Cuts `s` into pieces of at most `max` characters (UTF-16 code units when `utf16`),
/// never inside a character; the pieces joined give `s` back.
std::vector<std::string> split_by_length(std::string_view s, size_t max, bool utf16 = false);

/// Vietnamese collation (ICU `vi`): Đ after D, tones in dictionary order.
int compare_vi(std::string_view a, std::string_view b);
void sort_vi(std::vector<std::string>& names);

/// Number of words, counted with ICU's word break iterator (a Vietnamese syllable is a
/// word); punctuation and spaces are not words.
int word_count(std::string_view s);
/// The same count, stopped once it is past `enough` (a narrative checked against a minimum
/// need not be counted to its end): `word_count(s, n) >= n` exactly when
/// `word_count(s) >= n`, and it is never more than word_count(s).
int word_count(std::string_view s, int enough);

/// True when the text says nothing: empty after trimming, or equal (case-insensitive,
/// punctuation ignored) to an entry of `placeholders`, or only dots/ellipses/dashes/x.
bool is_placeholder(std::string_view s, const std::vector<std::string>& placeholders);

/// A plan's placeholders keyed once, for the test on every value (`is_placeholder`).
class Placeholders {
 public:
  Placeholders() = default;
  explicit Placeholders(const std::vector<std::string>& entries);
  bool matches(std::string_view s) const;

 private:
  std::vector<std::string> keys_;
  size_t longest_ = 0;  ///< bytes of the longest key
};

/// Parses a whole integer written in ASCII digits, with a leading '-' only when `min` is
/// negative, and accepts it only within [min, max]; nullopt for anything else (empty, spaces, '+',
/// other digits, trailing text, overflow). The one integer parser: years, months, days, counts and
/// plugin options all go through it, so each caller states its range.
std::optional<long long> parse_int(std::string_view s, long long min, long long max);

/// The largest figure a report may give: 10^15 (one million billion). Counts of people,
/// sessions or đồng stay far below it; above it a double no longer holds every whole number
/// and a figure is a typing error (a pasted identifier, a run of zeros).
inline constexpr double kMaxFigure = 1e15;

struct ParsedNumber {
  double value = 0;  ///< never -0; 0 when too_large
  bool percent_sign = false;
  bool too_large = false;  ///< well formed, but its magnitude is above kMaxFigure: not usable
};
/// Parses "1.234", "98,5", "1.234,5", "98.5", "12", "97%". In Vietnamese style a dot
/// followed by exactly three digits groups thousands and a comma is the decimal mark;
/// in English style the reverse. See docs/plan-format.md. nullopt when it is not a figure;
/// a figure above kMaxFigure comes back with `too_large` set (and no value) rather than as
/// a huge or infinite number.
std::optional<ParsedNumber> parse_number(std::string_view s, NumberStyle style);

/// Parses "2025-11-03", "03/11/2025", "3/11/2025", "03-11-2025",
/// "ngày 03 tháng 11 năm 2025" (with or without "ngày"); always day before month.
std::optional<Date> parse_date(std::string_view s);

/// A referenced document as a person writes it: "Kế hoạch số 861/KH-UBND ngày 15/01/2025".
struct DocumentReference {
  std::string number;        ///< số/ký hiệu ("861/KH-UBND", "12/2025/QĐ-UBND"); empty if none
  std::optional<Date> date;  ///< ngày ban hành; absent if none
};
/// Finds the số/ký hiệu (Nghị định 30/2020: a number, "/" and the type and issuer codes,
/// optionally with the year: "861/KH-UBND", "12/2025/QĐ-UBND", "06/QĐ-TTg"; the Party's
/// "33-CT/TU") and the first date in any form `parse_date` reads ("15/01/2025",
/// "ngày 15 tháng 01 năm 2025") in free text. What is not found is left empty.
DocumentReference parse_document_reference(std::string_view s);

/// "97,5" style formatting for messages: thousands grouped with dots, at most two decimals
/// after a comma, never "-0". From kMaxFigure up, "1,23 × 10^20"; infinities "∞", "-∞"
/// and NaN "NaN" (none should reach a message: figures are capped).
std::string format_number_vi(double v);

/// A file name (without extension) made from an id that comes from input (a plan's unit
/// id): lower-case ASCII letters, digits, '-' and '_' only, diacritics dropped (đ → d),
/// any other run of characters one '-'; never empty, never starting with '.', never
/// "." / "..", at most 73 bytes, never a Windows device name (con, nul, com1, …). An id
/// that is already such a name is returned as is; any other gets "-" and a hash of the
/// id appended, so "../x" and "x" never share a name. Every output file named after an
/// id goes through here.
std::string safe_file_name(std::string_view id);
/// `safe_file_name` of each id, numbered ("-2", "-3") where two would still coincide:
/// the names are pairwise distinct.
std::vector<std::string> safe_file_names(const std::vector<std::string>& ids);

}  // namespace tuanthu::text
