// A test form maker claiming the extension of the shipped one: refused at load.
#include "tuanthu/plugin.hpp"

namespace {
class ClashingFormMaker final : public tuanthu::FormMaker {
 public:
  std::string name() const override { return "test-form-clash"; }
  std::string version() const override { return "0.1"; }
  tuanthu::Message description() const override {
    return tuanthu::Message::same("makes .xlsx forms too");
  }
  std::string extension() const override { return "xlsx"; }
  void write(const tuanthu::FormContext&, const std::filesystem::path&) const override {}
};
}  // namespace

TUANTHU_PLUGIN(ClashingFormMaker)
