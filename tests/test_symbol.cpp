// Symbol (interned strings) and the Finding built on it.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "tuanthu/finding.hpp"
#include "tuanthu/symbol.hpp"

using tuanthu::Finding;
using tuanthu::Symbol;

// The memory target of issue 12: two strings and six pointers, not eight strings (272 bytes).
static_assert(sizeof(Symbol) == sizeof(void*));
static_assert(sizeof(Finding) <= 136);

TEST(Symbol, SameContentIsTheSamePointer) {
  const std::string built = std::string("submission-") + "late";
  const Symbol a = "submission-late";
  const Symbol b = built;
  const Symbol c = std::string_view(built);
  EXPECT_EQ(&a.str(), &b.str());
  EXPECT_EQ(&a.str(), &c.str());
  EXPECT_EQ(a, b);
  // The symbol keeps its own copy, not the text it was made from.
  EXPECT_NE(a.c_str(), built.c_str());
  EXPECT_NE(&Symbol("submission-early").str(), &a.str());
  EXPECT_NE(Symbol("submission-early"), a);
}

TEST(Symbol, EmptyAndDefaultAreTheSameEmptyText) {
  const Symbol d;
  const Symbol e = "";
  const Symbol s = std::string();
  EXPECT_TRUE(d.empty());
  EXPECT_EQ(d.size(), 0u);
  EXPECT_EQ(&d.str(), &e.str());
  EXPECT_EQ(&d.str(), &s.str());
  EXPECT_EQ(d, "");
  EXPECT_STREQ(d.c_str(), "");
  EXPECT_FALSE(Symbol("x").empty());
  EXPECT_EQ(Symbol("xyz").size(), 3u);
}

TEST(Symbol, ComparesWithStringsByContent) {
  const Symbol a = "beta";
  const std::string s = "beta";
  EXPECT_TRUE(a == "beta");
  EXPECT_TRUE("beta" == a);
  EXPECT_TRUE(a == s);
  EXPECT_TRUE(s == a);
  EXPECT_TRUE(a == std::string_view("beta"));
  EXPECT_TRUE(a != "alpha");
  EXPECT_TRUE(a < "gamma");
  EXPECT_TRUE("alpha" < a);
  EXPECT_TRUE(a < std::string("betb"));
  EXPECT_FALSE(a < s);
  EXPECT_EQ(std::string_view(a), "beta");
  const std::string& ref = a;
  EXPECT_EQ(ref, "beta");
  std::ostringstream os;
  os << a << '|' << Symbol();
  EXPECT_EQ(os.str(), "beta|");
  // Heterogeneous lookup in a transparent map, as the engine looks up a finding's rule.
  const std::map<std::string, int, std::less<>> m{{"alpha", 1}, {"beta", 2}};
  EXPECT_EQ(m.find(a)->second, 2);
}

TEST(Symbol, OrdersByContentNotByAddress) {
  // Interned in an order unrelated to the content's, so that an address order would show.
  const std::vector<std::string> texts = {"zeta", "", "Alpha", "alpha", "alph", "ạ", "a", "zeta2"};
  std::vector<Symbol> symbols(texts.begin(), texts.end());
  std::vector<std::string> expected = texts;
  std::sort(symbols.begin(), symbols.end());
  std::sort(expected.begin(), expected.end());
  ASSERT_EQ(symbols.size(), expected.size());
  for (size_t i = 0; i < symbols.size(); ++i) EXPECT_EQ(symbols[i], expected[i]) << i;
  // Both orders of each pair, against std::string's.
  for (const auto& x : texts)
    for (const auto& y : texts) {
      EXPECT_EQ(Symbol(x) < Symbol(y), x < y) << x << " " << y;
      EXPECT_EQ(Symbol(x) == Symbol(y), x == y) << x << " " << y;
    }
}

TEST(Symbol, HashesByContent) {
  EXPECT_EQ(std::hash<Symbol>{}(Symbol("plan-unit")),
            std::hash<std::string_view>{}(std::string_view("plan-unit")));
  std::unordered_set<Symbol> set{"a", "b", std::string("a")};
  EXPECT_EQ(set.size(), 2u);
}

TEST(Symbol, InterningFromManyThreadsGivesOnePointerPerContent) {
  // Every thread interns the same texts, in its own order, at once: each content must end
  // up with exactly one address, whichever thread added it first.
  constexpr int kThreads = 8;
  constexpr int kTexts = 2000;
  std::vector<std::vector<const std::string*>> seen(kThreads,
                                                    std::vector<const std::string*>(kTexts));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([t, &seen] {
      for (int i = 0; i < kTexts; ++i) {
        const int n = (t % 2 == 0) ? i : kTexts - 1 - i;
        const Symbol s = "thread-test/" + std::to_string(n);
        seen[static_cast<size_t>(t)][static_cast<size_t>(n)] = &s.str();
      }
    });
  for (auto& th : threads) th.join();
  std::set<const std::string*> distinct;
  for (int i = 0; i < kTexts; ++i) {
    const auto n = static_cast<size_t>(i);
    for (int t = 1; t < kThreads; ++t)
      ASSERT_EQ(seen[static_cast<size_t>(t)][n], seen[0][n]) << "text " << i << ", thread " << t;
    EXPECT_EQ(*seen[0][n], "thread-test/" + std::to_string(i));
    distinct.insert(seen[0][n]);
  }
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kTexts));
}

TEST(Symbol, FindingsSortByContentAsBefore) {
  // finding_less compares the fields' texts: file first, then line, column, rule, ...
  auto at = [](const char* file, int line, const char* rule, const char* unit) {
    Finding f = tuanthu::make_finding(unit, "T1", "r", "m", "m", file, line);
    f.rule = rule;
    return f;
  };
  std::vector<Finding> v = {at("b.xml", 1, "x", "u"), at("a.xml", 2, "x", "u"),
                            at("a.xml", 2, "w", "v"), at("a.xml", 2, "w", "u"),
                            at("", 0, "z", ""),       at("a.xml", 1, "z", "u")};
  tuanthu::sort_findings(v);
  std::vector<std::string> got;
  for (const auto& f : v)
    got.push_back(f.file.str() + ":" + std::to_string(f.line) + ":" + f.rule.str() + ":" +
                  f.unit.str());
  EXPECT_EQ(got, (std::vector<std::string>{":0:z:", "a.xml:1:z:u", "a.xml:2:w:u", "a.xml:2:w:v",
                                           "a.xml:2:x:u", "b.xml:1:x:u"}));
}

// sort_findings on two threads (halves, then a stable merge) gives the order of one thread,
// ties included: findings equal in every compared field keep the order they came in (the
// run's outputs do not depend on --jobs). Many files, lines and ties, past the size at
// which the second thread is used.
TEST(Symbol, FindingsSortOnTwoThreadsAsOnOne) {
  std::vector<Finding> many;
  unsigned seed = 12345;
  auto next = [&seed] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff; };
  for (int i = 0; i < 30000; ++i) {
    const std::string file = "f" + std::to_string(next() % 300) + ".xml";
    Finding f = tuanthu::make_finding("u" + std::to_string(next() % 3), "T1", "r", "m", "m", file,
                                      static_cast<int>(next() % 5));
    f.rule = next() % 2 ? "a" : "b";
    f.message_en = std::to_string(i);  // not compared: tells ties apart
    many.push_back(std::move(f));
  }
  std::vector<Finding> one = many, two = many;
  tuanthu::sort_findings(one, 1);
  tuanthu::sort_findings(two, 2);
  ASSERT_EQ(one.size(), two.size());
  for (size_t i = 0; i < one.size(); ++i) ASSERT_EQ(one[i].message_en, two[i].message_en) << i;
  // And it is sorted: no later finding is less than an earlier one.
  for (size_t i = 1; i < one.size(); ++i) ASSERT_FALSE(tuanthu::finding_less(one[i], one[i - 1]));
}
