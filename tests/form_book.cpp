#include "form_book.hpp"

#include <zip.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <pugixml.hpp>
#include <sstream>
#include <stdexcept>

#include "tuanthu/form.hpp"

namespace tt {

namespace fs = std::filesystem;

ZipEntries read_zip(const fs::path& file) {
  ZipEntries out;
  int err = 0;
  zip_t* z = zip_open(file.c_str(), ZIP_RDONLY, &err);
  if (!z) throw std::runtime_error("cannot open zip " + file.string());
  const zip_int64_t n = zip_get_num_entries(z, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st);
    std::string data(static_cast<size_t>(st.size), '\0');
    zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0);
    if (!f) throw std::runtime_error("cannot read zip entry");
    zip_fread(f, data.data(), st.size);
    zip_fclose(f);
    out.emplace_back(st.name, std::move(data));
  }
  zip_close(z);
  return out;
}

void write_zip(const fs::path& file, const ZipEntries& entries, bool store) {
  int err = 0;
  zip_t* z = zip_open(file.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z) throw std::runtime_error("cannot create zip " + file.string());
  for (const auto& [name, data] : entries) {
    zip_source_t* src = zip_source_buffer(z, data.data(), data.size(), 0);
    const zip_int64_t idx = zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (idx < 0) throw std::runtime_error("cannot add zip entry " + name);
    zip_set_file_compression(z, static_cast<zip_uint64_t>(idx),
                             store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 9);
    zip_file_set_mtime(z, static_cast<zip_uint64_t>(idx), 1735689600, 0);
  }
  if (zip_close(z) != 0) throw std::runtime_error("cannot write zip " + file.string());
}

namespace {

// A <t> holding only white space is text (a run of one space), kept as Excel keeps it.
constexpr unsigned kOptions =
    pugi::parse_default | pugi::parse_declaration | pugi::parse_ws_pcdata_single;

std::string serialize(const pugi::xml_document& d) {
  std::ostringstream out;
  d.save(out, "", pugi::format_raw, pugi::encoding_utf8);
  return out.str();
}

void parse_col_row(const std::string& ref, unsigned& col, unsigned& row) {
  std::uint32_t r = 0, c = 0;
  if (!tuanthu::form::parse_a1(ref, r, c)) throw std::runtime_error("bad cell " + ref);
  row = r + 1;
  col = c;
}

std::string ref_of(unsigned col, unsigned row1) {
  return tuanthu::form::a1(row1 - 1, col);
}

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

}  // namespace

FormBook::FormBook(const fs::path& blank) : entries_(read_zip(blank)) {}

std::string& FormBook::part(const std::string& name) {
  for (auto& [n, data] : entries_)
    if (n == name) return data;
  entries_.emplace_back(name, "");
  return entries_.back().second;
}

void FormBook::save(const fs::path& file) const {
  write_zip(file, entries_);
}

std::string FormBook::sheet_part(const std::string& sheet) const {
  auto find = [&](const std::string& n) -> const std::string& {
    for (const auto& [name, data] : entries_)
      if (name == n) return data;
    throw std::runtime_error("no part " + n);
  };
  pugi::xml_document wb, rels;
  wb.load_string(find("xl/workbook.xml").c_str());
  rels.load_string(find("xl/_rels/workbook.xml.rels").c_str());
  for (auto s : wb.document_element().child("sheets").children("sheet"))
    if (sheet == s.attribute("name").value())
      for (auto r : rels.document_element().children("Relationship"))
        if (std::string(r.attribute("Id").value()) == s.attribute("r:id").value())
          return "xl/" + std::string(r.attribute("Target").value());
  throw std::runtime_error("no sheet " + sheet);
}

namespace {
// Cells of a part as text (shared strings resolved), by reference.
std::map<std::string, std::string> texts(const std::string& sheet_xml, const std::string& sst_xml) {
  std::vector<std::string> shared;
  pugi::xml_document sst;
  if (sst.load_string(sst_xml.c_str()))
    for (auto si : sst.document_element().children("si")) {
      std::string t;
      for (auto x : si.select_nodes(".//t")) t += x.node().child_value();
      shared.push_back(t);
    }
  std::map<std::string, std::string> out;
  pugi::xml_document d;
  d.load_string(sheet_xml.c_str());
  for (auto row : d.document_element().child("sheetData").children("row"))
    for (auto c : row.children("c")) {
      const std::string t = c.attribute("t").value();
      std::string v;
      if (t == "s")
        v = shared.at(c.child("v").text().as_uint());
      else if (t == "inlineStr")
        v = c.child("is").child("t").child_value();
      else
        v = c.child("v").child_value();
      out[c.attribute("r").value()] = v;
    }
  return out;
}
}  // namespace

std::string FormBook::cell_of(const std::string& task, const std::string& requirement) const {
  auto& self = const_cast<FormBook&>(*this);
  auto cells = texts(self.part(sheet_part("tuanthu")), self.part("xl/sharedStrings.xml"));
  for (unsigned row = 1; row < 10000; ++row) {
    const auto a = cells.find(ref_of(0, row));
    const auto b = cells.find(ref_of(1, row));
    const auto c = cells.find(ref_of(2, row));
    if (c == cells.end() || b == cells.end() || b->second != requirement) continue;
    if ((a == cells.end() ? std::string() : a->second) != task) continue;
    const auto ref = tuanthu::form::parse_ref(c->second);
    return tuanthu::form::a1(ref->row, ref->col);
  }
  throw std::runtime_error("no input " + task + "/" + requirement);
}

std::string FormBook::sheet_of(const std::string&, const std::string&) const {
  return std::string(tuanthu::form::kFormSheet);
}

void FormBook::set_cell(const std::string& sheet, const std::string& ref, const std::string& xml) {
  std::string& data = part(sheet_part(sheet));
  pugi::xml_document d;
  d.load_string(data.c_str(), kOptions);
  auto sheet_data = d.document_element().child("sheetData");
  unsigned col = 0, row1 = 0;
  parse_col_row(ref, col, row1);
  pugi::xml_node row;
  for (auto r : sheet_data.children("row")) {
    const unsigned n = r.attribute("r").as_uint();
    if (n == row1) row = r;
    if (n >= row1) {
      if (!row) {
        row = sheet_data.insert_child_before("row", r);
        row.append_attribute("r") = row1;
      }
      break;
    }
  }
  if (!row) {
    row = sheet_data.append_child("row");
    row.append_attribute("r") = row1;
  }
  pugi::xml_document frag;
  frag.load_string(xml.c_str(), kOptions);
  pugi::xml_node old;
  for (auto c : row.children("c")) {
    unsigned cc = 0, rr = 0;
    parse_col_row(c.attribute("r").value(), cc, rr);
    if (cc >= col) {
      old = c;
      break;
    }
  }
  pugi::xml_node fresh = old ? row.insert_copy_before(frag.document_element(), old)
                             : row.append_copy(frag.document_element());
  if (old && std::string(old.attribute("r").value()) == ref) {
    if (!fresh.attribute("s") && old.attribute("s"))
      fresh.append_attribute("s") = old.attribute("s").value();
    row.remove_child(old);
  }
  data = serialize(d);
}

void FormBook::text(const std::string& task, const std::string& requirement,
                    const std::string& value, bool shared) {
  const std::string ref = cell_of(task, requirement);
  if (!shared) {
    set_cell(sheet_of(task, requirement), ref,
             "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">" +
                 xml_escape(value) + "</t></is></c>");
    return;
  }
  std::string& sst = part("xl/sharedStrings.xml");
  pugi::xml_document d;
  d.load_string(sst.c_str(), kOptions);
  auto root = d.document_element();
  size_t n = 0;
  for (auto si : root.children("si")) n += !si.empty();
  auto si = root.append_child("si");
  // As rich text: two runs, the way a partly bold cell is stored.
  const size_t half = value.size() / 2;
  size_t cut = half;
  while (cut < value.size() && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) ++cut;
  auto r1 = si.append_child("r");
  r1.append_child("rPr").append_child("b");
  r1.append_child("t").text().set(value.substr(0, cut).c_str());
  auto r2 = si.append_child("r");
  auto t2 = r2.append_child("t");
  t2.append_attribute("xml:space") = "preserve";
  t2.text().set(value.substr(cut).c_str());
  auto ph = si.append_child("rPh");  // phonetic text is not part of the value
  ph.append_child("t").text().set("PHONETIC");
  sst = serialize(d);
  set_cell(sheet_of(task, requirement), ref,
           "<c r=\"" + ref + "\" t=\"s\"><v>" + std::to_string(n) + "</v></c>");
}

void FormBook::number(const std::string& task, const std::string& requirement, double value,
                      std::optional<unsigned> style) {
  const std::string ref = cell_of(task, requirement);
  std::ostringstream v;
  v.precision(17);
  v << value;
  set_cell(sheet_of(task, requirement), ref,
           "<c r=\"" + ref + "\"" + (style ? " s=\"" + std::to_string(*style) + "\"" : "") +
               "><v>" + v.str() + "</v></c>");
}

void FormBook::raw(const std::string& task, const std::string& requirement,
                   const std::string& attrs, const std::string& children) {
  const std::string ref = cell_of(task, requirement);
  set_cell(sheet_of(task, requirement), ref,
           "<c r=\"" + ref + "\" " + attrs + ">" + children + "</c>");
}

unsigned FormBook::add_style(int num_fmt_id, const std::string& custom_code) {
  std::string& styles = part("xl/styles.xml");
  pugi::xml_document d;
  d.load_string(styles.c_str(), kOptions);
  auto root = d.document_element();
  if (!custom_code.empty()) {
    auto fmts = root.child("numFmts");
    if (!fmts) fmts = root.prepend_child("numFmts");
    auto f = fmts.append_child("numFmt");
    f.append_attribute("numFmtId") = num_fmt_id;
    f.append_attribute("formatCode") = custom_code.c_str();
  }
  auto xfs = root.child("cellXfs");
  unsigned n = 0;
  for (auto x : xfs.children("xf")) n += !x.empty();
  auto xf = xfs.append_child("xf");
  xf.append_attribute("numFmtId") = num_fmt_id;
  xf.append_attribute("fontId") = 0;
  xf.append_attribute("fillId") = 0;
  xf.append_attribute("borderId") = 0;
  xf.append_attribute("xfId") = 0;
  xf.append_attribute("applyNumberFormat") = 1;
  if (auto c = xfs.attribute("count")) c = n + 1;
  styles = serialize(d);
  return n;
}

void FormBook::use_1904() {
  std::string& wb = part("xl/workbook.xml");
  pugi::xml_document d;
  d.load_string(wb.c_str(), kOptions);
  auto root = d.document_element();
  auto pr = root.child("workbookPr");
  if (!pr) pr = root.insert_child_before("workbookPr", root.child("bookViews"));
  if (!pr.attribute("date1904")) pr.append_attribute("date1904");
  pr.attribute("date1904") = "1";
  wb = serialize(d);
}

void FormBook::delete_row(const std::string& sheet, unsigned row1) {
  std::string& data = part(sheet_part(sheet));
  pugi::xml_document d;
  d.load_string(data.c_str(), kOptions);
  auto sheet_data = d.document_element().child("sheetData");
  std::vector<pugi::xml_node> gone;
  for (auto r : sheet_data.children("row")) {
    const unsigned n = r.attribute("r").as_uint();
    if (n == row1) gone.push_back(r);
    if (n <= row1) continue;
    r.attribute("r") = n - 1;
    for (auto c : r.children("c")) {
      unsigned col = 0, rr = 0;
      parse_col_row(c.attribute("r").value(), col, rr);
      c.attribute("r") = ref_of(col, rr - 1).c_str();
    }
  }
  for (auto g : gone) sheet_data.remove_child(g);
  data = serialize(d);
}

void FormBook::duplicate_row(const std::string& sheet, unsigned row1) {
  std::string& data = part(sheet_part(sheet));
  pugi::xml_document d;
  d.load_string(data.c_str(), kOptions);
  auto sheet_data = d.document_element().child("sheetData");
  pugi::xml_node original;
  for (auto r : sheet_data.children("row")) {
    const unsigned n = r.attribute("r").as_uint();
    if (n == row1) original = r;
    if (n <= row1) continue;
    r.attribute("r") = n + 1;
    for (auto c : r.children("c")) {
      unsigned col = 0, rr = 0;
      parse_col_row(c.attribute("r").value(), col, rr);
      c.attribute("r") = ref_of(col, rr + 1).c_str();
    }
  }
  if (!original) throw std::runtime_error("no row to duplicate");
  auto copy = sheet_data.insert_copy_after(original, original);
  copy.attribute("r") = row1 + 1;
  for (auto c : copy.children("c")) {
    unsigned col = 0, rr = 0;
    parse_col_row(c.attribute("r").value(), col, rr);
    c.attribute("r") = ref_of(col, row1 + 1).c_str();
  }
  data = serialize(d);
}

void FormBook::remove_sheet(const std::string& sheet) {
  const std::string target = sheet_part(sheet);
  std::string& wb = part("xl/workbook.xml");
  pugi::xml_document d;
  d.load_string(wb.c_str(), kOptions);
  std::string rid;
  for (auto s : d.document_element().child("sheets").children("sheet"))
    if (sheet == s.attribute("name").value()) {
      rid = s.attribute("r:id").value();
      d.document_element().child("sheets").remove_child(s);
      break;
    }
  wb = serialize(d);
  std::string& rels = part("xl/_rels/workbook.xml.rels");
  pugi::xml_document r;
  r.load_string(rels.c_str(), kOptions);
  for (auto rel : r.document_element().children("Relationship"))
    if (rid == rel.attribute("Id").value()) {
      r.document_element().remove_child(rel);
      break;
    }
  rels = serialize(r);
  std::string& ct = part("[Content_Types].xml");
  const std::string override = "<Override PartName=\"/" + target + "\"";
  if (const auto at = ct.find(override); at != std::string::npos)
    ct.erase(at, ct.find("/>", at) + 2 - at);
  std::erase_if(entries_, [&](const auto& e) { return e.first == target; });
}

void FormBook::set_identity(const std::string& key, const std::string& value) {
  const std::string sheet = std::string(tuanthu::form::kIdentitySheet);
  auto cells = texts(part(sheet_part(sheet)), part("xl/sharedStrings.xml"));
  for (unsigned row = 1; row < 100; ++row) {
    const auto a = cells.find(ref_of(0, row));
    if (a != cells.end() && a->second == key) {
      set_cell(sheet, ref_of(1, row),
               "<c r=\"" + ref_of(1, row) + "\" t=\"inlineStr\"><is><t>" + xml_escape(value) +
                   "</t></is></c>");
      return;
    }
  }
  throw std::runtime_error("no identity row " + key);
}

void FormBook::add_identity_row(const std::string& task, const std::string& requirement,
                                const std::string& cell) {
  const std::string sheet = std::string(tuanthu::form::kIdentitySheet);
  auto cells = texts(part(sheet_part(sheet)), part("xl/sharedStrings.xml"));
  unsigned last = 0;
  for (const auto& [ref, v] : cells) {
    unsigned col = 0, row = 0;
    parse_col_row(ref, col, row);
    last = std::max(last, row);
  }
  const unsigned row = last + 1;
  auto put = [&](unsigned col, const std::string& v) {
    if (!v.empty())
      set_cell(sheet, ref_of(col, row),
               "<c r=\"" + ref_of(col, row) + "\" t=\"inlineStr\"><is><t>" + xml_escape(v) +
                   "</t></is></c>");
  };
  put(0, task);
  put(1, requirement);
  put(2, cell);
}

void FormBook::copy_sheet(const std::string& from, const std::string& name) {
  const std::string copy = "xl/worksheets/copy" + std::to_string(entries_.size()) + ".xml";
  const std::string data = part(sheet_part(from));
  part(copy) = data;
  std::string& rels = part("xl/_rels/workbook.xml.rels");
  pugi::xml_document r;
  r.load_string(rels.c_str(), kOptions);
  auto rel = r.document_element().append_child("Relationship");
  rel.append_attribute("Id") = "rIdCopy";
  rel.append_attribute("Type") =
      "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
  rel.append_attribute("Target") = copy.substr(3).c_str();
  rels = serialize(r);
  std::string& wb = part("xl/workbook.xml");
  pugi::xml_document d;
  d.load_string(wb.c_str(), kOptions);
  auto s = d.document_element().child("sheets").prepend_child("sheet");
  s.append_attribute("name") = name.c_str();
  s.append_attribute("sheetId") = 99;
  s.append_attribute("state") = "veryHidden";
  s.append_attribute("r:id") = "rIdCopy";
  wb = serialize(d);
}

void FormBook::insert_column(const std::string& sheet, unsigned col) {
  std::string& data = part(sheet_part(sheet));
  pugi::xml_document d;
  d.load_string(data.c_str(), kOptions);
  for (auto row : d.document_element().child("sheetData").children("row"))
    for (auto c : row.children("c")) {
      unsigned x = 0, row1 = 0;
      parse_col_row(c.attribute("r").value(), x, row1);
      if (x >= col) c.attribute("r") = ref_of(x + 1, row1).c_str();
    }
  data = serialize(d);
}

void FormBook::rename_sheet(const std::string& from, const std::string& to) {
  std::string& wb = part("xl/workbook.xml");
  pugi::xml_document d;
  d.load_string(wb.c_str(), kOptions);
  for (auto s : d.document_element().child("sheets").children("sheet"))
    if (from == s.attribute("name").value()) s.attribute("name") = to.c_str();
  wb = serialize(d);
}

void FormBook::reverse_order() {
  std::string& wb = part("xl/workbook.xml");
  pugi::xml_document d;
  d.load_string(wb.c_str(), kOptions);
  auto sheets = d.document_element().child("sheets");
  std::vector<pugi::xml_node> list;
  for (auto s : sheets.children("sheet")) list.push_back(s);
  for (auto it = list.rbegin(); it != list.rend(); ++it) sheets.append_move(*it);
  wb = serialize(d);
  std::reverse(entries_.begin(), entries_.end());
}

bool have_soffice() {
  return std::system("command -v soffice >/dev/null 2>&1") == 0;
}

std::optional<fs::path> libreoffice_resave(const fs::path& in, const fs::path& out_dir,
                                           const std::string& to) {
  if (!have_soffice()) return std::nullopt;
  fs::create_directories(out_dir);
  const std::string filter = to == "xlsx" ? "xlsx:\"Calc MS Excel 2007 XML\"" : to;
  // A profile of its own, so that a LibreOffice already running for the user is not used.
  const std::string cmd = "cd '" + out_dir.string() + "' && HOME='" + out_dir.string() +
                          "' timeout 180 soffice --headless --norestore --convert-to " + filter +
                          " --outdir '" + out_dir.string() + "' '" + in.string() +
                          "' >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) return std::nullopt;
  const fs::path out = out_dir / (in.stem().string() + "." + to);
  if (!fs::exists(out)) return std::nullopt;
  return out;
}

}  // namespace tt
