#include "tuanthu/unit_match.hpp"

#include <algorithm>

namespace tuanthu {

UnitMatcher::UnitMatcher(const Plan& plan)
    : plan_(plan), abbreviations_(text::with_default_abbreviations(plan.abbreviations)) {}

// The names' keys, made the first time a name is to be matched: reports that name their
// unit by id alone (most, at national scale) never pay for keying every unit's names.
void UnitMatcher::index() const {
  std::call_once(indexed_, [this] { build(); });
}

void UnitMatcher::build() const {
  const Plan& plan = plan_;
  auto add = [](std::vector<size_t>& v, size_t i) {
    if (v.empty() || v.back() != i) v.push_back(i);  // units are visited in order
  };
  for (size_t i = 0; i < plan.units.size(); ++i) {
    const Unit& u = plan.units[i];
    std::vector<std::string> names{u.name, u.short_name};
    names.insert(names.end(), u.aliases.begin(), u.aliases.end());
    for (const auto& n : names) {
      if (n.empty()) continue;
      const std::string k = key(n);
      add(exact_[k], i);
      add(loose_[text::loosen(k)], i);
    }
    // An id is ASCII: a name typed like it ("p thanh loc") has lost its diacritics, so it
    // matches loosely, with the warning, never exactly.
    if (!u.id.empty()) add(loose_[text::loosen(key(u.id))], i);
  }
}

std::string UnitMatcher::key(std::string_view name) const {
  return abbreviations_.expand(text::match_key(text::without_invisible(name)));
}

UnitMatch UnitMatcher::match_name(std::string_view name) const {
  UnitMatch m;
  const std::string k = key(name);
  if (k.empty()) return m;
  index();
  const std::vector<size_t>* hits = nullptr;
  UnitMatchKind found = UnitMatchKind::ByName;
  if (auto it = exact_.find(k); it != exact_.end()) {
    hits = &it->second;
  } else if (auto lt = loose_.find(text::loosen(k)); lt != loose_.end()) {
    hits = &lt->second;
    found = UnitMatchKind::ByNameLoose;
  }
  if (!hits) return m;
  if (hits->size() == 1) {
    m.kind = found;
    m.unit = plan_.units[hits->front()].id;
  } else {
    m.kind = UnitMatchKind::Ambiguous;
    for (size_t h : *hits) m.candidates.push_back(plan_.units[h].id);
  }
  return m;
}

UnitMatch UnitMatcher::match(std::string_view id, std::string_view name) const {
  if (id.empty()) return match_name(name);
  UnitMatch m;
  const Unit* unit = plan_.find_unit(text::without_invisible(id));
  if (!unit) return m;  // an id the plan lacks: nobody, whatever the name says
  m.kind = UnitMatchKind::ById;
  m.unit = unit->id;
  if (name.empty()) return m;
  const UnitMatch by_name = match_name(name);
  switch (by_name.kind) {
    case UnitMatchKind::ByName:
    case UnitMatchKind::ByNameLoose:
      if (by_name.unit == unit->id) return m;
      m.candidates = {unit->id, by_name.unit};
      break;
    case UnitMatchKind::Ambiguous:
      // The id picks one of the units the name could mean.
      if (std::find(by_name.candidates.begin(), by_name.candidates.end(), unit->id) !=
          by_name.candidates.end())
        return m;
      m.candidates = {unit->id};
      m.candidates.insert(m.candidates.end(), by_name.candidates.begin(), by_name.candidates.end());
      break;
    default:
      m.kind = UnitMatchKind::ByIdNameUnmatched;
      return m;
  }
  m.kind = UnitMatchKind::IdNameConflict;
  m.unit.clear();
  return m;
}

}  // namespace tuanthu
