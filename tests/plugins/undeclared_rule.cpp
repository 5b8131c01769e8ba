// A check that emits a rule it did not declare: the engine must turn that finding into
// plugin-error rather than let an undocumented rule through.
#include "tuanthu/plugin.hpp"

namespace {
inline constexpr tuanthu::Rule kDeclared{"test-undeclared-listed", tuanthu::Severity::Info,
                                         "listed"};
inline constexpr tuanthu::Rule kHidden{"test-undeclared-hidden", tuanthu::Severity::Error,
                                       "not listed"};

class UndeclaredRuleCheck final : public tuanthu::Check {
 public:
  std::string name() const override { return "test-undeclared"; }
  std::string version() const override { return "0.1"; }
  tuanthu::Message description() const override {
    return tuanthu::Message::same("emits an undeclared rule");
  }
  std::vector<tuanthu::Rule> rules() const override { return {kDeclared}; }
  void check_report(const tuanthu::CheckContext&, const tuanthu::Submission& s,
                    std::vector<tuanthu::Finding>& out) const override {
    emit(out, kDeclared, tuanthu::make_finding(s.unit_id, "", "", "có", "listed", s.report.file));
    emit(out, kHidden, tuanthu::make_finding(s.unit_id, "", "", "ẩn", "hidden", s.report.file));
  }
};
}  // namespace

TUANTHU_PLUGIN(UndeclaredRuleCheck)
