#include "xlsx_reader.hpp"

#include <zip.h>

#include <pugixml.hpp>

namespace tt {

namespace {
std::optional<std::string> read_entry(zip_t* z, const std::string& name) {
  zip_stat_t st;
  if (zip_stat(z, name.c_str(), 0, &st) != 0) return std::nullopt;
  zip_file_t* f = zip_fopen(z, name.c_str(), 0);
  if (!f) return std::nullopt;
  std::string data(st.size, '\0');
  const auto n = zip_fread(f, data.data(), st.size);
  zip_fclose(f);
  if (n < 0) return std::nullopt;
  data.resize(static_cast<size_t>(n));
  return data;
}

std::string all_text(const pugi::xml_node& n) {
  std::string out;
  for (auto t : n.select_nodes(".//*[local-name()='t']")) out += t.node().child_value();
  return out;
}

std::string column_of(const std::string& ref) {
  std::string c;
  for (char ch : ref)
    if (ch >= 'A' && ch <= 'Z') c += ch;
  return c;
}
}  // namespace

XlsxBook::XlsxBook(const std::string& file) {
  int err = 0;
  zip_t* z = zip_open(file.c_str(), ZIP_RDONLY, &err);
  if (!z) return;
  std::vector<std::string> shared;
  if (auto ss = read_entry(z, "xl/sharedStrings.xml")) {
    pugi::xml_document d;
    d.load_string(ss->c_str());
    for (auto si : d.child("sst").children("si")) shared.push_back(all_text(si));
  }
  if (auto styles = read_entry(z, "xl/styles.xml")) {
    pugi::xml_document d;
    d.load_string(styles->c_str());
    for (auto nf : d.child("styleSheet").child("numFmts").children("numFmt"))
      numfmts_[nf.attribute("numFmtId").as_int()] = nf.attribute("formatCode").value();
    for (auto xf : d.child("styleSheet").child("cellXfs").children("xf"))
      style_numfmt_.push_back(xf.attribute("numFmtId").as_int());
  }
  std::map<std::string, std::string> rels;
  if (auto r = read_entry(z, "xl/_rels/workbook.xml.rels")) {
    pugi::xml_document d;
    d.load_string(r->c_str());
    for (auto rel : d.child("Relationships").children("Relationship"))
      rels[rel.attribute("Id").value()] = rel.attribute("Target").value();
  }
  auto wb = read_entry(z, "xl/workbook.xml");
  if (!wb) {
    zip_close(z);
    return;
  }
  pugi::xml_document d;
  d.load_string(wb->c_str());
  for (auto s : d.child("workbook").child("sheets").children("sheet")) {
    const std::string name = s.attribute("name").value();
    names_.push_back(name);
    auto xml = read_entry(z, "xl/" + rels[s.attribute("r:id").value()]);
    if (!xml) continue;
    pugi::xml_document sd;
    sd.load_string(xml->c_str());
    auto& cells = sheets_[name];
    for (auto row : sd.child("worksheet").child("sheetData").children("row"))
      for (auto c : row.children("c")) {
        XlsxCell cell;
        const std::string type = c.attribute("t").value();
        cell.style = c.attribute("s").as_int();
        if (type == "s")
          cell.value = shared.at(static_cast<size_t>(c.child("v").text().as_int()));
        else if (type == "inlineStr")
          cell.value = all_text(c.child("is"));
        else if (type == "str")
          cell.value = c.child_value("v");
        else if (c.child("v")) {
          cell.value = c.child_value("v");
          cell.is_number = true;
        } else
          continue;  // blank styled cell
        cells[c.attribute("r").value()] = cell;
      }
  }
  zip_close(z);
  ok_ = true;
}

const std::map<std::string, XlsxCell>& XlsxBook::sheet(const std::string& name) const {
  static const std::map<std::string, XlsxCell> empty;
  auto it = sheets_.find(name);
  return it == sheets_.end() ? empty : it->second;
}

std::optional<XlsxCell> XlsxBook::cell(const std::string& s, const std::string& ref) const {
  const auto& cells = sheet(s);
  auto it = cells.find(ref);
  if (it == cells.end()) return std::nullopt;
  return it->second;
}

int XlsxBook::last_row(const std::string& s) const {
  int last = 0;
  for (const auto& [ref, c] : sheet(s))
    last = std::max(last, std::stoi(ref.substr(column_of(ref).size())));
  return last;
}

int XlsxBook::find_row(const std::string& s, const std::string& column,
                       const std::string& value) const {
  int best = 0;
  for (const auto& [ref, c] : sheet(s)) {
    if (column_of(ref) != column || c.value != value) continue;
    const int row = std::stoi(ref.substr(column.size()));
    if (best == 0 || row < best) best = row;
  }
  return best;
}

std::string XlsxBook::number_format(int style) const {
  if (style < 0 || static_cast<size_t>(style) >= style_numfmt_.size()) return {};
  const int id = style_numfmt_[static_cast<size_t>(style)];
  auto it = numfmts_.find(id);
  return it == numfmts_.end() ? std::to_string(id) : it->second;
}

}  // namespace tt
