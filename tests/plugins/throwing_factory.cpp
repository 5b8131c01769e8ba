// The factory throws: the host must report it and go on.
#include <stdexcept>

#include "tuanthu/plugin.hpp"

namespace {
std::unique_ptr<tuanthu::Plugin> create() {
  throw std::runtime_error("nhà máy hỏng");
}
int abi() {
  return tuanthu::kAbiVersion;
}
}  // namespace

BOOST_DLL_ALIAS(create, tuanthu_create_plugin)
BOOST_DLL_ALIAS(abi, tuanthu_abi_version)
