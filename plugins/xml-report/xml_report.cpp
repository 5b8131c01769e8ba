// Reader plugin `xml-report`: urn:tuanthu:report:1 files → the report model.
#include <algorithm>
#include <cctype>

#include "tuanthu/document.hpp"
#include "tuanthu/plugin.hpp"
#include "tuanthu/text.hpp"
#include "tuanthu/xml.hpp"

namespace {

using namespace tuanthu;

// Each rule declared once; rules() lists them and the reader passes them.
inline constexpr Rule kReportEmpty{"report-empty", Severity::Error, "the file is empty"};
inline constexpr Rule kReportEncoding{
    "report-encoding", Severity::Error,
    "the file is not UTF-8 (UTF-16, or another declared encoding)"};
inline constexpr Rule kReportInvalidUtf8{"report-invalid-utf8", Severity::Error,
                                         "the file contains invalid UTF-8"};
inline constexpr Rule kReportMalformedXml{"report-malformed-xml", Severity::Error,
                                          "the file is not well-formed XML"};
inline constexpr Rule kReportNotAReport{"report-not-a-report", Severity::Error,
                                        "the root element is not a tuanthu report"};
inline constexpr Rule kReportBadAttribute{"report-bad-attribute", Severity::Error,
                                          "<report> lacks plan, period or unit"};
inline constexpr Rule kReportBadDate{"report-bad-date", Severity::Error,
                                     "a document or received date cannot be read"};
inline constexpr Rule kReportInvalidCharacter{
    "report-invalid-character", Severity::Error,
    "a value holds a character XML or the outputs may not (NUL, control, surrogate, U+FFFE); "
    "it is replaced by U+FFFD"};
inline constexpr Rule kReportUnexpectedElement{
    "report-unexpected-element", Severity::Error,
    "an element the report format does not have at that place (not read, never merged)"};
inline constexpr Rule kReportLimitExceeded{
    "report-limit-exceeded", Severity::Error,
    "the report exceeds a reading limit (tasks, values, characters per value; docs/limits.md)"};

constexpr std::string_view kReportNs = "urn:tuanthu:report:1";

class XmlReportReader final : public Reader {
 public:
  std::string name() const override { return "xml-report"; }
  std::string version() const override { return "1.0"; }
  Message description() const override {
    return {"Đọc báo cáo XML theo mẫu urn:tuanthu:report:1",
            "reads urn:tuanthu:report:1 XML reports"};
  }

  std::vector<Rule> rules() const override {
    return {
        kReportEmpty,         kReportEncoding,         kReportInvalidUtf8, kReportMalformedXml,
        kReportNotAReport,    kReportBadAttribute,     kReportBadDate,     kReportInvalidCharacter,
        kReportLimitExceeded, kReportUnexpectedElement};
  }

  // Files named .xml, and files of any other name that start like an XML document or a
  // report (with or without a UTF-8 byte order mark).
  ReaderClaim claim() const override {
    return {{"xml"}, {"<?xml", "\xEF\xBB\xBF<?xml", "<report", "\xEF\xBB\xBF<report"}};
  }

  ReadResult read(const std::string& file, std::string_view bytes, const Plan&) const override {
    return read_report(file, bytes, Part::Whole);
  }
  // The header only: the file's checks, <report>, <document>, <received>. pugixml still
  // parses the whole file (it checks it is XML), but no section's text is decoded.
  ReadResult read_header(const std::string& file, std::string_view bytes,
                         const Plan&) const override {
    return read_report(file, bytes, Part::Header);
  }
  // The bytes read_header validated as UTF-8 (the engine compared them): not validated
  // again, a tenth of the run's time on a national run.
  ReadResult read_again(const std::string& file, std::string_view bytes,
                        const Plan&) const override {
    return read_report(file, bytes, Part::Again);
  }
  // The header is at the top of a report: the prefix up to its first <task> is parsed, and
  // what pugixml built before the cut (it keeps a partial tree on error) is read as a header.
  std::optional<Report> sniff_header(std::string_view prefix) const override {
    if (const auto t = prefix.find("<task"); t != std::string_view::npos)
      prefix = prefix.substr(0, t);
    ReadResult r = read_report("", prefix, Part::Sniff);
    return std::move(r.report);
  }
  // One parse: the sections are read from the document the header came from.
  // Parsed in place: `bytes` is the engine's to give (no copy of every file), and a
  // std::string ends with a NUL.
  ReadResult read_header_then(const std::string& file, std::string& bytes, const Plan&,
                              const std::function<bool(const Report&)>& want) const override {
    return read_report(file, bytes, Part::Header, &want, bytes.data());
  }

 private:
  enum class Part { Whole, Header, Again, Sniff };

  // `want`: asked, after a Header part's header, whether to go on with the sections.
  // `own`: the start of `bytes` when the caller lets pugixml parse them in place.
  ReadResult read_report(const std::string& file, std::string_view bytes, Part part,
                         const std::function<bool(const Report&)>* want = nullptr,
                         char* own = nullptr) const {
    const char* const given = bytes.data();
    ReadResult out;
    // Findings about the file and its header go to `findings`, those about its sections to
    // `section_findings` (kept for the counted report only).
    std::vector<Finding>* into = &out.findings;
    auto fail = [&](const Rule& rule, int line, int col, std::string vi, std::string en) {
      into->push_back(file_finding(rule, file, line, col, std::move(vi), std::move(en), name()));
    };
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);  // UTF-8 BOM
    const xml::LineIndex lines(bytes);
    if (bytes.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      fail(kReportEmpty, 0, 0, "tệp rỗng; đề nghị đơn vị gửi lại báo cáo",
           "the file is empty; ask the unit to send the report again");
      return out;
    }
    if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
      fail(kReportEncoding, 1, 1, "tệp mã hóa UTF-16; lưu lại với mã hóa UTF-8 rồi gửi lại",
           "the file is UTF-16; save it as UTF-8");
      return out;
    }
    // The XML declaration may name another encoding: we read UTF-8 only.
    if (bytes.starts_with("<?xml")) {
      const auto end = bytes.find("?>");
      std::string decl(bytes.substr(0, end == std::string_view::npos ? 0 : end));
      std::transform(decl.begin(), decl.end(), decl.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      const auto enc = decl.find("encoding");
      if (enc != std::string::npos && decl.find("utf-8", enc) == std::string::npos &&
          decl.find("utf8", enc) == std::string::npos) {
        fail(kReportEncoding, 1, static_cast<int>(enc) + 1,
             "khai báo mã hóa không phải UTF-8; lưu lại tệp với mã hóa UTF-8",
             "the XML declaration names an encoding other than UTF-8; save the file as UTF-8");
        return out;
      }
    }
    size_t bad = 0;
    if (part != Part::Again && part != Part::Sniff && !text::is_valid_utf8(bytes, &bad)) {
      const auto off = static_cast<ptrdiff_t>(bad);
      fail(kReportInvalidUtf8, lines.line(off), lines.column(off),
           "tệp chứa byte không phải UTF-8 hợp lệ (có thể là tệp Word hoặc mã hóa cũ như "
           "TCVN3/VNI); "
           "lưu lại dạng XML UTF-8",
           "the file contains bytes that are not valid UTF-8 (a Word file or a legacy encoding?)");
      return out;
    }
    // A raw NUL byte ends the text pugixml sees: refuse the file rather than read half of it.
    if (const auto nul = bytes.find('\0'); nul != std::string_view::npos) {
      const auto off = static_cast<ptrdiff_t>(nul);
      fail(kReportInvalidCharacter, lines.line(off), lines.column(off),
           "tệp chứa byte NUL (0x00), không được phép trong XML (có thể là tệp nhị phân hoặc bị "
           "hỏng); tệp không được đọc, đề nghị đơn vị lưu lại báo cáo dạng XML UTF-8 và gửi lại",
           "the file contains a NUL byte (0x00), which XML does not allow (a binary or damaged "
           "file?); it was not read: ask the unit to save the report as UTF-8 XML again");
      return out;
    }
    pugi::xml_document doc;
    const auto pr =
        // With the std::string's terminating NUL, as load_buffer terminates its copy: pugixml
        // then sees the same text, and names the same place for an error at the end.
        own ? doc.load_buffer_inplace(own + (bytes.data() - given), bytes.size() + 1,
                                      xml::safe_parse_options(), pugi::encoding_utf8)
            : doc.load_buffer(bytes.data(), bytes.size(), xml::safe_parse_options(),
                              pugi::encoding_utf8);
    if (!pr && part != Part::Sniff) {
      fail(kReportMalformedXml, lines.line(pr.offset), lines.column(pr.offset),
           "XML không hợp lệ: " + xml::describe(pr.status, false) +
               "; đề nghị đơn vị kiểm tra và gửi lại",
           "malformed XML: " + xml::describe(pr.status, true));
      return out;
    }
    const auto root = doc.document_element();
    auto loc_line = [&](const pugi::xml_node& n) { return lines.line(n.offset_debug()); };
    // pugixml reads a fragment with several top-level elements; XML allows one.
    for (auto n = root.next_sibling(); part != Part::Sniff && n; n = n.next_sibling())
      if (n.type() == pugi::node_element || n.type() == pugi::node_pcdata) {
        fail(kReportMalformedXml, loc_line(n), lines.column(n.offset_debug()),
             "XML không hợp lệ: có nội dung sau phần tử gốc </report> (một tệp chỉ chứa một "
             "báo cáo); đề nghị đơn vị kiểm tra và gửi lại",
             "malformed XML: content after the root element </report> (one report per file)");
        return out;
      }
    if (xml::local_name(root) != "report" || !xml::in_namespace(root, kReportNs)) {
      fail(kReportNotAReport, loc_line(root), lines.column(root.offset_debug()),
           "không phải báo cáo theo mẫu: cần phần tử gốc <report xmlns=\"urn:tuanthu:report:1\">",
           "not a report: the root element must be <report xmlns=\"urn:tuanthu:report:1\">");
      return out;
    }

    // Every piece of text enters the model through `tx` (references decoded, characters
    // checked, NFC, at most kMaxValueChars characters); its problems become findings below.
    xml::TextReader tx(lines, kMaxValueChars);
    Report r;
    r.file = file;
    r.line = loc_line(root);
    r.plan = tx.attr(root, "plan");
    r.period = tx.attr(root, "period");
    r.unit = tx.attr(root, "unit");
    r.unit_name = tx.attr(root, "unit-name");
    auto missing_attr = [&](const char* a) {
      fail(kReportBadAttribute, r.line, lines.column(root.offset_debug()),
           std::string("<report> thiếu thuộc tính ") + a + "=\"…\"",
           std::string("<report> lacks the ") + a + "=\"…\" attribute");
    };
    if (r.plan.empty()) missing_attr("plan");
    if (r.period.empty()) missing_attr("period");
    if (r.unit.empty() && r.unit_name.empty()) missing_attr("unit (hoặc unit-name)");

    r.document = xml::read_document(xml::child(root, "document"), tx);
    if (const Document& d = r.document; !d.date_text.empty() && !d.date)
      fail(kReportBadDate, d.line, 0,
           "ngày văn bản " + text::quote(d.date_text) +
               " không đọc được; viết 2025-11-03 hoặc 03/11/2025",
           "document date " + text::quote(d.date_text, true) +
               " is not a date; write 2025-11-03 or 03/11/2025");
    if (auto rc = xml::child(root, "received")) {
      r.received_line = loc_line(rc);
      r.received_text = tx.attr(rc, "date");
      r.received = text::parse_date(r.received_text);
      if (!r.received)
        fail(kReportBadDate, r.received_line, 0,
             "ngày nhận " + text::quote(r.received_text) +
                 " không đọc được; viết 2025-11-04 hoặc 04/11/2025",
             "received date " + text::quote(r.received_text, true) + " is not a date");
    }
    // Elements the format does not have at their place are named, never read or merged:
    // a <value> outside a <task>, a <task> inside a <task>, markup inside a value (whose text
    // would otherwise be run together: "2<value>9</value>7" is not 297).
    auto unexpected = [&](const pugi::xml_node& n, const pugi::xml_node& parent,
                          const char* consequence_vi, const char* consequence_en) {
      // Appended, not "<" + string: GCC 12's false -Wrestrict (PR 105651).
      std::string what(1, '<'), what_en(1, '<');
      what.append(xml::local_name(n)).append("> trong <").append(xml::local_name(parent));
      what_en.append(xml::local_name(n)).append("> inside <").append(xml::local_name(parent));
      what += '>';
      what_en += '>';
      fail(kReportUnexpectedElement, loc_line(n), lines.column(n.offset_debug()),
           "mẫu báo cáo không có phần tử " + what + "; " + consequence_vi,
           "the report format has no " + what_en + "; " + consequence_en);
    };
    // By local name, as the reading below selects them (xml::children).
    auto is = [](const pugi::xml_node& n, std::string_view name) {
      return xml::local_name(n) == name;
    };
    int documents = 0, receiveds = 0;
    for (auto n : root.children()) {
      if (n.type() != pugi::node_element) continue;
      if (is(n, "document") ? ++documents > 1 : is(n, "received") ? ++receiveds > 1 : false)
        unexpected(n, root, "chỉ phần tử đầu tiên được đọc", "only the first is read");
      else if (!is(n, "document") && !is(n, "received") && !is(n, "task"))
        unexpected(n, root, "phần tử này không được đọc (giá trị phải nằm trong <task>)",
                   "it is not read (values belong inside a <task>)");
    }
    auto first_element = [](const pugi::xml_node& v) {
      return v.find_child([](const pugi::xml_node& c) { return c.type() == pugi::node_element; });
    };
    // What the header's text gave to say (characters a report may not hold, too long).
    auto word_problems = [&](size_t from) {
      const auto& problems = tx.problems();
      for (size_t i = from; i < problems.size(); ++i) word_problem(problems[i], fail);
    };
    const size_t header_problems = tx.problems().size();
    word_problems(0);
    if (part == Part::Sniff || (part == Part::Header && !(want && (*want)(r)))) {
      out.report = std::move(r);
      return out;
    }
    into = &out.section_findings;
    for (auto t : xml::children(root, "task"))
      for (auto n : t.children()) {
        if (n.type() != pugi::node_element) continue;
        if (!is(n, "value")) {
          unexpected(n, t, "phần tử này không được đọc", "it is not read");
          continue;
        }
        if (const auto inner = first_element(n))
          unexpected(inner, n, "giá trị này không được dùng; ghi giá trị dạng văn bản thuần",
                     "this value is not used; write the value as plain text");
      }
    // Limits (docs/limits.md): the first kMaxTasksPerReport sections and the first
    // kMaxValuesPerReport values are read, the rest counted and reported.
    size_t tasks_seen = 0, values_seen = 0, values_read = 0;
    int first_skipped_task = 0, first_skipped_value = 0;
    for (auto t : xml::children(root, "task")) {
      if (++tasks_seen > kMaxTasksPerReport) {
        if (!first_skipped_task) first_skipped_task = loc_line(t);
        continue;
      }
      ReportTask task;
      task.ref = tx.attr(t, "ref");
      task.line = loc_line(t);
      for (auto v : xml::children(t, "value")) {
        if (++values_seen > kMaxValuesPerReport) {
          if (!first_skipped_value) first_skipped_value = loc_line(v);
          continue;
        }
        ++values_read;
        ReportValue val;
        val.ref = tx.attr(v, "ref");
        // A value with markup inside is not used (its finding is above): absent, not merged.
        val.text = first_element(v) ? std::string() : tx.block_text(v);
        val.number = tx.attr(v, "number");
        val.date = tx.attr(v, "date");
        val.line = loc_line(v);
        task.values.push_back(std::move(val));
      }
      r.tasks.push_back(std::move(task));
    }
    if (tasks_seen > kMaxTasksPerReport)
      fail(kReportLimitExceeded, first_skipped_task, 0,
           "báo cáo có " + text::format_count(tasks_seen) + " phần <task>, vượt giới hạn " +
               text::format_count(kMaxTasksPerReport) + "; chỉ đọc " +
               text::format_count(kMaxTasksPerReport) +
               " phần đầu, bỏ qua từ dòng này trở đi. Kiểm tra lại tệp (có thể bị lặp nội dung)",
           "the report has " + text::format_count(tasks_seen, true) +
               " <task> sections, over the limit of " +
               text::format_count(kMaxTasksPerReport, true) + "; the first " +
               text::format_count(kMaxTasksPerReport, true) +
               " are read, the rest from this line on are not");
    if (values_seen > kMaxValuesPerReport)
      fail(kReportLimitExceeded, first_skipped_value, 0,
           "báo cáo có " + text::format_count(values_seen) + " giá trị <value>, vượt giới hạn " +
               text::format_count(kMaxValuesPerReport) + "; chỉ đọc " +
               text::format_count(values_read) +
               " giá trị đầu, bỏ qua từ dòng này trở đi. Kiểm tra lại tệp (có thể bị lặp nội dung)",
           "the report has " + text::format_count(values_seen, true) +
               " <value> elements, over the limit of " +
               text::format_count(kMaxValuesPerReport, true) + "; the first " +
               text::format_count(values_read, true) +
               " are read, the rest from this line on are not");
    word_problems(header_problems);
    // The parsed document is dropped here; only the extracted model leaves.
    out.report = std::move(r);
    return out;
  }

  // A problem the text reader met, worded.
  template <class Fail>
  static void word_problem(const xml::TextReader::Problem& p, Fail& fail) {
    if (p.kind == xml::TextReader::Problem::Kind::TooLong) {
      fail(kReportLimitExceeded, p.line, p.column,
           p.where + " dài " + text::format_count(p.length) + " ký tự, vượt giới hạn " +
               text::format_count(kMaxValueChars) + " ký tự một giá trị; chỉ giữ " +
               text::format_count(kMaxValueChars) +
               " ký tự đầu (kết thúc bằng \"…\"). Rút gọn nội dung hoặc gửi phần còn lại "
               "thành văn bản riêng",
           p.where + " is " + text::format_count(p.length, true) +
               " characters long, over the limit of " + text::format_count(kMaxValueChars, true) +
               " per value; the first " + text::format_count(kMaxValueChars, true) +
               " are kept (ending with \"…\")");
      return;
    }
    const std::string cp = text::code_point_label(p.first);
    const std::string shown = p.first > 0x10FFFF ? std::string("(không phải mã Unicode)") : cp;
    const std::string shown_en =
        p.first > 0x10FFFF ? std::string("(not a Unicode code point)") : cp;
    fail(kReportInvalidCharacter, p.line, p.column,
         p.where + " chứa ký tự không được phép " + shown +
             (p.reference ? " (viết dạng tham chiếu &#…;)" : "") +
             (p.count > 1 ? " và " + text::format_count(p.count - 1) + " ký tự như vậy nữa" : "") +
             "; đã thay bằng \"�\" để không cắt hay mất nội dung, giá trị này không được "
             "tính là số liệu hay ngày hợp lệ. Đề nghị đơn vị xóa ký tự đó (thường do sao chép "
             "từ phần mềm khác) và gửi lại báo cáo",
         p.where + " holds the character " + shown_en + ", which a report may not contain" +
             (p.reference ? " (written as a &#…; reference)" : "") +
             (p.count > 1 ? ", and " + text::format_count(p.count - 1, true) + " more" : "") +
             "; replaced by U+FFFD so nothing is cut or lost, and the value does not count as "
             "a figure or date. Ask the unit to remove it (usually pasted from another program) "
             "and send the report again");
  }
};

}  // namespace

TUANTHU_PLUGIN(XmlReportReader)
