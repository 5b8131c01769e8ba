// Exports a factory but declares another ABI version: must be refused unloaded-from.
#include "tuanthu/plugin.hpp"

namespace {
class WrongAbi final : public tuanthu::Check {
 public:
  std::string name() const override { return "test-wrong-abi"; }
  std::string version() const override { return "0.1"; }
  tuanthu::Message description() const override { return tuanthu::Message::same("wrong ABI"); }
};
std::unique_ptr<tuanthu::Plugin> create() {
  return std::make_unique<WrongAbi>();
}
int abi() {
  return tuanthu::kAbiVersion + 41;
}
}  // namespace

BOOST_DLL_ALIAS(create, tuanthu_create_plugin)
BOOST_DLL_ALIAS(abi, tuanthu_abi_version)
