// libFuzzer target: the xml-report reader (compiled in) and the per-report checks'
// model access on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "tuanthu/plan_loader.hpp"
#include "tuanthu/plugin.hpp"

namespace tuanthu_plugin_entry {
std::unique_ptr<::tuanthu::Plugin> create();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto plugin = tuanthu_plugin_entry::create();
  static const auto* reader = dynamic_cast<const tuanthu::Reader*>(plugin.get());
  static const auto plan = [] {
    return tuanthu::load_plan_from_memory(
               R"(<plan xmlns="urn:tuanthu:plan:1" id="f"><units><unit id="a" name="A"/></units>
                  <reporting><cycle frequency="annual" first="2024" last="2030" due="11-05"/></reporting>
                  <tasks/></plan>)",
               "plan.xml")
        .plan;
  }();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)reader->claim().claims_content(bytes.substr(0, 4096));
  auto r = reader->read("fuzz.xml", bytes, *plan);
  if (r.report)
    for (const auto& t : r.report->tasks) (void)r.report->find_task(t.ref);
  return 0;
}
