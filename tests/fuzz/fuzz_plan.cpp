// libFuzzer target: the plan loader and the linter on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tuanthu/plan_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  auto r = tuanthu::load_plan_from_memory(xml, "fuzz.xml");
  if (r.plan) {
    (void)tuanthu::lint_plan(*r.plan);
    for (const auto& t : r.plan->tasks)
      for (const auto& ref : t.leads) (void)r.plan->expand(ref);
  }
  return 0;
}
