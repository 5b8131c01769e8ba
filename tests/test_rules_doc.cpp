// docs/rules.md documents exactly the rule ids the code can emit.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "shipped_plugins.hpp"
#include "support.hpp"

TEST(RulesDoc, ListsEveryRuleTheCodeCanEmitAndNoOther) {
  // Every shipped plugin must be there, or its rules would silently go unchecked.
  for (std::string_view name : tt::kShippedPlugins)
    ASSERT_TRUE(tt::real_plugins().find(name)) << "plugin " << name << " did not load";
  std::set<std::string> code;
  for (const auto& r : tuanthu::plan_rules()) code.emplace(r.id);
  for (const auto& r : tuanthu::engine_rules()) code.emplace(r.id);
  for (const auto& e : tt::real_plugins().entries())
    for (const auto& r : e.plugin->rules()) code.emplace(r.id);

  std::ifstream in(tt::kSource / "docs" / "rules.md");
  ASSERT_TRUE(in) << "docs/rules.md is missing";
  std::set<std::string> doc;
  const std::regex row(R"(^\|\s*`([a-z0-9-]+)`\s*\|)");
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, row)) doc.insert(m[1]);
  }
  for (const auto& id : code) EXPECT_TRUE(doc.count(id)) << id << " is emitted but not documented";
  for (const auto& id : doc)
    EXPECT_TRUE(code.count(id)) << id << " is documented but never emitted";
}
