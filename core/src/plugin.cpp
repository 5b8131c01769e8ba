#include "tuanthu/plugin.hpp"

#include <algorithm>

namespace tuanthu {

// Out of line so that the vtables and type information of the interfaces live in
// libtuanthu_core, not in every plugin.
Plugin::~Plugin() = default;
Reader::~Reader() = default;
Check::~Check() = default;
Writer::~Writer() = default;
FormMaker::~FormMaker() = default;

bool ReaderClaim::claims_extension(const std::filesystem::path& file) const {
  std::string ext = file.extension().string();
  if (ext.empty()) return false;
  ext.erase(0, 1);  // the dot
  for (char& c : ext)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return std::find(extensions.begin(), extensions.end(), ext) != extensions.end();
}

bool ReaderClaim::claims_content(std::string_view head) const {
  return std::any_of(signatures.begin(), signatures.end(),
                     [&](const std::string& s) { return !s.empty() && head.starts_with(s); });
}

Symbol Check::rule_symbol(std::string_view id) const {
  // A rule passed to emit is one of the constants rules() returned: the same text at the
  // same address. Compared by content after that, and interned when not declared at all
  // (the engine then refuses the finding, naming the rule).
  for (const auto& [declared, symbol] : interned_rules_)
    if (declared.data() == id.data() && declared.size() == id.size()) return symbol;
  for (const auto& [declared, symbol] : interned_rules_)
    if (declared == id) return symbol;
  return Symbol(id);
}

void Check::emit(std::vector<Finding>& out, const Rule& rule, Finding f) const {
  // Checks emit from several threads at once: call_once makes the interned texts visible
  // to every one of them, and nothing writes them afterwards.
  std::call_once(interned_once_, [this] {
    std::vector<std::pair<std::string_view, Symbol>> declared;
    for (const Rule& r : rules()) declared.emplace_back(r.id, Symbol(r.id));
    interned_name_ = Symbol(name());
    interned_rules_ = std::move(declared);
  });
  f.rule = rule_symbol(rule.id);
  f.severity = rule.severity;
  f.plugin = interned_name_;
  out.push_back(std::move(f));
}

}  // namespace tuanthu
