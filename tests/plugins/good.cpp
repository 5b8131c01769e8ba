// A well-behaved test plugin: a check that reports one finding per counted report.
#include "tuanthu/plugin.hpp"

namespace {
inline constexpr tuanthu::Rule kSeen{"test-good-seen", tuanthu::Severity::Info, "seen"};

class GoodCheck final : public tuanthu::Check {
 public:
  std::string name() const override { return "test-good"; }
  std::string version() const override { return "0.1"; }
  tuanthu::Message description() const override { return tuanthu::Message::same("test plugin"); }
  std::vector<tuanthu::Rule> rules() const override { return {kSeen}; }
  void check_report(const tuanthu::CheckContext&, const tuanthu::Submission& s,
                    std::vector<tuanthu::Finding>& out) const override {
    emit(out, kSeen,
         tuanthu::make_finding(s.unit_id, "", "", "đã thấy", "seen", s.report.file, s.report.line));
  }
};
}  // namespace

TUANTHU_PLUGIN(GoodCheck)
