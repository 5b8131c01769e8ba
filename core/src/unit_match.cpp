#include "tuanthu/unit_match.hpp"

#include <algorithm>

namespace tuanthu {

namespace {

// The name without the invisible characters a copy from a web page or a chat brings
// along: zero-width space, joiners, word joiner, byte order mark, and bidi marks and
// embeddings (U+200B–U+200F, U+202A–U+202E, U+2060, U+2066–U+2069, U+FEFF). They mean
// nothing in a unit's name or id, and would otherwise split a word or hide a match.
std::string without_invisible(std::string_view s) {
  if (s.find('\xE2') == std::string_view::npos && s.find('\xEF') == std::string_view::npos)
    return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (i + 2 < s.size()) {
      const auto a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]),
                 c = static_cast<unsigned char>(s[i + 2]);
      const bool invisible =
          (a == 0xE2 && b == 0x80 && ((c >= 0x8B && c <= 0x8F) || (c >= 0xAA && c <= 0xAE))) ||
          (a == 0xE2 && b == 0x81 && (c == 0xA0 || (c >= 0xA6 && c <= 0xA9))) ||
          (a == 0xEF && b == 0xBB && c == 0xBF);
      if (invisible) {
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

}  // namespace

UnitMatcher::UnitMatcher(const Plan& plan)
    : plan_(plan), abbreviations_(text::with_default_abbreviations(plan.abbreviations)) {
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
      add(loose_[text::loose_key(k)], i);
    }
    // An id is ASCII: a name typed like it ("p thanh loc") has lost its diacritics, so it
    // matches loosely, with the warning, never exactly.
    if (!u.id.empty()) add(loose_[text::loose_key(key(u.id))], i);
  }
}

std::string UnitMatcher::key(std::string_view name) const {
  return abbreviations_.expand(text::match_key(without_invisible(name)));
}

UnitMatch UnitMatcher::match_name(std::string_view name) const {
  UnitMatch m;
  const std::string k = key(name);
  if (k.empty()) return m;
  const std::vector<size_t>* hits = nullptr;
  UnitMatchKind found = UnitMatchKind::ByName;
  if (auto it = exact_.find(k); it != exact_.end()) {
    hits = &it->second;
  } else if (auto lt = loose_.find(text::loose_key(k)); lt != loose_.end()) {
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
  const Unit* unit = plan_.find_unit(without_invisible(id));
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
