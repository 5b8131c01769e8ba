#pragma once
// Matches a unit name written in a report to the plan's units, through the text
// module's keys and the abbreviation table (the defaults in rules/abbreviations.xml with the
// plan's own). Never guesses: see UnitMatchKind.
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "tuanthu/plan.hpp"
#include "tuanthu/submission.hpp"
#include "tuanthu/text.hpp"

namespace tuanthu {

struct UnitMatch {
  UnitMatchKind kind = UnitMatchKind::None;
  std::string unit;                     ///< the credited unit; empty when none
  std::vector<std::string> candidates;  ///< Ambiguous, IdNameConflict: the units named, plan order
};

class UnitMatcher {
 public:
  explicit UnitMatcher(const Plan& plan);
  /// Matches a name alone: ByName, ByNameLoose, Ambiguous or None.
  UnitMatch match_name(std::string_view name) const;
  /// Matches a report's `unit=` id and `unit-name=` name together (either may be empty).
  /// The id decides when the name agrees with it, or matches no unit at all
  /// (ByIdNameUnmatched); an id the plan lacks credits nobody (None); an id and a name that
  /// name different units credit nobody (IdNameConflict).
  UnitMatch match(std::string_view id, std::string_view name) const;
  /// The key a name is compared under (abbreviations expanded).
  std::string key(std::string_view name) const;

 private:
  void index() const;
  void build() const;

  const Plan& plan_;
  text::AbbreviationTable abbreviations_;
  // key → units (plan positions, ascending, unique) that answer to it; built on first use.
  mutable std::once_flag indexed_;
  mutable std::map<std::string, std::vector<size_t>> exact_, loose_;
};

}  // namespace tuanthu
