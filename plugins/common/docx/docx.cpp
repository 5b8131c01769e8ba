// See docx.hpp. Parts follow ECMA-376 (transitional WordprocessingML); element order inside
// property containers matters to Word, so properties are inserted at their schema position.
#include "docx.hpp"

#include <unicode/utf8.h>
#include <zip.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "tuanthu/message.hpp"
#include "tuanthu/text.hpp"

namespace tuanthu::docx {

namespace detail {
// The default reference document, packed from rules/docx-reference by the build.
extern const unsigned char kReferenceDocx[];
extern const size_t kReferenceDocxSize;
}  // namespace detail

namespace {

constexpr const char* kW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr const char* kR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr const char* kRelNs = "http://schemas.openxmlformats.org/package/2006/relationships";
constexpr const char* kRelBase =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
// A reference part larger than this is not a style sheet; refusing it bounds memory.
constexpr zip_uint64_t kMaxPartBytes = 32u << 20;
// The parts a document takes from its reference, besides word/styles.xml.
constexpr std::array<const char*, 2> kOptionalParts = {"word/fontTable.xml",
                                                       "word/theme/theme1.xml"};

// Schema order of the pPr children this builder writes.
constexpr std::array<const char*, 9> kPprOrder = {"w:pStyle", "w:keepNext",   "w:widowControl",
                                                  "w:pBdr",   "w:spacing",    "w:ind",
                                                  "w:jc",     "w:outlineLvl", "w:rPr"};

pugi::xml_node child_in_order(pugi::xml_node parent, const char* name, const char* const* order,
                              size_t n) {
  if (pugi::xml_node c = parent.child(name)) return c;
  const size_t rank = static_cast<size_t>(
      std::find_if(order, order + n, [&](const char* o) { return std::string_view(o) == name; }) -
      order);
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    const size_t r = static_cast<size_t>(
        std::find_if(order, order + n,
                     [&](const char* o) { return std::string_view(o) == c.name(); }) -
        order);
    if (r > rank) return parent.insert_child_before(name, c);
  }
  return parent.append_child(name);
}

void set(pugi::xml_node n, const char* attr, const std::string& v) {
  pugi::xml_attribute a = n.attribute(attr);
  if (!a) a = n.append_attribute(attr);
  a.set_value(v.c_str());
}
void set(pugi::xml_node n, const char* attr, int v) {
  set(n, attr, std::to_string(v));
}

void add_run_props(pugi::xml_node r, const RunStyle& s) {
  if (!s.bold && !s.italic && !s.underline && s.size <= 0) return;
  pugi::xml_node rpr = r.append_child("w:rPr");
  if (s.bold) {
    rpr.append_child("w:b");
    rpr.append_child("w:bCs");
  }
  if (s.italic) {
    rpr.append_child("w:i");
    rpr.append_child("w:iCs");
  }
  if (s.size > 0) {
    set(rpr.append_child("w:sz"), "w:val", s.size * 2);
    set(rpr.append_child("w:szCs"), "w:val", s.size * 2);
  }
  if (s.underline) set(rpr.append_child("w:u"), "w:val", std::string("single"));
}

// Serialised straight into one string: a report's document.xml is megabytes, and a stream
// would grow its buffer and then copy it whole.
class StringWriter final : public pugi::xml_writer {
 public:
  explicit StringWriter(std::string& out) : out_(out) {}
  void write(const void* data, size_t size) override {
    out_.append(static_cast<const char*>(data), size);
  }

 private:
  std::string& out_;
};

std::string to_string(const pugi::xml_document& d) {
  std::string out;
  StringWriter w(out);
  d.save(w, "", pugi::format_raw, pugi::encoding_utf8);
  return out;
}

// A part with root element `name` in namespace `ns` (declared for `prefix`, or as the
// default namespace when `prefix` is empty).
pugi::xml_document new_part(pugi::xml_node& root, const char* name, const char* ns,
                            const std::string& prefix = std::string()) {
  pugi::xml_document d;
  pugi::xml_node decl = d.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  decl.append_attribute("standalone") = "yes";
  root = d.append_child(name);
  root.append_attribute(prefix.empty() ? "xmlns" : (std::string("xmlns:") + prefix).c_str()) = ns;
  return d;
}

std::string iso_midnight(const Date& d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT00:00:00Z", d.year, d.month, d.day);
  return buf;
}

Error zip_error(const std::string& file, const std::string& why) {
  return Error(std::string("không ghi được tệp Word \"") + file + std::string("\": ") + why,
               std::string("cannot write the Word file \"") + file + std::string("\": ") + why);
}

// A zip being written, in memory: buffers stay alive until close (libzip reads them then),
// and the finished package is written to the target in one plain write. Written by name,
// libzip made a temporary file and renamed it per document: two inodes per letter, and
// the host already writes into a temporary file or folder of its own.
class ZipOut {
 public:
  explicit ZipOut(const std::filesystem::path& target)
      : target_(target), name_(text::display_path(target)) {
    zip_error_t e;
    zip_error_init(&e);
    src_ = zip_source_buffer_create(nullptr, 0, 0, &e);
    if (src_) {
      zip_source_keep(src_);  // read back after zip_close
      z_ = zip_open_from_source(src_, ZIP_TRUNCATE, &e);
    }
    if (!z_) {
      const std::string why = zip_error_strerror(&e);
      zip_error_fini(&e);
      throw zip_error(name_, why);
    }
    zip_error_fini(&e);
  }
  ~ZipOut() {
    if (z_) zip_discard(z_);
    if (src_) zip_source_free(src_);
  }
  ZipOut(const ZipOut&) = delete;
  ZipOut& operator=(const ZipOut&) = delete;

  void add(const std::string& name, std::string content, time_t mtime) {
    const std::string& kept = buffers_.emplace_back(std::move(content));
    zip_source_t* src = zip_source_buffer(z_, kept.data(), kept.size(), 0);
    if (!src) throw zip_error(name_, zip_strerror(z_));
    const zip_int64_t idx = zip_file_add(z_, name.c_str(), src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
      zip_source_free(src);
      throw zip_error(name_, zip_strerror(z_));
    }
    const auto i = static_cast<zip_uint64_t>(idx);
    if (zip_set_file_compression(z_, i, ZIP_CM_DEFLATE, 0) != 0 ||
        zip_file_set_mtime(z_, i, mtime, 0) != 0)
      throw zip_error(name_, zip_strerror(z_));
  }
  void close() {
    if (zip_close(z_) != 0) throw zip_error(name_, zip_strerror(z_));
    z_ = nullptr;
    std::string bytes;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_source_open(src_) != 0 || zip_source_stat(src_, &st) != 0 ||
        !(st.valid & ZIP_STAT_SIZE))
      throw zip_error(name_, zip_error_strerror(zip_source_error(src_)));
    bytes.resize(static_cast<size_t>(st.size));
    const zip_int64_t n = zip_source_read(src_, bytes.data(), st.size);
    zip_source_close(src_);
    if (n != static_cast<zip_int64_t>(st.size))
      throw zip_error(name_, zip_error_strerror(zip_source_error(src_)));
    std::ofstream out;
    // Letters are written on several threads, each holding one file open for a moment: at
    // the open-files limit (ulimit -n) another will have closed one shortly.
    for (int attempt = 0;; ++attempt) {
      out.open(target_, std::ios::binary | std::ios::trunc);
      if (out || (errno != EMFILE && errno != ENFILE) || attempt == 1000) break;
      out.clear();
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (out) out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (out) out.close();
    if (!out) throw zip_error(name_, std::strerror(errno));
  }

 private:
  std::filesystem::path target_;
  std::string name_;
  zip_source_t* src_ = nullptr;
  zip_t* z_ = nullptr;
  std::deque<std::string> buffers_;
};

// Every table cell ends with a paragraph (a cell without one is invalid). Tables sit in the
// body and in cells: only those are walked, not every paragraph and run of the document.
// `close`: add the paragraph; otherwise only say whether a cell lacks one.
bool close_cells(pugi::xml_node n, bool close) {
  bool open = false;
  for (pugi::xml_node t = n.first_child(); t; t = t.next_sibling()) {
    if (std::string_view(t.name()) != "w:tbl") continue;
    for (pugi::xml_node tr = t.child("w:tr"); tr; tr = tr.next_sibling("w:tr"))
      for (pugi::xml_node tc = tr.child("w:tc"); tc; tc = tc.next_sibling("w:tc")) {
        if (std::string_view(tc.last_child().name()) != "w:p") {
          if (!close) return true;
          tc.append_child("w:p");
          open = true;
        }
        open |= close_cells(tc, close);
        if (open && !close) return true;
      }
  }
  return open;
}

}  // namespace

// Direction overrides and invisible characters are dropped too: in a document a person
// signs they reorder or hide what is printed (U+202E turns "PHÓ TRƯỞNG PHÒNG" backwards).
std::string clean(std::string_view s) {
  // Nearly every run: valid, and made only of characters NFC on their own (so still NFC with
  // the invisible ones taken out), one copy.
  if (text::is_clean_nfc(s)) return text::without_invisible(s, /*keep_joiners=*/true);
  // Invisible characters go before NFC: "e", U+200B, U+0301 is "é" once the space is gone.
  const std::string visible = text::without_invisible(
      text::is_clean_text(s) ? std::string(s) : text::to_clean_text(s), /*keep_joiners=*/true);
  return text::to_nfc(visible);
}

std::string run_text(std::string_view in) {
  // What clean() and the space folding do, in one pass and one copy for text that is valid,
  // NFC and allowed already (nearly every run); anything else goes the long way.
  auto long_way = [&] {
    std::string s = clean(in);
    std::replace_if(
        s.begin(), s.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
    return s;
  };
  const auto* p = reinterpret_cast<const uint8_t*>(in.data());
  const int32_t n = static_cast<int32_t>(in.size());
  std::string out;
  out.reserve(in.size());
  int32_t copied = 0;  // in[0, copied) is in `out`
  auto take = [&](int32_t to) { out.append(in.data() + copied, static_cast<size_t>(to - copied)); };
  for (int32_t i = 0; i < n;) {
    const uint8_t b = p[i];
    if (b < 0x80) {
      if (b >= 0x20 && b != 0x7F) {
        ++i;
        continue;
      }
      if (b != '\t' && b != '\n' && b != '\r') return long_way();  // a control character
      take(i);
      out += ' ';
      copied = ++i;
      continue;
    }
    if (const size_t k = text::common_letter_length(in, static_cast<size_t>(i))) {
      i += static_cast<int32_t>(k);  // a Vietnamese letter: allowed, NFC on its own
      continue;
    }
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0 || !text::is_allowed_char(static_cast<char32_t>(c)) ||
        !text::nfc_without_icu(
            in.substr(static_cast<size_t>(start), static_cast<size_t>(i - start))))
      return long_way();
    if (text::without_invisible(
            in.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)),
            /*keep_joiners=*/true)
            .empty()) {
      take(start);  // dropped, as clean() drops it
      copied = i;
    }
  }
  take(n);
  return out;
}

std::vector<std::string> lines(std::string_view in) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= in.size()) {
    // Not find_first_of: it asks memchr about each byte in turn.
    size_t end = start;
    while (end < in.size() && in[end] != '\n' && in[end] != '\r') ++end;
    std::string line = text::squeeze_space(in.substr(start, end - start));
    if (!line.empty()) out.push_back(std::move(line));
    start = end + 1;
  }
  return out;
}

// ---- Paragraph ----------------------------------------------------------------------

Paragraph::Paragraph(pugi::xml_node p) : p_(p) {}

pugi::xml_node Paragraph::ppr(const char* child) {
  pugi::xml_node pr = p_.child("w:pPr");
  if (!pr) pr = p_.prepend_child("w:pPr");
  return child_in_order(pr, child, kPprOrder.data(), kPprOrder.size());
}

Paragraph& Paragraph::style(std::string_view id) {
  set(ppr("w:pStyle"), "w:val", std::string(id));
  return *this;
}

Paragraph& Paragraph::align(Align a) {
  static constexpr const char* names[] = {"left", "center", "right", "both"};
  set(ppr("w:jc"), "w:val", std::string(names[static_cast<int>(a)]));
  return *this;
}

Paragraph& Paragraph::first_line(int twips) {
  pugi::xml_node ind = ppr("w:ind");
  ind.remove_attribute("w:firstLine");
  ind.remove_attribute("w:hanging");
  if (twips >= 0)
    set(ind, "w:firstLine", twips);
  else
    set(ind, "w:hanging", -twips);
  return *this;
}

Paragraph& Paragraph::indent(int left, int right) {
  pugi::xml_node ind = ppr("w:ind");
  set(ind, "w:left", left);
  set(ind, "w:right", right);
  return *this;
}

Paragraph& Paragraph::spacing(int before, int after) {
  pugi::xml_node sp = ppr("w:spacing");
  set(sp, "w:before", before * 20);
  set(sp, "w:after", after * 20);
  return *this;
}

Paragraph& Paragraph::keep_next() {
  ppr("w:keepNext");
  return *this;
}

Paragraph& Paragraph::mark_size(int points) {
  pugi::xml_node rpr = ppr("w:rPr");
  set(rpr.child("w:sz") ? rpr.child("w:sz") : rpr.append_child("w:sz"), "w:val", points * 2);
  set(rpr.child("w:szCs") ? rpr.child("w:szCs") : rpr.append_child("w:szCs"), "w:val", points * 2);
  return *this;
}

Paragraph& Paragraph::rule_below(int eighths) {
  pugi::xml_node bdr = ppr("w:pBdr");
  pugi::xml_node b = bdr.child("w:bottom") ? bdr.child("w:bottom") : bdr.append_child("w:bottom");
  set(b, "w:val", std::string("single"));
  set(b, "w:sz", eighths);
  set(b, "w:space", 1);
  set(b, "w:color", std::string("000000"));
  return *this;
}

Paragraph& Paragraph::run(std::string_view in, const RunStyle& style) {
  const std::string s = run_text(in);
  pugi::xml_node r = p_.append_child("w:r");
  add_run_props(r, style);
  pugi::xml_node t = r.append_child("w:t");
  t.append_attribute("xml:space") = "preserve";
  t.text().set(s.c_str(), s.size());
  return *this;
}

Paragraph& Paragraph::page_number(const RunStyle& style) {
  auto fld = [&](const char* type) {
    pugi::xml_node r = p_.append_child("w:r");
    add_run_props(r, style);
    set(r.append_child("w:fldChar"), "w:fldCharType", std::string(type));
  };
  fld("begin");
  pugi::xml_node r = p_.append_child("w:r");
  add_run_props(r, style);
  pugi::xml_node it = r.append_child("w:instrText");
  it.append_attribute("xml:space") = "preserve";
  it.text().set(" PAGE ");
  fld("separate");
  run("2", style);
  fld("end");
  return *this;
}

// ---- containers and tables -------------------------------------------------------------

// The body's section properties: its last child (the document puts them there first and
// inserts everything before them). Looking at the last child only, not searching all
// children, keeps a long report linear (a search per paragraph took seconds at 300 units).
pugi::xml_node Container::section() const {
  const pugi::xml_node last = n_.last_child();
  return std::string_view(last.name()) == "w:sectPr" ? last : pugi::xml_node();
}

Paragraph Container::paragraph() {
  // In the body, paragraphs go before the final section properties.
  if (pugi::xml_node sect = section()) return Paragraph(n_.insert_child_before("w:p", sect));
  return Paragraph(n_.append_child("w:p"));
}

std::vector<Paragraph> Container::paragraphs(std::string_view in, const RunStyle& style) {
  std::vector<Paragraph> out;
  for (const std::string& line : lines(in)) out.push_back(paragraph().run(line, style));
  if (out.empty()) out.push_back(paragraph());
  return out;
}

Table Container::table(const std::vector<int>& widths) {
  pugi::xml_node sect = section();
  pugi::xml_node tbl = sect ? n_.insert_child_before("w:tbl", sect) : n_.append_child("w:tbl");
  pugi::xml_node pr = tbl.append_child("w:tblPr");
  int total = 0;
  for (int w : widths) total += w;
  pugi::xml_node tw = pr.append_child("w:tblW");
  set(tw, "w:w", total);
  set(tw, "w:type", std::string("dxa"));
  pugi::xml_node borders = pr.append_child("w:tblBorders");
  for (const char* side : {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"})
    set(borders.append_child(side), "w:val", std::string("nil"));
  set(pr.append_child("w:tblLayout"), "w:type", std::string("fixed"));
  pugi::xml_node mar = pr.append_child("w:tblCellMar");
  for (const char* side : {"w:left", "w:right"}) {
    pugi::xml_node m = mar.append_child(side);
    set(m, "w:w", 57);
    set(m, "w:type", std::string("dxa"));
  }
  pugi::xml_node grid = tbl.append_child("w:tblGrid");
  for (int w : widths) set(grid.append_child("w:gridCol"), "w:w", w);
  return Table(tbl, widths);
}

std::vector<Container> Table::row(bool keep_together) {
  pugi::xml_node tr = tbl_.append_child("w:tr");
  if (keep_together) tr.append_child("w:trPr").append_child("w:cantSplit");
  std::vector<Container> cells;
  for (int w : widths_) {
    pugi::xml_node tc = tr.append_child("w:tc");
    pugi::xml_node tcw = tc.append_child("w:tcPr").append_child("w:tcW");
    set(tcw, "w:w", w);
    set(tcw, "w:type", std::string("dxa"));
    cells.emplace_back(tc);
  }
  return cells;
}

// ---- reference documents ----------------------------------------------------------------

Reference Reference::builtin() {
  return from_bytes(std::string_view(reinterpret_cast<const char*>(detail::kReferenceDocx),
                                     detail::kReferenceDocxSize),
                    "reference.docx");
}

Reference Reference::load(const std::filesystem::path& file) {
  const std::string name = text::display_path(file);
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec || size > kMaxPartBytes * 4)
    throw Error(
        std::string("không đọc được tệp mẫu Word \"") + name + "\"" +
            (ec ? std::string(": ") + ec.message() : std::string(": tệp quá lớn")),
        std::string("cannot read the Word reference file \"") + name + "\"" +
            (ec ? std::string(": ") + ec.message() : std::string(": the file is too large")));
  std::string bytes(size, '\0');
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(file.c_str(), "rb"), &std::fclose);
  if (!f || std::fread(bytes.data(), 1, bytes.size(), f.get()) != bytes.size())
    throw Error(std::string("không đọc được tệp mẫu Word \"") + name + "\"",
                std::string("cannot read the Word reference file \"") + name + "\"");
  return from_bytes(bytes, name);
}

Reference Reference::from_bytes(std::string_view bytes, const std::string& name) {
  auto bad = [&](const std::string& vi, const std::string& en) {
    return Error(std::string("tệp mẫu Word \"") + name + "\" không dùng được: " + vi +
                     " (cần một tệp .docx có word/styles.xml, ví dụ tệp mẫu kèm theo tuanthu)",
                 std::string("the Word reference file \"") + name + "\" cannot be used: " + en +
                     " (give a .docx with word/styles.xml, such as the one shipped with tuanthu)");
  };
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  zip_t* z = src ? zip_open_from_source(src, ZIP_RDONLY, &err) : nullptr;
  if (!z) {
    if (src) zip_source_free(src);
    zip_error_fini(&err);
    throw bad("không phải tệp nén zip", "not a zip file");
  }
  std::unique_ptr<zip_t, void (*)(zip_t*)> hold(z, [](zip_t* p) { zip_discard(p); });
  auto read = [&](const char* part, std::string& out) {
    const zip_int64_t idx = zip_name_locate(z, part, 0);
    zip_stat_t st;
    if (idx < 0 || zip_stat_index(z, static_cast<zip_uint64_t>(idx), 0, &st) != 0 ||
        !(st.valid & ZIP_STAT_SIZE))
      return false;
    if (st.size > kMaxPartBytes)
      throw bad(std::string(part) + " quá lớn", std::string(part) + " is too large");
    out.assign(st.size, '\0');
    zip_file_t* zf = zip_fopen_index(z, static_cast<zip_uint64_t>(idx), 0);
    const zip_int64_t n = zf ? zip_fread(zf, out.data(), st.size) : -1;
    if (zf) zip_fclose(zf);
    if (n != static_cast<zip_int64_t>(st.size))
      throw bad(std::string("không đọc được ") + part, std::string("cannot read ") + part);
    // A DTD has no place in an OOXML part (Word refuses one) and is how entity tricks
    // (external entities, "billion laughs") come in: refused, never copied.
    if (out.find("<!DOCTYPE") != std::string::npos || out.find("<!ENTITY") != std::string::npos)
      throw bad(std::string(part) + " có khai báo DOCTYPE/ENTITY, tệp Word không có phần này",
                std::string(part) + " has a DOCTYPE/ENTITY declaration, which no Word part has");
    pugi::xml_document d;
    if (!d.load_buffer(out.data(), out.size()) || !d.document_element())
      throw bad(std::string(part) + " không phải XML hợp lệ",
                std::string(part) + " is not well-formed XML");
    // Every text and attribute must be characters XML 1.0 carries (a reference like
    // &#xFFFE; or a raw control character would make every output unreadable).
    struct Gate : pugi::xml_tree_walker {
      bool ok = true;
      bool for_each(pugi::xml_node& n) override {
        if (!text::is_clean_text(n.value())) ok = false;
        for (pugi::xml_attribute a : n.attributes())
          if (!text::is_clean_text(a.value()) || !text::is_clean_text(a.name())) ok = false;
        return ok;
      }
    } gate;
    d.traverse(gate);
    if (!gate.ok)
      throw bad(
          std::string(part) + " có ký tự không hợp lệ trong XML (ví dụ U+FFFE, ký tự điều khiển)",
          std::string(part) +
              " holds characters XML cannot carry (such as U+FFFE or a control character)");
    // What goes into the outputs is the parsed part written again, not the bytes as given.
    std::ostringstream again;
    again << R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)" << '\n';
    d.save(again, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
    out = again.str();
    return true;
  };
  Reference ref;
  if (!read("word/styles.xml", ref.styles_))
    throw bad("không có word/styles.xml", "it has no word/styles.xml");
  for (const char* part : kOptionalParts) {
    std::string content;
    if (read(part, content)) ref.parts_[part] = std::move(content);
  }
  return ref;
}

const std::string* Reference::part(const std::string& name) const {
  auto it = parts_.find(name);
  return it == parts_.end() ? nullptr : &it->second;
}

// ---- the document and its package -----------------------------------------------------

Document::Document(PageSetup page) : Container(pugi::xml_node()), page_(page) {
  pugi::xml_node root;
  doc_ = pugi::xml_document();
  pugi::xml_node decl = doc_.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  decl.append_attribute("standalone") = "yes";
  root = doc_.append_child("w:document");
  root.append_attribute("xmlns:w") = kW;
  root.append_attribute("xmlns:r") = kR;
  n_ = root.append_child("w:body");
  pugi::xml_node sect = n_.append_child("w:sectPr");
  if (page_.page_numbers_from_second) {
    // rId10: the page-number header; rId11: an empty header for the first page.
    pugi::xml_node h = sect.append_child("w:headerReference");
    set(h, "w:type", std::string("default"));
    set(h, "r:id", std::string("rId10"));
    pugi::xml_node f = sect.append_child("w:headerReference");
    set(f, "w:type", std::string("first"));
    set(f, "r:id", std::string("rId11"));
  }
  pugi::xml_node sz = sect.append_child("w:pgSz");
  set(sz, "w:w", page_.width);
  set(sz, "w:h", page_.height);
  pugi::xml_node mar = sect.append_child("w:pgMar");
  set(mar, "w:top", page_.top);
  set(mar, "w:right", page_.right);
  set(mar, "w:bottom", page_.bottom);
  set(mar, "w:left", page_.left);
  set(mar, "w:header", page_.header);
  set(mar, "w:footer", page_.footer);
  set(mar, "w:gutter", 0);
  set(sect.append_child("w:cols"), "w:space", 720);
  if (page_.page_numbers_from_second) sect.append_child("w:titlePg");
}

std::string Document::xml() const {
  // The document stays as built (more may be added to a cell after this): a copy is closed
  // when a cell needs it, which a report of megabytes rarely does.
  const pugi::xml_node body = doc_.document_element().child("w:body");
  if (!close_cells(body, false)) return to_string(doc_);
  pugi::xml_document copy;
  copy.reset(doc_);
  close_cells(copy.document_element().child("w:body"), true);
  return to_string(copy);
}

void Document::save(const std::filesystem::path& target, const Reference& ref,
                    const Properties& props) const {
  const time_t mtime = static_cast<time_t>(props.created.days()) * 86400;
  const bool font_table = ref.part("word/fontTable.xml") != nullptr;
  const bool theme = ref.part("word/theme/theme1.xml") != nullptr;
  const bool headers = page_.page_numbers_from_second;

  pugi::xml_node root;
  pugi::xml_document types =
      new_part(root, "Types", "http://schemas.openxmlformats.org/package/2006/content-types");
  auto deflt = [&](const char* ext, const char* type) {
    pugi::xml_node d = root.append_child("Default");
    d.append_attribute("Extension") = ext;
    d.append_attribute("ContentType") = type;
  };
  auto over = [&](const char* part, const char* type) {
    pugi::xml_node o = root.append_child("Override");
    o.append_attribute("PartName") = part;
    o.append_attribute("ContentType") = type;
  };
  deflt("rels", "application/vnd.openxmlformats-package.relationships+xml");
  deflt("xml", "application/xml");
  const std::string wml = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
  over("/word/document.xml", (wml + "document.main+xml").c_str());
  over("/word/styles.xml", (wml + "styles+xml").c_str());
  over("/word/settings.xml", (wml + "settings+xml").c_str());
  if (font_table) over("/word/fontTable.xml", (wml + "fontTable+xml").c_str());
  if (theme)
    over("/word/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml");
  if (headers) {
    over("/word/header1.xml", (wml + "header+xml").c_str());
    over("/word/header2.xml", (wml + "header+xml").c_str());
  }
  over("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml");
  over("/docProps/app.xml",
       "application/vnd.openxmlformats-officedocument.extended-properties+xml");

  auto rel = [](pugi::xml_node r, const char* id, const std::string& type, const char* to) {
    pugi::xml_node x = r.append_child("Relationship");
    x.append_attribute("Id") = id;
    x.append_attribute("Type") = type.c_str();
    x.append_attribute("Target") = to;
  };
  pugi::xml_document pkg_rels = new_part(root, "Relationships", kRelNs);
  rel(root, "rId1", std::string(kRelBase) + "officeDocument", "word/document.xml");
  rel(root, "rId2",
      "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
      "docProps/core.xml");
  rel(root, "rId3", std::string(kRelBase) + "extended-properties", "docProps/app.xml");

  pugi::xml_document doc_rels = new_part(root, "Relationships", kRelNs);
  rel(root, "rId1", std::string(kRelBase) + "styles", "styles.xml");
  rel(root, "rId2", std::string(kRelBase) + "settings", "settings.xml");
  if (font_table) rel(root, "rId3", std::string(kRelBase) + "fontTable", "fontTable.xml");
  if (theme) rel(root, "rId4", std::string(kRelBase) + "theme", "theme/theme1.xml");
  if (headers) {
    rel(root, "rId10", std::string(kRelBase) + "header", "header1.xml");
    rel(root, "rId11", std::string(kRelBase) + "header", "header2.xml");
  }

  // Settings are tuanthu's own, whatever the reference holds: a reference's settings may
  // name parts (footnote separators, an attached template) this package does not have.
  pugi::xml_document settings = new_part(root, "w:settings", kW, "w");
  set(root.append_child("w:zoom"), "w:percent", 100);
  set(root.append_child("w:defaultTabStop"), "w:val", 720);
  set(root.append_child("w:characterSpacingControl"), "w:val", std::string("doNotCompress"));
  set(root.append_child("w:themeFontLang"), "w:val", std::string("vi-VN"));
  set(root.append_child("w:decimalSymbol"), "w:val", std::string(","));
  set(root.append_child("w:listSeparator"), "w:val", std::string(";"));

  pugi::xml_document header1 = new_part(root, "w:hdr", kW, "w");
  Paragraph(root.append_child("w:p"))
      .style("Header")
      .align(Align::Center)
      .first_line(0)
      .page_number({false, false, false, 13});
  pugi::xml_document header2 = new_part(root, "w:hdr", kW, "w");
  Paragraph(root.append_child("w:p")).style("Header");

  pugi::xml_document core =
      new_part(root, "cp:coreProperties",
               "http://schemas.openxmlformats.org/package/2006/metadata/core-properties", "cp");
  root.append_attribute("xmlns:dc") = "http://purl.org/dc/elements/1.1/";
  root.append_attribute("xmlns:dcterms") = "http://purl.org/dc/terms/";
  root.append_attribute("xmlns:xsi") = "http://www.w3.org/2001/XMLSchema-instance";
  root.append_child("dc:title").text().set(clean(props.title).c_str());
  root.append_child("dc:subject").text().set(clean(props.subject).c_str());
  root.append_child("dc:creator").text().set(clean(props.creator).c_str());
  pugi::xml_node created = root.append_child("dcterms:created");
  created.append_attribute("xsi:type") = "dcterms:W3CDTF";
  created.text().set(iso_midnight(props.created).c_str());

  pugi::xml_document app =
      new_part(root, "Properties",
               "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties");
  root.append_child("Application").text().set("tuanthu");

  ZipOut zip(target);
  zip.add("[Content_Types].xml", to_string(types), mtime);
  zip.add("_rels/.rels", to_string(pkg_rels), mtime);
  zip.add("word/_rels/document.xml.rels", to_string(doc_rels), mtime);
  zip.add("word/document.xml", xml(), mtime);
  zip.add("word/styles.xml", ref.styles(), mtime);
  zip.add("word/settings.xml", to_string(settings), mtime);
  for (const char* part : kOptionalParts)
    if (const std::string* content = ref.part(part)) zip.add(part, *content, mtime);
  if (headers) {
    zip.add("word/header1.xml", to_string(header1), mtime);
    zip.add("word/header2.xml", to_string(header2), mtime);
  }
  zip.add("docProps/core.xml", to_string(core), mtime);
  zip.add("docProps/app.xml", to_string(app), mtime);
  zip.close();
}

}  // namespace tuanthu::docx
