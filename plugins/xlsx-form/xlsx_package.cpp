#include "xlsx_package.hpp"

#include <zip.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <pugixml.hpp>
#include <set>

#include "tuanthu/form.hpp"
#include "tuanthu/text.hpp"
#include "tuanthu/xml.hpp"

namespace tuanthu::xlsx {

namespace {

std::string mib(std::uint64_t bytes) {
  return text::format_number_vi(static_cast<double>(bytes) / (1 << 20)) + " MiB";
}

// Child elements by local name (parts may use any namespace prefix).
pugi::xml_node child(const pugi::xml_node& n, std::string_view name) {
  for (auto c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && xml::local_name(c) == name) return c;
  return {};
}

// An attribute by local name (r:id, x:r, …).
pugi::xml_attribute attr(const pugi::xml_node& n, std::string_view name) {
  for (auto a = n.first_attribute(); a; a = a.next_attribute()) {
    std::string_view an = a.name();
    if (const auto colon = an.find(':'); colon != std::string_view::npos)
      an.remove_prefix(colon + 1);
    if (an == name) return a;
  }
  return {};
}

// Text directly inside an element (all its text and CDATA children), decoded and checked.
Text own_text(const pugi::xml_node& n) {
  Text out;
  for (auto c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_pcdata && c.type() != pugi::node_cdata) continue;
    Text piece = decode_text(c.value(), c.type() == pugi::node_pcdata);
    if (piece.replaced && !out.replaced) out.first_replaced = piece.first_replaced;
    out.replaced += piece.replaced;
    out.text += piece.text;
  }
  return out;
}

// An attribute's value, references decoded (for names and paths; nothing is counted).
std::string attr_text(const pugi::xml_attribute& a) {
  return decode_text(a.value()).text;
}

// A string item (<si>, <is>): its <t>, or the <t> of each rich text run <r>; phonetic
// runs (<rPh>) are not part of the text.
Text rich_text(const pugi::xml_node& n) {
  Text out;
  auto add = [&](const pugi::xml_node& t) {
    Text piece = own_text(t);
    if (piece.replaced && !out.replaced) out.first_replaced = piece.first_replaced;
    out.replaced += piece.replaced;
    out.text += piece.text;
  };
  for (auto c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view name = xml::local_name(c);
    if (name == "t") {
      add(c);
    } else if (name == "r") {
      if (auto t = child(c, "t")) add(t);
    }
  }
  return out;
}

// "xl/" + "worksheets/sheet1.xml", "/xl/x.xml", "../customXml/item1.xml": a part name,
// resolved lexically inside the package.
std::string resolve(std::string_view base_dir, std::string_view target) {
  std::string path = target.starts_with('/') ? std::string(target.substr(1))
                                             : std::string(base_dir) + std::string(target);
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string seg = path.substr(start, end - start);
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    start = end + 1;
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

std::string dir_of(const std::string& part) {
  const auto slash = part.rfind('/');
  return slash == std::string::npos ? std::string() : part.substr(0, slash + 1);
}

std::string rels_of(const std::string& part) {
  const auto slash = part.rfind('/');
  return slash == std::string::npos
             ? "_rels/" + part + ".rels"
             : part.substr(0, slash + 1) + "_rels/" + part.substr(slash + 1) + ".rels";
}

struct Rel {
  std::string type, target;
};

// Relationship type URIs differ between transitional and strict OOXML; their last segment
// ("officeDocument", "worksheet", …) does not.
bool rel_is(const Rel& r, std::string_view kind) {
  return r.type.size() > kind.size() && r.type.ends_with(kind) &&
         r.type[r.type.size() - kind.size() - 1] == '/';
}

// Format codes: dates use d, m, y (and times h, s) outside quotes, escapes and brackets;
// percentages use %.
std::string code_letters(std::string_view code) {
  std::string out;
  bool quoted = false;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (quoted) {
      quoted = c != '"';
    } else if (c == '"') {
      quoted = true;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is literal (or a fill/space width)
    } else if (c == '[') {
      const auto close = code.find(']', i);
      if (close == std::string_view::npos) break;
      i = close;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

struct Package::Zip {
  zip_t* archive = nullptr;
  ~Zip() {
    if (archive) zip_discard(archive);
  }
};

Package::Package(std::string_view bytes) : zip_(std::make_unique<Zip>()) {
  if (open_archive(bytes) && check_entries()) load_workbook();
}

Package::~Package() = default;

void Package::fail(Problem::Kind kind, std::string vi, std::string en) {
  if (!problem_) problem_ = Problem{kind, std::move(vi), std::move(en)};
}

bool Package::open_archive(std::string_view bytes) {
  if (bytes.empty()) {  // libzip reads nothing as an empty archive
    fail(Problem::Kind::Corrupt,
         "tệp rỗng (0 byte): tệp chưa được lưu hoặc bị hỏng khi gửi; mở biểu mẫu đã điền, lưu "
         "lại rồi gửi lại",
         "the file is empty (0 bytes): it was not saved or was damaged on the way; save the "
         "filled form and send it again");
    return false;
  }
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (!src) {
    zip_error_fini(&err);
    fail(Problem::Kind::Corrupt, "không mở được tệp nén", "cannot open the archive");
    return false;
  }
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
  if (!z) {
    const int code = zip_error_code_zip(&err);
    const auto [why, why_en] = zip_error_text(code);
    zip_source_free(src);
    zip_error_fini(&err);
    if (code == ZIP_ER_NOZIP && !bytes.starts_with("PK"))
      fail(Problem::Kind::NotXlsx,
           "không phải tệp Excel .xlsx (nội dung không phải sổ làm việc Excel); gửi lại biểu "
           "mẫu .xlsx đã điền",
           "not an Excel .xlsx workbook; send the filled .xlsx form");
    else
      fail(Problem::Kind::Corrupt,
           "tệp .xlsx bị hỏng hoặc bị cắt cụt khi gửi (" + why +
               "); mở lại bằng Excel hoặc LibreOffice, lưu và gửi lại",
           "the .xlsx file is damaged or truncated (" + why_en + "); re-save it and send it again");
    return false;
  }
  zip_error_fini(&err);
  zip_->archive = z;
  return true;
}

bool Package::check_entries() {
  zip_t* z = zip_->archive;
  const zip_int64_t n = zip_get_num_entries(z, 0);
  auto unsafe = [&](const std::string& vi, const std::string& en) {
    fail(Problem::Kind::Unsafe,
         "tệp .xlsx có cấu trúc bất thường nên không được mở: " + vi +
             " (xem docs/limits.md); mở bằng Excel hoặc LibreOffice, lưu lại rồi gửi lại",
         "the .xlsx file was not opened: " + en + " (see docs/limits.md)");
    return false;
  };
  if (n < 0 || static_cast<std::uint64_t>(n) > kMaxEntries)
    return unsafe(
        "tệp nén có " + std::to_string(n) + " mục, quá giới hạn " + std::to_string(kMaxEntries),
        std::to_string(n) + " entries, more than " + std::to_string(kMaxEntries));
  std::uint64_t total = 0;
  // Part names are compared case-insensitively (OPC): two that differ only in case make
  // it unknown which one a reader would take.
  std::set<std::string> folded;
  for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(n); ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(z, i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME) ||
        !(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE)) {
      fail(Problem::Kind::Corrupt, "tệp .xlsx bị hỏng: không đọc được danh mục tệp nén",
           "the .xlsx file is damaged: unreadable zip directory");
      return false;
    }
    const std::string_view name = st.name;
    // A name that climbs out of the archive or is absolute is never a workbook part.
    bool climbs =
        name.starts_with('/') || name.starts_with('\\') || (name.size() > 1 && name[1] == ':');
    for (size_t start = 0; start <= name.size() && !climbs;) {
      size_t end = name.find_first_of("/\\", start);
      if (end == std::string_view::npos) end = name.size();
      climbs = name.substr(start, end - start) == "..";
      start = end + 1;
    }
    if (climbs)
      return unsafe("tên mục \"" + shown(name) + "\" trỏ ra ngoài tệp nén",
                    "entry name \"" + shown(name) + "\" leaves the archive");
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!folded.insert(std::move(lower)).second) {
      fail(Problem::Kind::Corrupt,
           "tệp .xlsx bị hỏng: có hai phần cùng tên \"" + shown(name) +
               "\" (chỉ khác chữ hoa, chữ thường); mở bằng Excel hoặc LibreOffice, lưu lại rồi "
               "gửi lại",
           "the .xlsx file is damaged: two parts are named \"" + shown(name) +
               "\" (differing only in case); re-save it and send it again");
      return false;
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
      fail(Problem::Kind::Encrypted,
           "tệp .xlsx được đặt mật khẩu; mở tệp, bỏ mật khẩu rồi lưu và gửi lại",
           "the .xlsx file is password-protected; remove the password and send it again");
      return false;
    }
    if (st.size > kMaxEntrySize)
      return unsafe(
          "mục \"" + shown(name) + "\" giải nén ra " + mib(st.size) + ", quá giới hạn " +
              mib(kMaxEntrySize),
          "entry \"" + shown(name) + "\" inflates to " + std::to_string(st.size) + " bytes");
    total += st.size;
    if (total > kMaxTotalSize)
      return unsafe("các mục giải nén ra hơn " + mib(kMaxTotalSize),
                    "the entries inflate to more than " + std::to_string(kMaxTotalSize) + " bytes");
    if (st.size > kRatioCheckedAbove &&
        st.size / std::max<zip_uint64_t>(st.comp_size, 1) > kMaxRatio)
      return unsafe("mục \"" + shown(name) + "\" nén với tỉ lệ hơn " + std::to_string(kMaxRatio) +
                        ":1 (dấu hiệu \"bom nén\")",
                    "entry \"" + shown(name) + "\" is compressed more than " +
                        std::to_string(kMaxRatio) + ":1 (a zip bomb)");
  }
  // Other formats that are zips too: OpenDocument (.ods), Word (.docx).
  if (locate("mimetype") >= 0) {
    const auto mime = read_part("mimetype", false);
    if (!mime) return false;
    if (mime->starts_with("application/vnd.oasis.opendocument")) {
      fail(Problem::Kind::NotXlsx,
           "tệp OpenDocument (.ods): tuanthu chỉ đọc biểu mẫu .xlsx; mở bằng LibreOffice, chọn "
           "Lưu thành → \"Excel 2007-365 (.xlsx)\" rồi gửi lại",
           "an OpenDocument file (.ods): save it as .xlsx (Excel 2007-365) and send it again");
      return false;
    }
  }
  if (locate("word/document.xml") >= 0) {
    fail(Problem::Kind::NotXlsx,
         "tệp Word (.docx), không phải biểu mẫu Excel; ghi số liệu vào biểu mẫu .xlsx đã nhận "
         "rồi gửi lại",
         "a Word document (.docx), not the Excel form; fill in the .xlsx form");
    return false;
  }
  return true;
}

// OPC part names are compared case-insensitively ("xl/Workbook.xml" is "xl/workbook.xml");
// the exact name is tried first.
std::int64_t Package::locate(const std::string& name) const {
  const zip_int64_t exact = zip_name_locate(zip_->archive, name.c_str(), 0);
  return exact >= 0 ? exact : zip_name_locate(zip_->archive, name.c_str(), ZIP_FL_NOCASE);
}

std::optional<std::string> Package::read_part(const std::string& name, bool required) {
  zip_t* z = zip_->archive;
  const zip_int64_t idx = locate(name);
  if (idx < 0) {
    if (required)
      fail(Problem::Kind::Corrupt,
           "tệp .xlsx thiếu phần \"" + shown(name) +
               "\"; mở bằng Excel hoặc LibreOffice, lưu lại rồi "
               "gửi lại",
           "the .xlsx file lacks its part \"" + shown(name) + "\"");
    return std::nullopt;
  }
  zip_stat_t st;
  if (zip_stat_index(z, static_cast<zip_uint64_t>(idx), 0, &st) != 0) return std::nullopt;
  zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(idx), 0);
  if (!f) {
    fail(Problem::Kind::Corrupt, "tệp .xlsx bị hỏng: không giải nén được \"" + shown(name) + "\"",
         "the .xlsx file is damaged: cannot inflate \"" + shown(name) + "\"");
    return std::nullopt;
  }
  // The declared size was checked; the bytes actually inflated are capped again here, so
  // an entry that lies about its size stops at the limit.
  std::string out;
  out.reserve(static_cast<size_t>(st.size));
  char buf[1 << 16];
  bool over = false;
  zip_int64_t got = 0;
  while ((got = zip_fread(f, buf, sizeof buf)) > 0) {
    out.append(buf, static_cast<size_t>(got));
    inflated_ += static_cast<std::uint64_t>(got);
    if (out.size() > st.size || out.size() > kMaxEntrySize || inflated_ > kMaxInflated) {
      over = true;
      break;
    }
  }
  const int closed = zip_fclose(f);
  if (over) {
    fail(Problem::Kind::Unsafe,
         "tệp .xlsx có cấu trúc bất thường nên không được mở: mục \"" + shown(name) +
             "\" giải nén ra nhiều hơn kích thước khai báo hoặc quá " + mib(kMaxInflated) +
             " (xem docs/limits.md)",
         "the .xlsx file was not opened: entry \"" + shown(name) +
             "\" inflates beyond its declared size or the limit (see docs/limits.md)");
    return std::nullopt;
  }
  if (got < 0 || closed != 0 || out.size() != st.size) {
    fail(Problem::Kind::Corrupt,
         "tệp .xlsx bị hỏng (sai tổng kiểm tra ở \"" + shown(name) +
             "\"); mở bằng Excel hoặc LibreOffice, lưu lại rồi gửi lại",
         "the .xlsx file is damaged (bad data in \"" + shown(name) + "\")");
    return std::nullopt;
  }
  return out;
}

namespace {
// Parses a part; on failure returns false and a reason, in English: the Vietnamese messages
// say what to do, not how the XML inside is broken.
// Text parts (shared strings, sheets) keep white space: a rich text run of one space is
// part of the text ("23/KH-UBND" + " " + "ngày …"; "0" + " " + "1" is not 1).
bool parse_part(pugi::xml_document& doc, const std::string& data, std::string& why,
                bool keep_space = false) {
  std::string_view bytes(data);
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (!text::is_valid_utf8(bytes)) {
    why = "not UTF-8";
    return false;
  }
  const auto r = doc.load_buffer(
      bytes.data(), bytes.size(),
      xml::safe_parse_options() | (keep_space ? pugi::parse_ws_pcdata : 0u), pugi::encoding_utf8);
  if (!r) {
    why = xml::describe(r.status, true);
    return false;
  }
  return true;
}

std::map<std::string, Rel> parse_rels(const pugi::xml_document& doc, const std::string& base) {
  std::map<std::string, Rel> out;
  for (auto r = doc.document_element().first_child(); r; r = r.next_sibling()) {
    if (r.type() != pugi::node_element || xml::local_name(r) != "Relationship") continue;
    if (attr_text(r.attribute("TargetMode")) == "External") continue;
    out[attr_text(r.attribute("Id"))] =
        Rel{attr_text(r.attribute("Type")), resolve(base, attr_text(r.attribute("Target")))};
  }
  return out;
}
}  // namespace

bool Package::load_workbook() {
  auto corrupt_part = [&](const std::string& part, const std::string& why) {
    fail(Problem::Kind::Corrupt,
         "tệp .xlsx bị hỏng (phần \"" + shown(part) +
             "\" bên trong tệp không đọc được); mở bằng Excel hoặc LibreOffice, lưu lại rồi gửi "
             "lại",
         "the .xlsx file is damaged: part \"" + shown(part) + "\" is unreadable (" + why +
             "); re-save it in Excel or LibreOffice and send it again");
    return false;
  };
  // The workbook part is what the package's relationships name, not a fixed path.
  std::string workbook;
  if (auto rels = read_part("_rels/.rels", false)) {
    pugi::xml_document d;
    std::string why;
    if (!parse_part(d, *rels, why)) return corrupt_part("_rels/.rels", why);
    for (const auto& [id, rel] : parse_rels(d, ""))
      if (rel_is(rel, "officeDocument")) workbook = rel.target;
  } else if (problem_) {
    return false;
  }
  if (workbook.empty() && locate("xl/workbook.xml") >= 0) workbook = "xl/workbook.xml";
  if (workbook.empty()) {
    fail(Problem::Kind::NotXlsx,
         "tệp nén này không phải sổ làm việc Excel (.xlsx); gửi lại biểu mẫu .xlsx đã điền",
         "this zip is not an Excel workbook (.xlsx); send the filled .xlsx form");
    return false;
  }
  const auto wb = read_part(workbook, true);
  if (!wb) return false;
  pugi::xml_document wbd;
  std::string why;
  if (!parse_part(wbd, *wb, why)) return corrupt_part(workbook, why);
  std::map<std::string, Rel> rels;
  if (auto r = read_part(rels_of(workbook), true)) {
    pugi::xml_document d;
    if (!parse_part(d, *r, why)) return corrupt_part(rels_of(workbook), why);
    rels = parse_rels(d, dir_of(workbook));
  } else {
    return false;
  }
  const auto root = wbd.document_element();
  if (auto pr = child(root, "workbookPr")) {
    const std::string_view v = attr(pr, "date1904").value();
    date1904_ = v == "1" || v == "true";
  }
  if (auto calc = child(root, "calcPr")) {
    const std::string_view v = attr(calc, "fullCalcOnLoad").value();
    recalc_on_load_ = v == "1" || v == "true";
  }
  std::size_t listed = 0;
  for (auto s = child(root, "sheets").first_child(); s; s = s.next_sibling()) {
    if (s.type() != pugi::node_element || xml::local_name(s) != "sheet") continue;
    if (++listed > kMaxSheets) {
      fail(Problem::Kind::Unsafe,
           "tệp .xlsx có cấu trúc bất thường nên không được mở: sổ làm việc có hơn " +
               std::to_string(kMaxSheets) +
               " trang tính (xem docs/limits.md); điền vào biểu mẫu gốc đã nhận rồi gửi lại",
           "the .xlsx file was not opened: the workbook has more than " +
               std::to_string(kMaxSheets) + " sheets (see docs/limits.md)");
      return false;
    }
    const auto it = rels.find(attr_text(attr(s, "id")));
    if (it == rels.end() || !rel_is(it->second, "worksheet")) continue;  // chart sheets
    std::string sheet_name = text::to_nfc(attr_text(s.attribute("name")));
    by_name_[text::to_upper(sheet_name)].push_back(sheets_.size());
    sheets_.push_back(Sheet{std::move(sheet_name), it->second.target});
  }
  for (const auto& [id, rel] : rels) {
    if (rel_is(rel, "sharedStrings")) {
      const auto ss = read_part(rel.target, true);
      if (!ss) return false;
      pugi::xml_document d;
      if (!parse_part(d, *ss, why, true)) return corrupt_part(rel.target, why);
      for (auto si = d.document_element().first_child(); si; si = si.next_sibling())
        if (si.type() == pugi::node_element && xml::local_name(si) == "si")
          shared_.push_back(rich_text(si));  // decoded, checked
    } else if (rel_is(rel, "styles")) {
      const auto st = read_part(rel.target, true);
      if (!st) return false;
      pugi::xml_document d;
      if (!parse_part(d, *st, why)) return corrupt_part(rel.target, why);
      const auto ss = d.document_element();
      for (auto nf = child(ss, "numFmts").first_child(); nf; nf = nf.next_sibling())
        if (nf.type() == pugi::node_element)
          numfmts_[nf.attribute("numFmtId").as_int()] = attr_text(nf.attribute("formatCode"));
      for (auto xf = child(ss, "cellXfs").first_child(); xf; xf = xf.next_sibling())
        if (xf.type() == pugi::node_element)
          style_numfmt_.push_back(xf.attribute("numFmtId").as_int());
    }
  }
  if (sheets_.empty()) {
    fail(Problem::Kind::Corrupt, "tệp .xlsx không có trang tính nào",
         "the .xlsx file has no worksheet");
    return false;
  }
  return true;
}

std::vector<std::string> Package::sheet_names() const {
  std::vector<std::string> out;
  for (const auto& s : sheets_) out.push_back(s.name);
  return out;
}

std::size_t Package::sheet_count(std::string_view name) const {
  const auto it = by_name_.find(text::to_upper(text::to_nfc(name)));
  return it == by_name_.end() ? 0 : it->second.size();
}

std::optional<SheetCells> Package::cells(std::string_view name) {
  if (problem_) return std::nullopt;
  const auto found = by_name_.find(text::to_upper(text::to_nfc(name)));
  if (found == by_name_.end()) return std::nullopt;
  const Sheet* it = &sheets_[found->second.front()];
  const auto data = read_part(it->part, true);
  if (!data) return std::nullopt;
  pugi::xml_document d;
  std::string why;
  if (!parse_part(d, *data, why, true)) {
    fail(Problem::Kind::Corrupt,
         "tệp .xlsx bị hỏng: trang \"" + shown(it->name) +
             "\" không đọc được; mở bằng Excel hoặc LibreOffice, lưu lại rồi gửi lại",
         "the .xlsx file is damaged: sheet \"" + shown(it->name) + "\" is unreadable (" + why +
             "); re-save it in Excel or LibreOffice and send it again");
    return std::nullopt;
  }
  SheetCells sheet;
  Cells& out = sheet.cells;
  std::int64_t row = -1;
  for (auto rn = child(d.document_element(), "sheetData").first_child(); rn;
       rn = rn.next_sibling()) {
    if (rn.type() != pugi::node_element || xml::local_name(rn) != "row") continue;
    const auto r_attr = rn.attribute("r");
    row = r_attr ? static_cast<std::int64_t>(r_attr.as_llong()) - 1 : row + 1;
    if (row < 0 || row >= (1 << 20)) continue;
    std::uint32_t next_col = 0;
    for (auto c = rn.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element || xml::local_name(c) != "c") continue;
      std::uint32_t r = static_cast<std::uint32_t>(row), col = next_col;
      if (const auto ref = c.attribute("r")) {
        if (!form::parse_a1(ref.value(), r, col)) continue;
      }
      if (col >= (1u << 14)) continue;
      next_col = col + 1;
      Cell cell;
      cell.style = c.attribute("s").as_uint();
      cell.formula = static_cast<bool>(child(c, "f"));
      const std::string_view t = c.attribute("t").value();
      const auto v = child(c, "v");
      if (t == "inlineStr") {
        const Text value = rich_text(child(c, "is"));
        cell.type = Cell::Type::String;
        cell.text = value.text;
        cell.replaced = value.replaced;
        cell.first_replaced = value.first_replaced;
      } else if (!v) {
        if (!child(c, "f")) continue;     // a formatted blank
        cell.type = Cell::Type::Formula;  // a formula never calculated: no value to read
      } else if (t == "s") {
        const std::string idx = own_text(v).text;
        size_t i = 0;
        const auto [p, ec] = std::from_chars(idx.data(), idx.data() + idx.size(), i);
        if (ec != std::errc() || p != idx.data() + idx.size() || i >= shared_.size()) {
          fail(Problem::Kind::Corrupt,
               "tệp .xlsx bị hỏng: ô " + form::a1(r, col) + " của trang \"" + shown(it->name) +
                   "\" mất nội dung (trỏ tới một chuỗi không có trong tệp); mở bằng Excel hoặc "
                   "LibreOffice, gõ lại ô này, lưu rồi gửi lại",
               "the .xlsx file is damaged: cell " + form::a1(r, col) + " of sheet \"" +
                   shown(it->name) +
                   "\" lost its text (it refers to a missing string); retype it, re-save and "
                   "send it again");
          return std::nullopt;
        }
        cell.type = Cell::Type::String;
        cell.shared = &shared_[i];
        cell.replaced = shared_[i].replaced;
        cell.first_replaced = shared_[i].first_replaced;
      } else {
        const Text value = own_text(v);
        cell.text = value.text;
        cell.replaced = value.replaced;
        cell.first_replaced = value.first_replaced;
        if (t == "str") {
          cell.type = Cell::Type::String;  // a formula's text result
        } else if (t == "b") {
          cell.type = Cell::Type::Boolean;
          cell.text = value.text == "1" ? "TRUE" : "FALSE";
        } else if (t == "e") {
          cell.type = Cell::Type::Error;
        } else if (t == "d") {
          cell.type = Cell::Type::IsoDate;
        } else {
          const auto b = cell.text.find_first_not_of(" \t\r\n");
          const auto e = cell.text.find_last_not_of(" \t\r\n");
          const std::string num =
              b == std::string::npos ? std::string() : cell.text.substr(b, e - b + 1);
          double x = 0;
          const auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), x);
          if (num.empty() || ec != std::errc() || p != num.data() + num.size() ||
              !std::isfinite(x)) {
            cell.type = Cell::Type::Error;  // not a number: shown as written
          } else {
            cell.type = Cell::Type::Number;
            cell.number = x;
          }
        }
      }
      const auto [at, fresh] = out.try_emplace({r, col}, std::move(cell));
      if (!fresh && sheet.repeated.empty()) sheet.repeated = form::a1(r, col);
    }
  }
  return sheet;
}

bool Package::is_date_style(std::uint32_t style) const {
  if (style >= style_numfmt_.size()) return false;
  const int id = style_numfmt_[style];
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
      (id >= 50 && id <= 58))
    return true;
  const auto it = numfmts_.find(id);
  if (it == numfmts_.end()) return false;
  const std::string letters = code_letters(it->second);
  if (letters == "General" || letters == "general") return false;
  return letters.find_first_of("dDmMyYhHsS") != std::string::npos;
}

bool Package::is_percent_style(std::uint32_t style) const {
  if (style >= style_numfmt_.size()) return false;
  const int id = style_numfmt_[style];
  if (id == 9 || id == 10) return true;
  const auto it = numfmts_.find(id);
  return it != numfmts_.end() && code_letters(it->second).find('%') != std::string::npos;
}

std::pair<std::string, std::string> zip_error_text(int code) {
  switch (code) {
    case ZIP_ER_NOZIP:
      return {"không tìm thấy danh mục của tệp nén", "the zip directory is missing"};
    case ZIP_ER_EXISTS:
      return {"hai mục trùng tên trong tệp nén", "two entries have the same name"};
    case ZIP_ER_INCONS:
      return {"danh mục tệp nén không khớp với nội dung", "the zip directory is inconsistent"};
    case ZIP_ER_READ:
    case ZIP_ER_SEEK:
    case ZIP_ER_EOF:
      return {"tệp bị cắt cụt", "the file is truncated"};
    case ZIP_ER_CRC:
      return {"sai tổng kiểm tra", "bad checksum"};
    case ZIP_ER_COMPNOTSUPP:
      return {"kiểu nén không hỗ trợ", "unsupported compression"};
    case ZIP_ER_ENCRNOTSUPP:
      return {"kiểu mã hóa không hỗ trợ", "unsupported encryption"};
    case ZIP_ER_MEMORY:
      return {"tệp quá lớn để mở", "too large to open"};
    case ZIP_ER_MULTIDISK:
      return {"tệp nén nhiều phần", "a multi-part archive"};
    default:
      return {"lỗi tệp nén số " + std::to_string(code), "zip error " + std::to_string(code)};
  }
}

std::optional<Date> excel_date(double serial, bool date1904) {
  if (!std::isfinite(serial) || serial < 1 || serial >= 2958466) return std::nullopt;
  const long day = static_cast<long>(std::floor(serial));
  if (date1904) return Date{1904, 1, 1}.plus_days(day);
  if (day == 60) return std::nullopt;  // 29/02/1900, a day Excel invented
  return day < 60 ? Date{1899, 12, 31}.plus_days(day) : Date{1899, 12, 30}.plus_days(day);
}

std::string shown(std::string_view s, size_t max) {
  std::string clean;
  if (text::is_valid_utf8(s)) {
    clean = std::string(s.substr(0, std::min(s.size(), max * 4 + 4)));
  } else {
    for (const char c : s.substr(0, std::min(s.size(), max * 4 + 4)))
      clean += static_cast<unsigned char>(c) < 0x80 ? c : '?';
  }
  const auto pieces = text::split_by_length(clean, max);
  return pieces.size() > 1 || clean.size() < s.size() ? pieces.front() + "…" : clean;
}

namespace {
void put_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

constexpr char32_t kInvalid = 0x110000;  // decodes to no code point: becomes U+FFFD

// XML's predefined and numeric references; anything else that starts with '&' is kept as
// written (pugixml has already refused a document with a bare '&' it cannot read).
std::string decode_references(std::string_view raw) {
  std::string out;
  for (size_t i = 0; i < raw.size();) {
    if (raw[i] != '&') {
      out += raw[i++];
      continue;
    }
    const size_t semi = raw.find(';', i);
    if (semi == std::string_view::npos || semi - i > 12) {
      out += raw[i++];
      continue;
    }
    const std::string_view name = raw.substr(i + 1, semi - i - 1);
    char32_t cp = kInvalid;
    if (name == "lt")
      cp = '<';
    else if (name == "gt")
      cp = '>';
    else if (name == "amp")
      cp = '&';
    else if (name == "quot")
      cp = '"';
    else if (name == "apos")
      cp = '\'';
    else if (name.size() > 1 && name[0] == '#') {
      const bool hex = name[1] == 'x' || name[1] == 'X';
      const std::string_view digits = name.substr(hex ? 2 : 1);
      std::uint64_t v = digits.empty() ? 0x110000 : 0;
      for (char c : digits) {
        const int d = hex ? hex_digit(c) : (c >= '0' && c <= '9' ? c - '0' : -1);
        if (d < 0 || v > 0x10FFFF) {
          v = 0x110000;
          break;
        }
        v = v * (hex ? 16 : 10) + static_cast<std::uint64_t>(d);
      }
      cp = v > 0x10FFFF ? kInvalid : static_cast<char32_t>(v);
    } else {
      out += raw[i++];  // not a reference this reader knows: kept as written
      continue;
    }
    // An invalid number is written as a surrogate, which the character check replaces.
    put_utf8(out, cp == kInvalid ? char32_t{0xD800} : cp);
    i = semi + 1;
  }
  return out;
}
}  // namespace

std::string unescape(std::string_view s) {
  auto escape_at = [&](size_t i, unsigned& cu) {
    if (i + 7 > s.size() || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_') return false;
    cu = 0;
    for (size_t k = 2; k < 6; ++k) {
      const int h = hex_digit(s[i + k]);
      if (h < 0) return false;
      cu = cu * 16 + static_cast<unsigned>(h);
    }
    return true;
  };
  if (s.find("_x") == std::string_view::npos) return std::string(s);
  std::string out;
  for (size_t i = 0; i < s.size();) {
    unsigned cu = 0;
    if (!escape_at(i, cu)) {
      out += s[i++];
      continue;
    }
    i += 7;
    if (cu >= 0xD800 && cu < 0xDC00) {  // a surrogate pair is two escapes
      unsigned lo = 0;
      if (escape_at(i, lo) && lo >= 0xDC00 && lo < 0xE000) {
        i += 7;
        put_utf8(out, 0x10000 + ((cu - 0xD800) << 10) + (lo - 0xDC00));
        continue;
      }
    }
    put_utf8(out, cu);  // a lone surrogate or a control: the character check replaces it
  }
  return out;
}

Text decode_text(std::string_view raw, bool references) {
  const std::string step = unescape(references ? decode_references(raw) : std::string(raw));
  Text out;
  out.text.reserve(step.size());
  const auto* p = reinterpret_cast<const unsigned char*>(step.data());
  const size_t n = step.size();
  for (size_t i = 0; i < n;) {
    // The part was checked as UTF-8; surrogates written by the steps above are 3 bytes too.
    char32_t cp = p[i];
    size_t len = 1;
    if (p[i] >= 0xF0 && i + 3 < n) {
      cp = ((p[i] & 0x07u) << 18) | ((p[i + 1] & 0x3Fu) << 12) | ((p[i + 2] & 0x3Fu) << 6) |
           (p[i + 3] & 0x3Fu);
      len = 4;
    } else if (p[i] >= 0xE0 && i + 2 < n) {
      cp = ((p[i] & 0x0Fu) << 12) | ((p[i + 1] & 0x3Fu) << 6) | (p[i + 2] & 0x3Fu);
      len = 3;
    } else if (p[i] >= 0xC0 && i + 1 < n) {
      cp = ((p[i] & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu);
      len = 2;
    } else if (p[i] >= 0x80) {
      cp = 0xD800;  // a stray byte: not a character
    }
    if (text::is_allowed_char(cp)) {
      out.text.append(step, i, len);
    } else {
      if (!out.replaced) out.first_replaced = cp == 0xD800 && len == 1 ? char32_t{0xFFFD} : cp;
      ++out.replaced;
      out.text += "\xEF\xBF\xBD";  // U+FFFD
    }
    i += len;
  }
  return out;
}

}  // namespace tuanthu::xlsx
