#pragma once
// A small WordprocessingML writer shared by the .docx writer plugins: a document builder
// (paragraphs, runs, borderless tables, page setup) over a pugixml tree, so every piece of
// text is escaped by the XML library and never concatenated into markup, and a package
// writer that zips the parts with libzip. Styles come from a reference document (as
// pandoc's reference.docx): the default one is compiled in, an office may give its own.
#include <filesystem>
#include <map>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "tuanthu/date.hpp"

namespace tuanthu::docx {

/// Text as it may enter a part: valid UTF-8, only characters XML 1.0 allows and documents
/// should hold (anything else becomes U+FFFD), in NFC.
std::string clean(std::string_view s);
/// A run's text: clean(s) with tab, line feed and return as spaces (a run is one line).
std::string run_text(std::string_view s);

/// The lines of `text` (split at CR and LF), each with its white space folded, blank ones
/// dropped: one paragraph each.
std::vector<std::string> lines(std::string_view text);

/// Millimetres to twentieths of a point (the unit of page and indent sizes).
constexpr int mm(double v) {
  return static_cast<int>(v * 1440.0 / 25.4 + 0.5);
}

enum class Align { Left, Center, Right, Justify };

struct RunStyle {
  bool bold = false;
  bool italic = false;
  bool underline = false;
  int size = 0;  ///< points; 0: the paragraph style's
};
inline RunStyle bold(int size = 0) {
  return {true, false, false, size};
}
inline RunStyle italic(int size = 0) {
  return {false, true, false, size};
}

/// One paragraph. Setters may be called in any order; properties are written in the
/// order the schema requires.
class Paragraph {
 public:
  explicit Paragraph(pugi::xml_node p);
  Paragraph& style(std::string_view id);
  Paragraph& align(Align a);
  /// First-line indent (twips); 0 removes the style's, negative is a hanging indent.
  Paragraph& first_line(int twips);
  Paragraph& indent(int left, int right);
  /// Space before/after in points.
  Paragraph& spacing(int before, int after);
  Paragraph& keep_next();
  /// Size of the paragraph mark (points): an empty paragraph that only carries a rule is
  /// as tall as its mark.
  Paragraph& mark_size(int points);
  /// A bottom border (a solid rule) under the paragraph, `eighths` of a point thick.
  Paragraph& rule_below(int eighths = 6);
  /// Appends a run. Tabs and line breaks in `text` become spaces (a break inside a
  /// justified paragraph stretches its line; callers split text into paragraphs).
  Paragraph& run(std::string_view text, const RunStyle& style = {});
  /// A PAGE field (page numbers in the header).
  Paragraph& page_number(const RunStyle& style = {});

 private:
  pugi::xml_node ppr(const char* child);
  pugi::xml_node p_;
};

class Table;

/// Something that holds paragraphs and tables: the body or a table cell.
class Container {
 public:
  explicit Container(pugi::xml_node n) : n_(n) {}
  Paragraph paragraph();
  /// A paragraph for each line of `text` (blank lines dropped; at least one paragraph).
  std::vector<Paragraph> paragraphs(std::string_view text, const RunStyle& style = {});
  /// A fixed-layout table without borders; `widths` in twips (written into the grid).
  Table table(const std::vector<int>& widths);

 protected:
  pugi::xml_node section() const;
  pugi::xml_node n_;
};

class Table {
 public:
  Table(pugi::xml_node tbl, std::vector<int> widths) : tbl_(tbl), widths_(std::move(widths)) {}
  /// Appends a row and returns its cells. `keep_together`: the row never splits across
  /// pages (the signature block).
  std::vector<Container> row(bool keep_together = false);

 private:
  pugi::xml_node tbl_;
  std::vector<int> widths_;
};

struct PageSetup {
  int width = 11906, height = 16838;  ///< A4 portrait, twips
  int top = mm(20), bottom = mm(20), left = mm(30), right = mm(15);
  int header = mm(10), footer = mm(10);
  /// Page numbers centred in the top margin from page 2 (Nghị định 30/2020).
  bool page_numbers_from_second = true;
  int text_width() const { return width - left - right; }
};

/// Core properties (docProps/core.xml).
struct Properties {
  std::string title, subject, creator = "tuanthu";
  Date created;  ///< written as midnight UTC; the run's as-of day, so bytes are reproducible
};

/// The parts a document takes from its reference: styles (required), font table and
/// theme when the reference has them.
class Reference {
 public:
  /// tuanthu's default (rules/docx-reference, compiled in).
  static Reference builtin();
  /// Reads a .docx. Throws tuanthu::Error (both languages, naming the file) when it is not a
  /// zip, has no readable word/styles.xml, or a part used is not well-formed XML.
  static Reference load(const std::filesystem::path& file);
  /// The same from bytes in memory; `name` is what messages call it.
  static Reference from_bytes(std::string_view bytes, const std::string& name);

  const std::string& styles() const { return styles_; }
  const std::string* part(const std::string& name) const;  ///< "word/fontTable.xml", …

 private:
  std::string styles_;
  std::map<std::string, std::string> parts_;
};

class Document : public Container {
 public:
  explicit Document(PageSetup page = {});
  const PageSetup& page() const { return page_; }
  /// Writes the package to `target` (a file that may exist and be empty: the host's
  /// temporary). Throws tuanthu::Error on failure.
  void save(const std::filesystem::path& target, const Reference& ref,
            const Properties& props) const;
  /// document.xml as text (tests).
  std::string xml() const;

 private:
  pugi::xml_document doc_;
  PageSetup page_;
};

}  // namespace tuanthu::docx
