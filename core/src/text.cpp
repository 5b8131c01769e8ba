#include "tuanthu/text.hpp"

#include <unicode/brkiter.h>
#include <unicode/bytestream.h>
#include <unicode/coll.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <set>
#include <sstream>
#include <unordered_map>

#include "text_detail.hpp"

namespace tuanthu::text {

namespace {

const icu::Normalizer2& nfc() {
  UErrorCode status = U_ZERO_ERROR;
  static const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
  return *n;
}

const icu::Normalizer2& nfd() {
  UErrorCode status = U_ZERO_ERROR;
  static const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(status);
  return *n;
}

// Vietnamese tone marks in NFD. Vowel-quality marks (circumflex, breve, horn) are not
// tones and stay where they are.
bool is_tone_mark(UChar32 c) {
  return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 || c == 0x0323;
}

bool is_word_char(UChar32 c) {
  return u_isalnum(c) || u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK;
}

std::string to_utf8(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace

bool is_valid_utf8(std::string_view s, size_t* bad_offset) {
  // Whole files come here: SIMD where the CPU has it (utf8_validate.cpp). Short values are
  // not worth the set-up of the vector tables.
  const size_t bad = s.size() >= 64 && detail::has_avx2() ? detail::utf8_error_avx2(s)
                                                          : detail::utf8_error_scalar(s);
  if (bad == s.size()) return true;
  if (bad_offset) *bad_offset = bad;
  return false;
}

bool is_xml_char(char32_t c) {
  if (c < 0x20) return c == 0x9 || c == 0xA || c == 0xD;
  if (c >= 0xD800 && c <= 0xDFFF) return false;
  if (c == 0xFFFE || c == 0xFFFF) return false;
  return c <= 0x10FFFF;
}

bool is_allowed_char(char32_t c) {
  if (!is_xml_char(c)) return false;
  if (c >= 0x7F && c <= 0x9F) return false;      // DEL, C1 controls
  if (c >= 0xFDD0 && c <= 0xFDEF) return false;  // noncharacters
  return (c & 0xFFFE) != 0xFFFE;                 // U+nFFFE, U+nFFFF
}

std::string code_point_label(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

namespace {
// Calls `fn(start, end, c)` for each code point of `s`; c < 0 for an invalid sequence
// (then [start, end) is the bad piece).
template <class Fn>
void for_each_code_point(std::string_view s, Fn fn) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    fn(static_cast<size_t>(start), static_cast<size_t>(i), c);
  }
}

// U+FFFD, the only character appended here.
constexpr std::string_view kReplacementUtf8 = "\xEF\xBF\xBD";
}  // namespace

bool is_clean_text(std::string_view s) {
  return detail::clean_prefix(s) == s.size();
}

std::string to_clean_text(std::string_view s) {
  if (is_clean_text(s)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for_each_code_point(s, [&](size_t a, size_t b, UChar32 c) {
    if (c < 0 || !is_allowed_char(static_cast<char32_t>(c)))
      out.append(kReplacementUtf8);
    else
      out.append(s.substr(a, b - a));
  });
  return out;
}

std::string display_path(const std::filesystem::path& p) {
  const std::string& native = p.native();
  // Printable ASCII (most names): shown as it is.
  if (std::all_of(native.begin(), native.end(), [](char c) { return c >= 0x20 && c < 0x7F; }))
    return native;
  std::string out;
  out.reserve(native.size());
  for_each_code_point(native, [&](size_t a, size_t b, UChar32 c) {
    if (c >= 0 && c >= 0x20 && is_allowed_char(static_cast<char32_t>(c))) {
      out.append(native, a, b - a);
      return;
    }
    for (size_t i = a; i < b; ++i) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned char>(native[i]));
      out += buf;
    }
  });
  return out;
}

size_t utf16_length(std::string_view s) {
  size_t n = 0;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    n += (c & 0xC0) != 0x80 ? (c >= 0xF0 ? 2u : 1u) : 0u;  // a 4-byte sequence: a pair
  }
  return n;
}

std::string_view cut(std::string_view s, size_t max, bool utf16) {
  // Byte offset after `max` units, on a code point boundary.
  size_t units = 0, end = 0;
  while (end < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[end]);
    const size_t w = utf16 && c >= 0xF0 ? 2 : 1;
    if (units + w > max) break;
    units += w;
    ++end;
    while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) ++end;
  }
  if (end >= s.size()) return s;
  // Back to a grapheme cluster boundary (a base letter keeps its combining marks), looking
  // at a short window before the cut: clusters are short, the text may be long.
  size_t from = end > 64 ? end - 64 : 0;
  while (from > 0 && (static_cast<unsigned char>(s[from]) & 0xC0) == 0x80) --from;
  thread_local std::unique_ptr<icu::BreakIterator> it = [] {
    UErrorCode status = U_ZERO_ERROR;
    return std::unique_ptr<icu::BreakIterator>(
        icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
  }();
  if (!it) return s.substr(0, end);
  const std::string_view window = s.substr(from, std::min(s.size(), end + 16) - from);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(window.data(), static_cast<int32_t>(window.size())));
  const icu::UnicodeString head = icu::UnicodeString::fromUTF8(
      icu::StringPiece(window.data(), static_cast<int32_t>(end - from)));
  it->setText(u);
  const int32_t b = it->isBoundary(head.length()) ? head.length() : it->preceding(head.length());
  if (b <= 0) return from == 0 ? s.substr(0, 0) : s.substr(0, end);  // one huge cluster
  std::string prefix;
  u.tempSubString(0, b).toUTF8String(prefix);
  return s.substr(0, from + prefix.size());
}

std::string format_count(size_t n, bool english) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += english ? ',' : '.';
    out += digits[i];
  }
  return out;
}

std::string without_invisible(std::string_view s, bool keep_joiners) {
  // Every such character is three bytes starting E2 or EF.
  if (s.find('\xE2') == std::string_view::npos && s.find('\xEF') == std::string_view::npos)
    return std::string(s);
  // Quotes and dashes are E2 too: what lies between dropped characters is copied whole.
  std::string out;
  out.reserve(s.size());
  size_t copied = 0;
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    const auto a = static_cast<unsigned char>(s[i]);
    if (a != 0xE2 && a != 0xEF) continue;
    const auto b = static_cast<unsigned char>(s[i + 1]), c = static_cast<unsigned char>(s[i + 2]);
    const bool joiner = a == 0xE2 && b == 0x80 && (c == 0x8C || c == 0x8D);
    const bool invisible =
        (a == 0xE2 && b == 0x80 && ((c >= 0x8B && c <= 0x8F) || (c >= 0xAA && c <= 0xAE))) ||
        (a == 0xE2 && b == 0x81 && (c == 0xA0 || (c >= 0xA6 && c <= 0xA9))) ||
        (a == 0xEF && b == 0xBB && c == 0xBF);
    if (invisible && !(joiner && keep_joiners)) {
      out.append(s, copied, i - copied);
      copied = i + 3;
      i += 2;
    }
  }
  out.append(s, copied, s.size() - copied);
  return out;
}

std::string quote(std::string_view value, bool english, size_t max) {
  const std::string_view head = cut(value, max);
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict, PR 105651) on "…" + string.
  std::string out(1, '"');
  // Invisible characters (zero-width space, bidi marks: Unicode Cf) are shown as ⟨U+200B⟩,
  // or a quoted "p-an​-phu" would look like the right id.
  const std::string clean = squeeze_space(to_clean_text(head));
  for_each_code_point(clean, [&](size_t a, size_t b, UChar32 c) {
    if (c >= 0 && u_charType(c) == U_FORMAT_CHAR) {
      out += "⟨";
      out += code_point_label(static_cast<char32_t>(c));
      out += "⟩";
    } else {
      out.append(clean, a, b - a);
    }
  });
  if (head.size() == value.size()) return out += '"';
  out += "…\" (";
  out += format_count(length(value), english);
  out += english ? " characters)" : " ký tự)";
  return out;
}

bool nfc_without_icu(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    if (p[i] < 0x80) {  // ASCII runs eight bytes at a time
      i += static_cast<int32_t>(detail::ascii_prefix(s.data() + i, static_cast<size_t>(n - i)));
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c >= 0x80 && c < 0x300) continue;
    if (c >= 0x1E00 && c < 0x1F00) continue;
    // Other characters that are NFC on their own and combine with nothing (quotes, dashes,
    // ellipsis: a quoted narrative would otherwise go to ICU whole).
    if (c < 0 || !detail::nfc_safe(detail::nfc_safe_bits(), static_cast<char32_t>(c))) return false;
  }
  return true;
}

bool is_clean_nfc(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  const uint64_t* bits = nullptr;
  for (int32_t i = 0; i < n;) {
    const uint8_t b = p[i];
    if (b < 0x80) {  // among ASCII only tab, line feed and return of the controls
      if (b >= 0x20 ? b == 0x7F : (b != 0x9 && b != 0xA && b != 0xD)) return false;
      ++i;
      continue;
    }
    if (const size_t k = common_letter_length(s, static_cast<size_t>(i))) {  // no decoding
      i += static_cast<int32_t>(k);
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0 || !is_allowed_char(static_cast<char32_t>(c))) return false;
    if ((c >= 0x80 && c < 0x300) || (c >= 0x1E00 && c < 0x1F00)) continue;
    if (!bits) bits = detail::nfc_safe_bits();
    if (!detail::nfc_safe(bits, static_cast<char32_t>(c))) return false;
  }
  return true;
}

bool is_nfc(std::string_view s) {
  // Text made only of characters that are NFC on their own and never combine with what
  // comes before (ASCII, Latin-1 to Latin Extended-B, precomposed Vietnamese letters) is
  // NFC without asking ICU: nearly every value, in one pass over the bytes.
  return nfc_without_icu(s) || detail::icu_is_nfc(s);
}

const uint64_t* detail::nfc_safe_bits() {
  static const std::array<uint64_t, kNfcSafeEnd / 64> bits = [] {
    std::array<uint64_t, kNfcSafeEnd / 64> b{};
    for (UChar32 c = 0; c < static_cast<UChar32>(kNfcSafeEnd); ++c)
      if (u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES &&
          u_getCombiningClass(c) == 0)
        b[static_cast<size_t>(c) >> 6] |= uint64_t{1} << (c & 63);
    return b;
  }();
  return bits.data();
}

bool detail::icu_is_nfc(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const bool ok =
      nfc().isNormalizedUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), status);
  return U_SUCCESS(status) && ok;
}

std::string to_nfc(std::string_view s) {
  // Most input is already NFC: the quick check costs one pass and no allocation.
  if (is_nfc(s)) return std::string(s);
  return detail::nfc_normalize(s);
}

namespace {
std::string icu_nfc(std::string_view s) {
  std::string out;
  icu::StringByteSink<std::string> sink(&out);
  UErrorCode status = U_ZERO_ERROR;
  nfc().normalizeUTF8(0, icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), sink, nullptr,
                      status);
  return U_SUCCESS(status) ? out : std::string(s);
}
}  // namespace

std::string detail::nfc_normalize(std::string_view s) {
  // Vietnamese typed in NFD: letters followed by runs of combining marks U+0300-U+036F.
  // Before each character nfc_without_icu accepts (NFC on its own, class 0, never combining
  // backwards) is a normalisation boundary, so each letter with its marks is normalised on
  // its own, and the few distinct ones are remembered per thread. Any other character: the
  // whole text goes through ICU.
  struct Hash {  // looked up by view: no string built per letter
    using is_transparent = void;
    size_t operator()(std::string_view v) const { return std::hash<std::string_view>{}(v); }
  };
  thread_local std::unordered_map<std::string, std::string, Hash, std::equal_to<>> memo_tls;
  // In front of the memo, a direct-mapped cache of clusters of up to eight bytes (a letter
  // with its vowel and tone marks takes three to seven), keyed by their bytes as one number:
  // no string hashed per letter. key_len 0 is an empty slot.
  struct Slot {
    uint64_t key = 0;
    uint8_t key_len = 0;
    uint8_t text_len = 0;
    char text[22] = {};
  };
  constexpr unsigned kSlotBits = 9;
  thread_local std::array<Slot, size_t{1} << kSlotBits> slots_tls;
  // Thread-local addresses looked up once per call, not once per letter (__tls_get_addr in a
  // shared library).
  auto& memo = memo_tls;
  auto& slots = slots_tls;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  auto is_mark = [](UChar32 c) { return c >= 0x300 && c < 0x370; };
  std::string out;
  out.reserve(s.size());
  size_t copied = 0;     // s[0, copied) is in `out`, composed where it had to be
  int32_t starter = -1;  // the last simple character: marks after it compose with it
  for (int32_t i = 0; i < n;) {
    if (p[i] < 0x80) {  // ASCII: a starter, copied with the run it is in
      starter = i++;
      continue;
    }
    const int32_t at = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return icu_nfc(s);
    if (is_mark(c)) {
      int32_t end = i;
      while (end < n) {
        int32_t j = end;
        UChar32 d;
        U8_NEXT(p, j, n, d);
        if (!is_mark(d)) break;
        end = j;
      }
      const auto from = static_cast<size_t>(starter >= 0 ? starter : at);
      out.append(s.data() + copied, from - copied);
      const std::string_view cluster(s.data() + from, static_cast<size_t>(end) - from);
      auto composed = [&]() -> const std::string& {
        auto it = memo.find(cluster);
        if (it == memo.end()) {
          if (memo.size() >= 4096) memo.clear();  // bounded whatever the input
          it = memo.emplace(std::string(cluster), icu_nfc(cluster)).first;
        }
        return it->second;
      };
      if (cluster.size() <= sizeof(uint64_t)) {
        uint64_t key = 0;
        std::memcpy(&key, cluster.data(), cluster.size());
        Slot& slot = slots[static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> (64 - kSlotBits))];
        if (slot.key_len != cluster.size() || slot.key != key) {
          const std::string& nfc_cluster = composed();
          out += nfc_cluster;
          if (nfc_cluster.size() <= sizeof slot.text) {
            slot.key = key;
            slot.key_len = static_cast<uint8_t>(cluster.size());
            slot.text_len = static_cast<uint8_t>(nfc_cluster.size());
            std::memcpy(slot.text, nfc_cluster.data(), nfc_cluster.size());
          }
        } else {
          out.append(slot.text, slot.text_len);
        }
      } else {
        out += composed();
      }
      copied = static_cast<size_t>(end);
      starter = -1;
      i = end;
      continue;
    }
    if (!((c >= 0 && c < 0x300) || (c >= 0x1E00 && c < 0x1F00))) return icu_nfc(s);
    starter = at;
  }
  out.append(s.data() + copied, s.size() - copied);
  return out;
}

std::string to_upper(std::string_view s) {
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  return to_utf8(u.toUpper(icu::Locale("vi")));
}

namespace {
// squeeze_space through UTF-16: the reference for text that is not valid UTF-8 (ICU turns
// bad sequences into U+FFFD on the way in).
std::string squeeze_space_utf16(std::string_view s) {
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  icu::UnicodeString out;
  bool pending_space = false;
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (u_isUWhiteSpace(c)) {
      pending_space = !out.isEmpty();
      continue;
    }
    if (pending_space) out.append(static_cast<UChar>(' '));
    pending_space = false;
    out.append(c);
  }
  return to_utf8(out);
}
}  // namespace

std::string squeeze_space(std::string_view s) {
  // Straight on the UTF-8 bytes: every value read goes through here, and a round trip
  // through UTF-16 cost more than the rest of reading it.
  if (detail::squeezed_ascii(s)) return std::string(s);  // nothing to do, one quick pass
  // Vietnamese text with nothing to squeeze: one pass over the bytes, no decoding.
  if (detail::squeezed_bytes(s) && is_valid_utf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  bool pending_space = false;
  int32_t run = -1;  // start of the characters not yet copied, or -1
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return squeeze_space_utf16(s);
    // White_Space outside ASCII is only U+0085, U+00A0, U+1680, U+2000–U+205F (some) and
    // U+3000: ICU is asked about those alone.
    const bool maybe_space =
        c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x205F) || c == 0x3000;
    if (c < 0x80 ? (c == ' ' || (c >= 0x09 && c <= 0x0D)) : maybe_space && u_isUWhiteSpace(c)) {
      if (run >= 0) out.append(s.data() + run, static_cast<size_t>(start - run));
      run = -1;
      pending_space = !out.empty();
      continue;
    }
    if (run < 0) {  // a run of other characters starts: copied whole when it ends
      if (pending_space) out += ' ';
      pending_space = false;
      run = start;
    }
  }
  if (run >= 0) out.append(s.data() + run, static_cast<size_t>(n - run));
  return out;
}

std::string match_key(std::string_view s) {
  // ASCII (ids, names typed without diacritics): lower case, words of letters and digits
  // joined by one space, as the general path below gives, without the trip through UTF-16.
  if (std::all_of(s.begin(), s.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    std::string out;
    out.reserve(s.size());
    bool gap = false;
    for (const char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      if (std::isalnum(c)) {
        if (gap && !out.empty()) out.push_back(' ');
        gap = false;
        out.push_back(static_cast<char>(std::tolower(c)));
      } else {
        gap = true;
      }
    }
    return out;
  }
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  u.foldCase();
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString d = nfd().normalize(u, status);
  if (U_FAILURE(status)) d = u;

  icu::UnicodeString out, word, tones;
  auto flush = [&] {
    if (word.isEmpty()) return;
    if (!out.isEmpty()) out.append(static_cast<UChar>(' '));
    // Canonical tone position: after the whole syllable, in code point order.
    std::u16string t(tones.getBuffer(), static_cast<size_t>(tones.length()));
    std::sort(t.begin(), t.end());
    out.append(word).append(icu::UnicodeString(t.data(), static_cast<int32_t>(t.size())));
    word.remove();
    tones.remove();
  };
  for (int32_t i = 0; i < d.length();) {
    const UChar32 c = d.char32At(i);
    i += U16_LENGTH(c);
    if (is_tone_mark(c)) {
      tones.append(c);
    } else if (is_word_char(c)) {
      word.append(c);
    } else {
      flush();
    }
  }
  flush();
  return to_utf8(out);
}

std::string loose_key(std::string_view s) {
  return loosen(match_key(s));
}

std::string loosen(std::string_view key) {
  // A key is NFD: Vietnamese marks are U+0300..U+036F (CC 80..CD AF in UTF-8) and đ is
  // C4 91; anything else not ASCII goes the general way.
  std::string fast;
  fast.reserve(key.size());
  bool plain = true;
  for (size_t i = 0; i < key.size() && plain; ++i) {
    const auto c = static_cast<unsigned char>(key[i]);
    if (c < 0x80) {
      fast.push_back(static_cast<char>(c));
    } else if (i + 1 < key.size()) {
      const auto d = static_cast<unsigned char>(key[i + 1]);
      if ((c == 0xCC && d >= 0x80 && d <= 0xBF) || (c == 0xCD && d >= 0x80 && d <= 0xAF)) {
        ++i;  // a combining mark
      } else if (c == 0xC4 && d == 0x91) {
        fast.push_back('d');
        ++i;
      } else {
        plain = false;
      }
    } else {
      plain = false;
    }
  }
  if (plain) return fast;
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(key.data(), static_cast<int32_t>(key.size())));
  icu::UnicodeString out;
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c == 0x0111) c = 'd';  // đ (case already folded)
    out.append(c);
  }
  return to_utf8(out);
}

namespace {
std::vector<std::string> split_tokens(const std::string& key) {
  std::vector<std::string> out;
  std::istringstream in(key);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}
}  // namespace

AbbreviationTable::AbbreviationTable(const std::vector<Abbreviation>& entries) {
  for (const auto& e : entries) {
    Entry entry{split_tokens(match_key(e.short_form)), match_key(e.long_form)};
    if (!entry.from.empty()) entries_.push_back(std::move(entry));
  }
  std::stable_sort(entries_.begin(), entries_.end(),
                   [](const Entry& a, const Entry& b) { return a.from.size() > b.from.size(); });
}

std::string AbbreviationTable::expand(const std::string& key) const {
  const auto tokens = split_tokens(key);
  std::string out;
  for (size_t i = 0; i < tokens.size();) {
    const Entry* hit = nullptr;
    for (const auto& e : entries_) {
      if (i + e.from.size() <= tokens.size() &&
          std::equal(e.from.begin(), e.from.end(), tokens.begin() + static_cast<long>(i))) {
        hit = &e;
        break;
      }
    }
    if (!out.empty()) out += ' ';
    if (hit) {
      out += hit->to;
      i += hit->from.size();
    } else {
      out += tokens[i++];
    }
  }
  return out;
}

size_t length(std::string_view s) {
  size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // lead bytes only
  return n;
}

double wrapped_lines(std::string_view s, double width) {
  double n = 0;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find('\n', start);
    if (end == std::string_view::npos) end = s.size();
    n +=
        std::max(1.0, std::ceil(static_cast<double>(length(s.substr(start, end - start))) / width));
    start = end + 1;
  }
  return n;
}

std::vector<std::string> split_by_length(std::string_view s, size_t max, bool utf16) {
  std::vector<std::string> out;
  size_t start = 0, count = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) continue;
    const size_t w = utf16 && c >= 0xF0 ? 2 : 1;
    if (count + w > max && count > 0) {  // a piece holds at least one character
      out.emplace_back(s.substr(start, i - start));
      start = i;
      count = 0;
    }
    count += w;
  }
  out.emplace_back(s.substr(start));
  return out;
}

namespace {
icu::Collator& vi_collator() {
  // Collator::compare is not documented thread-safe on a shared instance: one per thread.
  thread_local std::unique_ptr<icu::Collator> coll = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Collator> c(icu::Collator::createInstance(icu::Locale("vi"), status));
    return c;
  }();
  return *coll;
}
}  // namespace

int compare_vi(std::string_view a, std::string_view b) {
  UErrorCode status = U_ZERO_ERROR;
  const auto r =
      vi_collator().compareUTF8(icu::StringPiece(a.data(), static_cast<int32_t>(a.size())),
                                icu::StringPiece(b.data(), static_cast<int32_t>(b.size())), status);
  if (U_FAILURE(status)) return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
  return r == UCOL_LESS ? -1 : (r == UCOL_EQUAL ? 0 : 1);
}

void sort_vi(std::vector<std::string>& names) {
  std::stable_sort(names.begin(), names.end(),
                   [](const std::string& a, const std::string& b) { return compare_vi(a, b) < 0; });
}

namespace {
// The word count of ICU's word break iterator (the reference, and the answer for text the
// fast path below does not cover).
int word_count_icu(std::string_view s) {
  thread_local std::unique_ptr<icu::BreakIterator> it = [] {
    UErrorCode status = U_ZERO_ERROR;
    return std::unique_ptr<icu::BreakIterator>(
        icu::BreakIterator::createWordInstance(icu::Locale("vi"), status));
  }();
  if (!it) return 0;
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  it->setText(u);
  int count = 0;
  it->first();
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; end = it->next())
    if (it->getRuleStatus() != UBRK_WORD_NONE) ++count;
  return count;
}

// Word-break classes (UAX #29) of the characters the fast path handles.
enum class WordClass { Letter, Digit, Extend, JoinDigits, JoinBoth, Other };

// ASCII, Latin-1 letters, Latin Extended-A/B, combining diacritics and Latin Extended
// Additional (every precomposed Vietnamese letter): nullopt for anything else, which ICU
// then counts.
std::optional<WordClass> word_class(UChar32 c) {
  if (c < 0x80) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return WordClass::Letter;
    if (c >= '0' && c <= '9') return WordClass::Digit;
    if (c == '@') return std::nullopt;  // ICU's rules make it a letter (e-mail addresses)
    if (c == '_') return std::nullopt;  // ExtendNumLet: ICU's statuses for it are irregular
    if (c == ',' || c == ';') return WordClass::JoinDigits;  // MidNum
    if (c == '.' || c == '\'') return WordClass::JoinBoth;   // MidNumLet, Single_Quote
    // ':' is MidLetter in UAX #29 but not in CLDR's root rules, which ICU follows.
    return WordClass::Other;
  }
  if (c >= 0xC0 && c <= 0x24F) return c == 0xD7 || c == 0xF7 ? WordClass::Other : WordClass::Letter;
  if (c >= 0x300 && c <= 0x36F) return WordClass::Extend;
  if (c >= 0x1E00 && c <= 0x1EFF) return WordClass::Letter;
  return std::nullopt;
}

// word_count's fast path: word_class of the characters it decodes inline (ASCII, Latin-1
// to Latin Extended-B letters, combining marks, Latin Extended Additional: every
// Vietnamese letter, precomposed or not); General for the rest (joiners, '@', '_', other
// scripts, bad UTF-8), which word_class then sees.
enum class FastWord : std::uint8_t { General, Letter, Digit, Extend, Other, Break };
constexpr std::array<FastWord, 128> kAsciiWord = [] {
  std::array<FastWord, 128> t{};
  for (auto& k : t) k = FastWord::Other;
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<size_t>(c)] = FastWord::Letter;
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<size_t>(c)] = FastWord::Letter;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<size_t>(c)] = FastWord::Digit;
  for (const char c : {'@', '_', ',', ';', '.', '\''})
    t[static_cast<unsigned char>(c)] = FastWord::General;
  t['\n'] = t['\r'] = FastWord::Break;
  return t;
}();

inline bool continuation(uint8_t b) {
  return (b & 0xC0) == 0x80;
}

// The class of the character at p[i] and its length in bytes (set only when not General).
inline FastWord fast_word_class(const uint8_t* p, int32_t i, int32_t n, int& len) {
  const uint8_t b = p[i];
  if (b < 0x80) {
    len = 1;
    return kAsciiWord[b];
  }
  if (i + 1 >= n || !continuation(p[i + 1])) return FastWord::General;
  const uint8_t b1 = p[i + 1];
  len = 2;
  // U+00C0–U+024F but × and ÷ (C3 97, C3 B7): letters.
  if (b >= 0xC3 && b <= 0xC8)
    return b == 0xC3 && (b1 == 0x97 || b1 == 0xB7) ? FastWord::Other : FastWord::Letter;
  if (b == 0xC9 && b1 <= 0x8F) return FastWord::Letter;
  // U+0300–U+036F: combining marks.
  if (b == 0xCC || (b == 0xCD && b1 <= 0xAF)) return FastWord::Extend;
  // U+1E00–U+1EFF (E1 B8 80 – E1 BB BF): letters.
  if (b == 0xE1 && b1 >= 0xB8 && b1 <= 0xBB && i + 2 < n && continuation(p[i + 2])) {
    len = 3;
    return FastWord::Letter;
  }
  return FastWord::General;
}

bool joins(WordClass joiner, WordClass left) {
  return joiner == WordClass::JoinBoth ||
         (joiner == WordClass::JoinDigits && left == WordClass::Digit);
}
}  // namespace

int word_count(std::string_view s) {
  return word_count(s, std::numeric_limits<int>::max());
}

int word_count(std::string_view s, int enough) {
  // UAX #29 word rules for Latin text, walked on the UTF-8 bytes (WB4, WB5–WB13b): ICU's
  // iterator needs the text in UTF-16 and cost more than everything else done to a
  // narrative. Text with other scripts (or bad UTF-8) goes to ICU.
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  if (enough <= 0) return 0;
  int count = 0;
  bool in_word = false;
  WordClass last = WordClass::Other;  // last class in this word that was not Extend
  bool after_break = true;            // start of text, or just after CR/LF: WB4 does not apply
  for (int32_t i = 0; i < n;) {
    // Letters, digits, tone marks, spaces and plain punctuation decoded inline: the same
    // steps as the general path below (word_class), a character at a time without U8_NEXT
    // (the text is Vietnamese: short ASCII runs between accented letters). Joiners and
    // anything else take the general path.
    int len = 1;
    switch (fast_word_class(p, i, n, len)) {
      case FastWord::Letter:
      case FastWord::Digit: {
        // A run of letters, digits and marks is one word (WB4, WB5, WB8–WB10).
        // Stopped once a word begins after the `enough`-th: the words before it are
        // behind a boundary nothing later can undo (a word's own end can: ICU gives "0_"
        // with a mark after it no word status).
        if (!in_word && ++count > enough) return enough;
        in_word = true;
        FastWord k = FastWord::Letter;
        do {
          k = fast_word_class(p, i, n, len);
          if (k == FastWord::Letter || k == FastWord::Digit)
            last = k == FastWord::Letter ? WordClass::Letter : WordClass::Digit;
          else if (k != FastWord::Extend)
            break;
          i += len;
        } while (i < n);
        after_break = false;
        continue;
      }
      case FastWord::Extend:
        if (after_break) return word_count_icu(s);
        i += len;
        continue;
      case FastWord::Other:
      case FastWord::Break:
        in_word = false;
        after_break = p[i] == '\n' || p[i] == '\r';
        i += len;
        continue;
      case FastWord::General:
        break;
    }
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return word_count_icu(s);
    const auto k = word_class(c);
    if (!k) return word_count_icu(s);
    switch (*k) {
      case WordClass::Letter:
      case WordClass::Digit:
        if (!in_word && ++count > enough) return enough;
        in_word = true;
        last = *k;
        break;
      case WordClass::Extend:
        // Attaches to whatever precedes it (WB4), so it neither starts nor ends a word;
        // one at the start of a line is left to ICU.
        if (after_break) return word_count_icu(s);
        break;
      case WordClass::JoinDigits:
      case WordClass::JoinBoth: {
        // Joins a word only between two letters or two digits (WB6/7, WB11/12), Extend
        // characters after it ignored.
        bool joined = false;
        if (in_word && joins(*k, last)) {
          int32_t j = i;
          while (j < n) {
            UChar32 d;
            U8_NEXT(p, j, n, d);
            const auto dk = d < 0 ? std::nullopt : word_class(d);
            if (!dk) return word_count_icu(s);
            if (*dk == WordClass::Extend) continue;
            joined = *dk == last;
            break;
          }
        }
        in_word = joined;
        break;
      }
      case WordClass::Other:
        in_word = false;
        break;
    }
    after_break = c == '\n' || c == '\r';
  }
  return count;
}

Placeholders::Placeholders(const std::vector<std::string>& entries) {
  keys_.reserve(entries.size());
  for (const auto& e : entries) {
    keys_.push_back(match_key(e));
    longest_ = std::max(longest_, keys_.back().size());
  }
}

bool Placeholders::matches(std::string_view s) const {
  // Most values are far longer than any placeholder: an ASCII letter or digit stays one
  // byte of the key (case folding and NFD keep them), so text with more of them than the
  // longest key has bytes, one of them not an x, is no placeholder, and is never keyed.
  size_t alnum = 0;
  bool not_x = false;
  for (const char ch : s) {
    if ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) {
      ++alnum;
      if (ch != 'x' && ch != 'X') not_x = true;
      if (not_x && alnum > longest_) return false;  // decided: the rest is not read
    }
  }
  const std::string key = match_key(s);
  if (key.empty()) return true;  // nothing but spaces, dots, dashes, ellipses
  bool only_x = true;
  for (char c : key)
    if (c != 'x' && c != ' ') only_x = false;
  if (only_x) return true;
  return std::find(keys_.begin(), keys_.end(), key) != keys_.end();
}

bool is_placeholder(std::string_view s, const std::vector<std::string>& placeholders) {
  return Placeholders(placeholders).matches(s);
}

namespace {
bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "1.234.567" with `sep` grouping thousands: first group 1–3 digits, others exactly 3.
bool grouped(std::string_view s, char sep) {
  size_t start = 0;
  bool first = true;
  while (true) {
    const size_t pos = s.find(sep, start);
    const std::string_view g =
        s.substr(start, pos == std::string_view::npos ? s.npos : pos - start);
    if (!all_digits(g)) return false;
    if (first ? g.size() > 3 : g.size() != 3) return false;
    first = false;
    if (pos == std::string_view::npos) return true;
    start = pos + 1;
  }
}

std::string strip_group(std::string_view s, char sep) {
  std::string out;
  for (char c : s)
    if (c != sep) out += c;
  return out;
}
}  // namespace

std::optional<long long> parse_int(std::string_view s, long long min, long long max) {
  // from_chars also takes a leading '-' and nothing else: no '+', no space, no "0x". A sign
  // only where the range has negatives: "-0" is no count.
  if (s.starts_with('-') && min >= 0) return std::nullopt;
  long long v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || v < min || v > max)
    return std::nullopt;
  return v;
}

std::optional<ParsedNumber> parse_number(std::string_view raw, NumberStyle style) {
  // Drop every kind of space (thin and no-break spaces appear in copied figures).
  std::string s;
  // Most figures are ASCII without a space: nothing to drop, no trip through UTF-16.
  const bool plain = std::none_of(raw.begin(), raw.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c >= 0x80 || c == ' ' || (c >= 0x09 && c <= 0x0D);
  });
  if (plain) {
    s.assign(raw);
  } else {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(raw.data(), static_cast<int32_t>(raw.size())));
    icu::UnicodeString kept;
    auto space = [](UChar32 c) { return u_isUWhiteSpace(c) || c == 0x202F || c == 0x00A0; };
    auto digit = [](UChar32 c) { return c >= '0' && c <= '9'; };
    UChar32 last = 0;  // the last character kept
    for (int32_t i = 0; i < u.length();) {
      const UChar32 c = u.char32At(i);
      i += U16_LENGTH(c);
      if (!space(c)) {
        kept.append(c);
        last = c;
        continue;
      }
      // A space between digits groups thousands ("1 234"): three digits follow it, no
      // more, no less ("0 1" is not 1).
      if (!digit(last)) continue;
      int32_t j = i;
      while (j < u.length() && space(u.char32At(j))) j += U16_LENGTH(u.char32At(j));
      int32_t digits = 0;
      while (j < u.length() && digit(u.char32At(j))) {
        ++digits;
        ++j;
      }
      if (digits != 0 && digits != 3) return std::nullopt;
    }
    kept.toUTF8String(s);
  }
  ParsedNumber out;
  if (!s.empty() && s.back() == '%') {
    out.percent_sign = true;
    s.pop_back();
  }
  bool negative = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.erase(0, 1);
  }
  if (s.empty()) return std::nullopt;
  const char group = style == NumberStyle::Vietnamese ? '.' : ',';
  const char decimal = style == NumberStyle::Vietnamese ? ',' : '.';

  std::string canonical;  // digits with '.' as decimal mark
  const size_t dpos = s.find(decimal);
  if (dpos != std::string::npos) {
    const std::string_view ip = std::string_view(s).substr(0, dpos);
    const std::string_view fp = std::string_view(s).substr(dpos + 1);
    if (!all_digits(fp) || !(all_digits(ip) || grouped(ip, group))) return std::nullopt;
    canonical = strip_group(ip, group) + "." + std::string(fp);
  } else if (s.find(group) != std::string::npos) {
    if (grouped(s, group)) {
      canonical = strip_group(s, group);
    } else {
      // A lone separator not followed by exactly three digits ("98.5" in Vietnamese
      // style) can only be a decimal mark written the other way.
      const size_t gpos = s.find(group);
      if (s.find(group, gpos + 1) != std::string::npos) return std::nullopt;
      const std::string ip = s.substr(0, gpos), fp = s.substr(gpos + 1);
      if (!all_digits(ip) || !all_digits(fp)) return std::nullopt;
      canonical = ip + "." + fp;
    }
  } else {
    if (!all_digits(s)) return std::nullopt;
    canonical = s;
  }
  double v = 0;
  auto [p, ec] = std::from_chars(canonical.data(), canonical.data() + canonical.size(), v);
  if (p != canonical.data() + canonical.size()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) {
    // Out of a double's range: too large when the whole part has a digit other than 0,
    // else too small to be anything but 0.
    const std::string_view whole = std::string_view(canonical).substr(0, canonical.find('.'));
    if (whole.find_first_not_of('0') != std::string_view::npos) out.too_large = true;
    return out;
  }
  if (ec != std::errc() || !std::isfinite(v)) return std::nullopt;
  if (v > kMaxFigure) {
    out.too_large = true;
    return out;
  }
  out.value = negative && v != 0 ? -v : v;  // "-0" is 0
  return out;
}

std::optional<Date> parse_date(std::string_view raw) {
  const std::string s = squeeze_space(raw);
  if (auto iso = Date::parse_iso(s)) return iso;
  auto to_int = [](std::string_view t, int& v) {
    if (!all_digits(t) || t.size() > 4) return false;  // no sign: "-3/11/2025" is no date
    const auto n = parse_int(t, 0, 9999);
    if (n) v = static_cast<int>(*n);
    return n.has_value();
  };
  int d = 0, m = 0, y = 0;
  // dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy: always day first.
  for (char sep : {'/', '-', '.'}) {
    const size_t a = s.find(sep);
    if (a == std::string::npos) continue;
    const size_t b = s.find(sep, a + 1);
    if (b == std::string::npos || s.find(sep, b + 1) != std::string::npos) continue;
    const std::string_view sv(s);
    if (sv.substr(0, a).size() <= 2 && sv.substr(a + 1, b - a - 1).size() <= 2 &&
        sv.substr(b + 1).size() == 4 && to_int(sv.substr(0, a), d) &&
        to_int(sv.substr(a + 1, b - a - 1), m) && to_int(sv.substr(b + 1), y)) {
      if (Date::valid(y, m, d)) return Date{y, m, d};
      return std::nullopt;
    }
  }
  // "ngày 03 tháng 11 năm 2025", "03 tháng 11 năm 2025".
  std::vector<std::string> t = split_tokens(loose_key(s));
  if (!t.empty() && t[0] == "ngay") t.erase(t.begin());
  if (t.size() == 5 && t[1] == "thang" && t[3] == "nam" && t[4].size() == 4 && to_int(t[0], d) &&
      to_int(t[2], m) && to_int(t[4], y) && Date::valid(y, m, d))
    return Date{y, m, d};
  return std::nullopt;
}

namespace {
// Punctuation that surrounds a token in running text: "(861/KH-UBND)," → 861/KH-UBND.
std::string_view strip_token(std::string_view t) {
  constexpr std::string_view kEdge = ",.;:()[]\"'";
  while (!t.empty() && kEdge.find(t.front()) != std::string_view::npos) t.remove_prefix(1);
  while (!t.empty() && kEdge.find(t.back()) != std::string_view::npos) t.remove_suffix(1);
  return t;
}

// "861/KH-UBND", "12/2025/QĐ-UBND", "06/QĐ-TTg", "33-CT/TU": digits, then "/" or "-",
// then codes of letters (at least one capital), digits, "Đ", "&", "-", "/" and ".", with
// at least one "/" in the whole. A date ("15/01/2025") has no capital and is not one.
bool is_document_number(std::string_view t) {
  size_t i = 0;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
  if (i == 0 || i == t.size() || (t[i] != '/' && t[i] != '-')) return false;
  bool capital = false;
  for (; i < t.size(); ++i) {
    const char c = t[i];
    if (c >= 'A' && c <= 'Z') {
      capital = true;
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '&' || c == '-' ||
               c == '/' || c == '.') {
    } else if (t.substr(i, 2) == "\xC4\x90") {  // Đ
      capital = true;
      ++i;
    } else if (t.substr(i, 2) == "\xC4\x91") {  // đ
      ++i;
    } else {
      return false;
    }
  }
  return capital && t.find('/') != std::string_view::npos && t.back() != '/' && t.back() != '-';
}
}  // namespace

DocumentReference parse_document_reference(std::string_view raw) {
  DocumentReference out;
  const std::string s = squeeze_space(to_nfc(raw));
  std::vector<std::string_view> tokens;
  for (size_t start = 0; start < s.size();) {
    size_t end = s.find(' ', start);
    if (end == std::string::npos) end = s.size();
    const std::string_view t = strip_token(std::string_view(s).substr(start, end - start));
    if (!t.empty()) tokens.push_back(t);
    start = end + 1;
  }
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (out.number.empty()) {
      // "số:861/KH-UBND" written without a space.
      std::string_view t = tokens[i];
      for (std::string_view prefix : {"Số:", "số:", "Số", "số", "So:", "so:"})
        if (t.starts_with(prefix) && t.size() > prefix.size() && t[prefix.size()] >= '0' &&
            t[prefix.size()] <= '9') {
          t.remove_prefix(prefix.size());
          break;
        }
      if (is_document_number(t)) out.number = std::string(t);
    }
    if (!out.date) {
      // One token (15/01/2025, 2025-01-15) or five ("15 tháng 01 năm 2025").
      if (auto d = parse_date(tokens[i])) {
        out.date = d;
      } else if (i + 4 < tokens.size()) {
        std::string window(tokens[i]);
        for (size_t k = 1; k < 5; ++k) window.append(" ").append(tokens[i + k]);
        if (auto d5 = parse_date(window)) out.date = d5;
      }
    }
  }
  return out;
}

std::string format_number_vi(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "∞" : "-∞";
  if (std::fabs(v) >= kMaxFigure) {
    // Mantissa and power of ten: the digits of a huge double are noise, not data.
    int exp = static_cast<int>(std::floor(std::log10(std::fabs(v))));
    double mant = v / std::pow(10.0, exp);
    if (std::fabs(std::round(mant * 100) / 100) >= 10) mant /= 10, ++exp;
    return format_number_vi(mant) + " × 10^" + std::to_string(exp);
  }
  const double cents = std::round(v * 100);
  double r = cents / 100;
  if (r == 0) r = 0;  // -0.001 rounds to -0: show 0
  // What printf's "%.0f" (whole r) or "%.2f" printed, without printf: this runs once per
  // figure in a finding, tens of thousands of times on a national run.
  char buf[48];
  std::to_chars_result printed{};
  if (std::fabs(cents) < 1e15) {
    // Below 10^13, r is within a thousandth of cents / 100 and a whole r is a whole number
    // of hundreds of cents: "%.2f" and "%.0f" print exactly the cents, as integers do.
    const long long c = static_cast<long long>(cents);
    const unsigned long long a =
        c < 0 ? 0ull - static_cast<unsigned long long>(c) : static_cast<unsigned long long>(c);
    char* p = buf;
    if (c < 0) *p++ = '-';
    p = std::to_chars(p, buf + sizeof buf, a / 100).ptr;
    if (a % 100) {
      *p++ = '.';
      *p++ = static_cast<char>('0' + a % 100 / 10);
      *p++ = static_cast<char>('0' + a % 10);
    }
    printed.ptr = p;
  } else {
    // std::to_chars with a precision prints what printf does (the standard defines it so);
    // below kMaxFigure the digits fit the buffer.
    printed = r == std::floor(r)
                  ? std::to_chars(buf, buf + sizeof buf, static_cast<long long>(r))
                  : std::to_chars(buf, buf + sizeof buf, r, std::chars_format::fixed, 2);
  }
  const std::string_view s(buf, static_cast<size_t>(printed.ptr - buf));
  const size_t dot = s.find('.');
  std::string_view ip = s.substr(0, dot);
  std::string_view fp = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  while (!fp.empty() && fp.back() == '0') fp.remove_suffix(1);
  std::string out;
  out.reserve(s.size() + s.size() / 3 + 2);
  if (!ip.empty() && ip[0] == '-') {
    out += '-';
    ip.remove_prefix(1);
  }
  for (size_t i = 0; i < ip.size(); ++i) {
    if (i && (ip.size() - i) % 3 == 0) out += '.';
    out += ip[i];
  }
  if (!fp.empty()) out.append(",").append(fp);
  return out;
}

// ---- file names ----------------------------------------------------------------

namespace {

constexpr size_t kMaxSlug = 64;

bool reserved_device_name(std::string_view s) {
  // Windows device names, reserved with any extension ("con.txt"), letters are often
  // copied to Windows machines and shares.
  static constexpr std::string_view kFixed[] = {"con", "prn", "aux", "nul"};
  for (auto r : kFixed)
    if (s == r) return true;
  return s.size() == 4 && (s.starts_with("com") || s.starts_with("lpt")) && s[3] >= '0' &&
         s[3] <= '9';
}

std::string short_hash(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a 64
  for (char ch : s) {
    h ^= static_cast<unsigned char>(ch);
    h *= 0x100000001b3ull;
  }
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(h ^ (h >> 32)));
  return buf;
}

}  // namespace

std::string safe_file_name(std::string_view id) {
  // ASCII transliteration: case folded, diacritics dropped, đ → d; every run of anything
  // else (separators, dots, spaces, other scripts, bad bytes) becomes one '-'.
  std::string slug;
  bool dash = false;
  auto put = [&](char c) {
    if (dash && !slug.empty()) slug += '-';
    dash = false;
    slug += c;
  };
  if (is_valid_utf8(id)) {
    icu::UnicodeString u =
        icu::UnicodeString::fromUTF8(icu::StringPiece(id.data(), static_cast<int32_t>(id.size())));
    u.foldCase();
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString d = nfd().normalize(u, status);
    if (U_FAILURE(status)) d = u;
    for (int32_t i = 0; i < d.length();) {
      const UChar32 c = d.char32At(i);
      i += U16_LENGTH(c);
      if (u_charType(c) == U_NON_SPACING_MARK) continue;
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')
        put(static_cast<char>(c));
      else if (c == 0x0111)  // đ
        put('d');
      else
        dash = true;
    }
  } else {
    for (char ch : id) {
      const auto c = static_cast<unsigned char>(ch);
      if (std::isalnum(c) && c < 0x80)
        put(static_cast<char>(std::tolower(c)));
      else if (c == '_')
        put('_');
      else
        dash = true;
    }
  }
  auto edge = [](char c) { return c == '_' || c == '-'; };
  while (!slug.empty() && edge(slug.back())) slug.pop_back();
  while (!slug.empty() && edge(slug.front())) slug.erase(0, 1);
  if (slug.size() > kMaxSlug) {
    slug.resize(kMaxSlug);
    while (!slug.empty() && (slug.back() == '-' || slug.back() == '_')) slug.pop_back();
  }
  // Anything but an id that was already a safe name gets a hash of the id: two ids
  // that transliterate alike ("../x" and "x") keep different names.
  if (!slug.empty() && slug == id && !reserved_device_name(slug)) return slug;
  return (slug.empty() ? std::string("don-vi") : slug) + "-" + short_hash(id);
}

std::vector<std::string> safe_file_names(const std::vector<std::string>& ids) {
  std::vector<std::string> out;
  out.reserve(ids.size());
  std::set<std::string> taken;
  for (const auto& id : ids) {
    std::string name = safe_file_name(id);
    // A hash collision, or an id spelled like another id's slug and hash: numbered.
    for (int n = 2; !taken.insert(name).second; ++n)
      name = safe_file_name(id) + "-" + std::to_string(n);
    out.push_back(std::move(name));
  }
  return out;
}

}  // namespace tuanthu::text
