// Declares the ABI version but exports no factory.
#include "tuanthu/plugin.hpp"

namespace {
int abi() {
  return tuanthu::kAbiVersion;
}
}  // namespace

BOOST_DLL_ALIAS(abi, tuanthu_abi_version)
