#pragma once
// Zips and forms for the tests: read and write a zip's entries (libzip), and fill or damage a
// blank form (made by the xlsx-form-maker plugin) cell by cell, as a person would in Excel.
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tt {

using ZipEntries = std::vector<std::pair<std::string, std::string>>;  ///< name, bytes; in order

ZipEntries read_zip(const std::filesystem::path& file);
/// Writes the entries in order, deflated (or stored when `store`).
void write_zip(const std::filesystem::path& file, const ZipEntries& entries, bool store = false);

/// A blank form opened for filling. Cells are named by (task, requirement) as the identity
/// sheet maps them ("" and "document.number" for the document metadata).
class FormBook {
 public:
  explicit FormBook(const std::filesystem::path& blank);

  /// The input cell of an input, as the identity sheet says ("E27"), and its sheet.
  std::string cell_of(const std::string& task, const std::string& requirement) const;
  std::string sheet_of(const std::string& task, const std::string& requirement) const;

  /// Typed as text (an inline string, or a shared string when `shared`).
  void text(const std::string& task, const std::string& requirement, const std::string& value,
            bool shared = false);
  /// Stored as a number, with the cell's style unless `style` is given.
  void number(const std::string& task, const std::string& requirement, double value,
              std::optional<unsigned> style = std::nullopt);
  /// Any raw <c> content (attributes after r=…, then the children), for odd cells.
  void raw(const std::string& task, const std::string& requirement, const std::string& attrs,
           const std::string& children);
  /// Adds a cell format with this number format (10: "0.00%", 14: a date) and returns it.
  unsigned add_style(int num_fmt_id, const std::string& custom_code = "");
  /// Marks the workbook as using the 1904 date system.
  void use_1904();

  // ---- damage, as an edited or hostile form would carry ---------------------------------
  /// Deletes a row of a sheet, moving the rows below it up (as Excel's "Delete row").
  void delete_row(const std::string& sheet, unsigned row1);
  /// Inserts a copy of a row right below it, moving the rows below down.
  void duplicate_row(const std::string& sheet, unsigned row1);
  /// Removes a sheet from the workbook (as copying the visible sheet into a new file does).
  void remove_sheet(const std::string& sheet);
  /// Sets column B of the identity row whose column A is `key` (plan, unit, period, …).
  void set_identity(const std::string& key, const std::string& value);
  /// Appends a row to the identity sheet's cell map.
  void add_identity_row(const std::string& task, const std::string& requirement,
                        const std::string& cell);
  /// Renames a sheet in the workbook (the identity still names the old one).
  void rename_sheet(const std::string& from, const std::string& to);
  /// Reverses the order of the sheets in the workbook and of the parts in the zip.
  void reverse_order();

  /// Copies a sheet under another name, listed first in the workbook and very hidden.
  void copy_sheet(const std::string& from, const std::string& name);
  /// Inserts an empty column before 0-based column `col` (as Excel's "Insert column").
  void insert_column(const std::string& sheet, unsigned col);
  /// Sets a cell to raw <c> XML (replacing it).
  void set_cell(const std::string& sheet, const std::string& ref, const std::string& xml);
  /// The zip part holding a sheet ("xl/worksheets/sheet1.xml").
  std::string sheet_part(const std::string& sheet) const;

  std::string& part(const std::string& name);
  const ZipEntries& entries() const { return entries_; }
  void save(const std::filesystem::path& file) const;

 private:
  ZipEntries entries_;
};

/// Runs LibreOffice headless to re-save `in` as .xlsx into `out_dir`; returns the new file,
/// or nullopt when soffice is absent or fails.
std::optional<std::filesystem::path> libreoffice_resave(const std::filesystem::path& in,
                                                        const std::filesystem::path& out_dir,
                                                        const std::string& to = "xlsx");
bool have_soffice();

}  // namespace tt
