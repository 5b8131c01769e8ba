// Check plugin `coverage`: does a counted report have a section for every task
// assigned to its unit, and only for tasks the plan has?
#include <map>

#include "tuanthu/plugin.hpp"
#include "tuanthu/text.hpp"

namespace {

using namespace tuanthu;

// Each rule declared once; rules() lists them and emit() takes them.
inline constexpr Rule kCoverageMissingTask{"coverage-missing-task", Severity::Error,
                                           "an assigned task has no section in the report"};
inline constexpr Rule kCoverageUnassignedTask{"coverage-unassigned-task", Severity::Info,
                                              "a section for a task not assigned to the unit"};
inline constexpr Rule kCoverageUnknownTask{"coverage-unknown-task", Severity::Warning,
                                           "a section for a task the plan does not have"};
inline constexpr Rule kCoverageDuplicateTask{"coverage-duplicate-task", Severity::Warning,
                                             "two sections for the same task"};

class CoverageCheck final : public Check {
 public:
  std::string name() const override { return "coverage"; }
  std::string version() const override { return "1.0"; }
  Message description() const override {
    return {"Báo cáo có đủ các nhiệm vụ được giao", "every assigned task has a section"};
  }
  std::vector<Rule> rules() const override {
    return {kCoverageMissingTask, kCoverageUnassignedTask, kCoverageUnknownTask,
            kCoverageDuplicateTask};
  }

  void check_report(const CheckContext& ctx, const Submission& s,
                    std::vector<Finding>& out) const override {
    const ExpectedUnit* eu = ctx.expectation.find(s.unit_id);
    if (!eu) return;
    const Report& r = s.report;
    const std::string who = ctx.plan.display_name(s.unit_id);
    for (const auto& a : eu->assignments) {
      if (r.find_task(a.task)) continue;
      const Task* t = ctx.plan.find_task(a.task);
      emit(out, kCoverageMissingTask,
           make_finding(s.unit_id, a.task, "",
                        "báo cáo của " + who + " thiếu phần nhiệm vụ " + a.task.str() + " (" +
                            std::string(to_vi(a.role)) + ")" + (t ? ": " + t->title : ""),
                        "the report from " + who + " has no section for task " + a.task.str() +
                            " (" + std::string(to_string(a.role)) + ")",
                        r.file, r.line));
    }
    std::map<std::string_view, int> copies;  // sections seen so far per task id
    for (size_t i = 0; i < r.tasks.size(); ++i) {
      const ReportTask& sec = r.tasks[i];
      // A section id that is not the plan's is the report's text: quoted, bounded.
      const bool known = ctx.plan.find_task(sec.ref) != nullptr;
      const std::string ref = known ? sec.ref : text::quote(sec.ref);
      const std::string ref_en = known ? sec.ref : text::quote(sec.ref, true);
      // One finding per extra copy, at the copy: three sections give two.
      if (const int copy = ++copies[sec.ref]; copy > 1) {
        emit(out, kCoverageDuplicateTask,
             make_finding(s.unit_id, sec.ref, "",
                          "phần nhiệm vụ " + ref + " xuất hiện lần thứ " + std::to_string(copy) +
                              "; các phần được đọc chung, giá trị ghi khác nhau giữa các phần "
                              "bị báo lỗi và không được dùng",
                          "task " + ref_en + " appears again (copy " + std::to_string(copy) +
                              "); the sections are read together, values that differ between "
                              "them are reported and not used",
                          r.file, sec.line));
        continue;  // the first copy already said what the task is
      }
      if (!known) {
        emit(out, kCoverageUnknownTask,
             make_finding(s.unit_id, sec.ref, "",
                          "kế hoạch không có nhiệm vụ " + ref + "; kiểm tra lại mã nhiệm vụ",
                          "the plan has no task " + ref_en + "; check the task id", r.file,
                          sec.line));
      } else if (!eu->find(sec.ref)) {
        emit(out, kCoverageUnassignedTask,
             make_finding(s.unit_id, sec.ref, "",
                          who + " báo cáo nhiệm vụ " + sec.ref +
                              " dù không được giao trong kỳ này; nội dung được ghi nhận thêm",
                          who + " reports on task " + sec.ref + ", which is not assigned to it",
                          r.file, sec.line));
      }
    }
  }
};

}  // namespace

TUANTHU_PLUGIN(CoverageCheck)
