#include "tuanthu/plugin.hpp"

namespace tuanthu {

// Out of line so that the vtables and type information of the interfaces live in
// libtuanthu_core, not in every plugin.
Plugin::~Plugin() = default;
Reader::~Reader() = default;
Check::~Check() = default;
Writer::~Writer() = default;

std::string_view to_string(PluginKind k) {
  switch (k) {
    case PluginKind::Reader:
      return "reader";
    case PluginKind::Check:
      return "check";
    case PluginKind::Writer:
      return "writer";
  }
  return "reader";
}

void Check::report(std::vector<Finding>& out, std::string_view rule, Finding f) const {
  if (!options_.rule_enabled(rule)) return;
  f.rule = std::string(rule);
  f.severity = options_.severity(rule, f.severity);
  f.plugin = name();
  out.push_back(std::move(f));
}

}  // namespace tuanthu
