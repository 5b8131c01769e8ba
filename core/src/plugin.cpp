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

void Check::emit(std::vector<Finding>& out, const Rule& rule, Finding f) const {
  f.rule = std::string(rule.id);
  f.severity = rule.severity;
  f.plugin = name();
  out.push_back(std::move(f));
}

}  // namespace tuanthu
