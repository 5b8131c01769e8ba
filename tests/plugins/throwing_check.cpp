// A check that throws from both hooks: each throw must become a plugin-error finding.
#include <stdexcept>

#include "tuanthu/plugin.hpp"

namespace {
class ThrowingCheck final : public tuanthu::Check {
 public:
  std::string name() const override { return "test-throwing"; }
  std::string version() const override { return "0.1"; }
  tuanthu::Message description() const override { return tuanthu::Message::same("throws"); }
  void check_run(const tuanthu::CheckContext&, std::vector<tuanthu::Finding>&) const override {
    throw std::runtime_error("hỏng khi chạy");
  }
  void check_report(const tuanthu::CheckContext&, const tuanthu::Submission&,
                    std::vector<tuanthu::Finding>&) const override {
    throw std::logic_error("hỏng với báo cáo");
  }
};
}  // namespace

TUANTHU_PLUGIN(ThrowingCheck)
