// The fast paths of the text gate (core/src/utf8_validate.cpp, xml.cpp's decoder): each
// path compared with a plain reference on random and adversarial input.
#include <gtest/gtest.h>
#include <unicode/utf8.h>

#include <random>
#include <string>
#include <vector>

#include "../core/src/text_detail.hpp"  // the internal entry points of each path
#include "tuanthu/text.hpp"

namespace text = tuanthu::text;
namespace detail = tuanthu::text::detail;

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
