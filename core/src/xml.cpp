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
#include "xml_detail.hpp"

namespace tuanthu::xml {

LineIndex::LineIndex(std::string_view buffer) {
  starts_.push_back(0);
  const char* const begin = buffer.data();
  const char* const end = begin + buffer.size();
  // A line ends as XML ends it: LF, CR LF, or a CR alone (an old Mac file). Without a CR,
  // the common case, memchr finds the LFs, word-wide.
  if (!std::memchr(begin, '\r', buffer.size())) {
    for (const char* p = begin; p < end;) {
      const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
      if (!nl) break;
      p = static_cast<const char*>(nl) + 1;
      starts_.push_back(static_cast<size_t>(p - begin));
    }
    return;
  }
  for (size_t i = 0; i < buffer.size(); ++i)
    if (buffer[i] == '\n' ||
        (buffer[i] == '\r' && (i + 1 == buffer.size() || buffer[i + 1] != '\n')))
      starts_.push_back(i + 1);
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

namespace {
// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
int open_to_read(const std::filesystem::path& file) {
  return ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
}
}  // namespace

size_t read_head(const std::filesystem::path& file, std::span<char> buffer, std::uintmax_t& size) {
  size = 0;
  const int fd = open_to_read(file);
  if (fd < 0) return 0;
  const ssize_t n = ::read(fd, buffer.data(), buffer.size());
  const size_t got = n > 0 ? static_cast<size_t>(n) : 0;
  size = got;
  struct stat st {};
  if (got == buffer.size() && ::fstat(fd, &st) == 0) size = static_cast<std::uintmax_t>(st.st_size);
  ::close(fd);
  return got;
}

std::optional<std::string> read_file(const std::filesystem::path& file, std::uintmax_t max_size,
                                     Message& error) {
  const int fd = open_to_read(file);
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

namespace {

// ASCII bytes copied as they are: all but the C0 controls other than tab, LF and CR, DEL,
// and '&' where references are decoded.
constexpr bool ascii_copied(uint8_t b, bool references) {
  if (b < 0x20) return b == 0x9 || b == 0xA || b == 0xD;
  return b != 0x7F && !(references && b == '&');
}
struct AsciiTable {
  bool ok[2][128];
};
constexpr AsciiTable make_ascii_table() {
  AsciiTable t{};
  for (int r = 0; r < 2; ++r)
    for (int b = 0; b < 128; ++b) t.ok[r][b] = ascii_copied(static_cast<uint8_t>(b), r == 1);
  return t;
}
constexpr AsciiTable kAscii = make_ascii_table();

// The end of the run from `i` on that decode copies as it is: ASCII per kAscii, and
// well-formed two- and three-byte sequences of characters below U+FDD0 that are allowed
// (no C1 control, no surrogate). Anything else (and the rare characters from U+FDD0 on, where
// the noncharacters are) stops the run and goes through the per-character step. Characters
// the run passes that are not NFC-safe (text::detail::nfc_safe) set `nfc_unsure`.
inline size_t copied_run(const uint8_t* p, size_t i, size_t n, const bool* ascii_ok,
                         const uint64_t* nfc_bits, bool& nfc_unsure) {
  while (i < n) {
    const uint8_t b = p[i];
    if (b < 0x80) {
      if (!ascii_ok[b]) break;
      ++i;
      continue;
    }
    char32_t c;
    if (b < 0xE0) {
      if (b < 0xC2 || i + 1 >= n || (p[i + 1] & 0xC0) != 0x80) break;
      c = static_cast<char32_t>((b & 0x1F) << 6 | (p[i + 1] & 0x3F));
      if (c < 0xA0) break;  // C1 control
      i += 2;
    } else if (b < 0xF0) {
      if (i + 2 >= n || (p[i + 1] & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80) break;
      c = static_cast<char32_t>((b & 0x0F) << 12 | (p[i + 1] & 0x3F) << 6 | (p[i + 2] & 0x3F));
      if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF) || c >= 0xFDD0) break;
      i += 3;
    } else {
      break;
    }
    if (!text::detail::nfc_safe(nfc_bits, c)) nfc_unsure = true;
  }
  return i;
}

}  // namespace

void detail::decode(std::string_view raw, bool references, std::string& out, DecodeState& st,
                    ptrdiff_t base_offset) {
  // Runs of characters that are certainly copied as they are (nearly all text) are
  // appended whole; the step below takes one reference or doubtful character at a time.
  const uint64_t* const nfc_bits = text::detail::nfc_safe_bits();
  const bool* const ascii_ok = kAscii.ok[references ? 1 : 0];
  auto note = [&](char32_t c) {
    if (!text::detail::nfc_safe(nfc_bits, c)) st.nfc_unsure = true;
  };
  auto reject = [&](char32_t c, bool ref, size_t at) {
    if (st.count++ == 0) {
      st.first = c;
      st.reference = ref;
      if (base_offset >= 0) st.offset = base_offset + static_cast<ptrdiff_t>(at);
    }
    append_utf8(out, kReplacement);
    note(kReplacement);
  };
  const auto* p = reinterpret_cast<const uint8_t*>(raw.data());
  const size_t n = raw.size();
  for (size_t i = 0;;) {
    const size_t end = copied_run(p, i, n, ascii_ok, nfc_bits, st.nfc_unsure);
    out.append(raw.data() + i, end - i);
    i = end;
    if (i == n) return;
    const size_t at = i;
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
          if (text::is_allowed_char(c)) {
            append_utf8(out, c);
            note(c);
          } else {
            reject(c, true, at);
          }
          i = semi + 1;
          continue;
        }
      }
      out += '&';  // not a reference we know: kept as written
      ++i;
      continue;
    }
    auto j = static_cast<int32_t>(i);
    UChar32 c;
    U8_NEXT(p, j, static_cast<int32_t>(n), c);
    i = static_cast<size_t>(j);
    if (c < 0) {
      reject(kNotACodePoint, false, at);
    } else if (!text::is_allowed_char(static_cast<char32_t>(c))) {
      reject(static_cast<char32_t>(c), false, at);
    } else {
      out.append(raw.substr(at, i - at));
      note(static_cast<char32_t>(c));
    }
  }
}

std::string TextReader::raw_attr(const pugi::xml_node& n, const char* name) {
  std::string out;
  detail::DecodeState st;
  detail::decode(n.attribute(name).value(), true, out, st, -1);
  return out;
}

bool TextReader::has(Problem::Kind k) const {
  return std::any_of(problems_.begin(), problems_.end(),
                     [&](const Problem& p) { return p.kind == k; });
}

std::string TextReader::finish(std::string s, bool fold, const pugi::xml_node& n,
                               const char* attr_name, const detail::DecodeState& st) {
  // Plain ASCII already spaced right (most attributes and figures) is NFC and folded as it is.
  // Text decode found made only of characters that are NFC alone and compose with nothing
  // is NFC: ICU is asked only about the rest.
  if (!fold || !text::detail::squeezed_ascii(s)) {
    if (st.nfc_unsure && !text::detail::icu_is_nfc(s)) s = text::detail::nfc_normalize(s);
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
  if (st.count == 0 && !too_long) return s;
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
  if (st.count) {
    Problem p;
    p.kind = Problem::Kind::InvalidCharacter;
    const ptrdiff_t off = st.offset >= 0 ? st.offset : element;
    p.line = lines_.line(off);
    p.column = lines_.column(off);
    p.where = where();
    p.count = st.count;
    p.first = st.first;
    p.reference = st.reference;
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
  detail::DecodeState st;
  detail::decode(a.value(), true, out, st, -1);
  return finish(std::move(out), true, n, name, st);
}

std::string TextReader::text(const pugi::xml_node& n) {
  std::string out;
  detail::DecodeState st;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      detail::decode(c.value(), c.type() == pugi::node_pcdata, out, st, c.offset_debug());
      break;  // the first text child, as pugixml's child_value()
    }
  }
  if (!n) return {};
  return finish(std::move(out), true, n, nullptr, st);
}

std::string TextReader::block_text(const pugi::xml_node& n) {
  // All text below the element (a narrative may contain CDATA pieces). Iterative walk:
  // nesting depth is attacker-controlled, so no recursion.
  std::string out;
  detail::DecodeState st;
  for (pugi::xml_node cur = n.first_child(); cur && cur != n;) {
    if (cur.type() == pugi::node_pcdata || cur.type() == pugi::node_cdata)
      detail::decode(cur.value(), cur.type() == pugi::node_pcdata, out, st, cur.offset_debug());
    if (cur.first_child()) {
      cur = cur.first_child();
      continue;
    }
    while (cur && cur != n && !cur.next_sibling()) cur = cur.parent();
    if (cur && cur != n) cur = cur.next_sibling();
  }
  if (!n) return {};
  return finish(std::move(out), false, n, nullptr, st);
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
