#include "tuanthu/xml.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "tuanthu/text.hpp"

namespace tuanthu::xml {

LineIndex::LineIndex(std::string_view buffer) {
  starts_.push_back(0);
  for (size_t i = 0; i < buffer.size(); ++i)
    if (buffer[i] == '\n') starts_.push_back(i + 1);
}

int LineIndex::line(ptrdiff_t offset) const {
  if (offset < 0) return 0;
  auto it = std::upper_bound(starts_.begin(), starts_.end(), static_cast<size_t>(offset));
  return static_cast<int>(it - starts_.begin());
}

int LineIndex::column(ptrdiff_t offset) const {
  const int l = line(offset);
  if (l <= 0) return 0;
  return static_cast<int>(static_cast<size_t>(offset) - starts_[static_cast<size_t>(l - 1)]) + 1;
}

std::optional<std::string> read_file(const std::filesystem::path& file, std::uintmax_t max_size,
                                     Message& error) {
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  if (ec || !std::filesystem::exists(status)) {
    error = {"không tìm thấy tệp", "file not found"};
    return std::nullopt;
  }
  if (!std::filesystem::is_regular_file(status)) {
    error = {"không phải tệp thông thường", "not a regular file"};
    return std::nullopt;
  }
  const auto size = std::filesystem::file_size(file, ec);
  if (!ec && size > max_size) {
    error = {"tệp lớn " + std::to_string(size) + " byte, vượt giới hạn " +
                 std::to_string(max_size) + " byte (--max-file-size)",
             "the file has " + std::to_string(size) + " bytes, over the limit of " +
                 std::to_string(max_size) + " bytes (--max-file-size)"};
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    const std::string why = std::strerror(errno);
    error = {"không mở được tệp: " + why, "cannot open the file: " + why};
    return std::nullopt;
  }
  std::string data;
  data.resize(static_cast<size_t>(size));
  in.read(data.data(), static_cast<std::streamsize>(data.size()));
  data.resize(static_cast<size_t>(in.gcount()));
  if (in.bad()) {
    error = {"lỗi khi đọc tệp", "read error"};
    return std::nullopt;
  }
  return data;
}

std::string_view local_name(const pugi::xml_node& n) {
  std::string_view name = n.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool in_namespace(const pugi::xml_node& root, std::string_view ns) {
  std::string_view name = root.name();
  const size_t colon = name.find(':');
  const std::string attr_name =
      colon == std::string_view::npos ? "xmlns" : "xmlns:" + std::string(name.substr(0, colon));
  return ns == root.attribute(attr_name.c_str()).value();
}

std::vector<pugi::xml_node> children(const pugi::xml_node& n, std::string_view name) {
  std::vector<pugi::xml_node> out;
  for (auto c : n.children())
    if (c.type() == pugi::node_element && local_name(c) == name) out.push_back(c);
  return out;
}

pugi::xml_node child(const pugi::xml_node& n, std::string_view name) {
  for (auto c : n.children())
    if (c.type() == pugi::node_element && local_name(c) == name) return c;
  return {};
}

std::string attr(const pugi::xml_node& n, const char* name) {
  return text::squeeze_space(text::to_nfc(n.attribute(name).value()));
}

std::string text(const pugi::xml_node& n) {
  return text::squeeze_space(text::to_nfc(n.child_value()));
}

std::string block_text(const pugi::xml_node& n) {
  // Concatenate all text below the element (a narrative may contain CDATA pieces).
  // Iterative walk: nesting depth is attacker-controlled, so no recursion.
  std::string raw;
  for (pugi::xml_node cur = n.first_child(); cur && cur != n;) {
    if (cur.type() == pugi::node_pcdata || cur.type() == pugi::node_cdata) raw += cur.value();
    if (cur.first_child()) {
      cur = cur.first_child();
      continue;
    }
    while (cur && cur != n && !cur.next_sibling()) cur = cur.parent();
    if (cur && cur != n) cur = cur.next_sibling();
  }
  std::string out = text::to_nfc(raw);
  const auto b = out.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = out.find_last_not_of(" \t\r\n");
  return out.substr(b, e - b + 1);
}

unsigned safe_parse_options() {
  return pugi::parse_default & ~pugi::parse_doctype;  // DOCTYPE content is skipped, not used
}

std::string describe(pugi::xml_parse_status s, bool en) {
  switch (s) {
    case pugi::status_file_not_found:
      return en ? "file not found" : "không tìm thấy tệp";
    case pugi::status_io_error:
      return en ? "read error" : "lỗi đọc tệp";
    case pugi::status_out_of_memory:
      return en ? "out of memory" : "hết bộ nhớ";
    case pugi::status_unrecognized_tag:
      return en ? "unrecognised tag" : "thẻ không hợp lệ";
    case pugi::status_bad_pi:
      return en ? "bad processing instruction" : "chỉ thị xử lý sai";
    case pugi::status_bad_comment:
      return en ? "bad comment" : "chú thích sai";
    case pugi::status_bad_cdata:
      return en ? "bad CDATA section" : "đoạn CDATA sai";
    case pugi::status_bad_doctype:
      return en ? "bad DOCTYPE" : "khai báo DOCTYPE sai";
    case pugi::status_bad_pcdata:
      return en ? "bad text content" : "nội dung văn bản sai";
    case pugi::status_bad_start_element:
      return en ? "bad start tag" : "thẻ mở sai";
    case pugi::status_bad_attribute:
      return en ? "bad attribute" : "thuộc tính sai";
    case pugi::status_bad_end_element:
      return en ? "bad end tag" : "thẻ đóng sai";
    case pugi::status_end_element_mismatch:
      return en ? "end tag does not match start tag" : "thẻ đóng không khớp thẻ mở";
    case pugi::status_append_invalid_root:
      return en ? "invalid root" : "phần tử gốc không hợp lệ";
    case pugi::status_no_document_element:
      return en ? "no root element (empty or truncated file)"
                : "không có phần tử gốc (tệp rỗng hoặc bị cắt cụt)";
    default:
      return en ? "malformed XML" : "XML không hợp lệ";
  }
}

}  // namespace tuanthu::xml
