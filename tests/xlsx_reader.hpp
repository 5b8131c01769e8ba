#pragma once
// Reads a written .xlsx back (a zip of XML: libzip + pugixml) so tests can assert cells.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tt {

struct XlsxCell {
  std::string value;  ///< shared/inline string text, or the number as written
  bool is_number = false;
  int style = 0;
};

class XlsxBook {
 public:
  explicit XlsxBook(const std::string& file);
  std::vector<std::string> sheet_names() const { return names_; }
  /// Cells of a sheet by reference ("A1"); empty map when there is no such sheet.
  const std::map<std::string, XlsxCell>& sheet(const std::string& name) const;
  std::optional<XlsxCell> cell(const std::string& sheet, const std::string& ref) const;
  /// Highest row number that has a cell.
  int last_row(const std::string& sheet) const;
  /// First row (1-based) whose cell in `column` equals `value`, or 0.
  int find_row(const std::string& sheet, const std::string& column, const std::string& value) const;
  /// The number format code of a style index ("dd/mm/yyyy", "0.0%", …).
  std::string number_format(int style) const;
  bool ok() const { return ok_; }

 private:
  bool ok_ = false;
  std::vector<std::string> names_;
  std::map<std::string, std::map<std::string, XlsxCell>> sheets_;
  std::vector<int> style_numfmt_;
  std::map<int, std::string> numfmts_;
};

}  // namespace tt
