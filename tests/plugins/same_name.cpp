// Claims the name "test-good" too; loaded before b-second.so, which is then refused.
#include "tuanthu/plugin.hpp"

namespace {
class SameName final : public tuanthu::Check {
 public:
  std::string name() const override { return "test-good"; }
  std::string version() const override { return "0.2"; }
  tuanthu::Message description() const override {
    return tuanthu::Message::same("first of two with one name");
  }
};
}  // namespace

TUANTHU_PLUGIN(SameName)
