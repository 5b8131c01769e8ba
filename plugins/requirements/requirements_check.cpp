// Check plugin `requirements`: every required value of every assigned task is present,
// meaningful, well formed and meets its target.
#include <cmath>

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

class RequirementsCheck final : public Check {
 public:
  std::string name() const override { return "requirements"; }
  std::string version() const override { return "1.0"; }
  Message description() const override {
    return {"Các chỉ tiêu, số liệu, nội dung bắt buộc của từng nhiệm vụ",
            "required values and targets"};
  }
  std::vector<Rule> rules() const override {
    return {kRequirementMissing,      kRequirementPlaceholder, kRequirementTooShort,
            kRequirementNotANumber,   kRequirementNegative,    kRequirementPercentRange,
            kRequirementTargetMissed, kRequirementBadDate,     kRequirementDocumentIncomplete,
            kRequirementUnknownValue};
  }

  void check_report(const CheckContext& ctx, const Submission& s,
                    std::vector<Finding>& out) const override {
    const ExpectedUnit* eu = ctx.expectation.find(s.unit_id);
    if (!eu) return;
    const long default_min_words = ctx.options.get_int("min-words", 0);
    for (const auto& a : eu->assignments) {
      const Task* task = ctx.plan.find_task(a.task);
      const ReportTask* sec = s.report.find_task(a.task);
      if (!task || !sec) continue;  // a missing section is coverage's finding
      for (const auto& req : task->requirements) {
        if (!req.applies_to(a.role)) continue;
        check_value(ctx, s, *task, req, *sec, sec->find(req.id), default_min_words, out);
      }
      for (const auto& v : sec->values)
        if (!task->find_requirement(v.ref))
          emit(out, kRequirementUnknownValue,
               make_finding(s.unit_id, a.task, v.ref,
                            "nhiệm vụ " + a.task + " không có yêu cầu " + text::quote(v.ref) +
                                "; giá trị được giữ nhưng không chấm",
                            "task " + a.task + " has no requirement " + text::quote(v.ref, true) +
                                "; kept, not scored",
                            s.report.file, v.line));
    }
  }

 private:
  void check_value(const CheckContext& ctx, const Submission& s, const Task& task,
                   const Requirement& req, const ReportTask& sec, const ReportValue* v,
                   long default_min_words, std::vector<Finding>& out) const {
    const std::string& file = s.report.file;
    const int line = v ? v->line : sec.line;
    auto f = [&](std::string vi, std::string en) {
      return make_finding(s.unit_id, task.id, req.id, std::move(vi), std::move(en), file, line);
    };
    const std::string what = "\"" + req.label + "\" (" + task.id + "/" + req.id + ")";
    const std::string what_en = task.id + "/" + req.id;
    const bool empty = !v || (v->text.empty() && v->number.empty() && v->date.empty());
    if (empty) {
      if (!req.optional)
        emit(out, kRequirementMissing, f("thiếu " + what, "missing required value " + what_en));
      return;
    }
    const auto& placeholders = ctx.plan.placeholders;
    switch (req.kind) {
      case RequirementKind::Narrative: {
        if (text::is_placeholder(v->text, placeholders)) {
          emit(out, kRequirementPlaceholder,
               f(what + " chỉ ghi " + text::quote(v->text) + ", chưa có nội dung",
                 what_en + " says only " + text::quote(v->text, true)));
          return;
        }
        const long min = req.min_words ? *req.min_words : default_min_words;
        const int words = text::word_count(v->text);
        if (words < min)
          emit(out, kRequirementTooShort,
               f(what + " chỉ có " + std::to_string(words) + " từ, cần ít nhất " +
                     std::to_string(min),
                 what_en + " has " + std::to_string(words) + " words, at least " +
                     std::to_string(min) + " required"));
        return;
      }
      case RequirementKind::Number:
      case RequirementKind::Percent: {
        if (text::is_placeholder(v->text, placeholders)) {
          emit(out, kRequirementPlaceholder,
               f(what + " chỉ ghi " + text::quote(v->text) + ", chưa có số liệu",
                 what_en + " says only " + text::quote(v->text, true) + ", no figure"));
          return;
        }
        auto n = text::parse_number(v->text, ctx.plan.number_style);
        if (!n) {
          emit(out, kRequirementNotANumber,
               f(what + " = " + text::quote(v->text) +
                     " không phải là số; ghi số liệu, ví dụ 1.234 hoặc 98,5",
                 what_en + " = " + text::quote(v->text, true) + " is not a number"));
          return;
        }
        const std::string shown =
            text::format_number_vi(n->value) + (req.kind == RequirementKind::Percent ? "%" : "");
        if (n->value < 0) {
          emit(out, kRequirementNegative,
               f(what + " = " + shown + " là số âm", what_en + " = " + shown + " is negative"));
          return;
        }
        if (req.kind == RequirementKind::Percent && n->value > 100) {
          emit(out, kRequirementPercentRange,
               f(what + " = " + shown + " nằm ngoài khoảng 0–100%",
                 what_en + " = " + shown + " is outside 0–100%"));
          return;
        }
        if (req.target && !req.target->met_by(n->value)) {
          const std::string tgt =
              req.target->str() + (req.kind == RequirementKind::Percent ? "%" : "");
          emit(out, kRequirementTargetMissed,
               f(what + " đạt " + shown + ", chưa đạt chỉ tiêu " + tgt,
                 what_en + " is " + shown + ", target " + tgt + " not met"));
        }
        return;
      }
      case RequirementKind::Date:
        if (!text::parse_date(v->text))
          emit(out, kRequirementBadDate,
               f(what + " = " + text::quote(v->text) + " không phải ngày hợp lệ; ghi dd/mm/yyyy",
                 what_en + " = " + text::quote(v->text, true) + " is not a valid date"));
        return;
      case RequirementKind::Document: {
        if (v->number.empty() || v->date.empty()) {
          emit(
              out, kRequirementDocumentIncomplete,
              f(what + ": văn bản thiếu " +
                    std::string(v->number.empty() && v->date.empty() ? "số/ký hiệu và ngày ban hành"
                                : v->number.empty()                  ? "số/ký hiệu"
                                                                     : "ngày ban hành") +
                    " (number=\"…\" date=\"…\")",
                what_en + ": the document lacks its " +
                    std::string(v->number.empty() ? "number" : "date")));
          return;
        }
        if (!text::parse_date(v->date))
          emit(out, kRequirementBadDate,
               f(what + ": ngày văn bản " + text::quote(v->date) + " không hợp lệ",
                 what_en + ": document date " + text::quote(v->date, true) +
                     " is not a valid date"));
        return;
      }
    }
  }
};

}  // namespace

TUANTHU_PLUGIN(RequirementsCheck)
