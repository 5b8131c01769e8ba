// Writer plugin `xlsx-report`: the consolidated workbook the lead office sends upward.
// Sheets: Tổng quan, Theo nhiệm vụ, Tình hình nộp, Ma trận, Chỉ tiêu, Phát hiện,
// Chi tiết kết quả. Reads only the status model, the submissions and the findings.
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tuanthu/message.hpp"
#include "tuanthu/parallel.hpp"
#include "tuanthu/plugin.hpp"
#include "tuanthu/text.hpp"

namespace {

using namespace tuanthu;

// Excel's limit for one cell (UTF-16 code units); narratives are split below it in "Chi
// tiết kết quả", and any other text longer than this is cut by Sheet::str with kCutMarker.
constexpr size_t kCellMax = 32767;
constexpr std::string_view kCutMarker =
    "… [đã cắt: một ô Excel chứa tối đa 32.767 ký tự; xem đầy đủ trong tệp JSON]";
// Excel's last row: a sheet that would pass it ends with a note instead (Sheet::room).
constexpr lxw_row_t kMaxRows = 1048576;
constexpr size_t kChunk = 32000;
// Above this many units every sheet is written in constant-memory mode (rows strictly in
// order, no merges: this writer never merges).
constexpr size_t kConstantMemoryUnits = 1000;
constexpr size_t kMaxUnitsInBarChart = 60;

class Book {
 public:
  Book(const std::string& file, bool constant_memory)
      : tmpdir_(std::filesystem::path(file).parent_path().string()) {
    lxw_workbook_options opt{};
    opt.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
    // libxlsxwriter stages every part in temporary files and does not see their write
    // errors: in a full $TMPDIR (which the run's text spool also uses) the workbook came out
    // empty or cut with no error. They go beside the output instead, on the disk that must
    // hold the workbook anyway.
    if (!tmpdir_.empty()) opt.tmpdir = tmpdir_.data();
    wb_ = workbook_new_opt(file.c_str(), &opt);
    if (!wb_)
      throw Error("không tạo được tệp Excel \"" + file + "\"",
                  "cannot create the Excel file \"" + file + "\"");
  }
  ~Book() {
    if (wb_) lxw_workbook_free(wb_);  // only on failure; close() hands it over
  }
  Book(const Book&) = delete;
  Book& operator=(const Book&) = delete;

  static void ok(lxw_error e, const char* what) {
    if (e != LXW_NO_ERROR)
      throw Error(std::string("lỗi khi ghi Excel (") + what + "): " + lxw_strerror(e),
                  std::string("cannot write the Excel file (") + what + "): " + lxw_strerror(e));
  }
  lxw_workbook* wb() { return wb_; }
  lxw_worksheet* sheet(const char* name) {
    lxw_worksheet* ws = workbook_add_worksheet(wb_, name);
    if (!ws)
      throw Error(std::string("không tạo được trang ") + name,
                  std::string("cannot create the sheet ") + name);
    return ws;
  }
  lxw_format* format() { return workbook_add_format(wb_); }
  void close() {
    lxw_workbook* wb = wb_;
    wb_ = nullptr;
    ok(workbook_close(wb), "workbook_close");
  }

 private:
  std::string tmpdir_;  // outlives wb_: libxlsxwriter keeps the pointer
  lxw_workbook* wb_ = nullptr;
};

// Formats are created once per workbook.
struct Formats {
  lxw_format *title, *subtitle, *bold, *center_bold, *italic, *header, *text, *wrap, *number,
      *percent, *date, *right, *ok, *warn, *bad, *grey, *total, *total_wrap, *total_number,
      *total_percent;

  explicit Formats(Book& b) {
    auto f = [&] {
      lxw_format* x = b.format();
      format_set_font_name(x, "Times New Roman");
      format_set_font_size(x, 12);
      format_set_align(x, LXW_ALIGN_VERTICAL_TOP);
      return x;
    };
    auto bordered = [&] {
      lxw_format* x = f();
      format_set_border(x, LXW_BORDER_THIN);
      return x;
    };
    title = f();
    format_set_bold(title);
    format_set_font_size(title, 14);
    subtitle = f();
    format_set_italic(subtitle);
    bold = f();
    format_set_bold(bold);
    center_bold = f();
    format_set_bold(center_bold);
    format_set_align(center_bold, LXW_ALIGN_CENTER);
    italic = f();
    format_set_italic(italic);
    header = bordered();
    format_set_bold(header);
    format_set_text_wrap(header);
    format_set_align(header, LXW_ALIGN_CENTER);
    format_set_align(header, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bg_color(header, 0xD9E1F2);
    text = bordered();
    wrap = bordered();
    format_set_text_wrap(wrap);
    number = bordered();
    format_set_num_format(number, "#,##0.##");
    percent = bordered();
    format_set_num_format(percent, "0.0%");
    date = bordered();
    format_set_num_format(date, "dd/mm/yyyy");
    right = f();
    format_set_align(right, LXW_ALIGN_RIGHT);
    format_set_italic(right);
    auto state = [&](uint32_t colour) {
      lxw_format* x = bordered();
      format_set_bg_color(x, colour);
      format_set_align(x, LXW_ALIGN_CENTER);
      format_set_bold(x);
      return x;
    };
    ok = state(0xC6EFCE);
    warn = state(0xFFEB9C);
    bad = state(0xFFC7CE);
    grey = state(0xEDEDED);
    total = bordered();
    format_set_bold(total);
    total_wrap = bordered();
    format_set_bold(total_wrap);
    format_set_text_wrap(total_wrap);
    total_number = bordered();
    format_set_bold(total_number);
    format_set_num_format(total_number, "#,##0.##");
    total_percent = bordered();
    format_set_bold(total_percent);
    format_set_num_format(total_percent, "0.0%");
  }

  /// Gives every format its index in the workbook now, in this order, instead of at its
  /// first use (libxlsxwriter numbers formats lazily, in a table of the workbook): then
  /// sheets written on several threads only read them, and the indices do not depend on
  /// which thread came first.
  void fix_indices() {
    for (lxw_format* f : {title, subtitle, bold,    center_bold, italic,       header,       text,
                          wrap,  number,   percent, date,        right,        ok,           warn,
                          bad,   grey,     total,   total_wrap,  total_number, total_percent})
      lxw_format_get_xf_index(f);
  }
};

// One worksheet: checked writes, column widths fitted to the Vietnamese text written.
class Sheet {
 public:
  Sheet(Book& b, const char* name, bool landscape) : ws_(b.sheet(name)) {
    worksheet_set_paper(ws_, 9);  // A4
    if (landscape) worksheet_set_landscape(ws_);
    worksheet_fit_to_pages(ws_, 1, 0);
    Book::ok(worksheet_set_footer(ws_, "&L&A&RTrang &P/&N"), "footer");
    worksheet_set_margins(ws_, 0.5, 0.5, 0.6, 0.6);
  }
  lxw_worksheet* ws() { return ws_; }

  /// Every string cell is written here: never fails on the text. Text that is not valid
  /// UTF-8 or holds a character XML does not allow gets U+FFFD in its place (the model has
  /// none; a plugin's message might), and text over Excel's cell limit is cut, on a
  /// character boundary, ending with kCutMarker (the JSON output keeps it whole).
  void str(lxw_row_t r, lxw_col_t c, const std::string& in, lxw_format* f, bool fit = true) {
    if (in.empty()) {
      Book::ok(worksheet_write_blank(ws_, r, c, f), "write_blank");
      return;
    }
    std::string clean = text::is_clean_text(in) ? std::string() : text::to_clean_text(in);
    const std::string& s0 = clean.empty() ? in : clean;
    std::string cut;
    if (s0.size() > kCellMax && text::utf16_length(s0) > kCellMax)
      cut = std::string(text::cut(s0, kCellMax - text::utf16_length(kCutMarker), true)) +
            std::string(kCutMarker);
    const std::string& s = cut.empty() ? s0 : cut;
    Book::ok(worksheet_write_string(ws_, r, c, s.c_str(), f), "write_string");
    double& width = widths_[c];
    // A text of no more bytes than the width so far cannot widen the column (a character
    // is at least a byte): most cells of a long sheet skip the count.
    if (fit && static_cast<double>(s.size()) > width)
      widen(c, static_cast<double>(std::min<size_t>(text::length(s), 200)));
  }
  void num(lxw_row_t r, lxw_col_t c, double v, lxw_format* f) {
    Book::ok(worksheet_write_number(ws_, r, c, v, f), "write_number");
    widen(c, 10);
  }
  void date(lxw_row_t r, lxw_col_t c, const std::optional<Date>& d, lxw_format* f) {
    if (!d) {
      Book::ok(worksheet_write_blank(ws_, r, c, f), "write_blank");
      return;
    }
    lxw_datetime dt{d->year, d->month, d->day, 0, 0, 0};
    Book::ok(worksheet_write_datetime(ws_, r, c, &dt, f), "write_datetime");
    widen(c, 11);
  }
  void formula(lxw_row_t r, lxw_col_t c, const std::string& fx, double cached, lxw_format* f) {
    Book::ok(worksheet_write_formula_num(ws_, r, c, fx.c_str(), f, cached), "write_formula");
    widen(c, 10);
  }
  /// Header row; for a table sheet (`table`) it is repeated on every printed page and
  /// frozen on screen.
  void header(lxw_row_t r, const std::vector<std::string>& titles, lxw_format* f,
              bool table = true) {
    for (size_t i = 0; i < titles.size(); ++i) {
      str(r, static_cast<lxw_col_t>(i), titles[i], f, false);
      widen(static_cast<lxw_col_t>(i),
            std::min<double>(static_cast<double>(text::length(titles[i])), 18));
    }
    if (!table) return;
    Book::ok(worksheet_repeat_rows(ws_, r, r), "repeat_rows");
    worksheet_freeze_panes(ws_, r + 1, 0);
  }
  /// Sets the widths measured so far, between `min` and `max` characters.
  void fit(double min = 6, double max = 60,
           const std::map<lxw_col_t, lxw_format*>& col_formats = {}) {
    for (const auto& [c, w] : widths_) {
      auto it = col_formats.find(c);
      Book::ok(worksheet_set_column(ws_, c, c, std::clamp(w * 1.1 + 1, min, max),
                                    it == col_formats.end() ? nullptr : it->second),
               "set_column");
    }
  }
  void cap(lxw_col_t c, double w) { caps_[c] = w; }
  /// A wrapped column of fixed width (row heights below are computed against it).
  void fixed(lxw_col_t c, double w) {
    caps_[c] = w;
    widths_[c] = (w - 1) / 1.1;
  }
  /// Sets row `r` tall enough for the wrapped texts it will hold (Excel does not grow
  /// rows by itself when reading a file). Call before writing the row's cells.
  void height(lxw_row_t r, const std::vector<std::pair<lxw_col_t, const std::string*>>& texts) {
    double most = 1;
    for (const auto& [c, t] : texts) most = std::max(most, lines(c, *t));
    height(r, most);
  }
  /// The same for a row of `n` lines (from lines(), when many rows hold the same text).
  void height(lxw_row_t r, double n) {
    if (n > 1) Book::ok(worksheet_set_row(ws_, r, std::min(409.0, 15.75 * n), nullptr), "set_row");
  }
  /// Lines `t` takes wrapped in column `c`.
  double lines(lxw_col_t c, std::string_view t) {
    const auto cap = caps_.find(c);
    const double width = cap != caps_.end() ? cap->second * 0.95 : 10;
    if (static_cast<double>(t.size()) <= width && t.find('\n') == std::string_view::npos)
      return 1;  // fewer bytes than the width: one line, nothing to count
    return text::wrapped_lines(t, width);
  }
  /// False when row `r` is Excel's last: the caller writes `note` there instead of its
  /// row and stops (the JSON output has every row).
  bool room(lxw_row_t r, const std::string& note, lxw_format* f) {
    if (r + 1 < kMaxRows) return true;
    str(r, 0, note, f, false);
    return false;
  }
  void widen(lxw_col_t c, double w) {
    if (auto it = caps_.find(c); it != caps_.end()) w = std::min(w, it->second);
    widths_[c] = std::max(widths_[c], w);
  }

 private:
  lxw_worksheet* ws_;
  std::map<lxw_col_t, double> widths_;
  std::map<lxw_col_t, double> caps_;
};

class XlsxWriter final : public Writer {
 public:
  std::string name() const override { return "xlsx-report"; }
  std::string version() const override { return "1.0"; }
  Message description() const override {
    return {"Báo cáo tổng hợp Excel gửi cấp trên", "consolidated Excel workbook"};
  }
  std::string extension() const override { return "xlsx"; }

  void write(const WriteContext& ctx, const std::filesystem::path& target) const override {
    const bool constant_memory = ctx.status.units.size() > kConstantMemoryUnits;
    Book book(target.string(), constant_memory);
    // The creation time is the as-of day, not the clock: the same run gives the same bytes.
    lxw_doc_properties props{};
    props.created = static_cast<time_t>(ctx.status.as_of.days()) * 86400;
    Book::ok(workbook_set_properties(book.wb(), &props), "workbook_set_properties");
    Formats fm(book);
    if (constant_memory) fm.fix_indices();
    const Data d = collect(ctx);
    // Every sheet made here, in workbook order (adding a sheet changes the workbook).
    Sheet s_overview(book, "Tổng quan", false), s_tasks(book, "Theo nhiệm vụ", true),
        s_submissions(book, "Tình hình nộp", true), s_matrix(book, "Ma trận", true),
        s_indicators(book, "Chỉ tiêu", true), s_findings(book, "Phát hiện", true),
        s_details(book, "Chi tiết kết quả", true);
    overview(book, fm, ctx, s_overview);  // its charts are the workbook's: on this thread
    // The other sheets, largest first when they are written side by side.
    std::vector<std::function<void()>> parts{
        [&] { indicators(s_indicators, fm, ctx); },   [&] { details(s_details, fm, ctx, d); },
        [&] { findings(s_findings, fm, ctx); },       [&] { matrix(s_matrix, fm, ctx); },
        [&] { submissions(s_submissions, fm, ctx); }, [&] { by_task(s_tasks, fm, ctx, d); }};
    // In constant memory a sheet's cells go straight to its own temporary file and no
    // string is shared, and the formats' indices are fixed above: the sheets touch nothing
    // in common, so `jobs` threads (the run's --jobs, set by the host) write them. With the
    // shared string table (small runs) they are written one after the other, in sheet
    // order, which fixes the table's order.
    const size_t threads = constant_memory ? std::min<size_t>(jobs(ctx), parts.size()) : 1;
    if (threads <= 1) {
      for (size_t i : {5u, 4u, 3u, 0u, 2u, 1u}) parts[i]();
    } else {
      // Each sheet's failure kept, the first in sheet order rethrown: the same error
      // whatever the threads did first.
      std::vector<std::exception_ptr> failed(parts.size());
      for_each_index(parts.size(), static_cast<unsigned>(threads), [&](size_t i) {
        try {
          parts[i]();
        } catch (...) {
          failed[i] = std::current_exception();
        }
      });
      for (const auto& e : failed)
        if (e) std::rethrow_exception(e);
    }
    book.close();
  }

  // The run's --jobs, which the host passes as the param `jobs`; 1 when absent or odd.
  static size_t jobs(const WriteContext& ctx) {
    const std::string v = ctx.options.get("jobs", "1");
    size_t n = 0;
    for (const char c : v) {
      if (c < '0' || c > '9' || n > 1000) return 1;
      n = n * 10 + static_cast<size_t>(c - '0');
    }
    return std::max<size_t>(n, 1);
  }

 private:
  // A narrative shown: pointers into the context (alive for the whole write), so that a
  // national run does not hold a second copy of every narrative.
  // 16 bytes: a national run shows hundreds of thousands.
  struct Narrative {
    const JudgedValue* value;
    const UnitStatus* unit;
    const std::string& unit_id() const { return unit->unit; }
    // Read through its submission: from memory or the run's spool.
    std::string text(const WriteContext& ctx) const {
      return ctx.submission_of(*unit)->text(*value);
    }
  };
  struct Data {
    std::vector<Narrative> narratives;  // plan task order, then plan unit order
    // Each task's narratives: a range of `narratives`.
    std::unordered_map<std::string_view, std::pair<size_t, size_t>> by_task;
  };

  static Data collect(const WriteContext& ctx) {
    Data d;
    const Plan& plan = ctx.plan;
    // Task by task (the period's, plan order), unit by unit within each: placed by counting
    // (a national run has hundreds of thousands of narratives; an index per unit and task
    // cost more memory than the narratives themselves).
    std::unordered_map<std::string_view, size_t> position;  // task id → place in the period
    std::vector<const std::string*> tasks;
    for (const auto& tid : ctx.status.expectation.tasks)
      if (plan.find_task(tid) && position.emplace(tid, tasks.size()).second) tasks.push_back(&tid);
    // Narratives as the core judged them: a placeholder or conflicting text is not shown.
    auto each = [&](auto&& fn) {
      for (const UnitStatus& us : ctx.status.units)
        if (const Submission* sub = ctx.submission_of(us))
          for (const JudgedValue& v : sub->values)
            if (v.kind == RequirementKind::Narrative && accepted(v.state))
              if (auto it = position.find(v.task()); it != position.end()) fn(it->second, us, v);
    };
    std::vector<size_t> next(tasks.size() + 1, 0);  // counts, then where each task's go next
    each([&](size_t t, const UnitStatus&, const JudgedValue&) { ++next[t + 1]; });
    for (size_t t = 0; t < tasks.size(); ++t) {
      next[t + 1] += next[t];
      d.by_task.emplace(*tasks[t], std::pair{next[t], next[t + 1]});
    }
    d.narratives.resize(next.back());
    each([&](size_t t, const UnitStatus& us, const JudgedValue& v) {
      d.narratives[next[t]++] = Narrative{&v, &us};
    });
    return d;
  }

  static std::string unit_label(const Plan& plan, std::string_view id) {
    return plan.display_name(id);
  }

  // "tổng 1.234 buổi", "bình quân 98,6%", "số của Công an quận 8.628 trẻ em", or why the
  // district has no figure: never a 0 that nobody reported.
  static std::string district_figure(const Plan& plan, const IndicatorTotal& t,
                                     const Requirement& req) {
    const std::string unit = t.percent             ? std::string("%")
                             : req.measure.empty() ? std::string()
                                                   : " " + req.measure;
    const std::string figure = t.value ? text::format_number_vi(*t.value) + unit : std::string();
    switch (t.aggregate) {
      case Aggregate::Sum:
        return "tổng " + figure;
      case Aggregate::Mean:
        return "bình quân " + figure;
      case Aggregate::Lead:
        if (t.lead.empty()) return "không có số của quận (đơn vị chủ trì đầu tiên là một nhóm)";
        return t.value ? "số của " + unit_label(plan, t.lead) + " " + figure
                       : unit_label(plan, t.lead) + " (chủ trì) chưa có số liệu hợp lệ";
      case Aggregate::None:
        break;
    }
    return "không tổng hợp";
  }

  static void overview(Book& book, Formats& fm, const WriteContext& ctx, Sheet& s) {
    const Plan& plan = ctx.plan;
    const StatusModel& st = ctx.status;
    s.cap(0, 48);
    s.cap(2, 45);
    const std::string office = plan.find_unit(plan.consolidation_by)
                                   ? plan.find_unit(plan.consolidation_by)->name
                                   : plan.display_name(plan.consolidation_by);
    lxw_row_t r = 0;
    s.str(r, 0, text::to_upper(plan.document.issuer), fm.bold);
    s.str(r++, 2, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fm.center_bold);
    s.str(r, 0, text::to_upper(office), fm.bold);
    s.str(r++, 2, "Độc lập - Tự do - Hạnh phúc", fm.center_bold);
    ++r;
    const Date& as_of = st.as_of;
    s.str(r++, 2,
          plan.document.place + ", ngày " + std::to_string(as_of.day) + " tháng " +
              std::to_string(as_of.month) + " năm " + std::to_string(as_of.year),
          fm.italic);
    ++r;
    s.str(r++, 0, "BÁO CÁO TỔNG HỢP", fm.title);
    const auto& plan_date = plan.document.date;
    s.str(r++, 0,
          "Kết quả thực hiện Kế hoạch số " + plan.document.number +
              (plan_date ? " ngày " + plan_date->vi() : std::string()) + " của " +
              plan.document.issuer + " — kỳ báo cáo " + st.expectation.period.str(),
          fm.subtitle, false);
    s.str(r++, 0, plan.document.title, fm.subtitle, false);
    std::string recipients;
    for (const auto& x : plan.recipients) recipients += (recipients.empty() ? "" : "; ") + x;
    if (!recipients.empty()) s.str(r++, 0, "Kính gửi: " + recipients, fm.subtitle, false);
    ++r;
    s.str(r, 0, "Tính đến ngày", fm.bold);
    s.date(r++, 1, st.as_of, fm.date);
    s.str(r, 0, "Hạn báo cáo", fm.bold);
    s.date(r++, 1, st.expectation.due, fm.date);
    ++r;
    s.header(r++, {"Chỉ số", "Giá trị"}, fm.header, false);
    const Totals& t = st.totals;
    auto row = [&](const char* label, double v, lxw_format* f) {
      s.str(r, 0, label, fm.text);
      s.num(r++, 1, v, f);
    };
    row("Số đơn vị phải báo cáo", t.expected, fm.number);
    row("Số đơn vị đã nộp", t.received, fm.number);
    const lxw_row_t pie_first = r;
    row("Đúng hạn", t.on_time, fm.number);
    row("Trễ hạn", t.late, fm.number);
    row("Chưa nộp", t.missing, fm.number);
    const lxw_row_t pie_last = r - 1;
    row("Chưa đến hạn", t.not_yet_due, fm.number);
    if (t.unknown) row("Đã nộp, không xác định được đúng hạn hay trễ", t.unknown, fm.number);
    row("Mức độ đầy đủ bình quân", t.completeness, fm.percent);
    row("Số lỗi", count_severity(ctx.findings, Severity::Error), fm.number);
    row("Số cảnh báo", count_severity(ctx.findings, Severity::Warning), fm.number);

    // The same by kind of unit (phường, phòng ban, đoàn thể), kinds in plan order.
    ++r;
    s.str(r++, 0, "Theo loại đơn vị", fm.bold);
    s.header(r++,
             {"Loại đơn vị", "Phải báo cáo", "Đã nộp", "Đúng hạn", "Trễ hạn", "Chưa nộp",
              "Đầy đủ bình quân"},
             fm.header, false);
    for (const auto& k : st.by_kind) {
      s.str(r, 0, k.kind.empty() ? "khác" : k.kind, fm.text);
      s.num(r, 1, k.totals.expected, fm.number);
      s.num(r, 2, k.totals.received, fm.number);
      s.num(r, 3, k.totals.on_time, fm.number);
      s.num(r, 4, k.totals.late, fm.number);
      s.num(r, 5, k.totals.missing, fm.number);
      s.num(r++, 6, k.totals.completeness, fm.percent);
    }
    s.fit();

    lxw_chart* pie = workbook_add_chart(book.wb(), LXW_CHART_PIE);
    lxw_chart_series* ps = chart_add_series(pie, nullptr, nullptr);
    chart_series_set_categories(ps, "Tổng quan", pie_first, 0, pie_last, 0);
    chart_series_set_values(ps, "Tổng quan", pie_first, 1, pie_last, 1);
    chart_title_set_name(pie, "Tình hình nộp báo cáo");
    lxw_chart_fill green{0x70AD47, 0, 0}, amber{0xFFC000, 0, 0}, red{0xC00000, 0, 0};
    lxw_chart_point p1{nullptr, &green, nullptr}, p2{nullptr, &amber, nullptr},
        p3{nullptr, &red, nullptr};
    lxw_chart_point* points[] = {&p1, &p2, &p3, nullptr};
    Book::ok(chart_series_set_points(ps, points), "chart points");
    Book::ok(worksheet_insert_chart(s.ws(), r + 1, 0, pie), "insert pie chart");

    if (st.units.size() <= kMaxUnitsInBarChart && !st.units.empty()) {
      lxw_chart* bar = workbook_add_chart(book.wb(), LXW_CHART_BAR);
      lxw_chart_series* bs = chart_add_series(bar, nullptr, nullptr);
      const auto last = static_cast<lxw_row_t>(st.units.size());
      // Tình hình nộp: units from row 1 in column A, completeness in column H.
      chart_series_set_categories(bs, "Tình hình nộp", 1, 0, last, 0);
      chart_series_set_values(bs, "Tình hình nộp", 1, 7, last, 7);
      chart_series_set_name(bs, "Mức độ đầy đủ");
      chart_title_set_name(bar, "Mức độ đầy đủ theo đơn vị");
      chart_axis_set_num_format(bar->x_axis, "0%");
      chart_axis_set_max(bar->x_axis, 1.0);
      chart_legend_set_position(bar, LXW_CHART_LEGEND_NONE);
      chart_axis_set_reverse(bar->y_axis);       // first unit at the top, as in the table
      chart_axis_set_crossing_max(bar->y_axis);  // and the % scale stays at the bottom
      lxw_chart_options opt{};
      opt.x_scale = 1.6;
      opt.y_scale = std::max(1.0, static_cast<double>(st.units.size()) / 14.0);
      Book::ok(worksheet_insert_chart_opt(s.ws(), r + 17, 0, bar, &opt), "insert bar chart");
    } else if (!st.units.empty()) {
      s.str(r + 17, 0,
            "Biểu đồ mức độ đầy đủ theo đơn vị được bỏ qua vì có " +
                std::to_string(st.units.size()) + " đơn vị; xem trang Tình hình nộp.",
            fm.italic, false);
    }
  }

  static void by_task(Sheet& s, const Formats& fm, const WriteContext& ctx, const Data& d) {
    const Plan& plan = ctx.plan;
    s.fixed(1, 30);
    s.fixed(2, 18);
    s.fixed(3, 22);
    s.fixed(4, 60);
    s.fixed(5, 34);
    s.fixed(6, 11);
    s.fixed(7, 11);
    s.header(0,
             {"STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Kết quả thực hiện",
              "Chỉ tiêu", "Số đơn vị đã báo cáo", "Số đơn vị phải báo cáo", "Tình trạng"},
             fm.header);
    lxw_row_t r = 1;
    int stt = 0;
    for (const auto& ts : ctx.status.tasks) {
      const Task* task = plan.find_task(ts.task);
      if (!task) continue;
      auto names = [&](const std::vector<std::string>& refs) {
        std::string out;
        for (const auto& ref : refs) {
          const Group* g = plan.find_group(ref);
          out += (out.empty() ? "" : "; ") + (g ? g->name : plan.display_name(ref));
        }
        return out;
      };
      std::string results;
      size_t parts = 0, length = 0;
      if (auto range = d.by_task.find(task->id); range != d.by_task.end())
        for (size_t i = range->second.first; i < range->second.second; ++i) {
          const Narrative& n = d.narratives[i];
          const std::string label = unit_label(plan, n.unit_id());
          const std::string written = n.text(ctx);
          // Counted whole, joined only while it fits in a cell: a national task's 10,000
          // narratives are never built into one string only to be replaced by the note.
          const size_t piece =
              (parts ? 1 : 0) + 2 + text::length(label) + 2 + text::length(written);
          length += piece;
          ++parts;
          if (length > kCellMax) continue;
          if (parts > 1) results += '\n';
          results.append("- ").append(label).append(": ").append(written);
        }
      if (length > kCellMax)
        results = "Nội dung tổng hợp dài " + std::to_string(length) + " ký tự (" +
                  std::to_string(parts) +
                  " đơn vị), vượt giới hạn một ô Excel; xem đầy đủ từng đơn vị tại trang \"Chi "
                  "tiết kết quả\".";
      std::string indicators;
      for (const auto& it : ctx.status.indicator_totals) {
        if (it.task != task->id) continue;
        const Requirement& req = *task->find_requirement(it.requirement);
        const bool pct = it.percent;
        indicators += (indicators.empty() ? "" : "\n") + req.label + ": " +
                      district_figure(plan, it, req) + " (" + std::to_string(it.values.size()) +
                      " đơn vị" +
                      (req.target ? ", " + std::to_string(it.units_met) + " đạt chỉ tiêu " +
                                        req.target->str() + (pct ? "%" : "")
                                  : "") +
                      ")";
      }
      const std::string title = task->id + ". " + task->title;
      const std::string leads = names(task->leads), supports = names(task->supports);
      s.height(r, {{1, &title}, {2, &leads}, {3, &supports}, {4, &results}, {5, &indicators}});
      s.num(r, 0, ++stt, fm.number);
      s.str(r, 1, title, fm.wrap);
      s.str(r, 2, leads, fm.wrap);
      s.str(r, 3, supports, fm.wrap);
      s.str(r, 4, results, fm.wrap);
      s.str(r, 5, indicators, fm.wrap);
      s.num(r, 6, ts.reported, fm.number);
      s.num(r, 7, ts.expected, fm.number);
      s.str(r, 8, std::string(to_vi(ts.state)),
            ts.state == TaskState::Complete     ? fm.ok
            : ts.state == TaskState::Incomplete ? fm.warn
                                                : fm.bad);
      ++r;
    }
    s.fit(5, 60);
  }

  static void submissions(Sheet& s, const Formats& fm, const WriteContext& ctx) {
    const Plan& plan = ctx.plan;
    s.cap(0, 40);
    s.cap(10, 40);
    s.header(0,
             {"Đơn vị", "Loại đơn vị", "Số/ký hiệu", "Ngày báo cáo", "Ngày nhận", "Tình trạng",
              "Số ngày trễ", "Mức độ đầy đủ", "Số lỗi", "Số cảnh báo", "Tệp"},
             fm.header);
    lxw_row_t r = 1;
    for (const auto& u : ctx.status.units) {
      const Unit* pu = plan.find_unit(u.unit);
      s.str(r, 0, unit_label(plan, u.unit), fm.text);
      s.str(r, 1, pu ? pu->kind : "", fm.text);
      const Submission* sub = ctx.submission_of(u);
      const Report* rep = sub ? &sub->report : nullptr;
      s.str(r, 2, rep ? rep->document.number : "", fm.text);
      s.date(r, 3, rep ? rep->document.date : std::nullopt, fm.date);
      s.date(r, 4, rep ? rep->received : std::nullopt, fm.date);
      lxw_format* state = u.timeliness == Timeliness::OnTime    ? fm.ok
                          : u.timeliness == Timeliness::Late    ? fm.warn
                          : u.timeliness == Timeliness::Missing ? fm.bad
                                                                : fm.grey;
      s.str(r, 5, std::string(to_vi(u.timeliness)), state);
      if (u.timeliness == Timeliness::Late)
        s.num(r, 6, u.days_late, fm.number);
      else
        s.str(r, 6, "", fm.text);
      s.num(r, 7, u.completeness, fm.percent);
      s.num(r, 8, u.errors, fm.number);
      s.num(r, 9, u.warnings, fm.number);
      s.str(r, 10, rep ? std::filesystem::path(rep->file).filename().string() : "", fm.text);
      ++r;
    }
    Book::ok(worksheet_autofilter(s.ws(), 0, 0, r == 1 ? 1 : r - 1, 10), "autofilter");
    s.fit(8, 40);
  }

  static void matrix(Sheet& s, const Formats& fm, const WriteContext& ctx) {
    const Plan& plan = ctx.plan;
    s.cap(0, 40);
    struct Mark {
      const char* symbol;
      lxw_format* f;
    };
    auto mark = [&](CellState c) -> Mark {
      switch (c) {
        case CellState::Complete:
          return {"✓", fm.ok};
        case CellState::Incomplete:
          return {"!", fm.warn};
        case CellState::Missing:
          return {"✗", fm.bad};
        case CellState::NotAssigned:
          return {"–", fm.grey};
      }
      return {"?", fm.text};
    };
    lxw_row_t r = 0;
    s.str(r++, 0, "Chú thích (ký hiệu giữ nguyên khi in đen trắng):", fm.bold);
    for (CellState c :
         {CellState::Complete, CellState::Incomplete, CellState::Missing, CellState::NotAssigned}) {
      const Mark m = mark(c);
      s.str(r, 0, std::string(m.symbol) + "  " + std::string(to_vi(c)), m.f, false);
      ++r;
    }
    ++r;
    std::vector<std::string> titles{"Đơn vị"};
    for (const auto& t : ctx.status.expectation.tasks) titles.push_back(t);
    s.header(r++, titles, fm.header);
    // Units × tasks in one table (a national run has 400,000 cells): looked up by index.
    const auto& units = ctx.status.units;
    const auto& tasks = ctx.status.expectation.tasks;
    std::unordered_map<std::string_view, size_t> unit_at, task_at;
    for (size_t i = 0; i < units.size(); ++i) unit_at.emplace(units[i].unit, i);
    for (size_t i = 0; i < tasks.size(); ++i) task_at.emplace(tasks[i], i);
    std::vector<CellState> cells(units.size() * tasks.size(), CellState::NotAssigned);
    for (const auto& c : ctx.status.cells) {
      auto u = unit_at.find(c.unit());
      auto t = task_at.find(c.task());
      if (u != unit_at.end() && t != task_at.end())
        cells[u->second * tasks.size() + t->second] = c.state;
    }
    for (size_t i = 0; i < units.size(); ++i) {
      s.str(r, 0, unit_label(plan, units[i].unit), fm.text);
      for (size_t j = 0; j < tasks.size(); ++j) {
        const Mark m = mark(cells[i * tasks.size() + j]);
        s.str(r, static_cast<lxw_col_t>(j + 1), m.symbol, m.f);
      }
      ++r;
    }
    s.fit(6, 40);
  }

  static void indicators(Sheet& s, const Formats& fm, const WriteContext& ctx) {
    const Plan& plan = ctx.plan;
    s.fixed(2, 45);
    s.cap(3, 30);
    s.header(0,
             {"Nhiệm vụ", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị", "Giá trị", "Đơn vị tính",
              "Chỉ tiêu đặt ra", "Đánh giá"},
             fm.header);
    lxw_row_t r = 1;
    for (const auto& total : ctx.status.indicator_totals) {
      const std::string& tid = total.task;
      const Requirement& req = *plan.find_task(tid)->find_requirement(total.requirement);
      const bool pct = total.percent;
      const std::string target = req.target ? req.target->str() + (pct ? "%" : "") : "";
      const lxw_row_t first = r;
      const double label_lines = s.lines(2, req.label);  // the same on every row
      for (size_t i : total.values) {
        const IndicatorValue& iv = ctx.status.indicators[i];
        s.height(r, label_lines);
        s.str(r, 0, tid, fm.text);
        s.str(r, 1, req.id, fm.text);
        s.str(r, 2, req.label, fm.wrap);
        s.str(r, 3, unit_label(plan, iv.unit()), fm.text);
        s.num(r, 4, pct ? iv.value / 100.0 : iv.value, pct ? fm.percent : fm.number);
        s.str(r, 5, pct ? "%" : req.measure, fm.text);
        s.str(r, 6, target, fm.text);
        if (req.target)
          s.str(r, 7, iv.met ? "Đạt" : "Không đạt", iv.met ? fm.ok : fm.bad);
        else
          s.str(r, 7, "", fm.text);
        ++r;
      }
      const std::string range = "E" + std::to_string(first + 1) + ":E" + std::to_string(r);
      s.height(r, label_lines);
      s.str(r, 0, tid, fm.total);
      s.str(r, 1, req.id, fm.total);
      s.str(r, 2, req.label, fm.total_wrap, false);
      // The total row computes what the status model did, so that a corrected cell
      // recomputes: SUM, AVERAGE, or the lead unit's own cell; no formula without a figure.
      lxw_format* figure = pct ? fm.total_percent : fm.total_number;
      const double scale = pct ? 100.0 : 1.0;
      switch (total.aggregate) {
        case Aggregate::Sum:
        case Aggregate::Mean: {
          const bool sum = total.aggregate == Aggregate::Sum;
          s.str(r, 3, sum ? "Tổng cộng" : "Bình quân", fm.total);
          s.formula(r, 4, (sum ? "=SUM(" : "=AVERAGE(") + range + ")", *total.value / scale,
                    figure);
          break;
        }
        case Aggregate::Lead: {
          s.str(r, 3, "Số của quận (chủ trì)", fm.total);
          lxw_row_t at = first;
          for (size_t i : total.values) {
            if (ctx.status.indicators[i].unit() == total.lead && total.value) {
              s.formula(r, 4, "=E" + std::to_string(at + 1), *total.value / scale, figure);
              break;
            }
            ++at;
          }
          if (!total.value)
            s.str(r, 4,
                  total.lead.empty() ? std::string("Không có")
                                     : unit_label(plan, total.lead) + " chưa có số liệu",
                  fm.total);
          break;
        }
        case Aggregate::None:
          s.str(r, 3, "Không tổng hợp", fm.total);
          s.str(r, 4, "", fm.total);
          break;
      }
      s.str(r, 5, pct ? "%" : req.measure, fm.total);
      s.str(r, 6, target, fm.total);
      if (req.target && total.met)
        s.str(r, 7, *total.met ? "Đạt" : "Không đạt", *total.met ? fm.ok : fm.bad);
      else
        s.str(r, 7, "", fm.total);
      ++r;
    }
    Book::ok(worksheet_autofilter(s.ws(), 0, 0, r == 1 ? 1 : r - 1, 7), "autofilter");
    s.fit(8, 50);
  }

  static void findings(Sheet& s, const Formats& fm, const WriteContext& ctx) {
    const Plan& plan = ctx.plan;
    s.fixed(5, 70);
    s.cap(6, 30);
    s.header(0,
             {"Mã quy tắc", "Mức độ", "Đơn vị", "Nhiệm vụ", "Yêu cầu", "Nội dung", "Tệp", "Dòng"},
             fm.header);
    lxw_row_t r = 1;
    for (size_t i = 0; i < ctx.findings.size(); ++i) {
      const Finding& f = ctx.findings[i];
      if (!s.room(r,
                  "… còn " + text::format_count(ctx.findings.size() - i) +
                      " phát hiện không ghi được vào trang này (quá số dòng tối đa của Excel); "
                      "xem đầy đủ trong tệp JSON",
                  fm.italic)) {
        ++r;
        break;
      }
      const std::string& message = f.text(ctx.english);
      s.height(r, {{5, &message}});
      s.str(r, 0, f.rule, fm.text);
      s.str(r, 1, ctx.english ? std::string(to_string(f.severity)) : std::string(to_vi(f.severity)),
            f.severity == Severity::Error     ? fm.bad
            : f.severity == Severity::Warning ? fm.warn
                                              : fm.grey);
      s.str(r, 2, f.unit.empty() ? "" : unit_label(plan, f.unit), fm.text);
      s.str(r, 3, f.task, fm.text);
      s.str(r, 4, f.requirement, fm.text);
      s.str(r, 5, message, fm.wrap);
      s.str(r, 6, f.file.empty() ? "" : std::filesystem::path(f.file.str()).filename().string(),
            fm.text);
      if (f.line > 0)
        s.num(r, 7, f.line, fm.number);
      else
        s.str(r, 7, "", fm.text);
      ++r;
    }
    Book::ok(worksheet_autofilter(s.ws(), 0, 0, r == 1 ? 1 : r - 1, 7), "autofilter");
    s.fit(6, 70);
  }

  static void details(Sheet& s, const Formats& fm, const WriteContext& ctx, const Data& d) {
    s.fixed(3, 90);
    s.header(0, {"Nhiệm vụ", "Đơn vị", "Yêu cầu", "Kết quả thực hiện"}, fm.header);
    lxw_row_t r = 1;
    bool full = false;
    std::vector<std::string> split;
    for (const auto& n : d.narratives) {
      const std::string text = n.text(ctx);
      // Split only a text that may pass a chunk (a UTF-16 unit is at least one byte).
      std::vector<const std::string*> pieces;
      if (text.size() <= kChunk) {
        pieces.push_back(&text);
      } else {
        split = text::split_by_length(text, kChunk, /*utf16=*/true);
        for (const auto& piece : split) pieces.push_back(&piece);
      }
      for (size_t i = 0; i < pieces.size() && !full; ++i) {
        if (!s.room(r,
                    "… trang này đã đủ số dòng tối đa của Excel; xem đầy đủ kết quả trong tệp JSON",
                    fm.italic)) {
          full = true;
          ++r;
          break;
        }
        s.height(r, s.lines(3, *pieces[i]));
        s.str(r, 0, std::string(n.value->task()), fm.text);
        s.str(
            r, 1,
            unit_label(ctx.plan, n.unit_id()) + (i ? " (tiếp theo " + std::to_string(i) + ")" : ""),
            fm.text);
        s.str(r, 2, std::string(n.value->requirement()), fm.text);
        s.str(r, 3, *pieces[i], fm.wrap);
        ++r;
      }
    }
    s.fit(8, 90);
  }
};

}  // namespace

TUANTHU_PLUGIN(XlsxWriter)
