#include "tuanthu/unit_match.hpp"

#include <algorithm>

namespace tuanthu {

UnitMatcher::UnitMatcher(const Plan& plan) : plan_(plan), abbreviations_(plan.abbreviations) {
  for (size_t i = 0; i < plan.units.size(); ++i) {
    const Unit& u = plan.units[i];
    std::vector<std::string> names{u.id, u.name, u.short_name};
    names.insert(names.end(), u.aliases.begin(), u.aliases.end());
    for (const auto& n : names) {
      if (n.empty()) continue;
      const std::string k = key(n);
      keys_.push_back(Key{k, text::loose_key(k), i});
    }
  }
}

std::string UnitMatcher::key(std::string_view name) const {
  return abbreviations_.expand(text::match_key(name));
}

UnitMatch UnitMatcher::match_name(std::string_view name) const {
  UnitMatch m;
  const std::string k = key(name);
  if (k.empty()) return m;
  auto collect = [&](auto member, const std::string& wanted) {
    std::vector<size_t> hits;
    for (const auto& e : keys_)
      if (e.*member == wanted && std::find(hits.begin(), hits.end(), e.unit) == hits.end())
        hits.push_back(e.unit);
    std::sort(hits.begin(), hits.end());
    return hits;
  };
  auto hits = collect(&Key::exact, k);
  UnitMatchKind found = UnitMatchKind::ByName;
  if (hits.empty()) {
    hits = collect(&Key::loose, text::loose_key(k));
    found = UnitMatchKind::ByNameLoose;
  }
  if (hits.size() == 1) {
    m.kind = found;
    m.unit = plan_.units[hits[0]].id;
  } else if (hits.size() > 1) {
    m.kind = UnitMatchKind::Ambiguous;
    for (size_t h : hits) m.candidates.push_back(plan_.units[h].id);
  }
  return m;
}

}  // namespace tuanthu
