// A well-behaved test plugin: a check that reports one finding per counted report.
#include "tuanthu/plugin.hpp"

namespace {
class GoodCheck final : public tuanthu::Check {
 public:
  std::string name() const override { return "test-good"; }
  std::string version() const override { return "0.1"; }
  std::string description() const override { return "test plugin"; }
  std::vector<tuanthu::RuleInfo> rules() const override {
    return {{"test-good-seen", tuanthu::Severity::Info, "seen"}};
  }
  void check_report(const tuanthu::CheckContext&, const tuanthu::Submission& s,
                    std::vector<tuanthu::Finding>& out) const override {
    report(out, "test-good-seen",
           tuanthu::make_finding(tuanthu::Severity::Info, s.unit_id, "", "", "đã thấy", "seen",
                                 s.report.file, s.report.line));
  }
};
}  // namespace

TUANTHU_PLUGIN(GoodCheck)
