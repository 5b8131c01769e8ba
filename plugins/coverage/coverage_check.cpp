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
    const Plan& plan = ctx.plan;
    const std::string who = plan.display_name(s.unit_id);
    const Symbol unit(s.unit_id), file(r.file);  // interned once, not per finding
    // Each section's plan task looked up once, and sections counted by plan task position:
    // not every section's id compared with every assignment's (40 x 40 on a national plan).
    std::vector<const Task*> section_task(r.tasks.size());
    std::vector<int> sections_of(plan.tasks.size());
    for (size_t i = 0; i < r.tasks.size(); ++i)
      if ((section_task[i] = plan.find_task(r.tasks[i].ref)))
        ++sections_of[static_cast<size_t>(section_task[i] - plan.tasks.data())];
    std::vector<bool> assigned(plan.tasks.size());
    const std::vector<size_t> positions = eu->task_positions(plan);
    for (size_t i = 0; i < positions.size(); ++i) {
      const Assignment& a = eu->assignments[i];
      const size_t pos = positions[i];
      if (pos < plan.tasks.size()) assigned[pos] = true;
      if (pos < plan.tasks.size() ? sections_of[pos] > 0 : r.find_task(a.task) != nullptr) continue;
      const Task* t = pos < plan.tasks.size() ? &plan.tasks[pos] : nullptr;
      emit(out, kCoverageMissingTask,
           make_finding(unit, a.task, "",
                        "báo cáo của " + who + " thiếu phần nhiệm vụ " + a.task.str() + " (" +
                            std::string(to_vi(a.role)) + ")" + (t ? ": " + t->title : ""),
                        "the report from " + who + " has no section for task " + a.task.str() +
                            " (" + std::string(to_string(a.role)) + ")",
                        file, r.line));
    }
    std::vector<int> seen(plan.tasks.size());      // sections seen so far per plan task
    std::map<std::string_view, int> unknown_seen;  // the same for ids the plan lacks
    for (size_t i = 0; i < r.tasks.size(); ++i) {
      const ReportTask& sec = r.tasks[i];
      // A section id that is not the plan's is the report's text: quoted, bounded.
      const Task* task = section_task[i];
      const bool known = task != nullptr;
      const size_t pos = known ? static_cast<size_t>(task - plan.tasks.data()) : 0;
      const std::string ref = known ? sec.ref : text::quote(sec.ref);
      const std::string ref_en = known ? sec.ref : text::quote(sec.ref, true);
      // One finding per extra copy, at the copy: three sections give two.
      if (const int copy = known ? ++seen[pos] : ++unknown_seen[sec.ref]; copy > 1) {
        emit(out, kCoverageDuplicateTask,
             make_finding(unit, sec.ref, "",
                          "phần nhiệm vụ " + ref + " xuất hiện lần thứ " + std::to_string(copy) +
                              "; các phần được đọc chung, giá trị ghi khác nhau giữa các phần "
                              "bị báo lỗi và không được dùng",
                          "task " + ref_en + " appears again (copy " + std::to_string(copy) +
                              "); the sections are read together, values that differ between "
                              "them are reported and not used",
                          file, sec.line));
        continue;  // the first copy already said what the task is
      }
      if (!known) {
        emit(
            out, kCoverageUnknownTask,
            make_finding(unit, sec.ref, "",
                         "kế hoạch không có nhiệm vụ " + ref + "; kiểm tra lại mã nhiệm vụ",
                         "the plan has no task " + ref_en + "; check the task id", file, sec.line));
      } else if (!assigned[pos]) {
        emit(out, kCoverageUnassignedTask,
             make_finding(unit, sec.ref, "",
                          who + " báo cáo nhiệm vụ " + sec.ref +
                              " dù không được giao trong kỳ này; nội dung được ghi nhận thêm",
                          who + " reports on task " + sec.ref + ", which is not assigned to it",
                          file, sec.line));
      }
    }
  }
};

}  // namespace

TUANTHU_PLUGIN(CoverageCheck)
