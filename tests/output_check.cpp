#include "output_check.hpp"

#include <zip.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <sstream>

#include "tuanthu/text.hpp"

namespace tt {

namespace text = tuanthu::text;

namespace {

// The first character that XML 1.0 forbids, raw or as a reference; npos when none.
size_t first_bad_char(std::string_view s, bool references, std::string& what) {
  size_t bad = 0;
  if (!text::is_valid_utf8(s, &bad)) {
    what = "invalid UTF-8";
    return bad;
  }
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (size_t i = 0; i < s.size();) {
    // Valid UTF-8 (checked above): lead byte, then 0–3 continuation bytes of 6 bits.
    auto cont = [&](size_t k) { return static_cast<char32_t>(p[i + k] & 0x3Fu); };
    char32_t c = p[i];
    size_t n = 1;
    if (c >= 0xF0) {
      c = ((c & 0x07u) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
      n = 4;
    } else if (c >= 0xE0) {
      c = ((c & 0x0Fu) << 12) | (cont(1) << 6) | cont(2);
      n = 3;
    } else if (c >= 0xC0) {
      c = ((c & 0x1Fu) << 6) | cont(1);
      n = 2;
    }
    if (!text::is_xml_char(c)) {
      what = "character " + text::code_point_label(c);
      return i;
    }
    if (references && c == '&' && i + 2 < s.size() && s[i + 1] == '#') {
      const size_t semi = s.find(';', i);
      if (semi != std::string_view::npos && semi - i < 16) {
        const bool hex = s[i + 2] == 'x';
        const std::string digits(s.substr(i + (hex ? 3 : 2), semi - i - (hex ? 3 : 2)));
        char* end = nullptr;
        const unsigned long v = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
        if (digits.empty() || *end || v > 0x10FFFF ||
            !text::is_xml_char(static_cast<char32_t>(v))) {
          what = "character reference " + std::string(s.substr(i, semi - i + 1));
          return i;
        }
      }
    }
    i += n;
  }
  return std::string::npos;
}

std::string read_all(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::string xml_problem(std::string_view bytes) {
  std::string what;
  if (const size_t at = first_bad_char(bytes, true, what); at != std::string::npos)
    return what + " at byte " + std::to_string(at);
  pugi::xml_document doc;
  const auto r =
      doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!r)
    return std::string("not well-formed: ") + r.description() + " at byte " +
           std::to_string(r.offset);
  if (!doc.document_element()) return "no root element";
  return {};
}

std::string json_problem(const std::string& file) {
  const std::string data = read_all(file);
  if (data.empty()) return "empty or missing";
  try {
    const auto doc = nlohmann::ordered_json::parse(data);
    if (doc.is_discarded()) return "does not parse";
    // The writer streams the document piece by piece: its bytes must still be exactly those
    // of the whole document dumped with indent 2 (escaping, number format, order).
    if (doc.dump(2) + "\n" != data) return "not the bytes of dump(2) of the document";
  } catch (const std::exception& e) {
    return std::string("does not parse: ") + e.what();
  }
  return {};
}

std::string xlsx_problem(const std::string& file) {
  int err = 0;
  zip_t* z = zip_open(file.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &err);
  if (!z) return "not a zip (libzip error " + std::to_string(err) + ")";
  std::string problem;
  bool content_types = false, workbook = false;
  const zip_int64_t n = zip_get_num_entries(z, 0);
  for (zip_int64_t i = 0; i < n && problem.empty(); ++i) {
    const std::string name = zip_get_name(z, static_cast<zip_uint64_t>(i), 0);
    content_types = content_types || name == "[Content_Types].xml";
    workbook = workbook || name == "xl/workbook.xml";
    const bool xml = name.ends_with(".xml") || name.ends_with(".rels");
    if (!xml) continue;
    zip_stat_t st;
    zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0);
    if (!f || zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st) != 0) {
      problem = name + ": cannot be read";
      if (f) zip_fclose(f);
      break;
    }
    std::string data(st.size, '\0');
    const zip_int64_t got = zip_fread(f, data.data(), st.size);
    zip_fclose(f);
    if (got != static_cast<zip_int64_t>(st.size)) {
      problem = name + ": truncated";
      break;
    }
    if (std::string p = xml_problem(data); !p.empty()) problem = name + ": " + p;
  }
  zip_discard(z);
  if (problem.empty() && !content_types) problem = "no [Content_Types].xml";
  if (problem.empty() && !workbook) problem = "no xl/workbook.xml";
  return problem;
}

std::string text_problem(std::string_view bytes) {
  std::string what;
  if (const size_t at = first_bad_char(bytes, false, what); at != std::string::npos)
    return what + " at byte " + std::to_string(at);
  return {};
}

}  // namespace tt
