#include "tuanthu/plugin.hpp"

namespace tuanthu {

// Out of line so that the vtables and type information of the interfaces live in
// libtuanthu_core, not in every plugin.
Plugin::~Plugin() = default;
Reader::~Reader() = default;
Check::~Check() = default;
Writer::~Writer() = default;

void Check::emit(std::vector<Finding>& out, const Rule& rule, Finding f) const {
  f.rule = std::string(rule.id);
  f.severity = rule.severity;
  f.plugin = name();
  out.push_back(std::move(f));
}

}  // namespace tuanthu
