// The default abbreviation table: rules/abbreviations.xml, compiled in (see
// core/CMakeLists.txt), merged with each plan's own <text> entries.
#include <algorithm>
#include <pugixml.hpp>

#include "tuanthu/text.hpp"
#include "tuanthu/xml.hpp"

namespace tuanthu::text {

namespace detail {
extern const std::string_view kDefaultAbbreviationsXml;  // abbreviations_data.cpp (generated)
}

const std::vector<Abbreviation>& default_abbreviations() {
  static const std::vector<Abbreviation> table = [] {
    std::vector<Abbreviation> out;
    pugi::xml_document doc;
    const std::string_view data = detail::kDefaultAbbreviationsXml;
    // Our own data, not input: pugixml decodes its references (LĐ-TB&amp;XH).
    if (!doc.load_buffer(data.data(), data.size(), pugi::parse_default, pugi::encoding_utf8))
      return out;  // a test pins that it parses
    auto value = [](const pugi::xml_node& n, const char* name) {
      return to_nfc(squeeze_space(n.attribute(name).value()));
    };
    for (auto a : xml::children(doc.document_element(), "abbreviation"))
      out.push_back(Abbreviation{value(a, "short"), value(a, "long")});
    return out;
  }();
  return table;
}

std::vector<Abbreviation> with_default_abbreviations(const std::vector<Abbreviation>& own) {
  std::vector<std::string> own_keys;
  for (const auto& a : own) own_keys.push_back(match_key(a.short_form));
  std::vector<Abbreviation> out;
  for (const auto& d : default_abbreviations())
    if (std::find(own_keys.begin(), own_keys.end(), match_key(d.short_form)) == own_keys.end())
      out.push_back(d);
  out.insert(out.end(), own.begin(), own.end());
  return out;
}

}  // namespace tuanthu::text
