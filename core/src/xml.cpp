#include "tuanthu/xml.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unicode/utf8.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "text_detail.hpp"
#include "tuanthu/text.hpp"

namespace tuanthu::xml {

LineIndex::LineIndex(std::string_view buffer) {
  starts_.push_back(0);
  const char* const begin = buffer.data();
  const char* const end = begin + buffer.size();
  for (const char* p = begin; p < end;) {  // memchr: a file's bytes once, word-wide
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (!nl) break;
    p = static_cast<const char*>(nl) + 1;
    starts_.push_back(static_cast<size_t>(p - begin));
  }
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

namespace {
Message errno_reason(int e) {
  switch (e) {
    case ENOENT:
      return {"không tìm thấy tệp", "file not found"};
    case EACCES:
    case EPERM:
      return {"không có quyền đọc tệp", "permission denied"};
    case ENAMETOOLONG:
      return {"đường dẫn dài quá giới hạn của hệ thống",
              "the path is longer than the system allows"};
    case ELOOP:
      return {"liên kết vòng lặp", "looping symbolic link"};
    default: {
      const std::string why = std::strerror(e);
      return {"không mở được tệp: " + why, "cannot open the file: " + why};
    }
  }
}
}  // namespace

std::optional<std::string> read_file(const std::filesystem::path& file, std::uintmax_t max_size,
                                     Message& error) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
  const int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    error = errno_reason(errno);
    return std::nullopt;
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    error = errno_reason(errno);
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode)) {
    error = S_ISDIR(st.st_mode) ? Message{"là thư mục, không phải tệp", "is a folder, not a file"}
                                : Message{"không phải tệp thông thường (FIFO, socket hay thiết bị)",
                                          "not a regular file (FIFO, socket or device)"};
    return std::nullopt;
  }
  const auto size = static_cast<std::uintmax_t>(st.st_size);
  auto too_large = [&](std::uintmax_t n) {
    error = {"tệp lớn " + std::to_string(n) + " byte, vượt giới hạn " + std::to_string(max_size) +
                 " byte (--max-file-size)",
             "the file has " + std::to_string(n) + " bytes, over the limit of " +
                 std::to_string(max_size) + " bytes (--max-file-size)"};
    return std::nullopt;
  };
  if (size > max_size) return too_large(size);
  // O_NONBLOCK is left set: on a regular file it changes nothing (two system calls per file
  // saved on a national run's 30,000 reads).
  std::string data(static_cast<size_t>(size), '\0');
  size_t got = 0;
  // Read to the end (the file may have grown since fstat), never past the limit. Once the
  // size fstat gave is in, the rest comes through a small buffer: the usual answer is
  // "nothing more", and the whole string is not grown (and zeroed) for it.
  while (true) {
    if (got == data.size()) {
      char more[4096];
      const ssize_t n = ::read(fd, more, sizeof more);
      if (n == 0) break;
      if (n < 0) {
        if (errno == EINTR) continue;
        const std::string why = std::strerror(errno);
        error = {"lỗi khi đọc tệp: " + why, "read error: " + why};
        return std::nullopt;
      }
      if (got + static_cast<size_t>(n) > max_size) return too_large(got + static_cast<size_t>(n));
      data.append(more, static_cast<size_t>(n));
      got += static_cast<size_t>(n);
      continue;
    }
    const ssize_t n = ::read(fd, data.data() + got, data.size() - got);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = std::strerror(errno);
      error = {"lỗi khi đọc tệp: " + why, "read error: " + why};
      return std::nullopt;
    }
    got += static_cast<size_t>(n);
  }
  data.resize(got);
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
  return ns == TextReader::raw_attr(root, attr_name.c_str());
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

// ---- TextReader -------------------------------------------------------------------

namespace {

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

constexpr char32_t kReplacement = 0xFFFD;
constexpr char32_t kNotACodePoint = 0x110000;  // a reference beyond Unicode, or a bad byte

// The code point of a numeric reference body ("#233", "#xE9"); nullopt when it is not one
// (then the text stays as written, as pugixml leaves it).
std::optional<char32_t> numeric_reference(std::string_view body) {
  if (body.size() < 2 || body[0] != '#') return std::nullopt;
  const bool hex = body[1] == 'x';
  const std::string_view digits = body.substr(hex ? 2 : 1);
  if (digits.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : digits) {
    int d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (hex && c >= 'a' && c <= 'f')
      d = c - 'a' + 10;
    else if (hex && c >= 'A' && c <= 'F')
      d = c - 'A' + 10;
    else
      return std::nullopt;
    v = v * (hex ? 16 : 10) + static_cast<uint64_t>(d);
    if (v > kNotACodePoint) v = kNotACodePoint;  // no overflow, still not a character
  }
  return static_cast<char32_t>(v);
}

}  // namespace

void TextReader::decode(std::string_view raw, bool references, std::string& out, Bad& bad,
                        ptrdiff_t base_offset) {
  // The common case, in one pass: clean text with no reference is appended as it is; the
  // character by character decoding below starts at the first '&' or doubtful byte.
  size_t start = text::detail::clean_prefix(raw);
  if (references)
    if (const void* amp = std::memchr(raw.data(), '&', start))
      start = static_cast<size_t>(static_cast<const char*>(amp) - raw.data());
  out.append(raw.substr(0, start));
  if (start == raw.size()) return;
  auto reject = [&](char32_t c, bool ref, size_t at) {
    if (bad.count++ == 0) {
      bad.first = c;
      bad.reference = ref;
      if (base_offset >= 0) bad.offset = base_offset + static_cast<ptrdiff_t>(at);
    }
    append_utf8(out, kReplacement);
  };
  const auto* p = reinterpret_cast<const uint8_t*>(raw.data());
  const int32_t n = static_cast<int32_t>(raw.size());
  for (int32_t i = static_cast<int32_t>(start); i < n;) {
    const auto at = static_cast<size_t>(i);
    if (references && raw[at] == '&') {
      const size_t semi = raw.find(';', at + 1);
      if (semi != std::string_view::npos && semi - at <= 40) {
        const std::string_view body = raw.substr(at + 1, semi - at - 1);
        char32_t c = 0;
        bool known = true;
        if (body == "lt")
          c = '<';
        else if (body == "gt")
          c = '>';
        else if (body == "amp")
          c = '&';
        else if (body == "quot")
          c = '"';
        else if (body == "apos")
          c = '\'';
        else if (auto v = numeric_reference(body))
          c = *v;
        else
          known = false;
        if (known) {
          if (text::is_allowed_char(c))
            append_utf8(out, c);
          else
            reject(c, true, at);
          i = static_cast<int32_t>(semi + 1);
          continue;
        }
      }
      out += '&';  // not a reference we know: kept as written
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0)
      reject(kNotACodePoint, false, at);
    else if (!text::is_allowed_char(static_cast<char32_t>(c)))
      reject(static_cast<char32_t>(c), false, at);
    else
      out.append(raw.substr(at, static_cast<size_t>(i) - at));
  }
}

std::string TextReader::raw_attr(const pugi::xml_node& n, const char* name) {
  std::string out;
  Bad bad;
  decode(n.attribute(name).value(), true, out, bad, -1);
  return out;
}

bool TextReader::has(Problem::Kind k) const {
  return std::any_of(problems_.begin(), problems_.end(),
                     [&](const Problem& p) { return p.kind == k; });
}

std::string TextReader::finish(std::string s, bool fold, const pugi::xml_node& n,
                               const char* attr_name, const Bad& bad) {
  // Plain ASCII already spaced right (most attributes and figures) is NFC and folded as it is.
  if (!fold || !text::detail::squeezed_ascii(s)) {
    if (!text::is_nfc(s)) s = text::detail::nfc_normalize(s);
    if (fold) {
      s = text::squeeze_space(s);
    } else {
      const auto b = s.find_first_not_of(" \t\r\n");
      if (b == std::string::npos) {
        s.clear();
      } else {
        s.erase(s.find_last_not_of(" \t\r\n") + 1);  // in place: no copy of a narrative
        s.erase(0, b);
      }
    }
  }
  // A character takes at least one byte: text no longer in bytes than the limit is not counted.
  const bool too_long = max_chars_ && s.size() > max_chars_ && text::length(s) > max_chars_;
  if (bad.count == 0 && !too_long) return s;
  auto where = [&] {
    std::string w(1, '<');  // not "<" + string: GCC 12's false -Wrestrict (PR 105651)
    w += local_name(n);
    for (const char* key : {"ref", "id"})
      if (n.attribute(key)) {
        w += std::string(" ") + key + "=" + text::quote(raw_attr(n, key), false, 40);
        break;
      }
    w += ">";
    if (attr_name) w += std::string(" ") + attr_name + "=";
    return w;
  };
  const ptrdiff_t element = n.offset_debug();
  if (bad.count) {
    Problem p;
    p.kind = Problem::Kind::InvalidCharacter;
    const ptrdiff_t off = bad.offset >= 0 ? bad.offset : element;
    p.line = lines_.line(off);
    p.column = lines_.column(off);
    p.where = where();
    p.count = bad.count;
    p.first = bad.first;
    p.reference = bad.reference;
    problems_.push_back(std::move(p));
  }
  if (too_long) {
    Problem p;
    p.kind = Problem::Kind::TooLong;
    p.line = lines_.line(element);
    p.column = lines_.column(element);
    p.where = where();
    p.length = text::length(s);
    problems_.push_back(std::move(p));
    s = std::string(text::cut(s, max_chars_)) + "…";
  }
  return s;
}

std::string TextReader::attr(const pugi::xml_node& n, const char* name) {
  const pugi::xml_attribute a = n.attribute(name);
  if (!a) return {};
  std::string out;
  Bad bad;
  decode(a.value(), true, out, bad, -1);
  return finish(std::move(out), true, n, name, bad);
}

std::string TextReader::text(const pugi::xml_node& n) {
  std::string out;
  Bad bad;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      decode(c.value(), c.type() == pugi::node_pcdata, out, bad, c.offset_debug());
      break;  // the first text child, as pugixml's child_value()
    }
  }
  if (!n) return {};
  return finish(std::move(out), true, n, nullptr, bad);
}

std::string TextReader::block_text(const pugi::xml_node& n) {
  // All text below the element (a narrative may contain CDATA pieces). Iterative walk:
  // nesting depth is attacker-controlled, so no recursion.
  std::string out;
  Bad bad;
  for (pugi::xml_node cur = n.first_child(); cur && cur != n;) {
    if (cur.type() == pugi::node_pcdata || cur.type() == pugi::node_cdata)
      decode(cur.value(), cur.type() == pugi::node_pcdata, out, bad, cur.offset_debug());
    if (cur.first_child()) {
      cur = cur.first_child();
      continue;
    }
    while (cur && cur != n && !cur.next_sibling()) cur = cur.parent();
    if (cur && cur != n) cur = cur.next_sibling();
  }
  if (!n) return {};
  return finish(std::move(out), false, n, nullptr, bad);
}

unsigned safe_parse_options() {
  // DOCTYPE content is skipped, not used; references are left to TextReader.
  return pugi::parse_default & ~pugi::parse_doctype & ~pugi::parse_escapes;
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
