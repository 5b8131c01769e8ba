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
    return {kReportEmpty,      kReportEncoding,     kReportInvalidUtf8, kReportMalformedXml,
            kReportNotAReport, kReportBadAttribute, kReportBadDate};
  }

  // Files named .xml, and files of any other name that start like an XML document or a
  // report (with or without a UTF-8 byte order mark).
  ReaderClaim claim() const override {
    return {{"xml"}, {"<?xml", "\xEF\xBB\xBF<?xml", "<report", "\xEF\xBB\xBF<report"}};
  }

  ReadResult read(const std::string& file, std::string_view bytes, const Plan&) const override {
    ReadResult out;
    auto fail = [&](const Rule& rule, int line, int col, std::string vi, std::string en) {
      out.findings.push_back(
          file_finding(rule, file, line, col, std::move(vi), std::move(en), name()));
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
    if (!text::is_valid_utf8(bytes, &bad)) {
      const auto off = static_cast<ptrdiff_t>(bad);
      fail(kReportInvalidUtf8, lines.line(off), lines.column(off),
           "tệp chứa byte không phải UTF-8 hợp lệ (có thể là tệp Word hoặc mã hóa cũ như "
           "TCVN3/VNI); "
           "lưu lại dạng XML UTF-8",
           "the file contains bytes that are not valid UTF-8 (a Word file or a legacy encoding?)");
      return out;
    }
    pugi::xml_document doc;
    const auto pr =
        doc.load_buffer(bytes.data(), bytes.size(), xml::safe_parse_options(), pugi::encoding_utf8);
    if (!pr) {
      fail(kReportMalformedXml, lines.line(pr.offset), lines.column(pr.offset),
           "XML không hợp lệ: " + xml::describe(pr.status, false) +
               "; đề nghị đơn vị kiểm tra và gửi lại",
           "malformed XML: " + xml::describe(pr.status, true));
      return out;
    }
    const auto root = doc.document_element();
    auto loc_line = [&](const pugi::xml_node& n) { return lines.line(n.offset_debug()); };
    if (xml::local_name(root) != "report" || !xml::in_namespace(root, kReportNs)) {
      fail(kReportNotAReport, loc_line(root), lines.column(root.offset_debug()),
           "không phải báo cáo theo mẫu: cần phần tử gốc <report xmlns=\"urn:tuanthu:report:1\">",
           "not a report: the root element must be <report xmlns=\"urn:tuanthu:report:1\">");
      return out;
    }

    Report r;
    r.file = file;
    r.line = loc_line(root);
    r.plan = xml::attr(root, "plan");
    r.period = xml::attr(root, "period");
    r.unit = xml::attr(root, "unit");
    r.unit_name = xml::attr(root, "unit-name");
    auto missing_attr = [&](const char* a) {
      fail(kReportBadAttribute, r.line, lines.column(root.offset_debug()),
           std::string("<report> thiếu thuộc tính ") + a + "=\"…\"",
           std::string("<report> lacks the ") + a + "=\"…\" attribute");
    };
    if (r.plan.empty()) missing_attr("plan");
    if (r.period.empty()) missing_attr("period");
    if (r.unit.empty() && r.unit_name.empty()) missing_attr("unit (hoặc unit-name)");

    r.document = xml::read_document(xml::child(root, "document"), lines);
    if (const Document& d = r.document; !d.date_text.empty() && !d.date)
      fail(kReportBadDate, d.line, 0,
           "ngày văn bản \"" + d.date_text + "\" không đọc được; viết 2025-11-03 hoặc 03/11/2025",
           "document date \"" + d.date_text + "\" is not a date; write 2025-11-03 or 03/11/2025");
    if (auto rc = xml::child(root, "received")) {
      r.received_line = loc_line(rc);
      r.received_text = xml::attr(rc, "date");
      r.received = text::parse_date(r.received_text);
      if (!r.received)
        fail(
            kReportBadDate, r.received_line, 0,
            "ngày nhận \"" + r.received_text + "\" không đọc được; viết 2025-11-04 hoặc 04/11/2025",
            "received date \"" + r.received_text + "\" is not a date");
    }
    for (auto t : xml::children(root, "task")) {
      ReportTask task;
      task.ref = xml::attr(t, "ref");
      task.line = loc_line(t);
      for (auto v : xml::children(t, "value")) {
        ReportValue val;
        val.ref = xml::attr(v, "ref");
        val.text = xml::block_text(v);
        val.number = xml::attr(v, "number");
        val.date = xml::attr(v, "date");
        val.line = loc_line(v);
        task.values.push_back(std::move(val));
      }
      r.tasks.push_back(std::move(task));
    }
    // The parsed document is dropped here; only the extracted model leaves.
    out.report = std::move(r);
    return out;
  }
};

}  // namespace

TUANTHU_PLUGIN(XmlReportReader)
