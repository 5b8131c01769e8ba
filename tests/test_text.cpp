// Table-driven tests of the text module (issue: Vietnamese text done right with ICU).
#include <gtest/gtest.h>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>

#include "support.hpp"
#include "tuanthu/plan.hpp"
#include "tuanthu/text.hpp"
#include "tuanthu/unit_match.hpp"

namespace text = tuanthu::text;

namespace {
std::string nfd(const std::string& s) {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(st);
  std::string out;
  n->normalize(icu::UnicodeString::fromUTF8(s), st).toUTF8String(out);
  return out;
}
}  // namespace

TEST(Text, Utf8Validation) {
  size_t bad = 99;
  EXPECT_TRUE(text::is_valid_utf8("Thạnh Lộc"));
  EXPECT_FALSE(text::is_valid_utf8("ab\xC3", &bad));
  EXPECT_EQ(bad, 2u);
  EXPECT_FALSE(
      text::is_valid_utf8("a\xFF"
                          "b",
                          &bad));
  EXPECT_EQ(bad, 1u);
  EXPECT_FALSE(text::is_valid_utf8("\xED\xA0\x80"));  // UTF-16 surrogate encoded
}

TEST(Text, NfcFastPathAndNormalisation) {
  const std::string composed = "Thạnh Lộc";
  const std::string decomposed = nfd(composed);
  ASSERT_NE(composed, decomposed);
  EXPECT_TRUE(text::is_nfc(composed));
  EXPECT_FALSE(text::is_nfc(decomposed));
  EXPECT_EQ(text::to_nfc(decomposed), composed);
  EXPECT_EQ(text::to_nfc(composed), composed);
}

TEST(Text, MatchKeyFoldsCaseFormsTonePlacementAndPunctuation) {
  struct Case {
    std::string a, b;
  } same[] = {
      {"Ủy ban nhân dân", "Uỷ ban nhân dân"},  // uỷ / ủy
      {"hòa bình", "hoà bình"},                // òa / oà
      {"khỏe mạnh", "khoẻ mạnh"},              // ỏe / oẻ
      {"Thủy", "Thuỷ"},
      {"Thạnh Lộc", nfd("THẠNH LỘC")},                        // case and NFD
      {"Lao động - Thương binh", "Lao  động – Thương binh"},  // dashes and spaces
      {"Phòng GD&ĐT", "phòng gd đt"},
  };
  for (const auto& c : same)
    EXPECT_EQ(text::match_key(c.a), text::match_key(c.b)) << c.a << " | " << c.b;
  EXPECT_NE(text::match_key("Thạnh Lộc"), text::match_key("Thanh Loc"));
  EXPECT_NE(text::match_key("Tân Thới Hiệp"), text::match_key("Tân Thới Nhất"));
  EXPECT_EQ(text::loose_key("Thạnh Lộc"), text::loose_key("Thanh Loc"));
  EXPECT_EQ(text::loose_key("Đông Hưng Thuận"), "dong hung thuan");
}

TEST(Text, AbbreviationsExpandTokenSequences) {
  text::AbbreviationTable t({{"UBND", "Ủy ban nhân dân"},
                             {"P", "phường"},
                             {"LĐ-TB&XH", "Lao động - Thương binh và Xã hội"}});
  EXPECT_EQ(t.expand(text::match_key("UBND P. Thạnh Lộc")),
            text::match_key("Ủy ban nhân dân phường Thạnh Lộc"));
  EXPECT_EQ(t.expand(text::match_key("Phòng LĐ-TB&XH")),
            text::match_key("Phòng Lao động - Thương binh và Xã hội"));
  // A token that only starts like an abbreviation is left alone.
  EXPECT_EQ(t.expand(text::match_key("Phú")), text::match_key("Phú"));
}

TEST(Text, UnitMatchingOutcomes) {
  auto plan = tt::seed_plan();
  tuanthu::UnitMatcher m(*plan);
  struct Case {
    std::string name;
    tuanthu::UnitMatchKind kind;
    std::string unit;
  } cases[] = {
      {"Ủy ban nhân dân phường Thạnh Lộc", tuanthu::UnitMatchKind::ByName, "p-thanh-loc"},
      {"UBND P. Thạnh Lộc", tuanthu::UnitMatchKind::ByName, "p-thanh-loc"},
      {nfd("Uỷ ban nhân dân P. Tân Thới Nhất"), tuanthu::UnitMatchKind::ByName, "p-tan-thoi-nhat"},
      {"Phòng LĐ-TB&XH", tuanthu::UnitMatchKind::ByName, "ldtbxh"},
      {"Phòng GDĐT", tuanthu::UnitMatchKind::ByName, "gddt"},
      {"UBND phuong Thanh Loc", tuanthu::UnitMatchKind::ByNameLoose, "p-thanh-loc"},
      // Ids are ASCII: a name that equals one has lost its diacritics ("P Thanh Loc" could
      // be any Thanh/Thạnh Lộc/Lốc): credited with the warning, not silently.
      {"P Thanh Loc", tuanthu::UnitMatchKind::ByNameLoose, "p-thanh-loc"},
      {"p-thanh-loc", tuanthu::UnitMatchKind::ByNameLoose, "p-thanh-loc"},
      {"GDDT", tuanthu::UnitMatchKind::ByNameLoose, "gddt"},
      {"UBND phường Thạnh Mỹ Lợi", tuanthu::UnitMatchKind::None, ""},
  };
  for (const auto& c : cases) {
    auto r = m.match_name(c.name);
    EXPECT_EQ(r.kind, c.kind) << c.name;
    EXPECT_EQ(r.unit, c.unit) << c.name;
  }
}

TEST(Text, AmbiguousNameIsRefusedWithCandidates) {
  // Two units whose names differ only by diacritics: a name without them matches both.
  auto plan = tt::plan_from(R"(<plan xmlns="urn:tuanthu:plan:1" id="x"><units>
      <unit id="u1" name="Phường Tân Thới"/><unit id="u2" name="Phường Tân Thời"/></units>
      <reporting><cycle frequency="annual" first="2024" last="2030" due="11-05"/></reporting>
      <tasks/></plan>)");
  tuanthu::UnitMatcher m(*plan);
  auto r = m.match_name("Phuong Tan Thoi");
  EXPECT_EQ(r.kind, tuanthu::UnitMatchKind::Ambiguous);
  EXPECT_EQ(r.candidates, (std::vector<std::string>{"u1", "u2"}));
  EXPECT_EQ(m.match_name("Phường Tân Thời").unit, "u2");
}

TEST(Text, Numbers) {
  using tuanthu::NumberStyle;
  struct Case {
    const char* in;
    double v;
    bool pct;
  } ok[] = {{"1.234", 1234, false},     {"98,5", 98.5, false},
            {"1.234,5", 1234.5, false}, {"98.5", 98.5, false},
            {"97%", 97, true},          {"97,2 %", 97.2, true},
            {"12", 12, false},          {"1.234.567", 1234567, false},
            {"-3", -3, false},          {"\u00a01.200\u00a0", 1200, false},
            {"1 234", 1234, false},     {"1\u202f234 567", 1234567, false}};
  for (const auto& c : ok) {
    auto n = text::parse_number(c.in, NumberStyle::Vietnamese);
    ASSERT_TRUE(n) << c.in;
    EXPECT_DOUBLE_EQ(n->value, c.v) << c.in;
    EXPECT_EQ(n->percent_sign, c.pct) << c.in;
  }
  // A space between digits only groups thousands: "0 1" (two runs of a rich text cell) is
  // not 1.
  for (const char* bad :
       {"", "khoảng 15", "12a", "1,2,3", "1.23.4", "%", "--1", "1..2", "0 1", "1 23", "1 2345"})
    EXPECT_FALSE(text::parse_number(bad, NumberStyle::Vietnamese)) << bad;
  // English style swaps the two marks; the plan chooses.
  EXPECT_DOUBLE_EQ(text::parse_number("1,234", NumberStyle::English)->value, 1234);
  EXPECT_DOUBLE_EQ(text::parse_number("1,234", NumberStyle::Vietnamese)->value, 1.234);
  EXPECT_DOUBLE_EQ(text::parse_number("1.234", NumberStyle::English)->value, 1.234);
}

TEST(Text, IntegersParseWholeAndWithinTheirRange) {
  EXPECT_EQ(text::parse_int("2025", 1900, 2999), 2025);
  EXPECT_EQ(text::parse_int("-5", -10, 10), -5);
  EXPECT_EQ(text::parse_int("0", 0, 0), 0);
  EXPECT_EQ(text::parse_int("9223372036854775807", 0, LLONG_MAX), LLONG_MAX);
  for (const char* bad :
       {"", " 1", "1 ", "+1", "1a", "0x10", "1.0", "١", "--1", "-", "99999999999999999999"})
    EXPECT_FALSE(text::parse_int(bad, LLONG_MIN, LLONG_MAX)) << bad;
  EXPECT_FALSE(text::parse_int("1899", 1900, 2999));
  EXPECT_FALSE(text::parse_int("3000", 1900, 2999));
  EXPECT_FALSE(text::parse_int("-1", 0, 10));
  EXPECT_FALSE(text::parse_int("-0", 0, 10));  // no sign where the range has no negatives
  EXPECT_EQ(text::parse_int("-0", -1, 10), 0);
}

TEST(Text, Dates) {
  struct Case {
    const char* in;
    const char* iso;
  } ok[] = {{"2025-11-03", "2025-11-03"},
            {"03/11/2025", "2025-11-03"},
            {"3/11/2025", "2025-11-03"},
            {"03-11-2025", "2025-11-03"},
            {"ngày 03 tháng 11 năm 2025", "2025-11-03"},
            {"3 tháng 11 năm 2025", "2025-11-03"},
            {"Ngày 3 Tháng 11 Năm 2025", "2025-11-03"},
            {"29/02/2024", "2024-02-29"}};
  for (const auto& c : ok) {
    auto d = text::parse_date(c.in);
    ASSERT_TRUE(d) << c.in;
    EXPECT_EQ(d->iso(), c.iso) << c.in;
  }
  for (const char* bad : {"31/02/2025", "29/02/2025", "2025/11/03", "11/2025",
                          "ngày 3 tháng 13 năm 2025", "hôm qua", "03/11/25", ""})
    EXPECT_FALSE(text::parse_date(bad)) << bad;
}

TEST(Text, WordCountUsesWordBreaks) {
  EXPECT_EQ(text::word_count("Đã tổ chức tuyên truyền."), 5);
  EXPECT_EQ(text::word_count("  trẻ   em,  gia đình ... "), 4);
  EXPECT_EQ(text::word_count("…"), 0);
  EXPECT_EQ(text::word_count(nfd("Thạnh Lộc")), 2);
}

namespace {
// The references the UTF-8 word counter and space squeezer must agree with: ICU's word
// break iterator and a walk of the text in UTF-16.
int icu_word_count(const std::string& s) {
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(
      icu::BreakIterator::createWordInstance(icu::Locale("vi"), st));
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  it->setText(u);
  int count = 0;
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; end = it->next())
    if (it->getRuleStatus() != UBRK_WORD_NONE) ++count;
  return count;
}

std::string icu_squeeze(const std::string& s) {
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  icu::UnicodeString out;
  bool pending = false;
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (u_isUWhiteSpace(c)) {
      pending = !out.isEmpty();
      continue;
    }
    if (pending) out.append(static_cast<UChar>(' '));
    pending = false;
    out.append(c);
  }
  std::string r;
  out.toUTF8String(r);
  return r;
}
}  // namespace

// without_invisible copies runs between the characters it drops: against the byte-by-byte
// definition, for every three-byte sequence from E2 00 00 to EF FF FF that it looks at, at
// the start, in the middle and cut short at the end.
TEST(Text, WithoutInvisibleDropsExactlyTheInvisibleCharacters) {
  auto reference = [](std::string_view s, bool keep_joiners) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
      if (i + 2 < s.size()) {
        const auto a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]),
                   c = static_cast<unsigned char>(s[i + 2]);
        const bool joiner = a == 0xE2 && b == 0x80 && (c == 0x8C || c == 0x8D);
        const bool invisible =
            (a == 0xE2 && b == 0x80 && ((c >= 0x8B && c <= 0x8F) || (c >= 0xAA && c <= 0xAE))) ||
            (a == 0xE2 && b == 0x81 && (c == 0xA0 || (c >= 0xA6 && c <= 0xA9))) ||
            (a == 0xEF && b == 0xBB && c == 0xBF);
        if (invisible && !(joiner && keep_joiners)) {
          i += 2;
          continue;
        }
      }
      out += s[i];
    }
    return out;
  };
  for (int a : {0xE2, 0xEF})
    for (int b : {0x80, 0x81, 0xBB, 0x41})
      for (int c = 0; c < 256; ++c) {
        const std::string seq{char(a), char(b), char(c)};
        for (const std::string& s :
             {seq, "Lộc" + seq + "x", seq + seq + "“a”", "ab" + seq.substr(0, 2), "a" + seq}) {
          for (bool keep : {false, true})
            ASSERT_EQ(text::without_invisible(s, keep), reference(s, keep)) << a << b << c;
        }
      }
  EXPECT_EQ(text::without_invisible("a\u200Bb\u200Dc\uFEFF", true), "ab\u200Dc");
  EXPECT_EQ(text::without_invisible("a\u200Bb\u200Dc\uFEFF", false), "abc");
}

// The NFC fast path's ranges, checked against ICU's data character by character.
TEST(Text, NfcFastPathRangesAreNfcOnTheirOwn) {
  for (UChar32 c = 0; c < 0x3100; ++c) {
    std::string u8;
    icu::UnicodeString(c).toUTF8String(u8);
    if (!text::nfc_without_icu(u8)) continue;
    EXPECT_EQ(u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK), UNORM_YES) << c;
    EXPECT_EQ(u_getCombiningClass(c), 0) << c;
  }
  EXPECT_TRUE(text::nfc_without_icu("Thạnh Lộc, Đồng Nai"));
  EXPECT_FALSE(text::nfc_without_icu(nfd("Lộc")));
  EXPECT_FALSE(text::nfc_without_icu("\xff"));
  EXPECT_TRUE(text::nfc_without_icu("“Đã triển khai” – xong…"));
  EXPECT_FALSE(text::nfc_without_icu("\u2000"));  // en quad: NFC makes it U+2002
}

// is_valid_utf8 accepts exactly what ICU's U8_NEXT reads as code points, and names the same
// first bad byte: random bytes near the edges of every lead and continuation range.
TEST(Text, Utf8ValidationAgreesWithIcu) {
  const std::vector<uint8_t> edges = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                      0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
                                      0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFE, 0xFF};
  std::mt19937 rng(3);
  std::uniform_int_distribution<size_t> pick(0, edges.size() - 1), len(0, 24), ascii(0, 3);
  for (int round = 0; round < 200000; ++round) {
    std::string s;
    for (size_t k = len(rng); k > 0; --k)
      s += ascii(rng) == 0 ? 'a' : static_cast<char>(edges[pick(rng)]);
    size_t want_bad = 0;
    bool want = true;
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const auto n = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < n && want;) {
      const int32_t start = i;
      UChar32 c;
      U8_NEXT(p, i, n, c);
      if (c < 0) {
        want = false;
        want_bad = static_cast<size_t>(start);
      }
    }
    size_t bad = 0;
    ASSERT_EQ(text::is_valid_utf8(s, &bad), want) << testing::PrintToString(s);
    if (!want) {
      ASSERT_EQ(bad, want_bad) << testing::PrintToString(s);
    }
  }
}

// match_key's ASCII path gives what the general (ICU) path gives: a letter outside ASCII
// appended as its own word sends the same text the general way.
TEST(Text, AsciiMatchKeyAgreesWithIcu) {
  const std::string alphabet = "aZ09 x-_.,;/\t()'\"Q";
  std::mt19937 rng(7);
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1), len(0, 14);
  const std::string tail = text::match_key("ă");
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    for (size_t k = len(rng); k > 0; --k) s += alphabet[pick(rng)];
    std::string general = text::match_key(s + " ă");
    ASSERT_GE(general.size(), tail.size());
    general.resize(general.size() - tail.size());
    if (!general.empty()) general.pop_back();  // the space before the appended word
    ASSERT_EQ(text::match_key(s), general) << s;
  }
}

// loosen's byte path (Vietnamese marks and đ) gives what removing every non-spacing mark
// through ICU gives, for keys of Vietnamese and of other scripts.
TEST(Text, LoosenAgreesWithIcu) {
  const std::vector<std::string> pieces = {
      "a",     "d", "1", " ",  "Đ", "đường",        "Lộc",
      "Thạnh", "ỹ", "ж", "中", "é", "\xE1\xB7\x80", "\xD6\x91"};
  auto reference = [](const std::string& key) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(key), out;
    for (int32_t i = 0; i < u.length();) {
      UChar32 c = u.char32At(i);
      i += U16_LENGTH(c);
      if (u_charType(c) == U_NON_SPACING_MARK) continue;
      out.append(c == 0x0111 ? UChar32{'d'} : c);
    }
    std::string r;
    out.toUTF8String(r);
    return r;
  };
  std::mt19937 rng(9);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1), len(1, 8);
  for (int round = 0; round < 5000; ++round) {
    std::string s;
    for (size_t k = len(rng); k > 0; --k) s += pieces[pick(rng)];
    const std::string key = text::match_key(s);
    ASSERT_EQ(text::loosen(key), reference(key)) << s;
    ASSERT_EQ(text::loose_key(s), reference(key)) << s;
  }
  EXPECT_EQ(text::loose_key("Phường Thạnh Lộc"), "phuong thanh loc");
}

// to_nfc's per-letter path for NFD text (core/src/text.cpp) gives what ICU gives for the
// whole text: random text of Vietnamese letters in NFC and NFD, stray and reordered marks,
// marks with singleton decompositions (U+0340, U+0344), a grapheme joiner, Hangul jamo that
// compose with each other, other scripts and a mark outside U+0300-U+036F.
TEST(Text, NfcOfNfdTextAgreesWithIcu) {
  const std::vector<std::string> pieces = {"a",
                                           "A",
                                           "e",
                                           "o",
                                           "u",
                                           "y",
                                           "d",
                                           "Đ",
                                           "ư",
                                           "ơ",
                                           "â",
                                           "Ạ",
                                           " ",
                                           "\n",
                                           "1",
                                           "x",
                                           nfd("Lộc"),
                                           nfd("Thạnh"),
                                           nfd("Ướt"),
                                           nfd("Ỹ"),
                                           "\xCC\x80",
                                           "\xCC\x81",
                                           "\xCC\x82",
                                           "\xCC\x83",
                                           "\xCC\x86",
                                           "\xCC\x89",
                                           "\xCC\x9B",
                                           "\xCC\xA3",
                                           "\xCD\x80",
                                           "\xCD\x84",
                                           "\xCD\x8F",
                                           "\xE1\x84\x80",
                                           "\xE1\x85\xA1",
                                           "\xE1\xB7\x80",
                                           "ж",
                                           "中",
                                           "\xE2\x84\xAB"};
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(st);
  std::mt19937 rng(12);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1), len(1, 12);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    for (size_t k = len(rng); k > 0; --k) s += pieces[pick(rng)];
    std::string want;
    nfc->normalize(icu::UnicodeString::fromUTF8(s), st).toUTF8String(want);
    ASSERT_EQ(text::to_nfc(s), want) << s;
  }
  EXPECT_EQ(text::to_nfc(nfd("Phường Thạnh Lộc")), "Phường Thạnh Lộc");
}

// Random text over Vietnamese letters (NFC and NFD), digits, every joiner, spaces, line
// breaks and a few characters of other scripts: the same counts as ICU, text by text.
TEST(Text, WordCountAgreesWithIcu) {
  std::vector<std::string> pieces = {"a",
                                     "Đ",
                                     "ư",
                                     "ờ",
                                     "ng",
                                     "Thạnh",
                                     nfd("Lộc"),
                                     "\xCC\x81",
                                     "\xCC\x89",
                                     "1",
                                     "20",
                                     "x",
                                     "_",
                                     ".",
                                     ",",
                                     ";",
                                     ":",
                                     "'",
                                     "-",
                                     " ",
                                     "  ",
                                     "\n",
                                     "\r\n",
                                     "\t",
                                     "…",
                                     "\xC2\xA0",
                                     "(",
                                     ")",
                                     "/",
                                     "%",
                                     "\xC2\xB7",
                                     "\xE2\x80\x99",
                                     "\xE4\xB8\xAD",
                                     "\xCE\xB1",
                                     "@",
                                     "\xC3\x97"};
  for (char c = '!'; c <= '~'; ++c) pieces.emplace_back(1, c);  // every ASCII symbol
  std::mt19937 rng(12);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1), len(0, 24);
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    for (size_t k = len(rng); k > 0; --k) s += pieces[pick(rng)];
    const int words = icu_word_count(s);
    ASSERT_EQ(text::word_count(s), words) << s;
    // Stopped early, it still tells whether there are enough.
    for (int enough = 0; enough <= 6; ++enough) {
      const int some = text::word_count(s, enough);
      ASSERT_EQ(some >= enough, words >= enough) << s << " / " << enough;
      ASSERT_LE(some, words) << s;
    }
    ASSERT_EQ(text::squeeze_space(s), icu_squeeze(s)) << s;
  }
  for (const char* s : {"Kế hoạch số 861/KH-UBND ngày 15/01/2025 v.v... TP.HCM", "1.200.000,5 đ",
                        "don't e.g. a:b 1:2 a,b 1,2 a;b",
                        "\xCC\x81"
                        "a",
                        "a_1 _ __a",
                        "\xff"
                        "ab"})
    EXPECT_EQ(text::word_count(s), icu_word_count(s)) << s;
}

TEST(Text, Placeholders) {
  const std::vector<std::string> list{"không", "không có", "đang cập nhật", "chưa có số liệu"};
  for (const char* p :
       {"Không", "KHÔNG CÓ", "…", "...", "Đang cập nhật.", "x", "X", "  ", "-", "chưa có số liệu"})
    EXPECT_TRUE(text::is_placeholder(p, list)) << p;
  for (const char* p : {"Không có trường hợp trẻ em bị xâm hại", "12", "đã cập nhật đầy đủ"})
    EXPECT_FALSE(text::is_placeholder(p, list)) << p;
}

TEST(Text, VietnameseCollation) {
  std::vector<std::string> v{"Đông Hưng Thuận", "Thới An",   "Dương",
                             "An Phú Đông",     "Thạnh Lộc", "Tân Chánh Hiệp"};
  text::sort_vi(v);
  EXPECT_EQ(v, (std::vector<std::string>{"An Phú Đông", "Dương", "Đông Hưng Thuận",
                                         "Tân Chánh Hiệp", "Thạnh Lộc", "Thới An"}));
  EXPECT_LT(text::compare_vi("Da", "Đa"), 0);
  EXPECT_LT(text::compare_vi("ma", "mà"), 0);
}

TEST(Text, FormatsNumbersTheVietnameseWay) {
  EXPECT_EQ(text::format_number_vi(1234.5), "1.234,5");
  EXPECT_EQ(text::format_number_vi(97.2), "97,2");
  EXPECT_EQ(text::format_number_vi(100), "100");
  EXPECT_EQ(text::format_number_vi(-1234567), "-1.234.567");
  // No "-0", no digits cut by a buffer (1e70 printed as 1e62), no "inf".
  EXPECT_EQ(text::format_number_vi(-0.0), "0");
  EXPECT_EQ(text::format_number_vi(-0.001), "0");
  EXPECT_EQ(text::format_number_vi(999999999999999.0), "999.999.999.999.999");
  EXPECT_EQ(text::format_number_vi(1e15), "1 × 10^15");
  EXPECT_EQ(text::format_number_vi(1e70), "1 × 10^70");
  EXPECT_EQ(text::format_number_vi(-2.5e20), "-2,5 × 10^20");
  EXPECT_EQ(text::format_number_vi(9.999e20), "1 × 10^21");
  EXPECT_EQ(text::format_number_vi(1.7e308), "1,7 × 10^308");
  EXPECT_EQ(text::format_number_vi(HUGE_VAL), "∞");
  EXPECT_EQ(text::format_number_vi(-HUGE_VAL), "-∞");
  EXPECT_EQ(text::format_number_vi(std::nan("")), "NaN");
}

namespace {

// The printf-based implementations that to_chars replaced, kept verbatim as the reference
// the differential test below compares with.
std::string printf_format_number_vi(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "∞" : "-∞";
  char buf[64];
  if (std::fabs(v) >= text::kMaxFigure) {
    int exp = static_cast<int>(std::floor(std::log10(std::fabs(v))));
    double mant = v / std::pow(10.0, exp);
    if (std::fabs(std::round(mant * 100) / 100) >= 10) mant /= 10, ++exp;
    return printf_format_number_vi(mant) + " × 10^" + std::to_string(exp);
  }
  double r = std::round(v * 100) / 100;
  if (r == 0) r = 0;
  if (r == std::floor(r))
    std::snprintf(buf, sizeof buf, "%.0f", r);
  else
    std::snprintf(buf, sizeof buf, "%.2f", r);
  std::string s = buf;
  const size_t dot = s.find('.');
  std::string ip = dot == std::string::npos ? s : s.substr(0, dot);
  std::string fp = dot == std::string::npos ? "" : s.substr(dot + 1);
  while (!fp.empty() && fp.back() == '0') fp.pop_back();
  const bool neg = !ip.empty() && ip[0] == '-';
  if (neg) ip.erase(0, 1);
  std::string grouped_ip;
  for (size_t i = 0; i < ip.size(); ++i) {
    if (i && (ip.size() - i) % 3 == 0) grouped_ip += '.';
    grouped_ip += ip[i];
  }
  return (neg ? "-" : "") + grouped_ip + (fp.empty() ? "" : "," + fp);
}

std::string printf_target(const tuanthu::Target& t) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %g", std::string(tuanthu::to_string(t.op)).c_str(), t.value);
  return buf;
}

// The figures the formatting sees: whole numbers, two-decimal and longer fractions, halves
// at the rounding edge, every magnitude from denormals to the largest double, both signs.
std::vector<double> figures_to_format() {
  std::vector<double> v{0.0,           -0.0,
                        0.005,         -0.005,
                        0.015,         0.125,
                        0.995,         1.005,
                        2.675,         99.995,
                        100,           1e-300,
                        5e-324,        -5e-324,
                        1e14,          1e15,
                        1e15 - 1,      999999999999999.9,
                        123456789.125, 1e300,
                        -1e300,        1.7976931348623157e308,
                        std::nan(""),  HUGE_VAL,
                        -HUGE_VAL};
  for (int i = -100000; i <= 100000; ++i) v.push_back(i);
  for (const double edge : {999999.0, 1e6, 999999.5, 1e6 + 1, 123456789.0, 1e14 + 1})
    v.push_back(edge), v.push_back(-edge);
  for (int i = -20000; i <= 20000; ++i) v.push_back(i / 100.0), v.push_back(i / 1000.0);
  std::mt19937_64 rng(20251120);
  std::uniform_real_distribution<double> unit(-1, 1);
  std::uniform_int_distribution<int> exponent(-320, 308);
  for (int i = 0; i < 100000; ++i) v.push_back(unit(rng) * std::pow(10.0, exponent(rng) / 20));
  for (int i = 0; i < 100000; ++i) v.push_back(unit(rng) * std::pow(10.0, exponent(rng)));
  // Figures given in cents up to the limit, and large ones with fractions, where a double's
  // spacing nears a cent.
  std::uniform_int_distribution<long long> cents(-100000000000000000, 100000000000000000);
  for (int i = 0; i < 50000; ++i) v.push_back(static_cast<double>(cents(rng)) / 100);
  for (int i = 0; i < 50000; ++i) v.push_back(unit(rng) * 1e13), v.push_back(unit(rng) * 1e15);
  std::uniform_int_distribution<std::uint64_t> bits;
  for (int i = 0; i < 100000; ++i) {
    double d;
    const std::uint64_t b = bits(rng);
    std::memcpy(&d, &b, sizeof d);
    v.push_back(d);
  }
  return v;
}

}  // namespace

// format_number_vi, Target::str and the requirements check's "%.4f" print with to_chars,
// not printf: the text must be byte for byte what printf gave for every figure.
TEST(Text, NumberFormattingIsPrintfsByteForByte) {
  size_t differ = 0;
  for (const double d : figures_to_format()) {
    const std::string now = text::format_number_vi(d), before = printf_format_number_vi(d);
    if (now != before && ++differ <= 20) ADD_FAILURE() << d << ": " << now << " != " << before;
    for (const auto op : {tuanthu::Comparison::Ge, tuanthu::Comparison::Lt}) {
      const tuanthu::Target t{op, d};
      if (t.str() != printf_target(t) && ++differ <= 20)
        ADD_FAILURE() << d << ": " << t.str() << " != " << printf_target(t);
    }
    if (!std::isfinite(d) || std::fabs(d) > 1e15) continue;
    char a[64], b[64];
    const auto printed = std::to_chars(a, a + sizeof a, d, std::chars_format::fixed, 4);
    std::snprintf(b, sizeof b, "%.4f", d);
    if (std::string(a, printed.ptr) != b && ++differ <= 20)
      ADD_FAILURE() << d << ": " << std::string(a, printed.ptr) << " != " << b;
  }
  EXPECT_EQ(differ, 0u);
}

TEST(Text, HugeAndSignedZeroFigures) {
  using tuanthu::NumberStyle;
  auto n = text::parse_number("-0", NumberStyle::Vietnamese);
  ASSERT_TRUE(n);
  EXPECT_FALSE(std::signbit(n->value));
  EXPECT_FALSE(n->too_large);
  for (std::string huge :
       {"1" + std::string(70, '0'), "1" + std::string(400, '0'),
        std::string("1.000.000.000.000.001"), "-1" + std::string(20, '0') + "%"}) {
    auto h = text::parse_number(huge, NumberStyle::Vietnamese);
    ASSERT_TRUE(h) << huge;  // a figure, just not a usable one
    EXPECT_TRUE(h->too_large) << huge;
    EXPECT_EQ(h->value, 0) << huge;
  }
  auto limit = text::parse_number("1.000.000.000.000.000", NumberStyle::Vietnamese);
  ASSERT_TRUE(limit);
  EXPECT_FALSE(limit->too_large);
  EXPECT_DOUBLE_EQ(limit->value, text::kMaxFigure);
  // Too small for a double is zero, not "too large".
  auto tiny = text::parse_number("0," + std::string(400, '0') + "1", NumberStyle::Vietnamese);
  ASSERT_TRUE(tiny);
  EXPECT_FALSE(tiny->too_large);
  EXPECT_EQ(tiny->value, 0);
}

TEST(Text, LengthAndSplitCountCharactersNotBytes) {
  EXPECT_EQ(text::length("Thạnh Lộc"), 9u);
  const std::string s = "ăâđêôơư";
  auto parts = text::split_by_length(s, 3);
  EXPECT_EQ(parts, (std::vector<std::string>{"ăâđ", "êôơ", "ư"}));
  EXPECT_EQ(text::split_by_length("", 5), (std::vector<std::string>{""}));
}

TEST(Text, DocumentReferencesInFreeText) {
  struct Case {
    std::string text, number, date;  // date as dd/mm/yyyy, empty when none
  } cases[] = {
      {"Kế hoạch số 861/KH-UBND ngày 15/01/2025", "861/KH-UBND", "15/01/2025"},
      {"Quyết định số 12/2025/QĐ-UBND ngày 03 tháng 02 năm 2025 của UBND tỉnh", "12/2025/QĐ-UBND",
       "03/02/2025"},
      {"Kế hoạch 45/KH-UBND-VX, ngày 10/2/2025.", "45/KH-UBND-VX", "10/02/2025"},
      {"Số: 245/BC-UBND", "245/BC-UBND", ""},
      {"số:245/BC-UBND ngày 2025-11-03", "245/BC-UBND", "03/11/2025"},
      {"theo Quyết định 06/QĐ-TTg ngày 03/01/2019", "06/QĐ-TTg", "03/01/2019"},
      {"Chỉ thị số 33-CT/TU ngày 26/4/2024", "33-CT/TU", "26/04/2024"},
      {"(Kế hoạch số 21421/KH-SLĐTBXH)", "21421/KH-SLĐTBXH", ""},
      {"ngày 15 tháng 01 năm 2025 ban hành kế hoạch", "", "15/01/2025"},
      {nfd("Kế hoạch số 861/KH-UBND ngày 15 tháng 01 năm 2025"), "861/KH-UBND", "15/01/2025"},
      {"Kế hoạch năm", "", ""},
      {"ngày 31/02/2025", "", ""},       // not a real day
      {"15/01/2025", "", "15/01/2025"},  // a date is not a number
      {"12/2025", "", ""},               // nor is a month
      {"đang xây dựng kế hoạch", "", ""},
      {"", "", ""},
  };
  for (const auto& c : cases) {
    const auto r = text::parse_document_reference(c.text);
    EXPECT_EQ(r.number, c.number) << c.text;
    EXPECT_EQ(r.date ? r.date->vi() : std::string(), c.date) << c.text;
  }
}

TEST(Text, DefaultAbbreviationsAreDataAndAPlanOverridesThem) {
  const auto& d = text::default_abbreviations();
  ASSERT_GE(d.size(), 30u);  // rules/abbreviations.xml, compiled in
  auto has = [&](const std::vector<tuanthu::Abbreviation>& v, const std::string& s,
                 const std::string& l) {
    return std::any_of(v.begin(), v.end(), [&](const tuanthu::Abbreviation& a) {
      return a.short_form == s && a.long_form == l;
    });
  };
  for (const auto& [s, l] : std::vector<std::pair<std::string, std::string>>{
           {"UBND", "Ủy ban nhân dân"},
           {"HĐND", "Hội đồng nhân dân"},
           {"TP", "thành phố"},
           {"TT", "thị trấn"},
           {"H", "huyện"},
           {"X", "xã"},
           {"TTYT", "Trung tâm Y tế"},
           {"LĐ-TB&XH", "Lao động - Thương binh và Xã hội"},
           {"GD&ĐT", "Giáo dục và Đào tạo"},
           {"Đoàn TN", "Đoàn Thanh niên"},
           {"Hội LHPN", "Hội Liên hiệp Phụ nữ"}})
    EXPECT_TRUE(has(d, s, l)) << s;
  // A plan's own entry replaces the default of the same short form; the rest stay.
  const auto merged = text::with_default_abbreviations({{"tt", "Trung tâm"}, {"KP", "khu phố"}});
  EXPECT_TRUE(has(merged, "tt", "Trung tâm"));
  EXPECT_FALSE(has(merged, "TT", "thị trấn"));
  EXPECT_TRUE(has(merged, "KP", "khu phố"));
  EXPECT_TRUE(has(merged, "UBND", "Ủy ban nhân dân"));
  EXPECT_EQ(merged.size(), d.size() + 1);
}

TEST(Text, APlanWithoutAbbreviationsMatchesTheUsualOnes) {
  // Another province's plan, which declares no <text> at all.
  auto plan = tt::plan_from(R"(<plan xmlns="urn:tuanthu:plan:1" id="kt"><units>
      <unit id="dak-glei" name="Ủy ban nhân dân huyện Đắk Glei"/>
      <unit id="kon-tum" name="Ủy ban nhân dân thành phố Kon Tum"/>
      <unit id="ttyt-kt" name="Trung tâm Y tế thành phố Kon Tum"/>
      <unit id="ldtbxh" name="Sở Lao động - Thương binh và Xã hội"/>
      <unit id="plei-kan" name="Ủy ban nhân dân thị trấn Plei Kần"/></units>
      <reporting><cycle frequency="annual" first="2024" last="2030" due="11-05"/></reporting>
      <tasks/></plan>)");
  ASSERT_TRUE(plan->abbreviations.empty());
  tuanthu::UnitMatcher m(*plan);
  struct Case {
    std::string name, unit;
  } cases[] = {{"UBND huyện Đắk Glei", "dak-glei"}, {"UBND H. Đắk Glei", "dak-glei"},
               {"UBND TP. Kon Tum", "kon-tum"},     {"UBND TP Kon Tum", "kon-tum"},
               {"TTYT TP. Kon Tum", "ttyt-kt"},     {"Sở LĐ-TB&XH", "ldtbxh"},
               {"UBND TT. Plei Kần", "plei-kan"}};
  for (const auto& c : cases) {
    const auto r = m.match_name(c.name);
    EXPECT_EQ(r.kind, tuanthu::UnitMatchKind::ByName) << c.name;
    EXPECT_EQ(r.unit, c.unit) << c.name;
  }
  // Without diacritics: still the warning, as before.
  EXPECT_EQ(m.match_name("UBND TP Kon Tum").kind, tuanthu::UnitMatchKind::ByName);
  EXPECT_EQ(m.match_name("UBND huyen Dak Glei").kind, tuanthu::UnitMatchKind::ByNameLoose);
  EXPECT_EQ(m.match_name("UBND huyện Sa Thầy").kind, tuanthu::UnitMatchKind::None);
}

TEST(Text, APlanAbbreviationOverridesTheDefault) {
  // The seed plan reads TT as "Trung tâm" (TT VH-TT quận); the default is "thị trấn".
  tuanthu::UnitMatcher m(*tt::seed_plan());
  EXPECT_EQ(m.match_name("TT Văn hóa - Thể thao quận 12").unit, "ttvhtt");
  EXPECT_EQ(m.match_name("TT VH-TT quận 12").unit, "ttvhtt");
}

TEST(Text, UnitMatchingIgnoresZeroWidthAndBidiCharacters) {
  // Copied from a chat or a web page, a name or id brings invisible characters along.
  tuanthu::UnitMatcher m(*tt::seed_plan());
  const auto plain = m.match_name("UBND phường Thạnh Lộc");
  ASSERT_EQ(plain.kind, tuanthu::UnitMatchKind::ByName);
  for (const std::string name :
       {"UBND phường Thạnh\u200B Lộc", "UBND phường Thạ\u200Bnh Lộc", "\uFEFFUBND phường Thạnh Lộc",
        "UBND phường Thạnh Lộc\u200D", "\u200FUBND phường Th\u2060ạnh Lộc\u202C"}) {
    const auto r = m.match_name(name);
    EXPECT_EQ(r.kind, tuanthu::UnitMatchKind::ByName) << text::quote(name);
    EXPECT_EQ(r.unit, plain.unit) << text::quote(name);
  }
  const auto by_id = m.match(plain.unit + "\u200B", "");
  EXPECT_EQ(by_id.kind, tuanthu::UnitMatchKind::ById);
  EXPECT_EQ(by_id.unit, plain.unit);
}

TEST(Text, QuoteShowsInvisibleCharacters) {
  EXPECT_EQ(text::quote("p-an\u200B-phu"), "\"p-an⟨U+200B⟩-phu\"");
  EXPECT_EQ(text::quote("\u200Fa\uFEFF"), "\"⟨U+200F⟩a⟨U+FEFF⟩\"");
  EXPECT_EQ(text::quote("Thạnh Lộc"), "\"Thạnh Lộc\"");  // visible text as it is
}

TEST(Text, SplitCanCountUtf16UnitsForExcel) {
  const std::string s = "a😀b😀";  // 😀 is two UTF-16 units
  EXPECT_EQ(text::utf16_length(s), 6u);
  EXPECT_EQ(text::split_by_length(s, 3, true), (std::vector<std::string>{"a😀", "b😀"}));
  EXPECT_EQ(text::split_by_length("😀😀", 1, true), (std::vector<std::string>{"😀", "😀"}));
}

TEST(Text, AllowedCharactersAreXmlCharsWithoutControlsOrNoncharacters) {
  for (char32_t c : {U'\t', U'\n', U'\r', U' ', U'ạ', U'\uD7FF', U'\uE000', U'\uFFFD',
                     U'\U00010000', U'\U0010FFFD'})
    EXPECT_TRUE(text::is_allowed_char(c)) << text::code_point_label(c);
  for (char32_t c : {0x0u, 0x1u, 0xBu, 0x1Fu, 0x7Fu, 0x85u, 0x92u, 0x9Fu, 0xD800u, 0xDFFFu, 0xFDD0u,
                     0xFDEFu, 0xFFFEu, 0xFFFFu, 0x1FFFEu, 0x10FFFFu, 0x110000u})
    EXPECT_FALSE(text::is_allowed_char(c)) << text::code_point_label(c);
  // XML itself allows DEL, C1 controls and most noncharacters; we do not.
  EXPECT_TRUE(text::is_xml_char(0x85));
  EXPECT_TRUE(text::is_xml_char(0xFDD0));
  EXPECT_FALSE(text::is_xml_char(0xFFFE));
  EXPECT_EQ(text::code_point_label(0xFFFE), "U+FFFE");
  EXPECT_EQ(text::code_point_label(0x1F600), "U+1F600");
}

TEST(Text, CleanTextReplacesWhatOutputsCannotCarry) {
  EXPECT_TRUE(text::is_clean_text("Thạnh Lộc\n\tx"));
  EXPECT_FALSE(text::is_clean_text(std::string("a\0b", 3)));
  EXPECT_FALSE(text::is_clean_text("a\xEF\xBF\xBE"));  // U+FFFE
  EXPECT_FALSE(text::is_clean_text("\xED\xA0\x80"));   // a surrogate, encoded
  EXPECT_EQ(text::to_clean_text(std::string("5\0x", 3)), "5\uFFFDx");
  EXPECT_EQ(text::to_clean_text("a\xFF"
                                "b"),
            "a\uFFFDb");
  EXPECT_EQ(text::to_clean_text("ạ\xC2\x92"), "ạ\uFFFD");
}

TEST(Text, DisplayPathEscapesBytesThatAreNotText) {
  EXPECT_EQ(text::display_path("bao-cao/Thạnh Lộc.xml"), "bao-cao/Thạnh Lộc.xml");
  EXPECT_EQ(text::display_path("caf\xE9.xml"), "caf\\xE9.xml");        // Latin-1 é
  EXPECT_EQ(text::display_path("a\nb"), "a\\x0Ab");                    // one line
  EXPECT_EQ(text::display_path("x\xEF\xBF\xBE"), "x\\xEF\\xBF\\xBE");  // U+FFFE
  EXPECT_TRUE(text::is_clean_text(text::display_path("\x80\xFF\x01")));
}

TEST(Text, CutNeverSplitsACharacterOrALetterFromItsMarks) {
  EXPECT_EQ(text::cut("abc", 5), "abc");
  EXPECT_EQ(text::cut("ạbc", 2), "ạb");
  const std::string decomposed = nfd("Lộc");  // L o ̣ ̂ c
  EXPECT_EQ(text::cut(decomposed, 2), "L");   // "ộ" is one grapheme: not cut inside
  EXPECT_EQ(text::cut(decomposed, 4), nfd("Lộ"));
  EXPECT_EQ(text::cut("a😀b", 2, true), "a");  // the emoji needs two UTF-16 units
  EXPECT_EQ(text::cut("a😀b", 3, true), "a😀");
}

TEST(Text, QuoteBoundsLongValuesAndSaysTheirLength) {
  EXPECT_EQ(text::quote("15 người"), "\"15 người\"");
  EXPECT_EQ(text::quote("a\n  b"), "\"a b\"");  // one line
  const std::string long_value(40000, 'x');
  const std::string q = text::quote(long_value);
  EXPECT_EQ(q, "\"" + std::string(text::kQuoteMaxChars, 'x') + "…\" (40.000 ký tự)");
  EXPECT_EQ(text::quote(long_value, true),
            "\"" + std::string(text::kQuoteMaxChars, 'x') + "…\" (40,000 characters)");
  EXPECT_EQ(text::quote("Thạnh Lộc", false, 5), "\"Thạnh…\" (9 ký tự)");
  EXPECT_TRUE(text::is_clean_text(text::quote(std::string("a\0b", 3))));
  EXPECT_EQ(text::format_count(1234567), "1.234.567");
  EXPECT_EQ(text::format_count(1234567, true), "1,234,567");
  EXPECT_EQ(text::format_count(0), "0");
}

// squeeze_space asks ICU only about the few code points outside ASCII that may be white
// space: every code point, alone, between letters and doubled, against ICU's answer.
TEST(Text, SqueezeSpaceKnowsEveryWhiteSpaceCharacter) {
  for (UChar32 c = 0x80; c < 0x110000; ++c) {
    if (c >= 0xD800 && c < 0xE000) continue;  // surrogates are not characters
    std::string u8;
    icu::UnicodeString(c).toUTF8String(u8);
    for (const std::string& s : {u8, "a" + u8 + "b", "Lộc " + u8 + u8 + " x"})
      ASSERT_EQ(text::squeeze_space(s), icu_squeeze(s)) << c;
  }
}

// is_clean_nfc is is_clean_text and nfc_without_icu in one pass.
TEST(Text, CleanNfcIsCleanAndNfcWithoutIcu) {
  for (UChar32 c = 0; c < 0x110000; ++c) {
    if (c >= 0xD800 && c < 0xE000) continue;
    std::string u8;
    icu::UnicodeString(c).toUTF8String(u8);
    for (const std::string& s : {u8, "Lộc" + u8 + "x"})
      ASSERT_EQ(text::is_clean_nfc(s), text::is_clean_text(s) && text::nfc_without_icu(s)) << c;
  }
  for (const char* bad : {"\xff", "a\xC3", "\xED\xA0\x80", "a\x01", "\x7F", "e\xCC\x81"})
    EXPECT_FALSE(text::is_clean_nfc(bad)) << bad;
  EXPECT_TRUE(text::is_clean_nfc("“Đã triển khai” – xong…\n\tTP.HCM"));
}
