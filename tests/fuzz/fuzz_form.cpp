// libFuzzer target: the xlsx-form reader (compiled in) on arbitrary bytes, two ways.
//   first byte even: the rest is the file, as sent (zip and OLE parsing, the limits);
//   first byte odd:  the rest replaces one XML part of a filled form (the byte picks the
//                    part), so that the reader's XML handling is reached past the zip layer.
// The template is tests/fuzz/form-template.xlsx (a form of the plan below, filled).
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "tuanthu/plan_loader.hpp"
#include "tuanthu/plugin.hpp"

namespace tuanthu_plugin_entry {
std::unique_ptr<::tuanthu::Plugin> create();
}

namespace {
using Entries = std::vector<std::pair<std::string, std::string>>;

Entries read_template() {
  Entries out;
  int err = 0;
  zip_t* z = zip_open(TUANTHU_FUZZ_FORM_TEMPLATE, ZIP_RDONLY, &err);
  if (!z) return out;
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st);
    std::string data(static_cast<size_t>(st.size), '\0');
    zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0);
    zip_fread(f, data.data(), st.size);
    zip_fclose(f);
    out.emplace_back(st.name, std::move(data));
  }
  zip_close(z);
  return out;
}

// The entries as a stored (uncompressed) zip in memory.
std::string zip_of(const Entries& entries) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(src);
  zip_t* z = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  for (const auto& [name, data] : entries) {
    zip_source_t* s = zip_source_buffer(z, data.data(), data.size(), 0);
    const zip_int64_t idx = zip_file_add(z, name.c_str(), s, 0);
    zip_set_file_compression(z, static_cast<zip_uint64_t>(idx), ZIP_CM_STORE, 0);
  }
  zip_close(z);
  std::string out;
  if (zip_source_open(src) == 0) {
    char buf[65536];
    for (zip_int64_t n; (n = zip_source_read(src, buf, sizeof buf)) > 0;)
      out.append(buf, static_cast<size_t>(n));
    zip_source_close(src);
  }
  zip_source_free(src);
  zip_error_fini(&err);
  return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto plugin = tuanthu_plugin_entry::create();
  static const auto* reader = dynamic_cast<const tuanthu::Reader*>(plugin.get());
  static const Entries templ = read_template();
  static const auto plan = [] {
    return tuanthu::load_plan_from_memory(
               R"(<plan xmlns="urn:tuanthu:plan:1" id="small" version="1"><units>
                  <unit id="a" name="Phòng Lao động - Thương binh và Xã hội"/></units>
                  <reporting><cycle frequency="annual" first="2024" last="2030" due="11-05" to="a"/></reporting>
                  <tasks><task id="T1" from="2024" to="2030"><title>t</title><lead ref="a"/>
                  <requirement id="ket-qua" kind="narrative">Kết quả</requirement>
                  <requirement id="so" kind="number">Số buổi</requirement>
                  <requirement id="ty-le" kind="percent" target="&gt;=100">Tỷ lệ</requirement>
                  <requirement id="ngay" kind="date">Ngày</requirement>
                  <requirement id="kh" kind="document">Kế hoạch</requirement>
                  </task></tasks></plan>)",
               "plan.xml")
        .plan;
  }();
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0 || templ.empty()) {
    (void)reader->claim().claims_content(rest.substr(0, 4096));
    auto r = reader->read("fuzz.xlsx", rest, *plan);
    if (r.report)
      for (const auto& t : r.report->tasks) (void)r.report->find_task(t.ref);
    return 0;
  }
  Entries entries = templ;
  std::vector<size_t> xml_parts;
  for (size_t i = 0; i < entries.size(); ++i)
    if (entries[i].first.ends_with(".xml") || entries[i].first.ends_with(".rels"))
      xml_parts.push_back(i);
  entries[xml_parts[(data[0] / 2) % xml_parts.size()]].second = std::string(rest);
  const std::string bytes = zip_of(entries);
  auto r = reader->read("fuzz.xlsx", bytes, *plan);
  if (r.report)
    for (const auto& t : r.report->tasks) (void)r.report->find_task(t.ref);
  return 0;
}
