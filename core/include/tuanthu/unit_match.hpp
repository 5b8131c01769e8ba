#pragma once
// Matches a unit name written in a report to the plan's units, through the text
// module's keys and the abbreviation table (the defaults in rules/abbreviations.xml with the
// plan's own). Never guesses: see UnitMatchKind.
#include <map>
#include <string>
#include <vector>

#include "tuanthu/plan.hpp"
#include "tuanthu/report.hpp"
#include "tuanthu/text.hpp"

namespace tuanthu {

struct UnitMatch {
  UnitMatchKind kind = UnitMatchKind::None;
  std::string unit;                     ///< for ById, ByName, ByNameLoose
  std::vector<std::string> candidates;  ///< for Ambiguous, plan order
};

class UnitMatcher {
 public:
  explicit UnitMatcher(const Plan& plan);
  UnitMatch match_name(std::string_view name) const;
  /// The key a name is compared under (abbreviations expanded).
  std::string key(std::string_view name) const;

 private:
  const Plan& plan_;
  text::AbbreviationTable abbreviations_;
  // key → units (plan positions, ascending, unique) that answer to it.
  std::map<std::string, std::vector<size_t>> exact_, loose_;
};

}  // namespace tuanthu
