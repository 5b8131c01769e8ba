#pragma once
// Core-internal pieces of text.cpp shared with xml::TextReader. The byte scans: most
// report bytes are ASCII (markup, figures) or 2-3-byte Vietnamese letters, so ASCII is
// checked eight bytes at a time and only other bytes go through the UTF-8 decoder.
#include <unicode/utf8.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "tuanthu/text.hpp"

namespace tuanthu::text::detail {

/// Length of the leading run of ASCII bytes of [p, p + n).
inline size_t ascii_prefix(const char* p, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (w & 0x8080808080808080ULL) break;
  }
  while (i < n && static_cast<unsigned char>(p[i]) < 0x80) ++i;
  return i;
}

/// True when `s`, if it is valid UTF-8, is what squeeze_space gives back: no white space at
/// either end, none but single spaces inside. Bytes only: the lead bytes of every White_Space
/// character outside ASCII (U+0085, U+00A0: C2; U+1680: E1 9A; U+2000–U+205F: E2 80/81;
/// U+3000: E3 80) are taken as white space, whatever follows them. Validity is the caller's.
inline bool squeezed_bytes(std::string_view s) {
  if (s.empty()) return true;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const size_t n = s.size();
  if (p[0] == ' ' || p[n - 1] == ' ') return false;
  bool space = false;
  for (size_t i = 0; i < n; ++i) {
    const uint8_t c = p[i];
    if (c < 0x80) {
      if (c >= 0x09 && c <= 0x0D) return false;
      if (c == ' ' && space) return false;
      space = c == ' ';
      continue;
    }
    space = false;
    if (c == 0xC2 && i + 1 < n && (p[i + 1] == 0x85 || p[i + 1] == 0xA0)) return false;
    if (c == 0xE1 && i + 1 < n && p[i + 1] == 0x9A) return false;
    if (c == 0xE2 && i + 1 < n && (p[i + 1] == 0x80 || p[i + 1] == 0x81)) {
      const uint8_t d = i + 2 < n ? p[i + 2] : 0;
      // U+2000–U+200A, U+2028, U+2029, U+202F, U+205F
      if (p[i + 1] == 0x80 ? (d <= 0x8A || d == 0xA8 || d == 0xA9 || d == 0xAF) : d == 0x9F)
        return false;
    }
    if (c == 0xE3 && i + 1 < n && p[i + 1] == 0x80) return false;
  }
  return true;
}

/// Bytes at the start of `s` that are valid UTF-8 of allowed characters (is_allowed_char);
/// s.size() when all are. One pass; ASCII without decoding.
inline size_t clean_prefix(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < n) {
    const uint8_t b = p[i];
    if (b < 0x80) {  // among ASCII only tab, line feed and return of the controls
      if (b >= 0x20 ? b == 0x7F : (b != 0x9 && b != 0xA && b != 0xD)) break;
      ++i;
      continue;
    }
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0 || !is_allowed_char(static_cast<char32_t>(c))) return static_cast<size_t>(start);
  }
  return static_cast<size_t>(i);
}

/// True when squeeze_space would return `s` unchanged and it is plain ASCII: no space at
/// either end, no other white space than single spaces. Other text (any byte >= 0x80,
/// where Unicode spaces may hide) answers false and goes through squeeze_space.
inline bool squeezed_ascii(std::string_view s) {
  if (s.empty()) return true;
  if (s.front() == ' ' || s.back() == ' ') return false;
  bool space = false;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || (c >= 0x09 && c <= 0x0D)) return false;
    if (c == ' ' && space) return false;
    space = c == ' ';
  }
  return true;
}

/// The offset of the first bad byte of `s` (what text::is_valid_utf8 reports), or s.size()
/// when `s` is valid UTF-8. `from` must be 0 or the start of a sequence after valid text.
size_t utf8_error_scalar(std::string_view s, size_t from = 0);
/// The same answer through AVX2 (the lookup algorithm of Keiser and Lemire); only to be
/// called when has_avx2() (elsewhere it is the scalar decoder).
size_t utf8_error_avx2(std::string_view s);
/// True when this CPU runs AVX2 (always false off x86-64).
bool has_avx2();

/// Bits of the code points below kNfcSafeEnd that are NFC on their own and compose with
/// nothing before or after them (NFC_Quick_Check=Yes and combining class 0, from ICU's data):
/// text made only of such characters is NFC. Built once.
inline constexpr char32_t kNfcSafeEnd = 0x3000;
const uint64_t* nfc_safe_bits();
inline bool nfc_safe(const uint64_t* bits, char32_t c) {
  return c < kNfcSafeEnd && (bits[c >> 6] >> (c & 63) & 1) != 0;
}

/// ICU's NFC test alone (is_nfc without its fast path), for text where it would not pass.
bool icu_is_nfc(std::string_view s);

/// `s` in NFC through ICU, for text already known not to be (text::is_nfc false): to_nfc
/// without its second quick check.
std::string nfc_normalize(std::string_view s);

}  // namespace tuanthu::text::detail
