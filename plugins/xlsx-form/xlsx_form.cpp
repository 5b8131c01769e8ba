// Reader plugin `xlsx-form`: a unit's form (biểu mẫu, made by `tuanthu forms`), filled in
// Excel or LibreOffice, read back into the same report model as the XML reader, so that every
// check applies unchanged. The form's identity sheet (tuanthu/form.hpp) says whose form it is
// and which cell answers which requirement; what a person did to the form on the way (text
// typed into number cells, rows inserted, a re-save by another program) is read as they meant
// it, and what cannot be read safely is a finding, never a wrong credit.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <new>
#include <set>

#include "tuanthu/form.hpp"
#include "tuanthu/plugin.hpp"
#include "tuanthu/text.hpp"
#include "xlsx_package.hpp"

namespace {

using namespace tuanthu;

// Each rule declared once; rules() lists them and the reader passes them.
inline constexpr Rule kFormNotXlsx{
    "form-not-xlsx", Severity::Error,
    "the file is not an .xlsx workbook (.xls, .ods, a Word file, another zip): save it as .xlsx"};
inline constexpr Rule kFormEncrypted{"form-encrypted", Severity::Error,
                                     "the workbook is password-protected"};
inline constexpr Rule kFormUnreadable{"form-unreadable", Severity::Error,
                                      "the workbook is damaged or truncated"};
inline constexpr Rule kFormUnsafeArchive{
    "form-unsafe-archive", Severity::Error,
    "the archive breaks a limit (entries, sizes, compression ratio) or has an entry name with "
    "'..': not opened"};
inline constexpr Rule kFormNotAForm{
    "form-not-a-form", Severity::Error,
    "a workbook without the identity sheet of a tuanthu form (not made by `tuanthu forms`, or "
    "copied into another workbook)"};
inline constexpr Rule kFormIdentityDamaged{
    "form-identity-damaged", Severity::Error,
    "the form's identity sheet is incomplete, malformed or of an unknown version"};
inline constexpr Rule kFormPlanVersion{"form-plan-version", Severity::Warning,
                                       "the form was made for another version of the plan"};
inline constexpr Rule kFormRowMoved{
    "form-row-moved", Severity::Warning,
    "rows of the form were inserted, deleted or moved; inputs were found by their row keys"};
inline constexpr Rule kFormRowMissing{"form-row-missing", Severity::Error,
                                      "an input row of the form is gone; nothing is credited "
                                      "for it"};
inline constexpr Rule kFormRowDuplicated{"form-row-duplicated", Severity::Error,
                                         "an input row of the form appears twice; nothing is "
                                         "credited for it"};
inline constexpr Rule kFormBadDate{"form-bad-date", Severity::Error,
                                   "the report's document date in the form cannot be read"};
inline constexpr Rule kFormBadText{
    "form-bad-text", Severity::Error,
    "an input cell holds characters a report may not hold (replaced by U+FFFD) or more than "
    "100,000 characters (cut)"};

inline constexpr Rule kFormFormulaValue{
    "form-formula-value", Severity::Warning,
    "an input cell holds a formula with no computed value, or the workbook asks to be "
    "recalculated so the values it stores may be stale"};

// Rows of the identity's cell map read at most (a form asks a few dozen inputs); over it the
// identity is damaged. In docs/limits.md.
constexpr std::uint32_t kMaxIdentityRows = 10000;
// A row found by its key elsewhere than the form put it must still carry its requirement's
// label left of the input (column B, input E, in plugins/xlsx-form-maker); labels longer than
// this are not compared.
constexpr std::size_t kMaxLabelBytes = 4000;
// Row keys are short; longer cells are not looked at when searching for keys.
constexpr std::size_t kMaxKeyBytes = 400;

constexpr std::string_view kOleMagic = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

// A cell value as text: what a person typed, as the requirement's kind reads it.
struct Reading {
  const xlsx::Package& pkg;
  NumberStyle style;

  // Binary noise (0.985 × 100 = 98.49999999999999) is rounded away at 10 decimals.
  std::string number(double v) const {
    if (std::fabs(v) < 1e15) v = std::round(v * 1e10) / 1e10;
    if (v == 0) v = 0;  // no "-0"
    char buf[400];
    const auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    std::string s = ec == std::errc() ? std::string(buf, p) : std::to_string(v);
    if (style == NumberStyle::Vietnamese) std::replace(s.begin(), s.end(), '.', ',');
    return s;
  }

  std::string text(const xlsx::Cell& c, std::optional<RequirementKind> kind) const {
    using T = xlsx::Cell::Type;
    switch (c.type) {
      case T::Empty:
        return {};
      case T::Formula:
        return {};
      case T::String:
      case T::Boolean:
      case T::Error:
        return std::string(c.value());
      case T::IsoDate:
        if (auto d = Date::parse_iso(std::string_view(c.text).substr(0, 10))) return d->vi();
        return c.text;
      case T::Number:
        break;
    }
    // A date requirement holds a serial day; so does any cell Excel shows as a date (a
    // "1/2" typed into a number cell becomes 01/02: read as the date it now is, so that the
    // check says it is not a number rather than counting 45.689 of something).
    if (kind == RequirementKind::Date || pkg.is_date_style(c.style)) {
      if (auto d = xlsx::excel_date(c.number, pkg.date1904())) return d->vi();
      return number(c.number);
    }
    // "98,5%" typed in Excel is stored as 0.985 with a percent format.
    if (pkg.is_percent_style(c.style)) return number(c.number * 100) + "%";
    return number(c.number);
  }
};

// Text into the model: NFC, line breaks as the XML reader keeps them, trimmed.
std::string clean(std::string_view raw) {
  std::string s;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\r') {
      s += '\n';
      if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
    } else {
      s += raw[i];
    }
  }
  s = text::to_nfc(s);
  const auto b = s.find_first_not_of(" \t\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\n");
  return s.substr(b, e - b + 1);
}

struct MapRow {
  std::string task, requirement, cell_text;
  std::uint32_t row = 0;  // of the identity sheet, 0-based
  form::CellRef ref;
};

class XlsxFormReader final : public Reader {
 public:
  std::string name() const override { return "xlsx-form"; }
  std::string version() const override { return "1.0"; }
  Message description() const override {
    return {"Đọc biểu mẫu Excel (.xlsx) đơn vị đã điền", "reads filled-in Excel forms (.xlsx)"};
  }
  std::vector<Rule> rules() const override {
    return {kFormNotXlsx,     kFormEncrypted,       kFormUnreadable,  kFormUnsafeArchive,
            kFormNotAForm,    kFormIdentityDamaged, kFormPlanVersion, kFormRowMoved,
            kFormRowMissing,  kFormRowDuplicated,   kFormBadDate,     kFormBadText,
            kFormFormulaValue};
  }

  // Excel workbooks by name (also .xls and .ods, to tell the sender to save as .xlsx), and
  // files of any other name that are zips or old Office compound files.
  ReaderClaim claim() const override {
    return {{"xlsx", "xlsm", "xls", "ods"}, {"PK\x03\x04", std::string(kOleMagic)}};
  }

  ReadResult read(const std::string& file, std::string_view bytes,
                  const Plan& plan) const override {
    // The limits keep a form's memory small; should one still not fit, the sender is told
    // in words, not with a library's "std::bad_alloc".
    try {
      return read_form(file, bytes, plan);
    } catch (const std::bad_alloc&) {
      ReadResult out;
      out.findings.push_back(file_finding(
          kFormUnsafeArchive, file, 0, 0,
          "tệp .xlsx quá lớn để đọc (không đủ bộ nhớ); xóa các trang, ô không thuộc biểu mẫu "
          "hoặc điền lại vào biểu mẫu gốc rồi gửi lại",
          "the .xlsx file is too large to read (out of memory); remove sheets and cells that "
          "are not part of the form, or fill in the original form again",
          name()));
      return out;
    }
  }

 private:
  ReadResult read_form(const std::string& file, std::string_view bytes, const Plan& plan) const {
    ReadResult out;
    auto fail = [&](const Rule& rule, int line, int col, std::string vi, std::string en) {
      out.findings.push_back(
          file_finding(rule, file, line, col, std::move(vi), std::move(en), name()));
    };
    if (bytes.starts_with(kOleMagic)) {
      // An Office compound file: an .xls, or an .xlsx saved with a password (Excel wraps
      // those in a compound file with an "EncryptedPackage" stream).
      const std::string_view kEncrypted("E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0", 32);
      if (bytes.find(kEncrypted) != std::string_view::npos)
        fail(kFormEncrypted, 0, 0,
             "biểu mẫu được đặt mật khẩu nên không đọc được; mở tệp, bỏ mật khẩu (Tệp → Thông "
             "tin → Bảo vệ sổ làm việc) rồi lưu và gửi lại",
             "the form is password-protected; remove the password and send it again");
      else
        fail(kFormNotXlsx, 0, 0,
             "tệp Excel 97-2003 (.xls) hoặc tài liệu Office đời cũ: tuanthu chỉ đọc biểu mẫu "
             ".xlsx; mở bằng Excel hoặc LibreOffice, chọn Lưu thành → Sổ làm việc Excel (.xlsx) "
             "rồi gửi lại",
             "an Excel 97-2003 (.xls) or older Office file: save it as an Excel workbook (.xlsx) "
             "and send it again");
      return out;
    }
    // What the unit must fix goes into its letter: the findings name the unit when the
    // identity says which (and the plan knows it), or else when the file carries the name
    // `tuanthu forms` gave that unit's form, so a damaged form is not "nothing received".
    std::string unit;
    {
      std::vector<std::string> ids;
      for (const Unit& u : plan.units) ids.push_back(u.id);
      const std::string base = std::filesystem::path(file).filename().string();
      const auto names = form::file_names(ids, "xlsx");
      for (size_t i = 0; i < names.size(); ++i)
        if (names[i] == base) unit = ids[i];
    }
    auto attribute = [&]() -> ReadResult& {
      if (!unit.empty())
        for (Finding& f : out.findings)
          if (f.unit.empty()) f.unit = unit;
      return out;
    };
    xlsx::Package pkg(bytes);
    auto package_failed = [&] {
      const auto& p = *pkg.problem();
      using K = xlsx::Problem::Kind;
      const Rule& rule = p.kind == K::NotXlsx     ? kFormNotXlsx
                         : p.kind == K::Encrypted ? kFormEncrypted
                         : p.kind == K::Unsafe    ? kFormUnsafeArchive
                                                  : kFormUnreadable;
      fail(rule, 0, 0, p.vi, p.en);
      return attribute();
    };
    if (pkg.problem()) return package_failed();

    if (!pkg.has_sheet(form::kIdentitySheet)) {
      fail(kFormNotAForm, 0, 0,
           "bảng tính không có trang nhận dạng \"" + std::string(form::kIdentitySheet) +
               "\" của biểu mẫu: có thể nội dung đã được chép sang một tệp khác, hoặc đây không "
               "phải biểu mẫu do tuanthu lập; điền vào đúng tệp biểu mẫu đã nhận rồi gửi lại",
           "the workbook has no \"" + std::string(form::kIdentitySheet) +
               "\" identity sheet: not a tuanthu form, or its content was copied into another "
               "workbook; fill in the form file you received");
      return attribute();
    }
    const std::string where = "(trang \"" + std::string(form::kIdentitySheet) + "\")";
    auto damaged = [&](std::string vi, std::string en, int line = 0) {
      fail(kFormIdentityDamaged, line, 0,
           "nhận dạng của biểu mẫu " + where + " bị hỏng: " + vi +
               "; không đọc biểu mẫu này, đề nghị đơn vị điền lại vào biểu mẫu gốc",
           "the form's identity is damaged: " + en +
               "; the form is not read: fill in the original form again");
    };
    // Two sheets of one name (a copy, or one whose name differs only in its Unicode form or
    // case, hidden): which one is the unit's is unknown, so neither is read.
    auto twice = [&](std::string_view sheet) {
      damaged("sổ làm việc có " + std::to_string(pkg.sheet_count(sheet)) + " trang cùng tên \"" +
                  xlsx::shown(sheet) + "\" (có thể có trang ẩn)",
              "the workbook has " + std::to_string(pkg.sheet_count(sheet)) + " sheets named \"" +
                  xlsx::shown(sheet) + "\" (some may be hidden)");
      return attribute();
    };
    if (pkg.sheet_count(form::kIdentitySheet) > 1) return twice(form::kIdentitySheet);
    const auto id_sheet = pkg.cells(form::kIdentitySheet);
    if (!id_sheet) return package_failed();
    if (!id_sheet->repeated.empty()) {
      damaged("ô " + id_sheet->repeated + " được ghi hai lần",
              "cell " + id_sheet->repeated + " is written twice");
      return attribute();
    }
    const xlsx::Cells* id_cells = &id_sheet->cells;
    const Reading reading{pkg, plan.number_style};
    const Reading plain{pkg, NumberStyle::English};
    auto id_text = [&](std::uint32_t r, std::uint32_t c) {
      const auto it = id_cells->find({r, c});
      return it == id_cells->end() ? std::string() : clean(plain.text(it->second, std::nullopt));
    };

    // ---- the identity ---------------------------------------------------------------
    std::map<std::string, std::string> head;
    std::set<std::string> head_twice;
    std::optional<std::uint32_t> header_row;
    std::uint32_t last_row = 0;
    for (const auto& [rc, cell] : *id_cells) last_row = std::max(last_row, rc.first);
    // Only rows that hold cells are visited (a hostile sheet may name row 1,048,576).
    std::set<std::uint32_t> id_rows;
    for (const auto& [rc, cell] : *id_cells) id_rows.insert(rc.first);
    for (const std::uint32_t r : id_rows) {
      const std::string a = id_text(r, 0);
      if (a == form::kHeaderTask && id_text(r, 1) == form::kHeaderRequirement) {
        header_row = r;
        break;
      }
      if (a.empty()) continue;
      if (head.count(a))
        head_twice.insert(a);
      else
        head[a] = id_text(r, 1);
    }
    if (!head[std::string(form::kRowFormat)].starts_with("urn:tuanthu:form:")) {
      fail(kFormNotAForm, 0, 0,
           "trang \"" + std::string(form::kIdentitySheet) +
               "\" không mang nhận dạng biểu mẫu tuanthu; điền vào đúng tệp biểu mẫu đã nhận rồi "
               "gửi lại",
           "the \"tuanthu\" sheet does not identify a tuanthu form");
      return attribute();
    }
    // A row of the identity given twice (a second `unit`): which one holds is unknown.
    for (const std::string_view k : {form::kRowFormat, form::kRowPlan, form::kRowPlanVersion,
                                     form::kRowUnit, form::kRowPeriod, form::kRowFormVersion})
      if (head_twice.count(std::string(k))) {
        damaged("dòng " + std::string(k) + " có hai lần",
                "row " + std::string(k) + " is given twice");
        return attribute();
      }
    if (head[std::string(form::kRowFormat)] != form::kFormat ||
        head[std::string(form::kRowFormVersion)] != form::kFormVersion) {
      damaged("biểu mẫu theo định dạng " + xlsx::shown(head[std::string(form::kRowFormat)]) +
                  " phiên bản " + xlsx::shown(head[std::string(form::kRowFormVersion)]) +
                  ", phiên bản tuanthu này chưa đọc được",
              "format " + xlsx::shown(head[std::string(form::kRowFormat)]) + " version " +
                  xlsx::shown(head[std::string(form::kRowFormVersion)]) +
                  " is not known to this tuanthu");
      return attribute();
    }
    std::vector<std::string> lacking;
    for (std::string_view k : {form::kRowPlan, form::kRowUnit, form::kRowPeriod})
      if (head[std::string(k)].empty()) lacking.emplace_back(k);
    if (!header_row)
      lacking.push_back(std::string(form::kHeaderTask) + " | " +
                        std::string(form::kHeaderRequirement) + " | " +
                        std::string(form::kHeaderCell));
    if (!lacking.empty()) {
      std::string list;
      for (const auto& l : lacking) list += (list.empty() ? "" : ", ") + l;
      damaged("thiếu dòng " + list, "missing row(s) " + list);
      return attribute();
    }
    Report r;
    r.file = file;
    r.plan = head[std::string(form::kRowPlan)];
    r.unit = head[std::string(form::kRowUnit)];
    r.period = head[std::string(form::kRowPeriod)];
    const bool our_plan = r.plan == plan.id;
    if (our_plan && plan.find_unit(r.unit)) unit = r.unit;
    if (our_plan && head[std::string(form::kRowPlanVersion)] != plan.version)
      fail(kFormPlanVersion, 0, 0,
           "biểu mẫu lập theo phiên bản \"" +
               xlsx::shown(head[std::string(form::kRowPlanVersion)]) +
               "\" của kế hoạch, kế hoạch hiện là phiên bản \"" + plan.version +
               "\"; các yêu cầu có thể đã thay đổi, nên gửi đơn vị biểu mẫu mới",
           "the form was made for plan version \"" +
               xlsx::shown(head[std::string(form::kRowPlanVersion)]) +
               "\", the plan is version \"" + plan.version + "\"");

    // The cell map; a malformed or repeated row is reported and skipped, never guessed.
    std::vector<MapRow> map;
    std::map<std::pair<std::string, std::string>, int> seen;
    // Bad rows are one finding per form, the first quoted and the others counted: a hostile
    // identity of 60,000 bad rows is one finding, not 60,000.
    std::size_t bad_rows = 0;
    std::string first_bad_vi, first_bad_en;
    int first_bad_line = 0;
    std::uint32_t map_rows = 0;
    for (auto row_it = id_rows.upper_bound(*header_row); row_it != id_rows.end(); ++row_it) {
      const std::uint32_t row = *row_it;
      MapRow m{id_text(row, 0), id_text(row, 1), id_text(row, 2), row, {}};
      if (m.task.empty() && m.requirement.empty() && m.cell_text.empty()) continue;
      if (++map_rows > kMaxIdentityRows) {
        damaged("bảng ô nhập có hơn " + text::format_count(kMaxIdentityRows) +
                    " dòng (xem docs/limits.md)",
                "the cell map has more than " + text::format_count(kMaxIdentityRows, true) +
                    " rows (see docs/limits.md)");
        return attribute();
      }
      const int line = static_cast<int>(row) + 1;
      const auto ref = form::parse_ref(m.cell_text);
      const bool document_input = m.task.empty() && m.requirement.starts_with("document.");
      // The form maker writes every input on the form sheet; a reference elsewhere (the
      // identity sheet itself, a sheet a person added) is not an input.
      const bool on_form = ref && text::to_nfc(ref->sheet) == form::kFormSheet;
      if (!ref || !on_form || m.requirement.empty() || (m.task.empty() && !document_input)) {
        if (bad_rows++ == 0) {
          first_bad_line = line;
          first_bad_vi =
              "dòng " + std::to_string(line) + " (\"" +
              xlsx::shown(m.task + " | " + m.requirement + " | " + m.cell_text) + "\")" +
              (ref && !on_form ? " trỏ ra ngoài trang \"" + std::string(form::kFormSheet) + "\""
                               : std::string());
          first_bad_en = "row " + std::to_string(line) +
                         (ref && !on_form ? " points outside sheet \"Báo cáo\"" : std::string());
        }
        continue;
      }
      m.ref = *ref;
      ++seen[{m.task, m.requirement}];
      map.push_back(std::move(m));
    }
    if (bad_rows > 0) {
      const std::string more =
          bad_rows > 1 ? " và " + text::format_count(bad_rows - 1) + " dòng khác" : std::string();
      const std::string more_en =
          bad_rows > 1 ? " and " + text::format_count(bad_rows - 1, true) + " other row(s)"
                       : std::string();
      fail(kFormIdentityDamaged, first_bad_line, 0,
           "nhận dạng của biểu mẫu " + where + " bị hỏng ở " + first_bad_vi + more +
               "; các ô đó không được đọc, đề nghị đơn vị điền lại vào biểu mẫu gốc",
           "the form's identity is damaged at " + first_bad_en + more_en +
               "; those inputs are not read");
    }
    std::erase_if(map, [&](const MapRow& m) { return seen[{m.task, m.requirement}] > 1; });
    for (const auto& [key, count] : seen)
      if (count > 1)
        fail(kFormIdentityDamaged, 0, 0,
             "nhận dạng của biểu mẫu " + where + " bị hỏng: ô của " +
                 xlsx::shown(form::row_key(key.first, key.second)) +
                 " được khai hai lần; không đọc ô này",
             "the form's identity names " + xlsx::shown(form::row_key(key.first, key.second)) +
                 " twice; not read");

    // ---- the inputs, found by their row keys -------------------------------------------
    std::map<std::string, xlsx::Cells> sheets;
    std::set<std::string> missing_sheets;
    // Per sheet, where each wanted key is: any row, any column (a column inserted or
    // deleted moves every key sideways, as an inserted row moves them down).
    std::map<std::string, std::set<std::string>> wanted;
    for (const MapRow& m : map) wanted[m.ref.sheet].insert(form::row_key(m.task, m.requirement));
    std::map<std::string,
             std::map<std::string, std::vector<std::pair<std::uint32_t, std::uint32_t>>>>
        keys;
    int moved = 0, shifted = 0, cached_formulas = 0;
    auto requirement_of = [&](const MapRow& m) -> const Requirement* {
      if (const Task* t = our_plan && !m.task.empty() ? plan.find_task(m.task) : nullptr)
        return t->find_requirement(m.requirement);
      return nullptr;
    };
    auto label_of = [&](const MapRow& m) {
      if (m.task.empty()) return std::string(m.requirement);
      if (const Requirement* q = requirement_of(m))
        return "\"" + q->label + "\" (" + form::row_key(m.task, m.requirement) + ")";
      return xlsx::shown(form::row_key(m.task, m.requirement));
    };
    std::map<std::string, std::pair<std::string, int>> document;  // input → text, line
    // A finding about one input names its task and requirement, as the checks' do.
    auto fail_at = [&](const MapRow& m, const Rule& rule, int line, int col, std::string vi,
                       std::string en) {
      fail(rule, line, col, std::move(vi), std::move(en));
      out.findings.back().task = m.task;
      if (!m.task.empty()) out.findings.back().requirement = m.requirement;
    };
    auto other_sheets = [&] {
      std::string list;
      size_t n = 0;
      for (const auto& name : pkg.sheet_names()) {
        if (name == form::kIdentitySheet) continue;
        if (++n > 5) {
          list += ", …";
          break;
        }
        list += (list.empty() ? "\"" : ", \"") + xlsx::shown(name) + "\"";
      }
      return list;
    };
    for (const MapRow& m : map) {
      const std::string& sheet = m.ref.sheet;
      if (!sheets.count(sheet)) {
        if (!pkg.has_sheet(sheet)) {
          if (missing_sheets.insert(sheet).second) {
            const std::string names = other_sheets();
            fail(kFormRowMissing, 0, 0,
                 "trang \"" + xlsx::shown(sheet) +
                     "\" của biểu mẫu không còn (đã bị xóa hoặc đổi tên; sổ làm việc chỉ có " +
                     (names.empty() ? std::string("trang ẩn") : "trang " + names) +
                     "); các ô trên trang đó không được đọc; đổi tên trang về \"" +
                     xlsx::shown(sheet) + "\" rồi lưu và gửi lại",
                 "the form's sheet \"" + xlsx::shown(sheet) +
                     "\" is gone (deleted or renamed; the workbook has " +
                     (names.empty() ? std::string("hidden sheets only") : names) +
                     "); its inputs are not read: rename the sheet back to \"" +
                     xlsx::shown(sheet) + "\" and send it again");
          }
          continue;
        }
        if (pkg.sheet_count(sheet) > 1) return twice(sheet);
        auto loaded = pkg.cells(sheet);
        if (!loaded) return package_failed();
        if (!loaded->repeated.empty()) {
          damaged("ô " + loaded->repeated + " của trang \"" + xlsx::shown(sheet) +
                      "\" được ghi hai lần",
                  "cell " + loaded->repeated + " of sheet \"" + xlsx::shown(sheet) +
                      "\" is written twice");
          return attribute();
        }
        auto& index = keys[sheet];
        const auto& want = wanted[sheet];
        for (const auto& [rc, cell] : loaded->cells) {
          const std::string_view v = cell.value();
          if (v.empty() || v.size() > kMaxKeyBytes) continue;
          if (std::string k = clean(plain.text(cell, std::nullopt)); want.count(k))
            index[std::move(k)].push_back(rc);
        }
        sheets.emplace(sheet, std::move(loaded->cells));
      }
      const xlsx::Cells& cells = sheets.at(sheet);
      const auto& index = keys[sheet];
      const std::string key = form::row_key(m.task, m.requirement);
      const auto found = index.find(key);
      const std::string at = xlsx::shown(form::format_ref(m.ref));
      auto missing = [&](const std::string& why_vi, const std::string& why_en) {
        fail_at(m, kFormRowMissing, static_cast<int>(m.ref.row) + 1,
                static_cast<int>(m.ref.col) + 1,
                "không tìm thấy dòng của " + label_of(m) + " (ô " + at + "): " + why_vi +
                    "; nội dung này không được tính, đề nghị đơn vị điền lại vào biểu mẫu gốc",
                "the row of " + xlsx::shown(form::row_key(m.task, m.requirement)) + " (cell " + at +
                    ") " + why_en + "; nothing is credited for it");
      };
      if (found == index.end() || found->second.front().second == 0) {
        missing("dòng đã bị xóa hoặc biểu mẫu đã bị sửa cấu trúc", "is gone");
        continue;
      }
      if (found->second.size() > 1) {
        std::string rows;
        for (const auto& x : found->second)
          rows += (rows.empty() ? "" : ", ") + std::to_string(x.first + 1);
        fail_at(m, kFormRowDuplicated, static_cast<int>(found->second.front().first) + 1,
                static_cast<int>(m.ref.col) + 1,
                "dòng của " + label_of(m) + " xuất hiện " + std::to_string(found->second.size()) +
                    " lần trên trang \"" + xlsx::shown(sheet) + "\" (dòng " + rows +
                    "); không biết số liệu nào là đúng nên không tính, đề nghị đơn vị xóa dòng "
                    "thừa hoặc điền lại vào biểu mẫu gốc",
                "the row of " + xlsx::shown(form::row_key(m.task, m.requirement)) + " appears " +
                    std::to_string(found->second.size()) + " times (rows " + rows +
                    "); nothing is credited for it");
        continue;
      }
      const std::uint32_t row = found->second.front().first;
      const std::uint32_t col = found->second.front().second - 1;  // the input, left of its key
      const Requirement* q = requirement_of(m);
      if (row != m.ref.row || col != m.ref.col) {
        // The key alone does not say a row is the requirement's (a key is easy to copy onto
        // another row): a moved row must still carry its requirement's label.
        if (q) {
          // As the form maker writes it (plugins/xlsx-form-maker), in a cell left of the
          // input (a column may have been inserted between them), compared NFC, case and
          // white space folded.
          const std::string plain_label = text::match_key(q->label);
          const std::string optional_label = text::match_key(q->label + " (không bắt buộc)");
          bool same = false;
          for (auto l = cells.lower_bound({row, 0});
               !same && l != cells.end() && l->first.first == row && l->first.second < col; ++l) {
            if (l->second.value().size() > kMaxLabelBytes) continue;
            const std::string label = text::match_key(clean(plain.text(l->second, std::nullopt)));
            same = label == plain_label || label == optional_label;
          }
          if (!same) {
            missing("mã dòng nằm ở dòng " + std::to_string(row + 1) +
                        " nhưng dòng đó không mang nội dung \"" + xlsx::shown(q->label) + "\"",
                    "is not found: its key is on row " + std::to_string(row + 1) +
                        ", which does not carry the requirement's label");
            continue;
          }
        }
        if (row != m.ref.row) ++moved;
        if (col != m.ref.col) ++shifted;
      }
      std::optional<RequirementKind> kind;
      if (m.requirement == form::kDocumentDate) kind = RequirementKind::Date;
      if (q) kind = q->kind;
      const auto it = cells.find({row, col});
      std::string value = it == cells.end() ? std::string() : clean(reading.text(it->second, kind));
      const int line = static_cast<int>(row) + 1;
      const std::string cell_at = xlsx::shown(form::format_ref(form::CellRef{sheet, row, col}));
      if (it != cells.end() && it->second.formula && it->second.type != xlsx::Cell::Type::Formula)
        ++cached_formulas;
      if (it != cells.end() && it->second.type == xlsx::Cell::Type::Formula)
        fail_at(m, kFormFormulaValue, line, static_cast<int>(col) + 1,
                "ô " + cell_at + " (" + label_of(m) +
                    ") chứa công thức chưa được tính nên không có giá trị; mở tệp bằng Excel "
                    "hoặc LibreOffice, lưu lại rồi gửi lại (hoặc gõ số liệu thay cho công thức)",
                "cell " + cell_at +
                    " holds a formula with no computed value; open and save the file in Excel "
                    "or LibreOffice (or type the value) and send it again");
      if (it != cells.end() && it->second.replaced > 0)
        fail_at(m, kFormBadText, line, static_cast<int>(col) + 1,
                "ô " + cell_at + " (" + label_of(m) + ") chứa " +
                    text::format_count(it->second.replaced) +
                    " ký tự không được phép trong báo cáo (đầu tiên " +
                    text::code_point_label(it->second.first_replaced) +
                    "); đã thay bằng \"�\", đề nghị đơn vị gõ lại ô này",
                "cell " + cell_at + " holds " + text::format_count(it->second.replaced, true) +
                    " character(s) a report may not hold (first " +
                    text::code_point_label(it->second.first_replaced) + "); replaced by \"�\"");
      if (const size_t chars = text::length(value); chars > kMaxValueChars) {
        value = std::string(text::cut(value, kMaxValueChars)) + "…";
        fail_at(m, kFormBadText, line, static_cast<int>(col) + 1,
                "ô " + cell_at + " dài " + text::format_count(chars) + " ký tự, quá giới hạn " +
                    text::format_count(kMaxValueChars) + "; chỉ đọc phần đầu",
                "cell " + cell_at + " is " + text::format_count(chars, true) +
                    " characters long, over the limit of " +
                    text::format_count(kMaxValueChars, true) + "; only its beginning is read");
      }
      if (m.task.empty()) {
        document[m.requirement] = {value, line};
        continue;
      }
      if (value.empty()) continue;  // unfilled: the checks say what is missing
      ReportTask* task = nullptr;
      for (auto& t : r.tasks)
        if (t.ref == m.task) task = &t;
      if (!task) {
        r.tasks.push_back(ReportTask{m.task, {}, line});
        task = &r.tasks.back();
      }
      ReportValue v;
      v.ref = m.requirement;
      v.text = std::move(value);
      v.line = line;
      task->values.push_back(std::move(v));
    }
    if (moved > 0)
      fail(kFormRowMoved, 0, 0,
           std::to_string(moved) +
               " dòng của biểu mẫu đã bị chèn, xóa hoặc di chuyển; tuanthu đã đọc đúng ô theo mã "
               "dòng, nhưng lần sau đề nghị đơn vị không thêm, xóa dòng trong biểu mẫu",
           std::to_string(moved) +
               " input row(s) were moved (rows inserted or deleted); read by "
               "their row keys");
    if (shifted > 0)
      fail(kFormRowMoved, 0, 0,
           "các cột của biểu mẫu đã bị chèn hoặc xóa (" + std::to_string(shifted) +
               " ô nhập lệch cột); tuanthu đã đọc đúng ô theo mã dòng, nhưng lần sau đề nghị đơn "
               "vị không thêm, xóa cột (xóa cột đã chèn, hoặc dùng Hoàn tác) trong biểu mẫu",
           "columns of the form were inserted or deleted (" + std::to_string(shifted) +
               " input(s) shifted sideways); read by their row keys; do not insert or delete "
               "columns (delete the inserted column, or undo)");
    // Every form asks to be recalculated (libxlsxwriter writes fullCalcOnLoad): it matters
    // only where an input holds a formula whose stored result is what is read.
    if (pkg.recalc_on_load() && cached_formulas > 0)
      fail(kFormFormulaValue, 0, 0,
           std::to_string(cached_formulas) +
               " ô nhập chứa công thức, mà sổ làm việc yêu cầu tính lại công thức khi mở, nên "
               "giá trị đang lưu trong các ô đó có thể đã cũ; mở tệp bằng Excel hoặc LibreOffice, "
               "lưu lại rồi gửi lại",
           std::to_string(cached_formulas) +
               " input cell(s) hold formulas and the workbook asks to be recalculated when "
               "opened, so their stored values may be stale; open and save it in Excel or "
               "LibreOffice and send it "
               "again");
    // ---- the report's own document ----------------------------------------------------
    if (!document.empty()) {
      Document& d = r.document;
      d.present = true;
      d.kind = "BC";
      d.line = 0;
      for (const auto& [k, v] : document)
        if (!v.first.empty() && (d.line == 0 || v.second < d.line)) d.line = v.second;
      const std::string number = document[std::string(form::kDocumentNumber)].first;
      // "Số: 245/BC-UBND" → 245/BC-UBND; anything else is kept as written for the check.
      const auto ref = text::parse_document_reference(number);
      d.number = ref.number.empty() ? number : ref.number;
      const auto& [date_text, date_line] = document[std::string(form::kDocumentDate)];
      d.date_text = date_text;
      if (!date_text.empty()) {
        d.date = text::parse_date(date_text);
        if (!d.date)
          fail(kFormBadDate, date_line, 0,
               "ngày ban hành \"" + xlsx::shown(date_text) +
                   "\" của văn bản báo cáo không đọc được; ghi ngày/tháng/năm, ví dụ 03/11/2025",
               "the report's document date \"" + xlsx::shown(date_text) + "\" is not a date");
      }
      d.signer = document[std::string(form::kDocumentSigner)].first;
      d.signer_title = document[std::string(form::kDocumentSignerTitle)].first;
      // The form was made for this unit and names it as the issuer in its header.
      if (const Unit* u = our_plan ? plan.find_unit(r.unit) : nullptr) d.issuer = u->name;
    }
    // What the form's unit must fix goes into its letter: the findings name the unit.
    if (our_plan && plan.find_unit(r.unit))
      for (Finding& f : out.findings) f.unit = r.unit;
    out.report = std::move(r);
    return out;
  }
};

}  // namespace

TUANTHU_PLUGIN(XlsxFormReader)
