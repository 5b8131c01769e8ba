// Check plugin `submission`: who reported, on time, once, for this plan and period. The
// decisions are the core's (core/src/submission.cpp: unit, disposition, timeliness); this
// check is the one place that words them.
#include <set>

#include "tuanthu/plugin.hpp"
#include "tuanthu/text.hpp"

namespace {

using namespace tuanthu;

// Each rule declared once; rules() lists them and emit() takes them.
inline constexpr Rule kSubmissionMissing{"submission-missing", Severity::Error,
                                         "an expected report is missing after the deadline"};
inline constexpr Rule kSubmissionNotYetDue{"submission-not-yet-due", Severity::Info,
                                           "an expected report is missing but not yet due"};
inline constexpr Rule kSubmissionLate{"submission-late", Severity::Warning,
                                      "a report arrived after the deadline"};
inline constexpr Rule kSubmissionDuplicate{"submission-duplicate", Severity::Warning,
                                           "a unit sent two reports for one period"};
inline constexpr Rule kSubmissionWrongPlan{"submission-wrong-plan", Severity::Error,
                                           "a report names another plan"};
inline constexpr Rule kSubmissionWrongPeriod{"submission-wrong-period", Severity::Error,
                                             "a report is for another period"};
inline constexpr Rule kSubmissionUnknownUnit{"submission-unknown-unit", Severity::Error,
                                             "a report's unit is not in the plan"};
inline constexpr Rule kSubmissionUnitAmbiguous{"submission-unit-ambiguous", Severity::Error,
                                               "a report's unit name matches several units"};
inline constexpr Rule kSubmissionUnitNameLoose{
    "submission-unit-name-loose", Severity::Warning,
    "a report's unit name matched only without diacritics"};
inline constexpr Rule kSubmissionUnexpectedUnit{
    "submission-unexpected-unit", Severity::Warning,
    "a plan unit reported but has nothing to report this period"};
inline constexpr Rule kSubmissionNoDate{
    "submission-no-date", Severity::Warning,
    "a report has neither a received stamp nor a document date"};
inline constexpr Rule kSubmissionAfterAsOf{
    "submission-after-as-of", Severity::Info,
    "a report dated after the --as-of day is not counted as of that day"};
inline constexpr Rule kSubmissionUnitConflict{
    "submission-unit-conflict", Severity::Error,
    "a report's unit= and unit-name= name different units; credited to none"};
inline constexpr Rule kSubmissionUnitNameUnmatched{
    "submission-unit-name-unmatched", Severity::Warning,
    "a report's unit-name= matches no plan unit; credited to its unit= id"};
inline constexpr Rule kSubmissionDateImplausible{
    "submission-date-implausible", Severity::Warning,
    "a report's document date is before the period starts, or years after the as-of day: not "
    "used to judge timeliness"};
inline constexpr Rule kSubmissionNoDeadline{
    "submission-no-deadline", Severity::Error,
    "the plan gives no deadline for the period: lateness cannot be judged"};

std::string names(const Plan& plan, const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids)
    out += (out.empty() ? "" : "; ") + plan.display_name(id) + " (" + id + ")";
  return out;
}

class SubmissionCheck final : public Check {
 public:
  std::string name() const override { return "submission"; }
  std::string version() const override { return "1.0"; }
  Message description() const override {
    return {"Đơn vị nào đã nộp, đúng hạn hay trễ, trùng lặp, sai kỳ",
            "who reported, on time, once"};
  }
  std::vector<Rule> rules() const override {
    return {kSubmissionMissing,       kSubmissionNotYetDue,
            kSubmissionLate,          kSubmissionDuplicate,
            kSubmissionWrongPlan,     kSubmissionWrongPeriod,
            kSubmissionUnknownUnit,   kSubmissionUnitAmbiguous,
            kSubmissionUnitNameLoose, kSubmissionUnexpectedUnit,
            kSubmissionNoDate,        kSubmissionAfterAsOf,
            kSubmissionUnitConflict,  kSubmissionUnitNameUnmatched,
            kSubmissionNoDeadline,    kSubmissionDateImplausible};
  }

  void check_run(const CheckContext& ctx, std::vector<Finding>& out) const override {
    const Expectation& e = ctx.expectation;
    const std::string period = e.period.str();
    const std::string due = e.due ? "hạn " + e.due->vi() : "kế hoạch không nêu hạn nộp";
    const std::string due_en = e.due ? "due " + e.due->vi() : "the plan gives no deadline";
    if (!e.last_on_time)
      emit(out, kSubmissionNoDeadline,
           make_finding("", "", "",
                        "kế hoạch không xác định được hạn nộp báo cáo kỳ " + period +
                            " (<cycle due=\"…\"> hoặc due-days-after-end): không đánh giá được "
                            "đúng hạn hay trễ; sửa kế hoạch rồi chạy lại",
                        "the plan gives no deadline for " + period +
                            " (<cycle due=\"…\"> or due-days-after-end): lateness cannot be "
                            "judged; fix the plan and run again",
                        ctx.plan.file, ctx.plan.cycle.loc.line));
    std::set<std::string_view> counted;
    for (const auto& s : ctx.submissions)
      if (s.disposition == Disposition::Counted) counted.insert(s.unit_id);
    for (const auto& eu : e.units) {
      if (counted.count(eu.unit)) continue;
      const std::string who = ctx.plan.display_name(eu.unit);
      // Points at the unit's declaration in the plan: there is no report to point at.
      const Unit* unit = ctx.plan.find_unit(eu.unit);
      const int line = unit ? unit->loc.line : 0;
      if (timeliness_without_report(e, ctx.as_of) == Timeliness::Missing) {
        emit(out, kSubmissionMissing,
             make_finding(eu.unit, "", "",
                          who + " chưa nộp báo cáo kỳ " + period + " (" + due + ", tính đến " +
                              ctx.as_of.vi() + ")",
                          who + " has not sent its " + period + " report (" + due_en + ", as of " +
                              ctx.as_of.vi() + ")",
                          ctx.plan.file, line));
      } else {
        emit(out, kSubmissionNotYetDue,
             make_finding(
                 eu.unit, "", "",
                 who + " chưa nộp báo cáo kỳ " + period + " — chưa đến hạn (" + e.due->vi() + ")",
                 who + " has not reported for " + period + " yet — not yet due (" + e.due->vi() +
                     ")",
                 ctx.plan.file, line));
      }
    }
    for (const auto& s : ctx.submissions) per_submission(ctx, s, out);
  }

 private:
  void per_submission(const CheckContext& ctx, const Submission& s,
                      std::vector<Finding>& out) const {
    const Report& r = s.report;
    // A unit the plan does not know is named by the report's own text: quoted, bounded.
    const std::string& raw_who = r.unit.empty() ? r.unit_name : r.unit;
    // Named only when a finding says it (most counted reports draw none).
    auto who = [&] {
      return s.unit_id.empty() ? std::string("đơn vị ") + text::quote(raw_who)
                               : ctx.plan.display_name(s.unit_id);
    };
    auto who_en = [&] {
      return s.unit_id.empty() ? std::string("unit ") + text::quote(raw_who, true)
                               : ctx.plan.display_name(s.unit_id);
    };
    auto f = [&](std::string vi, std::string en) {
      return make_finding(s.unit_id, "", "", std::move(vi), std::move(en), r.file, r.line);
    };
    if (s.match == UnitMatchKind::ByNameLoose)
      emit(out, kSubmissionUnitNameLoose,
           f("tên đơn vị " + text::quote(r.unit_name) + " chỉ khớp với " +
                 names(ctx.plan, {s.unit_id}) +
                 " khi bỏ dấu (hoặc theo mã đơn vị); đã ghi nhận cho đơn vị này, đề nghị kiểm tra "
                 "lại",
             "unit name " + text::quote(r.unit_name, true) + " matches " +
                 names(ctx.plan, {s.unit_id}) +
                 " only without diacritics (or as its id); credited to it, please verify"));
    if (s.match == UnitMatchKind::ByIdNameUnmatched)
      emit(out, kSubmissionUnitNameUnmatched,
           f("tên đơn vị unit-name=" + text::quote(r.unit_name) +
                 " không khớp với đơn vị nào trong kế hoạch; báo cáo được ghi nhận theo mã "
                 "unit=\"" +
                 r.unit + "\" (" + ctx.plan.display_name(r.unit) +
                 "), đề nghị kiểm tra lại tên đơn vị",
             "unit name " + text::quote(r.unit_name, true) +
                 " matches no plan unit; credited by unit=\"" + r.unit + "\" (" +
                 ctx.plan.display_name(r.unit) + "), please check the name"));
    const bool in_period =
        s.disposition == Disposition::Counted || s.disposition == Disposition::Superseded;
    if (in_period && s.implausible_document_date) {
      const std::string d = s.implausible_document_date->vi();
      const Date start = ctx.expectation.period.first_day();
      const bool before = *s.implausible_document_date < start;
      const std::string why_vi = before
                                     ? std::string("trước ngày bắt đầu kỳ ") +
                                           ctx.expectation.period.str() + " (" + start.vi() + ")"
                                     : std::string("ở năm quá xa sau ngày tính ") + ctx.as_of.vi() +
                                           " (có thể gõ nhầm năm, hoặc sổ Excel dùng hệ ngày 1904)";
      const std::string why_en =
          before ? std::string("is before the period ") + ctx.expectation.period.str() +
                       " starts (" + start.vi() + ")"
                 : std::string("is years after the as-of day ") + ctx.as_of.vi() +
                       " (a mistyped year, or an Excel workbook in the 1904 date system)";
      const std::string then_vi =
          s.date_from_stamp ? std::string("tính đúng hạn theo ngày nhận ") + s.effective_date->vi()
                            : "không xác định được đúng hạn hay trễ";
      const std::string then_en =
          s.date_from_stamp ? std::string("timeliness is judged from the received stamp ") +
                                  s.effective_date->vi()
                            : "timeliness cannot be judged";
      emit(out, kSubmissionDateImplausible,
           f(std::string("ngày văn bản ") + d + " " + why_vi + "; không dùng ngày này, " + then_vi +
                 ". Đề nghị đơn vị kiểm tra lại ngày văn bản",
             std::string("the document date ") + d + " " + why_en + "; it is not used, " + then_en +
                 ". Ask the unit to check the document date"));
    }
    switch (s.disposition) {
      case Disposition::Counted: {
        if (!s.effective_date) {
          if (s.implausible_document_date) break;  // said above
          emit(out, kSubmissionNoDate,
               f("báo cáo không có ngày nhận và ngày văn bản; không xác định được đúng hạn hay "
                 "trễ, báo cáo được tính là đã nộp nhưng không tính là đúng hạn",
                 "the report has no received stamp and no document date; timeliness unknown: "
                 "counted as received, not as on time"));
          break;
        }
        const int late = s.timeliness == Timeliness::Late ? s.days_late : 0;
        if (late > 0) {
          const std::string src = s.date_from_stamp ? "ngày nhận" : "ngày văn bản";
          const std::string src_en = s.date_from_stamp ? "received" : "document date";
          emit(out, kSubmissionLate,
               f(who() + " nộp trễ " + std::to_string(late) + " ngày (" + src + " " +
                     s.effective_date->vi() + ", hạn " + ctx.expectation.due->vi() + ")",
                 who_en() + " reported " + std::to_string(late) + " day(s) late (" + src_en + " " +
                     s.effective_date->vi() + ", due " + ctx.expectation.due->vi() + ")"));
        }
        break;
      }
      case Disposition::Superseded:
        emit(out, kSubmissionDuplicate,
             f(who() + " gửi nhiều báo cáo cho kỳ " + r.period +
                   "; báo cáo này không được tính, tính báo cáo " + s.superseded_by,
               who_en() + " sent several reports for " + r.period + "; this one is superseded by " +
                   s.superseded_by));
        break;
      case Disposition::WrongPlan:
        emit(out, kSubmissionWrongPlan,
             f("báo cáo thuộc kế hoạch " + text::quote(r.plan) + ", không phải kế hoạch \"" +
                   ctx.plan.id + "\"; không được tính",
               "the report is for plan " + text::quote(r.plan, true) + ", not \"" + ctx.plan.id +
                   "\"; not counted"));
        break;
      case Disposition::WrongPeriod:
        emit(out, kSubmissionWrongPeriod,
             f("báo cáo của " + who() + " là cho kỳ " + text::quote(r.period) + ", không phải kỳ " +
                   ctx.expectation.period.str() + "; không được tính",
               "the report from " + who_en() + " is for period " + text::quote(r.period, true) +
                   ", not " + ctx.expectation.period.str() + "; not counted"));
        break;
      case Disposition::UnknownUnit:
        if (s.match == UnitMatchKind::IdNameConflict)
          emit(out, kSubmissionUnitConflict,
               f("mã đơn vị unit=" + text::quote(r.unit) +
                     " và tên đơn vị unit-name=" + text::quote(r.unit_name) +
                     " chỉ các đơn vị khác nhau: " + names(ctx.plan, s.candidates) +
                     "; báo cáo không được ghi nhận cho đơn vị nào, đề nghị đơn vị sửa cho "
                     "thống nhất",
                 "unit=" + text::quote(r.unit, true) +
                     " and unit-name=" + text::quote(r.unit_name, true) +
                     " name different units: " + names(ctx.plan, s.candidates) +
                     "; credited to none, ask the unit to make them agree"));
        else if (s.match == UnitMatchKind::Ambiguous)
          emit(out, kSubmissionUnitAmbiguous,
               f("tên đơn vị " + text::quote(r.unit_name) +
                     " khớp với nhiều đơn vị: " + names(ctx.plan, s.candidates) +
                     "; không ghi nhận cho đơn vị nào, ghi rõ unit=\"…\"",
                 "unit name " + text::quote(r.unit_name, true) + " matches several units: " +
                     names(ctx.plan, s.candidates) + "; credited to none, set unit=\"…\""));
        else
          emit(out, kSubmissionUnknownUnit,
               f(who() + " không có trong kế hoạch; kiểm tra mã đơn vị (unit=\"…\")",
                 who_en() + " is not in the plan; check unit=\"…\""));
        break;
      case Disposition::Unexpected:
        emit(out, kSubmissionUnexpectedUnit,
             f(who() + " không được giao nhiệm vụ nào trong kỳ " + ctx.expectation.period.str() +
                   "; báo cáo được lưu nhưng không tính",
               who_en() + " has no task in " + ctx.expectation.period.str() +
                   "; kept but not counted"));
        break;
      case Disposition::AfterAsOf:
        emit(out, kSubmissionAfterAsOf,
             f("báo cáo của " + who() + " đề ngày " + s.effective_date->vi() + ", sau ngày tính " +
                   ctx.as_of.vi() + "; chưa được tính ở thời điểm này",
               "the report from " + who_en() + " is dated " + s.effective_date->vi() +
                   ", after the as-of day " + ctx.as_of.vi() + "; not counted as of then"));
        break;
    }
  }
};

}  // namespace

TUANTHU_PLUGIN(SubmissionCheck)
