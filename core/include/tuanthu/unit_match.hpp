#pragma once
// Matches a unit name written in a report to the plan's units, through the text
// module's keys and the plan's abbreviation table. Never guesses: see UnitMatchKind.
#include <map>
#include <string>
#include <vector>

#include "tuanthu/enum_names.hpp"
#include "tuanthu/plan.hpp"
#include "tuanthu/text.hpp"

namespace tuanthu {

/// How a report was matched to a plan unit (core/src/submission.cpp decides, from `unit=`
/// and `unit-name=`).
enum class UnitMatchKind {
  ById,               ///< `unit=` names a plan unit (and `unit-name=`, if given, agrees)
  ByName,             ///< `unit-name=` matched exactly (after normalisation)
  ByNameLoose,        ///< matched only after removing diacritics: accepted with a warning
  Ambiguous,          ///< two or more candidates: nothing credited
  None,               ///< no plan unit matches
  IdNameConflict,     ///< `unit=` and `unit-name=` name different plan units: nothing credited
  ByIdNameUnmatched,  ///< `unit=` names a plan unit, `unit-name=` none: credited with a warning
};
template <>
struct EnumTable<UnitMatchKind> {
  static constexpr EnumName<UnitMatchKind> names[] = {
      {UnitMatchKind::ById, "by_id", "theo mã"},
      {UnitMatchKind::ByName, "by_name", "theo tên"},
      {UnitMatchKind::ByNameLoose, "by_name_loose", "theo tên bỏ dấu"},
      {UnitMatchKind::Ambiguous, "ambiguous", "nhiều đơn vị trùng tên"},
      {UnitMatchKind::None, "none", "không khớp"},
      {UnitMatchKind::IdNameConflict, "id_name_conflict", "mã và tên chỉ hai đơn vị khác nhau"},
      {UnitMatchKind::ByIdNameUnmatched, "by_id_name_unmatched", "theo mã, tên không khớp"}};
};

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
  const Plan& plan_;
  text::AbbreviationTable abbreviations_;
  // key → units (plan positions, ascending, unique) that answer to it.
  std::map<std::string, std::vector<size_t>> exact_, loose_;
};

}  // namespace tuanthu
