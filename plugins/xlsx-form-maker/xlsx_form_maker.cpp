// Form maker plugin `xlsx-form-maker`: the blank form (biểu mẫu) a unit fills in Excel or
// LibreOffice for one period, asking exactly what the plan asks of it: its tasks, its role
// in each, every requirement that applies to that role. The identity sheet (`tuanthu`,
// tuanthu/form.hpp) lets the `xlsx-form` reader read the filled form back as a report.
#include <xlsxwriter.h>
#include <zip.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <string>
#include <vector>

#include "tuanthu/form.hpp"
#include "tuanthu/plugin.hpp"
#include "tuanthu/text.hpp"

namespace {

using namespace tuanthu;

// Column layout of the form sheet: STT, what is asked, unit of measure, target, the input,
// and (hidden) the input's row key, right of the input as form version 1 says.
constexpr lxw_col_t kColStt = 0, kColLabel = 1, kColMeasure = 2, kColTarget = 3, kColInput = 4,
                    kColKey = 5;
constexpr double kWidthStt = 7, kWidthLabel = 46, kWidthMeasure = 11, kWidthTarget = 12,
                 kWidthInput = 52;
constexpr double kLineHeight = 16.5;    // points per line of 12 pt Times New Roman
constexpr double kMinInputLines = 1.3;  // an input row has room to type in

void ok(lxw_error e, const char* what) {
  if (e != LXW_NO_ERROR)
    throw Error(std::string("lỗi khi ghi biểu mẫu Excel (") + what + "): " + lxw_strerror(e),
                std::string("cannot write the Excel form (") + what + "): " + lxw_strerror(e));
}

class Book {
 public:
  explicit Book(const std::string& file) {
    wb_ = workbook_new(file.c_str());
    if (!wb_)
      throw Error("không tạo được tệp Excel " + file, "cannot create the Excel file " + file);
  }
  ~Book() {
    if (wb_) lxw_workbook_free(wb_);  // only on failure; close() hands it over
  }
  Book(const Book&) = delete;
  Book& operator=(const Book&) = delete;
  lxw_workbook* wb() { return wb_; }
  lxw_worksheet* sheet(const std::string& name) {
    lxw_worksheet* ws = workbook_add_worksheet(wb_, name.c_str());
    if (!ws) throw Error("không tạo được trang " + name, "cannot create the sheet " + name);
    return ws;
  }
  lxw_format* format() {
    lxw_format* f = workbook_add_format(wb_);
    if (!f) throw Error("không tạo được định dạng ô", "cannot create a cell format");
    format_set_font_name(f, "Times New Roman");
    format_set_font_size(f, 12);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    return f;
  }
  void close() {
    lxw_workbook* wb = wb_;
    wb_ = nullptr;
    ok(workbook_close(wb), "workbook_close");
  }

 private:
  lxw_workbook* wb_ = nullptr;
};

// Every format is created once per workbook.
struct Formats {
  lxw_format *top_left, *top_right, *title, *subtitle, *center, *center_bold, *heading, *note,
      *header, *letter, *section, *task, *stt, *label, *measure, *target, *in_text, *in_long,
      *in_number, *in_date, *key, *sign_bold, *sign_italic, *id_text;

  explicit Formats(Book& b) {
    top_left = b.format();
    format_set_italic(top_left);
    format_set_text_wrap(top_left);
    top_right = b.format();
    format_set_bold(top_right);
    format_set_text_wrap(top_right);
    title = b.format();
    format_set_bold(title);
    format_set_font_size(title, 14);
    format_set_align(title, LXW_ALIGN_CENTER);
    subtitle = b.format();
    format_set_bold(subtitle);
    format_set_text_wrap(subtitle);
    format_set_align(subtitle, LXW_ALIGN_CENTER);
    center = b.format();
    format_set_italic(center);
    format_set_text_wrap(center);
    format_set_align(center, LXW_ALIGN_CENTER);
    center_bold = b.format();
    format_set_bold(center_bold);
    format_set_text_wrap(center_bold);
    format_set_align(center_bold, LXW_ALIGN_CENTER);
    heading = b.format();
    format_set_bold(heading);
    note = b.format();
    format_set_text_wrap(note);
    auto bordered = [&] {
      lxw_format* f = b.format();
      format_set_border(f, LXW_BORDER_THIN);
      return f;
    };
    header = bordered();
    format_set_bold(header);
    format_set_text_wrap(header);
    format_set_align(header, LXW_ALIGN_CENTER);
    format_set_align(header, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bg_color(header, 0xD9E1F2);
    letter = bordered();
    format_set_italic(letter);
    format_set_align(letter, LXW_ALIGN_CENTER);
    section = bordered();
    format_set_bold(section);
    format_set_text_wrap(section);
    task = bordered();
    format_set_bold(task);
    format_set_text_wrap(task);
    format_set_bg_color(task, 0xEDEDED);
    stt = bordered();
    format_set_align(stt, LXW_ALIGN_CENTER);
    label = bordered();
    format_set_text_wrap(label);
    measure = bordered();
    format_set_text_wrap(measure);
    format_set_align(measure, LXW_ALIGN_CENTER);
    target = bordered();
    format_set_align(target, LXW_ALIGN_CENTER);
    // Inputs: unlocked (the rest of the sheet is protected), tinted so they stand out.
    auto input = [&] {
      lxw_format* f = bordered();
      format_set_unlocked(f);
      format_set_bg_color(f, 0xFFF2CC);
      return f;
    };
    in_text = input();
    format_set_num_format(in_text, "@");  // "12/11" stays text, never becomes a date
    format_set_text_wrap(in_text);
    in_long = input();
    format_set_num_format(in_long, "@");
    format_set_text_wrap(in_long);
    in_number = input();  // General: 12, 1234, 98,5 are shown as typed in the user's locale
    in_date = input();
    format_set_num_format(in_date, "dd/mm/yyyy");
    format_set_align(in_date, LXW_ALIGN_LEFT);
    key = b.format();
    sign_bold = b.format();
    format_set_bold(sign_bold);
    format_set_align(sign_bold, LXW_ALIGN_CENTER);
    sign_italic = b.format();
    format_set_italic(sign_italic);
    format_set_align(sign_italic, LXW_ALIGN_CENTER);
    id_text = b.format();
    format_set_num_format(id_text, "@");
  }
};

// Lines a text needs in a wrapped cell `width` characters wide.
double lines_for(const std::string& s, double width) {
  return text::wrapped_lines(s, width * 0.9);
}

class Sheet {
 public:
  explicit Sheet(lxw_worksheet* ws) : ws_(ws) {}
  lxw_worksheet* ws() { return ws_; }
  void str(lxw_row_t r, lxw_col_t c, const std::string& s, lxw_format* f) {
    if (s.empty())
      ok(worksheet_write_blank(ws_, r, c, f), "write_blank");
    else
      ok(worksheet_write_string(ws_, r, c, s.c_str(), f), "write_string");
  }
  void merge(lxw_row_t r, lxw_col_t c1, lxw_col_t c2, const std::string& s, lxw_format* f) {
    ok(worksheet_merge_range(ws_, r, c1, r, c2, s.c_str(), f), "merge_range");
  }
  void height(lxw_row_t r, double lines) {
    if (lines > 1)
      ok(worksheet_set_row(ws_, r, std::min(409.0, kLineHeight * lines), nullptr), "set_row");
  }
  void validate(lxw_row_t r, lxw_col_t c, lxw_data_validation& v) {
    ok(worksheet_data_validation_cell(ws_, r, c, &v), "data_validation");
  }

 private:
  lxw_worksheet* ws_;
};

// "≥ 100%", "= 0", "≤ 5": the plan's target as the form shows it.
std::string target_text(const Requirement& r) {
  if (!r.target) return {};
  static const char* kOps[] = {"≥ ", "≤ ", "= ", "> ", "< "};
  return kOps[static_cast<int>(r.target->op)] + text::format_number_vi(r.target->value) +
         (r.kind == RequirementKind::Percent ? "%" : "");
}

std::string measure_text(const Requirement& r) {
  if (r.kind == RequirementKind::Percent) return "%";
  return r.measure;
}

// "Kế hoạch số 12/KH-UBND ngày 14/10/2024 của Ủy ban nhân dân Quận 12".
std::string plan_reference(const Plan& plan) {
  const Document& d = plan.document;
  std::string s = d.kind == "QĐ" ? "Quyết định" : "Kế hoạch";
  if (!d.number.empty()) s += " số " + d.number;
  if (d.date) s += " ngày " + d.date->vi();
  if (!d.issuer.empty()) s += " của " + d.issuer;
  return s;
}

// "năm 2025", "6 tháng đầu năm 2025", "quý III năm 2025", "tháng 7 năm 2025".
std::string period_words(const Period& p) {
  static const char* kRoman[] = {"", "I", "II", "III", "IV"};
  const std::string y = std::to_string(p.year);
  switch (p.frequency) {
    case Frequency::Annual:
      return "năm " + y;
    case Frequency::Semiannual:
      return (p.index == 1 ? "6 tháng đầu năm " : "6 tháng cuối năm ") + y;
    case Frequency::Quarterly:
      return std::string("quý ") + kRoman[std::clamp(p.index, 1, 4)] + " năm " + y;
    case Frequency::Monthly:
      return "tháng " + std::to_string(p.index) + " năm " + y;
  }
  return y;
}

// The deadline as the plan means it: a report on the due day is on time ("chậm nhất
// ngày 05/11/2025") or it is not ("trước ngày 05/11/2025").
std::string deadline_words(const Plan& plan, const Expectation& e) {
  if (!e.due) return "theo quy định của kế hoạch";
  return (plan.cycle.due_inclusive ? "chậm nhất ngày " : "trước ngày ") + e.due->vi();
}

lxw_data_validation validation(uint8_t type, const char* title, const std::string& message) {
  lxw_data_validation v{};
  v.validate = type;
  v.input_title = const_cast<char*>(title);
  v.input_message = const_cast<char*>(message.c_str());
  v.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;  // the person may still keep what they typed
  return v;
}

class XlsxFormMaker final : public FormMaker {
 public:
  std::string name() const override { return "xlsx-form-maker"; }
  std::string version() const override { return "1.0"; }
  Message description() const override {
    return {"Lập biểu mẫu Excel cho từng đơn vị điền báo cáo", "per-unit Excel forms to fill in"};
  }
  std::string extension() const override { return "xlsx"; }

  void write(const FormContext& ctx, const std::filesystem::path& target) const override {
    {
      Book book(target.string());
      lxw_doc_properties props{};
      const std::string title = "Biểu mẫu báo cáo " + period_words(ctx.expectation.period) + " — " +
                                ctx.plan.display_name(ctx.unit.unit);
      props.title = const_cast<char*>(title.c_str());
      props.author = const_cast<char*>("tuanthu");
      props.company = const_cast<char*>(ctx.plan.document.issuer.c_str());
      // Fixed, so that the same plan and period give the same bytes: the plan's own date.
      const auto& issued = ctx.plan.document.date;
      props.created = static_cast<time_t>(
          (issued ? *issued : ctx.expectation.period.first_day()).days() * 86400L);
      ok(workbook_set_properties(book.wb(), &props), "set_properties");
      Formats fm(book);
      lxw_worksheet* form_ws = book.sheet(std::string(form::kFormSheet));
      lxw_worksheet* id_ws = book.sheet(std::string(form::kIdentitySheet));
      std::vector<std::pair<form::Input, lxw_row_t>> cells;
      write_form(ctx, fm, Sheet(form_ws), cells);
      write_identity(ctx, fm, Sheet(id_ws), cells);
      worksheet_activate(form_ws);
      worksheet_hide(id_ws);  // "hidden" here; made "veryHidden" below
      book.close();
    }
    make_very_hidden(target);
  }

 private:
  void write_form(const FormContext& ctx, const Formats& fm, Sheet s,
                  std::vector<std::pair<form::Input, lxw_row_t>>& cells) const {
    const Plan& plan = ctx.plan;
    const Unit* unit = plan.find_unit(ctx.unit.unit);
    const std::string unit_name = unit ? unit->name : ctx.unit.unit;
    const Unit* to = plan.find_unit(plan.cycle.to);
    const std::string receiver = to ? to->name : plan.cycle.to;
    const std::string deadline = deadline_words(plan, ctx.expectation);
    lxw_worksheet* ws = s.ws();

    ok(worksheet_set_column(ws, kColStt, kColStt, kWidthStt, nullptr), "set_column");
    ok(worksheet_set_column(ws, kColLabel, kColLabel, kWidthLabel, nullptr), "set_column");
    ok(worksheet_set_column(ws, kColMeasure, kColMeasure, kWidthMeasure, nullptr), "set_column");
    ok(worksheet_set_column(ws, kColTarget, kColTarget, kWidthTarget, nullptr), "set_column");
    ok(worksheet_set_column(ws, kColInput, kColInput, kWidthInput, nullptr), "set_column");
    lxw_row_col_options hidden{};
    hidden.hidden = 1;
    ok(worksheet_set_column_opt(ws, kColKey, kColKey, 20, nullptr, &hidden), "set_column");
    const double left_width = kWidthStt + kWidthLabel;
    const double right_width = kWidthMeasure + kWidthTarget + kWidthInput;
    const double full_width = left_width + right_width;

    lxw_row_t r = 0;
    // Header: the form's authority on the left, who reports to whom on the right.
    const std::string issued_with = "Ban hành kèm theo " + plan_reference(plan);
    const std::string from = "Đơn vị báo cáo: " + unit_name;
    s.height(r, std::max(lines_for(issued_with, left_width), lines_for(from, right_width)));
    s.merge(r, kColStt, kColLabel, issued_with, fm.top_left);
    s.merge(r, kColMeasure, kColInput, from, fm.top_right);
    ++r;
    const std::string received = "Ngày nhận báo cáo: " + deadline;
    const std::string to_line = "Đơn vị nhận báo cáo: " + receiver;
    s.height(r, std::max(lines_for(received, left_width), lines_for(to_line, right_width)));
    s.merge(r, kColStt, kColLabel, received, fm.top_left);
    s.merge(r, kColMeasure, kColInput, to_line, fm.top_right);
    r += 2;
    // Title, the plan, the period and the deadline.
    s.merge(r++, kColStt, kColInput, "BÁO CÁO", fm.title);
    const std::string about = "Kết quả thực hiện " + plan_reference(plan);
    s.height(r, lines_for(about, full_width));
    s.merge(r++, kColStt, kColInput, about, fm.subtitle);
    if (!plan.document.title.empty()) {
      s.height(r, lines_for(plan.document.title, full_width));
      s.merge(r++, kColStt, kColInput, plan.document.title, fm.center);
    }
    s.merge(r++, kColStt, kColInput, "Kỳ báo cáo: " + period_words(ctx.expectation.period),
            fm.center_bold);
    const std::string due = "Hạn gửi: " + deadline + ", gửi về " + receiver;
    s.height(r, lines_for(due, full_width));
    s.merge(r++, kColStt, kColInput, due, fm.center_bold);
    ++r;
    // How to fill it in and send it.
    s.merge(r++, kColStt, kColInput, "HƯỚNG DẪN ĐIỀN VÀ GỬI BIỂU MẪU", fm.heading);
    const std::vector<std::string> guide = {
        "1. Chỉ ghi vào các ô màu vàng ở cột \"Số liệu, kết quả thực hiện\"; các ô khác đã "
        "được khóa. Bấm vào một ô vàng để xem gợi ý cách ghi.",
        "2. Số liệu ghi bằng số (ví dụ 1.234); tỷ lệ ghi số phần trăm từ 0 đến 100 (ví dụ "
        "98,5); ngày ghi theo dạng ngày/tháng/năm (ví dụ 03/11/2025). Nội dung dài xuống "
        "dòng trong ô bằng Alt+Enter.",
        "3. Văn bản kèm theo (kế hoạch, quyết định) ghi số, ký hiệu và ngày ban hành, ví dụ "
        "\"Kế hoạch số 45/KH-UBND ngày 10/02/2025\".",
        "4. Không thêm, xóa, sắp xếp lại dòng hay cột, không đổi tên trang tính và không chép "
        "nội dung sang tệp khác: chương trình đọc biểu mẫu theo đúng vị trí các ô.",
        "5. Lưu tệp ở dạng Excel (.xlsx) (trong LibreOffice: Lưu thành, chọn \"Excel 2007-365 "
        "(.xlsx)\") và gửi về " +
            receiver + " " + deadline + ", kèm văn bản báo cáo có chữ ký, đóng dấu theo quy định."};
    for (const auto& line : guide) {
      s.height(r, lines_for(line, full_width));
      s.merge(r++, kColStt, kColInput, line, fm.note);
    }
    ++r;
    // The table. Its two header rows are repeated on every printed page.
    const lxw_row_t header_row = r;
    s.height(r, 2);
    s.str(r, kColStt, "STT", fm.header);
    s.str(r, kColLabel, "Nội dung báo cáo", fm.header);
    s.str(r, kColMeasure, "Đơn vị tính", fm.header);
    s.str(r, kColTarget, "Chỉ tiêu kế hoạch", fm.header);
    s.str(r, kColInput, "Số liệu, kết quả thực hiện", fm.header);
    ++r;
    const char* letters[] = {"A", "B", "C", "D", "1"};
    for (lxw_col_t c = kColStt; c <= kColInput; ++c) s.str(r, c, letters[c], fm.letter);
    ok(worksheet_repeat_rows(ws, header_row, r), "repeat_rows");
    ++r;

    const std::vector<form::Input> inputs = form::inputs(plan, ctx.unit);
    // I. The report's own document (Nghị định 30/2020: số/ký hiệu, ngày, người ký).
    s.str(r, kColStt, "I", fm.section);
    s.merge(r++, kColLabel, kColInput, "THÔNG TIN VĂN BẢN BÁO CÁO", fm.section);
    int stt = 0;
    std::string current_task;
    bool tasks_started = false;
    for (const auto& in : inputs) {
      if (!in.req) {
        write_document_input(s, fm, r, ++stt, in);
        cells.emplace_back(in, r++);
        continue;
      }
      if (!tasks_started) {
        tasks_started = true;
        s.str(r, kColStt, "II", fm.section);
        s.merge(r++, kColLabel, kColInput, "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ ĐƯỢC GIAO", fm.section);
      }
      if (in.task != current_task) {
        current_task = in.task;
        const Task* task = plan.find_task(in.task);
        const std::string title =
            (task ? task->title : in.task) + " (đơn vị " + std::string(to_vi(in.role)) + ")";
        s.height(r, lines_for(title, full_width - kWidthStt));
        s.str(r, kColStt, in.task, fm.task);
        s.merge(r++, kColLabel, kColInput, title, fm.task);
        stt = 0;
      }
      write_requirement_input(s, fm, r, ++stt, in);
      cells.emplace_back(in, r++);
    }
    // Signatures, as official forms end.
    r += 1;
    s.merge(r, kColStt, kColLabel, "NGƯỜI LẬP BIỂU", fm.sign_bold);
    s.merge(r++, kColMeasure, kColInput, "……………, ngày …… tháng …… năm ……", fm.sign_italic);
    s.merge(r, kColStt, kColLabel, "(Ký, ghi rõ họ tên)", fm.sign_italic);
    s.merge(r++, kColMeasure, kColInput, "THỦ TRƯỞNG ĐƠN VỊ", fm.sign_bold);
    s.merge(r, kColMeasure, kColInput, "(Ký, họ tên, đóng dấu)", fm.sign_italic);

    // Print: A4 portrait, fit to the width, margins of Nghị định 30/2020, page numbers.
    worksheet_set_paper(ws, 9);
    worksheet_set_portrait(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_margins(ws, 1.18, 0.59, 0.79, 0.79);  // 30, 15, 20, 20 mm
    worksheet_center_horizontally(ws);
    ok(worksheet_print_area(ws, 0, kColStt, r, kColInput), "print_area");
    ok(worksheet_set_footer(ws, "&CTrang &P/&N"), "footer");
    // Protected without a password: inputs stay editable, rows and columns can be resized.
    lxw_protection prot{};
    prot.format_rows = 1;
    prot.format_columns = 1;
    worksheet_protect(ws, nullptr, &prot);
  }

  void write_document_input(Sheet& s, const Formats& fm, lxw_row_t r, int stt,
                            const form::Input& in) const {
    std::string label, title, message;
    lxw_format* f = fm.in_text;
    uint8_t type = LXW_VALIDATION_TYPE_ANY;
    if (in.requirement == form::kDocumentNumber) {
      label = "Số, ký hiệu văn bản báo cáo";
      title = "Số, ký hiệu";
      message = "Ghi số và ký hiệu của văn bản báo cáo, ví dụ 245/BC-UBND.";
    } else if (in.requirement == form::kDocumentDate) {
      label = "Ngày ban hành văn bản báo cáo";
      title = "Ngày ban hành";
      message = "Ghi ngày theo dạng ngày/tháng/năm, ví dụ 03/11/2025.";
      f = fm.in_date;
      type = LXW_VALIDATION_TYPE_DATE;
    } else if (in.requirement == form::kDocumentSigner) {
      label = "Người ký (họ và tên)";
      title = "Người ký";
      message = "Ghi họ và tên người ký văn bản báo cáo.";
    } else {
      label = "Chức vụ của người ký";
      title = "Chức vụ";
      message = "Ghi chức vụ của người ký, ví dụ Chủ tịch, KT. Chủ tịch - Phó Chủ tịch.";
    }
    s.str(r, kColStt, std::to_string(stt), fm.stt);
    s.str(r, kColLabel, label, fm.label);
    s.str(r, kColMeasure, type == LXW_VALIDATION_TYPE_DATE ? "ngày" : "", fm.measure);
    s.str(r, kColTarget, "", fm.target);
    s.str(r, kColInput, "", f);
    s.str(r, kColKey, form::row_key(in.task, in.requirement), fm.key);
    s.height(r, kMinInputLines);
    lxw_data_validation v = validation(type, title.c_str(), message);
    if (type == LXW_VALIDATION_TYPE_DATE) date_range(v);
    s.validate(r, kColInput, v);
  }

  void write_requirement_input(Sheet& s, const Formats& fm, lxw_row_t r, int stt,
                               const form::Input& in) const {
    const Requirement& req = *in.req;
    const std::string label = req.label + (req.optional ? " (không bắt buộc)" : "");
    s.str(r, kColStt, std::to_string(stt), fm.stt);
    s.str(r, kColLabel, label, fm.label);
    s.str(r, kColMeasure, measure_text(req), fm.measure);
    s.str(r, kColTarget, target_text(req), fm.target);
    s.str(r, kColKey, form::row_key(in.task, in.requirement), fm.key);
    double lines = std::max(kMinInputLines, lines_for(label, kWidthLabel));
    std::string message;
    const std::string measure = req.measure.empty() ? "" : " (đơn vị tính: " + req.measure + ")";
    const std::string tgt = target_text(req);
    const std::string goal = tgt.empty() ? "" : " Chỉ tiêu: " + tgt + ".";
    lxw_data_validation v{};
    switch (req.kind) {
      case RequirementKind::Narrative: {
        const int words = req.min_words.value_or(0);
        message = "Ghi kết quả thực hiện" +
                  (words > 0 ? ", ít nhất " + std::to_string(words) + " từ" : std::string()) +
                  ". Xuống dòng trong ô: Alt+Enter.";
        v = validation(LXW_VALIDATION_TYPE_ANY, "Kết quả thực hiện", message);
        s.str(r, kColInput, "", fm.in_long);
        // Tall enough to write a paragraph in: about 7 characters a word.
        lines = std::max(lines,
                         std::clamp(std::ceil(words * 7.0 / (kWidthInput * 0.9)) + 3, 6.0, 20.0));
        break;
      }
      case RequirementKind::Number:
        message = "Ghi một số, ví dụ 12 hoặc 1.234" + measure + "." + goal;
        v = validation(LXW_VALIDATION_TYPE_DECIMAL, "Số liệu", message);
        v.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
        v.value_number = 0;
        v.error_title = const_cast<char*>("Cần ghi một số");
        v.error_message = const_cast<char*>("Ô này cần một số không âm, ví dụ 12 hoặc 1.234.");
        s.str(r, kColInput, "", fm.in_number);
        break;
      case RequirementKind::Percent:
        message = "Ghi tỷ lệ phần trăm từ 0 đến 100, ví dụ 98,5." + goal;
        v = validation(LXW_VALIDATION_TYPE_DECIMAL, "Tỷ lệ (%)", message);
        v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        v.minimum_number = 0;
        v.maximum_number = 100;
        v.error_title = const_cast<char*>("Cần ghi tỷ lệ");
        v.error_message = const_cast<char*>("Ô này cần một tỷ lệ từ 0 đến 100, ví dụ 98,5.");
        s.str(r, kColInput, "", fm.in_number);
        break;
      case RequirementKind::Date:
        message = "Ghi ngày theo dạng ngày/tháng/năm, ví dụ 03/11/2025.";
        v = validation(LXW_VALIDATION_TYPE_DATE, "Ngày", message);
        date_range(v);
        s.str(r, kColInput, "", fm.in_date);
        break;
      case RequirementKind::Document:
        message =
            "Ghi số, ký hiệu và ngày ban hành, ví dụ: Kế hoạch số 45/KH-UBND ngày "
            "10/02/2025.";
        v = validation(LXW_VALIDATION_TYPE_ANY, "Văn bản", message);
        s.str(r, kColInput, "", fm.in_text);
        lines = std::max(lines, 3.0);
        break;
    }
    s.height(r, lines);
    s.validate(r, kColInput, v);
  }

  static void date_range(lxw_data_validation& v) {
    v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
    v.minimum_datetime = lxw_datetime{1990, 1, 1, 0, 0, 0};
    v.maximum_datetime = lxw_datetime{2100, 12, 31, 0, 0, 0};
    v.error_title = const_cast<char*>("Cần ghi ngày");
    v.error_message = const_cast<char*>("Ghi ngày theo dạng ngày/tháng/năm, ví dụ 03/11/2025.");
  }

  // The identity sheet (tuanthu/form.hpp): plain text cells, protected.
  void write_identity(const FormContext& ctx, const Formats& fm, Sheet s,
                      const std::vector<std::pair<form::Input, lxw_row_t>>& cells) const {
    lxw_row_t r = 0;
    auto row = [&](std::string_view a, const std::string& b, const std::string& c = {}) {
      if (!a.empty()) s.str(r, 0, std::string(a), fm.id_text);
      if (!b.empty()) s.str(r, 1, b, fm.id_text);
      if (!c.empty()) s.str(r, 2, c, fm.id_text);
      ++r;
    };
    row(form::kRowFormat, std::string(form::kFormat));
    row(form::kRowPlan, ctx.plan.id);
    row(form::kRowPlanVersion, ctx.plan.version);
    row(form::kRowUnit, ctx.unit.unit);
    row(form::kRowPeriod, ctx.expectation.period.str());
    row(form::kRowFormVersion, std::string(form::kFormVersion));
    row(form::kHeaderTask, std::string(form::kHeaderRequirement), std::string(form::kHeaderCell));
    for (const auto& [in, at] : cells)
      row(in.task, in.requirement,
          form::format_ref(form::CellRef{std::string(form::kFormSheet), at, kColInput}));
    ok(worksheet_set_column(s.ws(), 0, 2, 24, nullptr), "set_column");
    lxw_protection prot{};
    worksheet_protect(s.ws(), nullptr, &prot);
  }

  // libxlsxwriter hides a sheet as "hidden" (Format → Sheet → Unhide shows it); the
  // contract asks "veryHidden" (only the VBA editor shows it). One attribute of
  // xl/workbook.xml, rewritten in place with libzip.
  static void make_very_hidden(const std::filesystem::path& file) {
    int err = 0;
    zip_t* z = zip_open(file.c_str(), 0, &err);
    if (!z)
      throw Error("không mở lại được tệp Excel vừa ghi",
                  "cannot reopen the Excel file just written");
    struct Closer {
      zip_t* z;
      ~Closer() {
        if (z) zip_discard(z);
      }
    } closer{z};
    const zip_int64_t idx = zip_name_locate(z, "xl/workbook.xml", 0);
    zip_stat_t st;
    if (idx < 0 || zip_stat_index(z, static_cast<zip_uint64_t>(idx), 0, &st) != 0)
      throw Error("tệp Excel vừa ghi thiếu xl/workbook.xml",
                  "the Excel file just written lacks xl/workbook.xml");
    std::string xml(static_cast<size_t>(st.size), '\0');
    zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(idx), 0);
    if (!f) throw Error("không đọc lại được xl/workbook.xml", "cannot read xl/workbook.xml back");
    const zip_int64_t n = zip_fread(f, xml.data(), st.size);
    zip_fclose(f);
    if (n != static_cast<zip_int64_t>(st.size))
      throw Error("không đọc lại được xl/workbook.xml", "cannot read xl/workbook.xml back");
    const std::string from = " state=\"hidden\"", to = " state=\"veryHidden\"";
    const size_t at = xml.find(from);
    if (at == std::string::npos || xml.find(from, at + 1) != std::string::npos)
      throw Error("xl/workbook.xml không có đúng một trang ẩn",
                  "xl/workbook.xml has not exactly one hidden sheet");
    xml.replace(at, from.size(), to);
    zip_source_t* src = zip_source_buffer(z, xml.data(), xml.size(), 0);
    if (!src || zip_file_replace(z, static_cast<zip_uint64_t>(idx), src, 0) != 0) {
      if (src) zip_source_free(src);
      throw Error(std::string("không ghi được xl/workbook.xml: ") + zip_strerror(z),
                  std::string("cannot write xl/workbook.xml: ") + zip_strerror(z));
    }
    zip_file_set_mtime(z, static_cast<zip_uint64_t>(idx), st.mtime, 0);
    closer.z = nullptr;
    if (zip_close(z) != 0) {
      const std::string why = zip_strerror(z);
      zip_discard(z);
      throw Error("không ghi được tệp Excel: " + why, "cannot write the Excel file: " + why);
    }
  }
};

}  // namespace

TUANTHU_PLUGIN(XlsxFormMaker)
