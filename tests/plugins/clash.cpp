// One source, several test plugins (CLASH_* chosen per target): a writer claiming an
// extension a shipped writer has, a check declaring a shipped rule id, a check whose
// rules() throws, and a check that builds a finding by hand with the wrong severity.
#include <stdexcept>

#include "tuanthu/plugin.hpp"

namespace {
using namespace tuanthu;

#if defined(CLASH_EXTENSION)
class Clash final : public Writer {
 public:
  std::string name() const override { return "test-clash-extension"; }
  std::string version() const override { return "0.1"; }
  Message description() const override { return Message::same("writes .json too"); }
  std::string extension() const override { return "json"; }
  void write(const WriteContext&, const std::filesystem::path&) const override {}
};
#else
#if defined(CLASH_RULE)
inline constexpr Rule kRule{"submission-late", Severity::Info, "a shipped plugin's rule id"};
#else
inline constexpr Rule kRule{"test-clash-own", Severity::Info, "this plugin's own rule"};
#endif
class Clash final : public Check {
 public:
  std::string name() const override { return "test-clash"; }
  std::string version() const override { return "0.1"; }
  Message description() const override { return Message::same("clash"); }
  std::vector<Rule> rules() const override {
#if defined(CLASH_RULES_THROW)
    throw std::runtime_error("rules() hỏng");
#else
    return {kRule};
#endif
  }
  void check_report(const CheckContext&, const Submission& s,
                    std::vector<Finding>& out) const override {
    // Built by hand, not through emit(), with a severity the rule does not have.
    Finding f = make_finding(s.unit_id, "", "", "tự làm", "hand-made", s.report.file);
    f.rule = std::string(kRule.id);
    f.severity = Severity::Error;
    out.push_back(std::move(f));
  }
};
#endif
}  // namespace

TUANTHU_PLUGIN(Clash)
