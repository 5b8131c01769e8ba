// The fast paths of the text gate (core/src/utf8_validate.cpp, xml.cpp's decoder): each
// path compared with a plain reference on random and adversarial input.
#include <gtest/gtest.h>
#include <unicode/normalizer2.h>
#include <unicode/utf8.h>

#include <cstdio>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "../core/src/text_detail.hpp"  // the internal entry points of each path
#include "../core/src/xml_detail.hpp"
#include "tuanthu/text.hpp"
#include "tuanthu/xml.hpp"

namespace text = tuanthu::text;
namespace detail = tuanthu::text::detail;
namespace xml_detail = tuanthu::xml::detail;

namespace {

// The first bad byte as ICU's U8_NEXT sees it; s.size() when valid.
size_t reference_utf8_error(const std::string& s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return static_cast<size_t>(start);
  }
  return s.size();
}

// UTF-8 of a code point (surrogates too: tests build broken text with it).
void append_utf8(std::string& out, uint32_t c) {
  const auto byte = [&](uint32_t v) { out += static_cast<char>(v); };
  if (c < 0x80) {
    byte(c);
  } else if (c < 0x800) {
    byte(0xC0 | c >> 6);
    byte(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    byte(0xE0 | c >> 12);
    byte(0x80 | (c >> 6 & 0x3F));
    byte(0x80 | (c & 0x3F));
  } else {
    byte(0xF0 | c >> 18);
    byte(0x80 | (c >> 12 & 0x3F));
    byte(0x80 | (c >> 6 & 0x3F));
    byte(0x80 | (c & 0x3F));
  }
}

// Every validation path gives the reference's answer for `s`.
void expect_utf8_paths_agree(const std::string& s) {
  const size_t want = reference_utf8_error(s);
  ASSERT_EQ(detail::utf8_error_scalar(s), want) << testing::PrintToString(s);
  if (detail::has_avx2()) {
    ASSERT_EQ(detail::utf8_error_avx2(s), want) << testing::PrintToString(s);
  }
  size_t bad = 12345;
  ASSERT_EQ(text::is_valid_utf8(s, &bad), want == s.size()) << testing::PrintToString(s);
  if (want != s.size()) {
    ASSERT_EQ(bad, want) << testing::PrintToString(s);
  }
}

// Valid Vietnamese text of at least `bytes` bytes (one, two and three-byte characters).
std::string vietnamese(size_t bytes) {
  const std::string words = "Ủy ban nhân dân phường Thạnh Lộc, Đồng Nai: trẻ em được chăm sóc; ";
  std::string s;
  while (s.size() < bytes) s += words;
  return s;
}

const std::vector<std::string> kBadPieces = {
    "\x80",                  // continuation alone
    "\xBF\xBF",              // two continuations alone
    "\xC3",                  // two-byte lead cut short
    "\xE1\xBB",              // three-byte lead cut short
    "\xF0\x9F\x98",          // four-byte lead cut short
    "\xC0\xAF",              // overlong
    "\xC1\xBF",              // overlong
    "\xE0\x80\xAF",          // overlong
    "\xE0\x9F\xBF",          // overlong
    "\xF0\x80\x80\xAF",      // overlong
    "\xF0\x8F\xBF\xBF",      // overlong
    "\xED\xA0\x80",          // surrogate
    "\xED\xBF\xBF",          // surrogate
    "\xF4\x90\x80\x80",      // above U+10FFFF
    "\xF5\x80\x80\x80",      // lead above F4
    "\xF8\x88\x80\x80\x80",  // five-byte form
    "\xFE",
    "\xFF",
    "\xC3\xC3\xA0",  // lead, then a lead
    "\xE1\x41\xBB",  // lead, ASCII, continuation
};

}  // namespace

// Random bytes near the edge of every lead and continuation range, of lengths around the
// 32-byte blocks of the vector path.
TEST(TextFast, Utf8PathsAgreeOnRandomBytes) {
  const std::vector<uint8_t> edges = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                      0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
                                      0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFE, 0xFF};
  std::mt19937 rng(11);
  std::uniform_int_distribution<size_t> pick(0, edges.size() - 1), len(0, 140), ascii(0, 7);
  for (int round = 0; round < 100000; ++round) {
    std::string s;
    for (size_t k = len(rng); k > 0; --k)
      s += ascii(rng) < 6 ? 'a' : static_cast<char>(edges[pick(rng)]);
    expect_utf8_paths_agree(s);
  }
  // Valid sequences of every length with random code points, now and then one byte changed.
  std::uniform_int_distribution<uint32_t> cp(0, 0x10FFFF), kind(0, 3), flip(0, 255);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    for (size_t k = len(rng); k > 0;) {
      uint32_t c = cp(rng);
      if (kind(rng) == 0) c &= 0x7F;
      if (kind(rng) == 1) c &= 0x7FF;
      if (c >= 0xD800 && c <= 0xDFFF) continue;
      append_utf8(s, c);
      --k;
    }
    if (!s.empty() && kind(rng) == 0)
      s[std::uniform_int_distribution<size_t>(0, s.size() - 1)(rng)] = static_cast<char>(flip(rng));
    expect_utf8_paths_agree(s);
  }
}

// Each bad piece at every place relative to the blocks (after ASCII and after Vietnamese
// text), valid text cut at every length, and one bad byte at every offset of long text.
TEST(TextFast, Utf8PathsAgreeOnAdversarialInput) {
  const std::string vi = vietnamese(400);
  for (const std::string& bad : kBadPieces) {
    for (size_t at = 0; at <= 200; ++at) {
      expect_utf8_paths_agree(std::string(at, 'x') + bad + std::string(70, 'y'));
      expect_utf8_paths_agree(std::string(at, 'x') + bad);
      expect_utf8_paths_agree(vi.substr(0, at) + bad + vi.substr(at));
      expect_utf8_paths_agree(vi.substr(0, at) + bad);
    }
  }
  for (size_t len = 0; len <= vi.size(); ++len) {
    expect_utf8_paths_agree(vi.substr(0, len));
    expect_utf8_paths_agree(std::string(64, 'a') + vi.substr(0, len));
  }
  for (size_t at = 0; at < 300; ++at)
    for (const char b : {'\x80', '\xC3', '\xE1', '\xF0', '\xFF', 'a'}) {
      std::string s = vi;
      s[at] = b;
      expect_utf8_paths_agree(s);
    }
}

// ---- TextReader's decoder (xml::detail::decode) --------------------------------------

namespace {

void reference_append_utf8(std::string& out, char32_t c) {
  append_utf8(out, c);
}

std::optional<char32_t> reference_numeric(std::string_view body) {
  if (body.size() < 2 || body[0] != '#') return std::nullopt;
  const bool hex = body[1] == 'x';
  const std::string_view digits = body.substr(hex ? 2 : 1);
  if (digits.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : digits) {
    int d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (hex && c >= 'a' && c <= 'f')
      d = c - 'a' + 10;
    else if (hex && c >= 'A' && c <= 'F')
      d = c - 'A' + 10;
    else
      return std::nullopt;
    v = v * (hex ? 16 : 10) + static_cast<uint64_t>(d);
    if (v > 0x110000) v = 0x110000;
  }
  return static_cast<char32_t>(v);
}

// The decoder as it was before its fast path: one character (or reference) at a time.
void reference_decode(std::string_view raw, bool references, std::string& out,
                      xml_detail::DecodeState& bad, ptrdiff_t base_offset) {
  auto reject = [&](char32_t c, bool ref, size_t at) {
    if (bad.count++ == 0) {
      bad.first = c;
      bad.reference = ref;
      if (base_offset >= 0) bad.offset = base_offset + static_cast<ptrdiff_t>(at);
    }
    reference_append_utf8(out, 0xFFFD);
  };
  const auto* p = reinterpret_cast<const uint8_t*>(raw.data());
  const auto n = static_cast<int32_t>(raw.size());
  for (int32_t i = 0; i < n;) {
    const auto at = static_cast<size_t>(i);
    if (references && raw[at] == '&') {
      const size_t semi = raw.find(';', at + 1);
      if (semi != std::string_view::npos && semi - at <= 40) {
        const std::string_view body = raw.substr(at + 1, semi - at - 1);
        char32_t c = 0;
        bool known = true;
        if (body == "lt")
          c = '<';
        else if (body == "gt")
          c = '>';
        else if (body == "amp")
          c = '&';
        else if (body == "quot")
          c = '"';
        else if (body == "apos")
          c = '\'';
        else if (auto v = reference_numeric(body))
          c = *v;
        else
          known = false;
        if (known) {
          if (text::is_allowed_char(c))
            reference_append_utf8(out, c);
          else
            reject(c, true, at);
          i = static_cast<int32_t>(semi + 1);
          continue;
        }
      }
      out += '&';
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0)
      reject(0x110000, false, at);
    else if (!text::is_allowed_char(static_cast<char32_t>(c)))
      reject(static_cast<char32_t>(c), false, at);
    else
      out.append(raw.substr(at, static_cast<size_t>(i) - at));
  }
}

// Pieces of report text: Vietnamese in NFC and NFD, what is not allowed, references good and
// bad, broken bytes.
const std::vector<std::string> kDecodePieces = {
    "Thạnh Lộc ",
    "Ủy ban nhân dân ",
    "tha\xCC\xA3nh lo\xCC\x82\xCC\xA3\x63 ",  // NFD
    "Đồng Nai",
    "hoa\xCC\x80",  // NFD, mark at the end
    "\xCC\x81",     // a combining mark alone
    "12,5%",
    "abc",
    "don vi da to chuc tuyen truyen cac chuong trinh ",  // ASCII runs past 16 bytes
    "0123456789abcdefghijklmnopqrstuvwxyz",
    " ",
    "\t",
    "\n",
    "\r",
    "\x01",
    "\x1F",
    "\x7F",
    "\xC2\x80",          // C1
    "\xC2\x85",          // C1 (NEL)
    "\xC2\x9F",          // C1
    "\xC2\xA0",          // no-break space
    "\xEF\xBF\xBE",      // U+FFFE
    "\xEF\xBF\xBF",      // U+FFFF
    "\xEF\xBF\xBD",      // U+FFFD
    "\xEF\xB7\x90",      // U+FDD0
    "\xEF\xB7\xAF",      // U+FDEF
    "\xEF\xB7\xB0",      // U+FDF0 (allowed)
    "\xEF\xBB\xBF",      // BOM
    "\xE2\x80\x9C",      // “
    "\xE2\x80\xA6",      // …
    "\xE2\x80\x8B",      // zero-width space
    "\xF0\x9F\x98\x80",  // emoji
    "\xF0\x9F\xBF\xBE",  // U+1FFFE
    "\xF4\x8F\xBF\xBF",  // U+10FFFF
    "&amp;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&apos;",
    "&#x1F600;",
    "&#233;",
    "&#xE9;",
    "&#0;",
    "&#x7F;",
    "&#x85;",
    "&#xFFFE;",
    "&#xD800;",
    "&#x110000;",
    "&#99999999999;",
    "&#x301;",
    "&bogus;",
    "&",
    "&amp",
    ";",
    "&#;",
    "&#x;",
    "\xFF",
    "\xC3",
    "\xE1\xBB",
    "\xF0\x9F\x98",
    "\x80",
    "\xC0\xAF",
    "\xE0\x80\xAF",
    "\xED\xA0\x80",
    "\xF4\x90\x80\x80",
    "\xF5\x80\x80\x80",
};

std::string random_text(std::mt19937& rng, size_t max_pieces) {
  std::uniform_int_distribution<size_t> count(0, max_pieces), pick(0, kDecodePieces.size() - 1),
      plain(0, 2);
  std::string s;
  for (size_t k = count(rng); k > 0; --k)
    s += plain(rng) == 0 ? kDecodePieces[pick(rng) % 6] : kDecodePieces[pick(rng)];
  return s;
}

}  // namespace

// The decoder with its fast path gives, byte for byte, what the plain character by character
// decoder gives: the text, the count of characters replaced, the first and where it was.
TEST(TextFast, DecodeAgreesWithCharacterByCharacterReference) {
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> coin(0, 1), pieces(1, 3);
  for (int round = 0; round < 60000; ++round) {
    const bool references = coin(rng) == 1;
    const ptrdiff_t base = coin(rng) ? -1 : 1000;
    std::string got = coin(rng) ? "x" : "", want = got;
    xml_detail::DecodeState got_st, want_st;
    // One to three text pieces into one value, as block_text decodes a narrative.
    for (int k = pieces(rng); k > 0; --k) {
      const std::string raw = random_text(rng, 12);
      xml_detail::decode(raw, references, got, got_st, base);
      reference_decode(raw, references, want, want_st, base);
      ASSERT_EQ(got, want) << testing::PrintToString(raw);
      ASSERT_EQ(got_st.count, want_st.count) << testing::PrintToString(raw);
      ASSERT_EQ(got_st.first, want_st.first) << testing::PrintToString(raw);
      ASSERT_EQ(got_st.reference, want_st.reference) << testing::PrintToString(raw);
      ASSERT_EQ(got_st.offset, want_st.offset) << testing::PrintToString(raw);
    }
  }
  // Random bytes as well, where the pieces above do not reach.
  std::uniform_int_distribution<int> byte(0, 255), len(0, 40);
  for (int round = 0; round < 60000; ++round) {
    std::string raw;
    for (int k = len(rng); k > 0; --k) raw += static_cast<char>(byte(rng));
    const bool references = coin(rng) == 1;
    std::string got, want;
    xml_detail::DecodeState got_st, want_st;
    xml_detail::decode(raw, references, got, got_st, 7);
    reference_decode(raw, references, want, want_st, 7);
    ASSERT_EQ(got, want) << testing::PrintToString(raw);
    ASSERT_EQ(got_st.count, want_st.count);
    ASSERT_EQ(got_st.first, want_st.first);
    ASSERT_EQ(got_st.offset, want_st.offset);
  }
}

// ---- the NFC hint of the decoder --------------------------------------------------------

namespace {

bool icu_says_nfc(const std::string& s) {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(st);
  const bool yes = n->isNormalized(icu::UnicodeString::fromUTF8(s), st);
  EXPECT_TRUE(U_SUCCESS(st));
  return yes;
}

// Decodes `raw` and fails when the decoder calls the text certainly NFC and ICU does not.
void expect_hint_exact(const std::string& raw, bool references = true) {
  std::string out;
  xml_detail::DecodeState st;
  xml_detail::decode(raw, references, out, st, -1);
  if (!st.nfc_unsure) {
    ASSERT_TRUE(icu_says_nfc(out)) << testing::PrintToString(raw);
  }
}

std::string utf8_of(UChar32 c) {
  std::string s;
  append_utf8(s, static_cast<uint32_t>(c));
  return s;
}

}  // namespace

// Every code point up to U+FFFF (raw and as a reference), alone, after and before base
// letters and marks: when decode says "certainly NFC", ICU agrees.
TEST(TextFast, NfcHintNeverCallsNonNfcTextNfc) {
  const std::vector<std::string> around = {
      "a", "e", "A", "ê", "Ư", "o\xCC\x9B", "\xCC\x81", "\xE1\x84\x80", "\xEA\xB0\x80", ""};
  for (UChar32 c = 0; c < 0x10000; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    const std::string u = utf8_of(c);
    char ref[16];
    std::snprintf(ref, sizeof ref, "&#x%X;", static_cast<unsigned>(c));
    for (const std::string& b : around) {
      expect_hint_exact(b + u);
      expect_hint_exact(u + b);
      expect_hint_exact(b + ref);
      if (c < 0x3000) expect_hint_exact(b + u + b, false);
    }
  }
  std::mt19937 rng(9);
  for (int round = 0; round < 50000; ++round) expect_hint_exact(random_text(rng, 10));
}

// The hint does its job: NFC Vietnamese (with the punctuation of typed text) is known NFC
// without ICU, and NFD is not.
TEST(TextFast, NfcHintKnowsVietnameseText) {
  std::string out;
  xml_detail::DecodeState st;
  xml_detail::decode("Ủy ban nhân dân phường Thạnh Lộc – “Đồng Nai”… 12,5% &amp; ½", true, out, st,
                     -1);
  EXPECT_FALSE(st.nfc_unsure);
  xml_detail::decode("tha\xCC\xA3nh", true, out, st, -1);
  EXPECT_TRUE(st.nfc_unsure);
  xml_detail::DecodeState st2;
  xml_detail::decode("&#x301;", true, out, st2, -1);
  EXPECT_TRUE(st2.nfc_unsure);
}

// ---- NFD text put in NFC (text::detail::nfc_normalize's cache of letters) -------------

// Letters with one or two combining marks, many more than the cache holds, so that slots are
// taken over and found again: to_nfc gives what ICU gives, the first time and the next.
TEST(TextFast, NfcClusterCacheAgreesWithIcu) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  ASSERT_TRUE(U_SUCCESS(status));
  std::vector<std::string> bases;
  for (char c = 'A'; c <= 'Z'; ++c) bases.emplace_back(1, c);
  for (char c = 'a'; c <= 'z'; ++c) bases.emplace_back(1, c);
  for (const char* b : {"\xC6\xB0", "\xC4\x91", "\xE1\xBA\xA1", " ", "1"}) bases.emplace_back(b);
  const std::vector<uint32_t> second = {0, 0x300, 0x301, 0x303, 0x309, 0x323, 0x302, 0x31B};
  for (int pass = 0; pass < 2; ++pass) {
    for (uint32_t mark = 0x300; mark < 0x370; ++mark) {
      std::string text;
      for (const std::string& b : bases)
        for (const uint32_t m2 : second) {
          text += b;
          append_utf8(text, mark);
          if (m2) append_utf8(text, m2);
          text += ' ';
        }
      std::string want;
      nfc->normalize(icu::UnicodeString::fromUTF8(text), status).toUTF8String(want);
      ASSERT_TRUE(U_SUCCESS(status));
      ASSERT_EQ(text::to_nfc(text), want) << std::hex << mark;
    }
  }
}

// Findings name the line an editor shows: XML ends a line with LF, CR LF or a CR alone (a
// file saved on an old Mac had every finding on line 1).
TEST(TextFast, LineIndexCountsEveryKindOfLineEnd) {
  for (const std::string nl : {"\n", "\r\n", "\r"}) {
    const std::string text = "<a>" + nl + "<b/>" + nl + nl + "xyz" + nl;
    const tuanthu::xml::LineIndex lines(text);
    const auto at = static_cast<ptrdiff_t>(text.find("xyz"));
    EXPECT_EQ(lines.line(at), 4) << testing::PrintToString(nl);
    EXPECT_EQ(lines.column(at + 2), 3) << testing::PrintToString(nl);
    EXPECT_EQ(lines.line(0), 1);
  }
  const std::string mixed = "a\rb\r\nc\n\rd\r\r\ne";  // CR, CRLF, LF, CR, CR, CRLF
  const tuanthu::xml::LineIndex lines(mixed);
  EXPECT_EQ(lines.line(static_cast<ptrdiff_t>(mixed.find('b'))), 2);
  EXPECT_EQ(lines.line(static_cast<ptrdiff_t>(mixed.find('c'))), 3);
  EXPECT_EQ(lines.line(static_cast<ptrdiff_t>(mixed.find('d'))), 5);
  EXPECT_EQ(lines.line(static_cast<ptrdiff_t>(mixed.find('e'))), 7);
}
