// libFuzzer target: every function of the text module on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "tuanthu/text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace text = tuanthu::text;
  const std::string s(reinterpret_cast<const char*>(data), size);
  (void)text::parse_number(s, tuanthu::NumberStyle::Vietnamese);
  (void)text::parse_number(s, tuanthu::NumberStyle::English);
  (void)text::parse_date(s);
  // Any bytes as a path: shown as clean text, one line.
  const std::string shown = text::display_path(s);
  if (!text::is_clean_text(shown) || shown.find('\n') != std::string::npos) __builtin_trap();
  if (!text::is_clean_text(text::to_clean_text(s))) __builtin_trap();
  // A file name made from any id (invalid UTF-8 included) is plain and bounded, and a
  // batch of ids that slug alike still gets distinct names.
  const std::string name = text::safe_file_name(s);
  if (name.empty() || name.size() > 73 || name[0] == '-' || name[0] == '.') __builtin_trap();
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      __builtin_trap();
  const auto names = text::safe_file_names({s, name, s + "/"});
  if (std::set<std::string>(names.begin(), names.end()).size() != names.size()) __builtin_trap();
  if (!text::is_valid_utf8(s)) return 0;  // the model only ever holds valid UTF-8
  const std::string nfc = text::to_nfc(s);
  const std::string key = text::match_key(s);
  // Keys are stable under normalisation: NFC and raw input give the same key.
  if (text::match_key(nfc) != key) __builtin_trap();
  (void)text::loose_key(s);
  (void)text::squeeze_space(s);
  (void)text::to_upper(s);
  (void)text::word_count(s);
  (void)text::is_placeholder(s, {"không", "đang cập nhật"});
  (void)text::compare_vi(s, nfc);
  // Splitting for Excel's cell limit never loses or changes a byte.
  std::string joined;
  for (const auto& piece : text::split_by_length(s, 1 + size % 17)) joined += piece;
  if (joined != s) __builtin_trap();
  // Quoting and cutting: bounded, clean, never inside a character.
  const size_t max = 1 + size % 97;
  const std::string_view cut = text::cut(s, max, size % 2);
  if (!s.starts_with(cut) || (size % 2 ? text::utf16_length(cut) : text::length(cut)) > max ||
      !text::is_valid_utf8(cut))
    __builtin_trap();
  const std::string q = text::quote(s, size % 3 == 0, max);
  if (!text::is_clean_text(q) || text::length(q) > max + 40) __builtin_trap();
  if (!text::is_clean_text(text::to_clean_text(s))) __builtin_trap();
  static const text::AbbreviationTable abbr({{"UBND", "Ủy ban nhân dân"}, {"P", "phường"}});
  (void)abbr.expand(key);
  return 0;
}
