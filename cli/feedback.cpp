#include "feedback.hpp"

#include <filesystem>
#include <map>

#include "tuanthu/atomic_file.hpp"
#include "tuanthu/text.hpp"

namespace tuanthu::cli {

std::string feedback_text(const WriteContext& ctx, const std::string& unit,
                          const std::vector<const Finding*>& unit_findings) {
  const Plan& plan = ctx.plan;
  const UnitStatus* us = ctx.status.find_unit(unit);
  std::map<size_t, std::vector<const Finding*>> by_task;  // plan task index; npos = general
  for (const Finding* fp : unit_findings) {
    const Finding& f = *fp;
    if (f.severity == Severity::Info) continue;
    by_task[f.task.empty() ? std::string::npos - 1 : plan.task_index(f.task)].push_back(&f);
  }
  if (by_task.empty()) return {};
  const Unit* u = plan.find_unit(unit);
  // A letter names offices in full; optional plan data left out leaves no gap in it
  // ("Kính gửi: " and nothing, " của " and nothing).
  const Unit* to = plan.find_unit(plan.cycle.to);
  std::string office = to && !to->name.empty() ? to->name : plan.display_name(plan.cycle.to);
  if (office.empty()) office = "Cơ quan tổng hợp báo cáo";
  const Period& p = ctx.status.expectation.period;
  const std::string period =
      p.frequency == Frequency::Annual ? "năm " + std::to_string(p.year) : "kỳ " + p.str();
  const std::string due = ctx.status.expectation.due ? ctx.status.expectation.due->vi() : "";
  std::string out;
  out += "Kính gửi: " + (u && !u->name.empty() ? u->name : plan.display_name(unit)) + "\n\n";
  const std::string plan_ref =
      "Kế hoạch" + (plan.document.number.empty() ? "" : " số " + plan.document.number) +
      (plan.document.date ? " ngày " + plan.document.date->vi() : std::string()) +
      (plan.document.issuer.empty() ? "" : " của " + plan.document.issuer) +
      (plan.document.number.empty() && !plan.id.empty() ? " (" + plan.id + ")" : "");
  const Submission* sub = us ? ctx.submission_of(*us) : nullptr;
  if (us && !sub) {
    // A file the unit sent that could not be read (a damaged form, one named after the
    // unit): the letter says it was received and what to do, not that nothing came.
    std::map<std::string, std::vector<const Finding*>> unread;
    for (const Finding* f : unit_findings)
      if (f->severity != Severity::Info && !f->file.empty() && f->file != plan.file)
        unread[f->file].push_back(f);
    if (!unread.empty()) {
      out += "Đến ngày " + ctx.status.as_of.vi() + ", " + office + " đã nhận được tệp báo cáo " +
             period + " của đơn vị về kết quả thực hiện " + plan_ref +
             " nhưng chưa tính được, vì:\n";
      for (const auto& [file, list] : unread) {
        out += "\nTệp " + std::filesystem::path(file).filename().string() + "\n";
        for (const auto* f : list) out += "- " + f->message + "\n";
      }
      out +=
          "\nĐề nghị đơn vị sửa theo hướng dẫn trên (hoặc điền lại vào biểu mẫu gốc), lưu "
          "lại và gửi lại báo cáo" +
          (due.empty() ? std::string() : " (hạn báo cáo: " + due + ")") +
          ", bảo đảm đủ các nội dung sau:\n";
    } else {
      out += "Đến ngày " + ctx.status.as_of.vi() + ", " + office + " chưa nhận được báo cáo " +
             period + " của đơn vị về kết quả thực hiện " + plan_ref +
             (due.empty() ? std::string() : " (hạn báo cáo: " + due + ")") +
             ". Đề nghị đơn vị khẩn trương gửi báo cáo, bảo đảm đủ các nội dung sau:\n";
    }
    if (const ExpectedUnit* eu = ctx.status.expectation.find(unit))
      for (const auto& a : eu->assignments)
        if (const Task* t = plan.find_task(a.task))
          out +=
              "- Nhiệm vụ " + t->id + " (" + std::string(to_vi(a.role)) + "): " + t->title + "\n";
    return out;
  }
  out += office + " đã rà soát báo cáo " + period + " của đơn vị";
  if (sub) {
    const auto& d = sub->report.document;
    if (!d.number.empty())
      out += " (số " + d.number + (d.date ? " ngày " + d.date->vi() : "") + ")";
  }
  out += " về kết quả thực hiện " + plan_ref +
         ". Đề nghị đơn vị bổ sung, hoàn chỉnh các nội dung sau:\n";
  for (const auto& [idx, list] : by_task) {
    if (idx < plan.tasks.size())
      out += "\nNhiệm vụ " + plan.tasks[idx].id + ": " + plan.tasks[idx].title + "\n";
    else if (idx == std::string::npos - 1)
      out += "\nVề hình thức và thời hạn báo cáo\n";
    else
      out += "\nNội dung khác\n";
    for (const auto* f : list) out += "- " + f->message + "\n";
  }
  out += "\nĐề nghị đơn vị gửi báo cáo bổ sung về " + office + " để tổng hợp.\n";
  return out;
}

std::vector<std::filesystem::path> write_feedback(const WriteContext& ctx,
                                                  const std::filesystem::path& dir) {
  std::map<std::string_view, std::vector<const Finding*>> by_unit;
  for (const auto& f : ctx.findings)
    if (!f.unit.empty()) by_unit[f.unit].push_back(&f);
  static const std::vector<const Finding*> none;
  std::vector<std::string> units, texts;
  for (const auto& us : ctx.status.units) {
    auto it = by_unit.find(us.unit);
    std::string text = feedback_text(ctx, us.unit, it == by_unit.end() ? none : it->second);
    if (text.empty()) continue;
    units.push_back(us.unit);
    texts.push_back(std::move(text));
  }
  // Unit ids come from the plan: each letter's name is made safe (no "../", no
  // separators), and two ids never share a name.
  const std::vector<std::string> names = text::safe_file_names(units);
  // The folder is the run's: built whole beside the target and swapped in, so letters
  // of an earlier run never stay next to this run's summary.
  AtomicDirectory folder(dir);
  std::vector<std::filesystem::path> written;
  for (size_t i = 0; i < names.size(); ++i) {
    folder.add(names[i] + ".txt", texts[i]);
    written.push_back(dir / (names[i] + ".txt"));
  }
  folder.commit();
  return written;
}

}  // namespace tuanthu::cli
