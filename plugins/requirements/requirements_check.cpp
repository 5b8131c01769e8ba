// Check plugin `requirements`: every required value of every assigned task is present,
// meaningful, well formed and meets its target. The core judges each value once
// (core/src/value.cpp, Submission::values); this check turns the judgement into findings.
#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <string_view>

#include "tuanthu/plugin.hpp"
#include "tuanthu/text.hpp"

namespace {

using namespace tuanthu;

// Each rule declared once; rules() lists them and emit() takes them.
inline constexpr Rule kRequirementMissing{"requirement-missing", Severity::Error,
                                          "a required value is absent or empty"};
inline constexpr Rule kRequirementPlaceholder{
    "requirement-placeholder", Severity::Error,
    "a required value is a placeholder (\"không\", \"…\", \"đang cập nhật\", \"x\")"};
inline constexpr Rule kRequirementTooShort{"requirement-too-short", Severity::Warning,
                                           "a narrative is under its minimum word count"};
inline constexpr Rule kRequirementNotANumber{"requirement-not-a-number", Severity::Error,
                                             "a number or percent cannot be read"};
inline constexpr Rule kRequirementNegative{"requirement-negative", Severity::Error,
                                           "a number or percent is negative"};
inline constexpr Rule kRequirementPercentRange{"requirement-percent-range", Severity::Error,
                                               "a percent is outside 0–100"};
inline constexpr Rule kRequirementTargetMissed{"requirement-target-missed", Severity::Warning,
                                               "an indicator misses its target"};
inline constexpr Rule kRequirementBadDate{"requirement-bad-date", Severity::Error,
                                          "a date value cannot be read"};
inline constexpr Rule kRequirementDocumentIncomplete{
    "requirement-document-incomplete", Severity::Error,
    "a referenced document lacks its number or date"};
inline constexpr Rule kRequirementUnknownValue{"requirement-unknown-value", Severity::Info,
                                               "a value for a requirement the task does not have"};
inline constexpr Rule kRequirementTooLarge{"requirement-too-large", Severity::Error,
                                           "a figure above 10^15 (a typing error); not used"};
inline constexpr Rule kRequirementConflictingValues{
    "requirement-conflicting-values", Severity::Error,
    "a requirement answered twice with different values; neither is used"};
inline constexpr Rule kRequirementFractionalCount{
    "requirement-fractional-count", Severity::Warning,
    "a count (a number requirement not marked decimal) has a fraction; still used"};
inline constexpr Rule kRequirementPercentAsFraction{
    "requirement-percent-as-fraction", Severity::Warning,
    "a percent in (0, 1] without a % sign may be a fraction meant as a percent; still used"};

// The parts joined into one string sized once: a finding's message is made of several
// parts, and a chain of + grows (reallocates) it at each step.
std::string cat(std::initializer_list<std::string_view> parts) {
  size_t size = 0;
  for (const std::string_view p : parts) size += p.size();
  std::string out;
  out.reserve(size);
  for (const std::string_view p : parts) out.append(p);
  return out;
}

class RequirementsCheck final : public Check {
 public:
  std::string name() const override { return "requirements"; }
  std::string version() const override { return "1.0"; }
  Message description() const override {
    return {"Các chỉ tiêu, số liệu, nội dung bắt buộc của từng nhiệm vụ",
            "required values and targets"};
  }
  std::vector<Rule> rules() const override {
    return {
        kRequirementMissing,         kRequirementPlaceholder,      kRequirementTooShort,
        kRequirementNotANumber,      kRequirementNegative,         kRequirementPercentRange,
        kRequirementTargetMissed,    kRequirementBadDate,          kRequirementDocumentIncomplete,
        kRequirementUnknownValue,    kRequirementTooLarge,         kRequirementConflictingValues,
        kRequirementFractionalCount, kRequirementPercentAsFraction};
  }

  void check_report(const CheckContext& ctx, const Submission& s,
                    std::vector<Finding>& out) const override {
    // The core judged every value once (Submission::values); this check words the judgement.
    // The report's unit and file are interned once here, not in each of its findings.
    const Symbol unit(s.unit_id), file(s.report.file);
    for (const JudgedValue& v : s.values)
      if (v.plan_requirement) word(s, unit, file, *v.plan_requirement, v, out);
    const ExpectedUnit* eu = ctx.expectation.find(s.unit_id);
    if (!eu) return;
    // The unit's assignments by plan task, then each section looked up once (not every
    // section's id compared with every assignment's: 40 x 40 on a national plan).
    const Plan& plan = ctx.plan;
    std::vector<const Assignment*> assigned(plan.tasks.size());
    const std::vector<size_t> positions = eu->task_positions(plan);
    for (size_t i = 0; i < positions.size(); ++i)
      if (positions[i] < assigned.size()) assigned[positions[i]] = &eu->assignments[i];
    for (const ReportTask& sec : s.report.tasks) {
      const Task* task = plan.find_task(sec.ref);
      if (!task) continue;
      const Assignment* a = assigned[static_cast<size_t>(task - plan.tasks.data())];
      if (!a) continue;
      for (const auto& v : sec.values)
        if (!task->find_requirement(v.ref))
          emit(out, kRequirementUnknownValue,
               make_finding(unit, a->task, v.ref,
                            "nhiệm vụ " + a->task.str() + " không có yêu cầu " +
                                text::quote(v.ref) + "; giá trị được giữ nhưng không chấm",
                            "task " + a->task.str() + " has no requirement " +
                                text::quote(v.ref, true) + "; kept, not scored",
                            file, v.line));
    }
  }

 private:
  // A figure accepted but probably not meant (core/src/value.cpp decides): quoted as written.
  template <class MakeFinding>
  void word_doubt(const Requirement& req, const JudgedValue& v, const std::string& written,
                  const std::string& what, const std::string& what_en, MakeFinding& f,
                  std::vector<Finding>& out) const {
    if (v.doubt == ValueDoubt::FractionalCount) {
      const std::string of =
          req.measure.empty() ? std::string() : std::string(" (") + req.measure + ")";
      emit(out, kRequirementFractionalCount,
           f(what + " = " + text::quote(written) + " có phần thập phân nhưng là số đếm" + of +
                 "; dấu phẩy là dấu thập phân, hàng nghìn ghi bằng dấu chấm (1.234) hoặc không "
                 "có dấu (1234). Giá trị vẫn được tính, đề nghị đơn vị kiểm tra lại",
             what_en + " = " + text::quote(written, true) + " has a fraction but is a count" + of +
                 "; the comma is the decimal mark, thousands take a dot (1.234) or nothing "
                 "(1234). Still used; ask the unit to check it"));
    } else if (v.doubt == ValueDoubt::PercentAsFraction && v.figure()) {
      // Up to four decimals: format_number_vi's two would show 0,996 as 1.
      // to_chars prints as printf's "%.4f" does, without printf's format parsing.
      char buf[32];
      const auto printed =
          std::to_chars(buf, buf + sizeof buf, *v.figure(), std::chars_format::fixed, 4);
      std::string as_frac(buf, printed.ptr);
      while (as_frac.back() == '0') as_frac.pop_back();
      if (as_frac.back() == '.') as_frac.pop_back();
      std::replace(as_frac.begin(), as_frac.end(), '.', ',');
      const std::string as_pct = text::format_number_vi(*v.figure() * 100) + "%";
      emit(out, kRequirementPercentAsFraction,
           f(what + " = " + text::quote(written) + " có thể là tỷ lệ dạng thập phân (" + as_frac +
                 " = " + as_pct + "); đang được tính là " + as_frac + "%. Nếu là " + as_pct +
                 " thì ghi \"" + as_pct + "\"",
             what_en + " = " + text::quote(written, true) + " may be a fraction (" + as_frac +
                 " = " + as_pct + "); it is counted as " + as_frac + "%. If " + as_pct +
                 " is meant, write \"" + as_pct + "\""));
    }
  }

  void word(const Submission& s, const Symbol& unit, const Symbol& file, const Requirement& req,
            const JudgedValue& v, std::vector<Finding>& out) const {
    // Most values are fine: nothing is worded for them.
    if (v.state == ValueState::Ok && v.doubt == ValueDoubt::None) return;
    const std::string task(v.task());
    // The value as written, and a document's number and date, from the report's texts.
    const std::string written = s.text(v);
    const ValueDetail* d = s.detail(v);
    const std::string number = d ? s.text(d->number) : std::string();
    const std::string date = d ? s.text(d->date) : std::string();
    // The plan's ids interned at plan load, the report's once per report.
    const Symbol task_id = v.plan_task ? v.plan_task->id_symbol() : Symbol(task);
    const Symbol requirement_id = req.id_symbol();
    auto f = [&](std::string vi, std::string en) {
      return make_finding(unit, task_id, requirement_id, std::move(vi), std::move(en), file,
                          v.line);
    };
    const std::string what = cat({"\"", req.label, "\" (", task, "/", req.id, ")"});
    const std::string what_en = cat({task, "/", req.id});
    const bool pct = req.kind == RequirementKind::Percent;
    word_doubt(req, v, written, what, what_en, f, out);
    auto shown = [&] {
      return v.figure() ? text::format_number_vi(*v.figure()) + (pct ? "%" : "") : std::string();
    };
    switch (v.state) {
      case ValueState::Ok:
        return;
      case ValueState::Absent:
        if (v.required)
          emit(out, kRequirementMissing,
               f(cat({"thiếu ", what}), cat({"missing required value ", what_en})));
        return;
      case ValueState::Placeholder: {
        const bool figure = req.kind == RequirementKind::Number || pct;
        emit(out, kRequirementPlaceholder,
             f(what + " chỉ ghi " + text::quote(written) + ", chưa có " +
                   (figure ? "số liệu" : "nội dung"),
               what_en + " says only " + text::quote(written, true) +
                   (figure ? ", no figure" : "")));
        return;
      }
      case ValueState::TooShort:
        emit(out, kRequirementTooShort,
             f(what + " chỉ có " + std::to_string(v.words()) + " từ, cần ít nhất " +
                   std::to_string(v.min_words()),
               what_en + " has " + std::to_string(v.words()) + " words, at least " +
                   std::to_string(v.min_words()) + " required"));
        return;
      case ValueState::NotANumber:
        emit(out, kRequirementNotANumber,
             f(what + " = " + text::quote(written) +
                   " không phải là số; ghi số liệu, ví dụ 1.234 hoặc 98,5",
               what_en + " = " + text::quote(written, true) + " is not a number"));
        return;
      case ValueState::TooLarge:
        emit(
            out, kRequirementTooLarge,
            f(what + " = " + text::quote(written) + " lớn hơn " +
                  text::format_number_vi(text::kMaxFigure) +
                  ", không phải số liệu hợp lý; kiểm tra lại, giá trị này không được dùng",
              what_en + " = " + text::quote(written, true) + " is above " +
                  text::format_number_vi(text::kMaxFigure) + "; not a plausible figure, not used"));
        return;
      case ValueState::Negative: {
        const std::string n = shown();
        emit(out, kRequirementNegative,
             f(what + " = " + n + " là số âm", what_en + " = " + n + " is negative"));
        return;
      }
      case ValueState::PercentOutOfRange: {
        const std::string n = shown();
        emit(out, kRequirementPercentRange,
             f(what + " = " + n + " nằm ngoài khoảng 0–100%",
               what_en + " = " + n + " is outside 0–100%"));
        return;
      }
      case ValueState::TargetMissed: {
        const std::string n = shown();
        const std::string target = req.target->str();
        const std::string_view sign = pct ? "%" : "";
        emit(out, kRequirementTargetMissed,
             f(cat({what, " đạt ", n, ", chưa đạt chỉ tiêu ", target, sign}),
               cat({what_en, " is ", n, ", target ", target, sign, " not met"})));
        return;
      }
      case ValueState::BadDate:
        if (req.kind == RequirementKind::Document)
          emit(out, kRequirementBadDate,
               f(what + ": ngày văn bản " + text::quote(date) + " không hợp lệ",
                 what_en + ": document date " + text::quote(date, true) + " is not a valid date"));
        else
          emit(out, kRequirementBadDate,
               f(what + " = " + text::quote(written) + " không phải ngày hợp lệ; ghi dd/mm/yyyy",
                 what_en + " = " + text::quote(written, true) + " is not a valid date"));
        return;
      case ValueState::DocumentIncomplete: {
        // Neither the attributes nor the text (read by the judgement) give it: the message
        // quotes the text and shows how to write it.
        const std::string quoted = written.empty() ? "" : " \"" + written + "\"";
        emit(out, kRequirementDocumentIncomplete,
             f(what + ": văn bản" + quoted + " thiếu " +
                   std::string(number.empty() && date.empty() ? "số/ký hiệu và ngày ban hành"
                               : number.empty()               ? "số/ký hiệu"
                                                              : "ngày ban hành") +
                   "; ghi ví dụ \"Kế hoạch số 45/KH-UBND ngày 10/02/2025\"",
               what_en + ": the document" + quoted + " lacks its " +
                   std::string(number.empty() && date.empty() ? "number and date"
                               : number.empty()               ? "number"
                                                              : "date") +
                   "; write e.g. \"Kế hoạch số 45/KH-UBND ngày 10/02/2025\""));
        return;
      }
      case ValueState::Conflicting: {
        // A document is told apart by its number and date, anything else by its text.
        auto as_written = [&](const std::string& t, const std::string& no, const std::string& day,
                              bool en) {
          if (req.kind != RequirementKind::Document) return text::quote(t, en);
          return text::quote(no, en) + (en ? " dated " : " ngày ") + text::quote(day, en);
        };
        const ValueDetail none;
        const ValueDetail& o = d ? *d : none;
        const std::string other = s.text(o.other_text), other_number = s.text(o.other_number),
                          other_date = s.text(o.other_date);
        const std::string one = as_written(written, number, date, false);
        const std::string two = as_written(other, other_number, other_date, false);
        const std::string one_en = as_written(written, number, date, true);
        const std::string two_en = as_written(other, other_number, other_date, true);
        emit(out, kRequirementConflictingValues,
             f(what + " được ghi hai lần với giá trị khác nhau: " + one + " (dòng " +
                   std::to_string(v.line) + ") và " + two + " (dòng " +
                   std::to_string(o.other_line) +
                   "); không dùng giá trị nào, đề nghị đơn vị xác nhận số liệu đúng",
               what_en + " is given twice with different values: " + one_en + " (line " +
                   std::to_string(v.line) + ") and " + two_en + " (line " +
                   std::to_string(o.other_line) + "); neither is used"));
        return;
      }
    }
  }
};

}  // namespace

TUANTHU_PLUGIN(RequirementsCheck)
