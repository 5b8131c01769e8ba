// Writer plugin `docx-report`: the consolidated report draft (Báo cáo kết quả thực hiện Kế
// hoạch …) in the form of Nghị định 30/2020/NĐ-CP, Phụ lục I, for the office to finish,
// number and sign. Sections: I. who had to report and who did; II. results per task in plan
// order; III. shortcomings; IV. proposals (left for the office); Nơi nhận and signature.
// Reads only the plan, the status model and the judged values (accepted values only, as
// every other writer); names come from the plan or the writer's options, blanks otherwise.
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <cmath>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "docx.hpp"
#include "official.hpp"
#include "tuanthu/message.hpp"
#include "tuanthu/plugin.hpp"
#include "tuanthu/text.hpp"
#include "tuanthu/value.hpp"

namespace {

using namespace tuanthu;
using docx::Align;
using docx::Paragraph;

// Above this many expected units section II lists units by task in a compact form (counts
// and the names of units that still owe something) and says so; the workbook and the JSON
// have every unit's result.
constexpr size_t kCompactUnits = 300;
// In the compact form, the longest list of names in one sentence.
constexpr size_t kMaxNamesCompact = 200;

/// The plan's title as it continues a sentence ("về việc triển khai …"): its first letter in
/// lower case, unless the first word is an acronym or a name (its second letter is not lower
/// case: "UBND", "Quận").
std::string continue_sentence(const std::string& s) {
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  if (u.countChar32() < 2) return s;
  const UChar32 c = u.char32At(0);
  if (!u_isupper(c) || !u_islower(u.char32At(u.moveIndex32(0, 1)))) return s;
  std::string first, lower;
  icu::UnicodeString(c).toUTF8String(first);
  icu::UnicodeString(u_tolower(c)).toUTF8String(lower);
  return lower + s.substr(first.size());
}

std::string or_blank(const std::string& s) {
  return s.empty() ? docx::kBlank : s;
}

std::string count(size_t n) {
  return text::format_count(n);
}

std::string period_vi(const Period& p) {
  if (p.frequency == Frequency::Annual) return std::string("năm ") + std::to_string(p.year);
  return std::string("kỳ ") + p.str();
}

/// A figure in Vietnamese form; percents to one decimal ("98,7%") unless that would show a
/// missed target as its target.
std::string figure(double v, bool percent, const std::optional<Target>& target, bool met) {
  if (!percent) return text::format_number_vi(v);
  const double one = std::round(v * 10) / 10;
  const bool misleading = target && !met && target->met_by(one);
  return text::format_number_vi(misleading ? v : one) + "%";
}

std::string target_words(const Requirement& req) {
  const Target& t = *req.target;
  std::string s = t.op == Comparison::Ge ? std::string() : std::string(to_vi(t.op)) + " ";
  s += text::format_number_vi(t.value);
  if (req.kind == RequirementKind::Percent)
    s += "%";
  else if (!req.measure.empty())
    s += std::string(" ") + req.measure;
  return s;
}

// `more`: names left out of `names` already, counted with those beyond `max`.
std::string join(const std::vector<std::string>& names, size_t max = SIZE_MAX, size_t more = 0) {
  std::string s;
  for (size_t i = 0; i < names.size() && i < max; ++i) s.append(i ? ", " : "").append(names[i]);
  if (names.size() > max) more += names.size() - max;
  if (more)
    s += std::string(" và ") + count(more) + " đơn vị khác (danh sách đầy đủ trong bảng tổng hợp)";
  return s;
}

// The cells of one task the compact form names: the first kMaxNamesCompact, and how many
// more.
struct Quoted {
  std::vector<const CellStatus*> quoted;
  size_t more = 0;
  void add(const CellStatus* c) {
    if (quoted.size() < kMaxNamesCompact)
      quoted.push_back(c);
    else
      ++more;
  }
};
struct Owing {
  Quoted incomplete, missing;
};

class Report {
 public:
  Report(const WriteContext& ctx, const docx::OfficialSettings& s)
      : ctx_(ctx),
        plan_(ctx.plan),
        st_(ctx.status),
        s_(s),
        compact_(ctx.status.units.size() > kCompactUnits) {}

  void write(const std::filesystem::path& target) {
    header();
    title();
    opening();
    section_one();
    section_two();
    section_three();
    section_four();
    closing();
    const docx::Reference ref = docx::reference_for(s_);
    docx::Properties props;
    props.title = std::string("Báo cáo ") + trich_yeu_;
    props.subject = plan_.document.title;
    props.created = st_.as_of;
    doc_.save(target, ref, props);
  }

 private:
  // ---- building blocks ----------------------------------------------------------------
  Paragraph centred(docx::Container& c, const std::string& t, const docx::RunStyle& st) {
    return c.paragraph().align(Align::Center).first_line(0).spacing(0, 0).run(t, st);
  }
  Paragraph body(const std::string& t, const docx::RunStyle& st = {}) {
    return doc_.paragraph().run(t, st);
  }
  Paragraph heading(const std::string& t, int level) {
    return doc_.paragraph()
        .style(level == 1 ? "Heading1" : "Heading2")
        .keep_next()
        .run(t, docx::bold());
  }
  /// "- <label>: <text>" with the label in bold.
  Paragraph item(const std::string& label, const std::string& t) {
    Paragraph p = doc_.paragraph();
    p.run("- ").run(label, docx::bold());
    p.run(t.empty() ? std::string(":") : std::string(": ") + t);
    return p;
  }
  // A unit is named in many places (every task it has not reported on): the plan's own
  // string, as Plan::display_name gives it, never a copy per mention.
  static const std::string& name_of(const Unit& u) {
    if (!u.short_name.empty()) return u.short_name;
    return u.name.empty() ? u.id : u.name;
  }
  const std::string& unit_name(std::string_view id) const {
    if (const Unit* u = plan_.find_unit(id)) return name_of(*u);
    auto [it, added] = names_.try_emplace(std::string(id));  // not in the plan: its id
    if (added) it->second = plan_.display_name(id);
    return it->second;
  }
  const std::string& unit_name(const CellStatus& c) const {
    return c.plan_unit ? name_of(*c.plan_unit) : unit_name(c.unit());
  }
  std::string ref_name(const std::string& ref) const {
    if (const Group* g = plan_.find_group(ref)) return g->name;
    return plan_.display_name(ref);
  }
  size_t max_names() const { return compact_ ? kMaxNamesCompact : SIZE_MAX; }

  // ---- header, title, opening -----------------------------------------------------------
  void header() { docx::letterhead(doc_, s_, st_.as_of.year); }

  void title() {
    const Document& d = plan_.document;
    trich_yeu_ = "Kết quả thực hiện Kế hoạch";
    if (!d.number.empty()) trich_yeu_ += std::string(" số ") + d.number;
    if (d.date) trich_yeu_ += std::string(" ngày ") + d.date->vi();
    if (!d.issuer.empty()) trich_yeu_ += std::string(" của ") + d.issuer;
    trich_yeu_ += std::string(" ") + period_vi(st_.expectation.period);
    centred(doc_, "BÁO CÁO", docx::bold(14)).spacing(18, 0).keep_next();
    centred(doc_, trich_yeu_, docx::bold(14)).keep_next();
    const int side = (doc_.page().text_width() - 2200) / 2;
    doc_.paragraph()
        .align(Align::Center)
        .first_line(0)
        .spacing(0, 12)
        .indent(side, side)
        .mark_size(4)
        .rule_below();
  }

  void opening() {
    const Document& d = plan_.document;
    std::string s = "Thực hiện Kế hoạch";
    if (!d.number.empty()) s += std::string(" số ") + d.number;
    if (d.date) s += std::string(" ngày ") + d.date->vi();
    if (!d.issuer.empty()) s += std::string(" của ") + d.issuer;
    if (!d.title.empty()) s += std::string(" về việc ") + continue_sentence(d.title);
    s += std::string("; căn cứ báo cáo của các đơn vị, ") + or_blank(s_.issuer) +
         " báo cáo kết quả thực hiện " + period_vi(st_.expectation.period) + " như sau:";
    body(s);
  }

  // ---- I. who reported -------------------------------------------------------------------
  void section_one() {
    heading("I. TÌNH HÌNH TRIỂN KHAI, TỔNG HỢP BÁO CÁO", 1);
    const Totals& t = st_.totals;
    const Expectation& e = st_.expectation;
    std::string s = std::string("Theo Kế hoạch, ") + period_vi(e.period) + " có " +
                    count(size_t(t.expected)) + " đơn vị phải báo cáo";
    if (e.due) s += std::string(" (hạn báo cáo ngày ") + e.due->vi() + ")";
    s += std::string(". Tính đến ngày ") + st_.as_of.vi() + ", đã nhận được báo cáo của " +
         count(size_t(t.received)) + "/" + count(size_t(t.expected)) + " đơn vị";
    std::vector<std::string> parts;
    if (t.on_time) parts.push_back(count(size_t(t.on_time)) + " đơn vị báo cáo đúng hạn");
    if (t.late) parts.push_back(count(size_t(t.late)) + " đơn vị báo cáo trễ hạn");
    if (t.unknown)
      parts.push_back(count(size_t(t.unknown)) + " đơn vị chưa xác định được ngày báo cáo");
    if (!parts.empty()) s += std::string(", trong đó ") + join(parts);
    s += ".";
    if (t.missing)
      s += std::string(" Còn ") + count(size_t(t.missing)) + " đơn vị chưa gửi báo cáo.";
    if (t.not_yet_due)
      s += std::string(" ") + count(size_t(t.not_yet_due)) +
           " đơn vị chưa gửi báo cáo nhưng chưa đến hạn.";
    body(s);

    // Only the names the report quotes are made; the others are counted.
    std::vector<std::string> late, missing;
    size_t more_late = 0, more_missing = 0;
    const size_t cap = max_names();
    for (const UnitStatus& u : st_.units) {
      if (u.timeliness == Timeliness::Late) {
        if (late.size() < cap)
          late.push_back(unit_name(u.unit) + " (trễ " + count(size_t(std::max(0, u.days_late))) +
                         " ngày)");
        else
          ++more_late;
      } else if (u.timeliness == Timeliness::Missing) {
        if (missing.size() < cap)
          missing.push_back(unit_name(u.unit));
        else
          ++more_missing;
      }
    }
    if (!late.empty()) item("Đơn vị báo cáo trễ hạn", join(late, cap, more_late) + ".");
    if (!missing.empty()) item("Đơn vị chưa gửi báo cáo", join(missing, cap, more_missing) + ".");
  }

  // ---- II. results per task ---------------------------------------------------------------
  void section_two() {
    heading("II. KẾT QUẢ THỰC HIỆN", 1);
    if (compact_)
      body(std::string("Do có ") + count(st_.units.size()) +
               " đơn vị phải báo cáo, mục này trình bày gọn theo từng nhiệm vụ: số đơn vị theo "
               "tình trạng báo cáo và tên các đơn vị chưa báo cáo đầy đủ. Kết quả chi tiết của "
               "từng đơn vị xem trong bảng tổng hợp (Excel) và tệp kết quả (JSON) kèm theo.",
           docx::italic());
    if (st_.tasks.empty()) {
      body("Kế hoạch không có nhiệm vụ nào trong kỳ báo cáo này.", docx::italic());
      return;
    }
    // Cells per task, in plan unit order, by the task's position in the plan (a national
    // run has 400,000 cells: no string made or hashed per cell). The compact form keeps
    // only the cells it quotes and counts the others.
    const Task* const first_task = plan_.tasks.data();
    const size_t n_tasks = plan_.tasks.size();
    std::vector<std::vector<const CellStatus*>> cells(compact_ ? 0 : n_tasks);
    std::vector<Owing> owing(compact_ ? n_tasks : 0);
    for (const CellStatus& c : st_.cells) {
      if (c.plan_task < first_task || c.plan_task >= first_task + n_tasks) continue;
      const size_t at = size_t(c.plan_task - first_task);
      if (!compact_)
        cells[at].push_back(&c);
      else if (c.state == CellState::Incomplete)
        owing[at].incomplete.add(&c);
      else if (c.state == CellState::Missing)
        owing[at].missing.add(&c);
    }
    int n = 0;
    for (const TaskStatus& ts : st_.tasks) {
      const Task* task = plan_.find_task(ts.task);
      if (!task) continue;
      std::string title = std::to_string(++n) + ". ";
      title += task->title.empty() ? std::string("Nhiệm vụ ") + task->id : task->title;
      if (!task->title.empty()) title += std::string(" (mục ") + task->id + ")";
      heading(title, 2);
      std::vector<std::string> leads, supports;
      for (const auto& r : task->leads) leads.push_back(ref_name(r));
      for (const auto& r : task->supports) supports.push_back(ref_name(r));
      item("Đơn vị chủ trì", leads.empty() ? "không giao" : join(leads) + ".");
      if (!supports.empty()) item("Đơn vị phối hợp", join(supports) + ".");
      indicators(*task);
      const size_t at = size_t(task - first_task);
      if (compact_)
        units_compact(ts, owing[at]);
      else
        units_full(*task, cells[at]);
    }
  }

  void indicators(const Task& task) {
    bool any = false;
    for (const IndicatorTotal& it : st_.indicator_totals) {
      if (it.task != task.id) continue;
      const Requirement* req = task.find_requirement(it.requirement);
      if (!req) continue;
      if (!any) body("Kết quả chung:", docx::italic()).keep_next();
      any = true;
      const std::string label = req->label.empty() ? req->id : req->label;
      const size_t k = it.values.size();
      std::string s;
      // How the figure was consolidated is the plan's word (`aggregate`); the sentence
      // says which, and says so when the district has no figure rather than print 0.
      if (it.value) {
        const bool met = it.met.value_or(true);
        s = figure(*it.value, it.percent, req->target, met);
        if (!it.percent && !req->measure.empty()) s += std::string(" ") + req->measure;
        if (req->target)
          s += std::string(met ? ", đạt" : ", chưa đạt") + " chỉ tiêu " + target_words(*req) +
               (it.aggregate == Aggregate::Sum ? " ở mỗi đơn vị" : "");
        if (it.aggregate == Aggregate::Lead)
          s += std::string(" (số liệu của đơn vị chủ trì ") + unit_name(it.lead);
        else
          s += std::string(" (") +
               (it.aggregate == Aggregate::Mean ? "bình quân của " : "tổng số của ") + count(k) +
               " đơn vị báo cáo";
      } else if (it.aggregate == Aggregate::Lead) {
        s = it.lead.empty() ? std::string(
                                  "chưa có số liệu chung (nhiệm vụ không có một đơn vị "
                                  "chủ trì duy nhất)")
                            : std::string("chưa có số liệu chung: đơn vị chủ trì ") +
                                  unit_name(it.lead) + " chưa báo cáo số liệu này";
        s += std::string(" (") + count(k) + " đơn vị khác báo cáo";
      } else {
        s = std::string("không tổng hợp chung theo kế hoạch (") + count(k) +
            " đơn vị báo cáo riêng, xem dưới";
      }
      if (req->target)
        s += std::string("; ") + count(size_t(it.units_met)) + "/" + count(k) + " đơn vị đạt";
      s += ").";
      item(label, s);
    }
  }

  /// Every assigned unit's result: figures, then narratives quoted in full.
  void units_full(const Task& task, const std::vector<const CellStatus*>& cells) {
    std::vector<std::string> silent;
    bool first = true;
    for (const CellStatus* c : cells) {
      const UnitStatus* us = st_.find_unit(c->unit());
      const Submission* sub = us ? ctx_.submission_of(*us) : nullptr;
      std::vector<const JudgedValue*> values;
      if (sub)
        for (const JudgedValue& v : sub->values)
          if (v.plan_task == &task) values.push_back(&v);
      if (c->state == CellState::Missing && values.empty()) {
        silent.push_back(unit_name(*c));
        continue;
      }
      if (first) body("Kết quả của từng đơn vị:", docx::italic()).keep_next();
      first = false;
      Paragraph p = doc_.paragraph();
      p.run("- ").run(unit_name(*c), docx::bold());
      p.run(std::string(" (") + std::string(to_vi(c->role)) + ")");
      if (c->state == CellState::Incomplete) p.run(", báo cáo chưa đầy đủ");
      p.run(":");
      for (const JudgedValue* v : values) value(*sub, *v);
    }
    if (!silent.empty()) item("Chưa báo cáo nội dung này", join(silent) + ".");
  }

  void value(const Submission& sub, const JudgedValue& v) {
    const Requirement* req = v.plan_requirement;
    const std::string label =
        req && !req->label.empty() ? req->label : std::string(v.requirement());
    if (!accepted(v.state)) {
      if (!v.required && v.state == ValueState::Absent) return;
      doc_.paragraph()
          .run(std::string("+ ") + label + ": ")
          .run(v.state == ValueState::Absent
                   ? std::string("chưa báo cáo.")
                   : std::string("không sử dụng được (") + std::string(to_vi(v.state)) + ").",
               docx::italic());
      return;
    }
    switch (v.kind) {
      case RequirementKind::Narrative: {
        // Quoted in full, one paragraph per line of the unit's text.
        const std::vector<std::string> lines = docx::lines(sub.text(v));
        if (lines.empty()) return;
        for (size_t i = 0; i < lines.size(); ++i) {
          Paragraph p = doc_.paragraph();
          if (i == 0) p.run(std::string("+ ") + label + ": ");
          p.run(std::string(i == 0 ? "“" : "")
                    .append(lines[i])
                    .append(i + 1 == lines.size() ? "”" : ""));
        }
        return;
      }
      case RequirementKind::Number:
      case RequirementKind::Percent: {
        if (!v.figure()) return;
        const bool pc = v.kind == RequirementKind::Percent;
        const std::optional<Target> target = req ? req->target : std::nullopt;
        std::string s = figure(*v.figure(), pc, target, v.state != ValueState::TargetMissed);
        if (!pc && req && !req->measure.empty()) s += std::string(" ") + req->measure;
        if (v.state == ValueState::TargetMissed && req && req->target)
          s += std::string(" (chưa đạt chỉ tiêu ") + target_words(*req) + ")";
        doc_.paragraph().run(std::string("+ ") + label + ": " + s + ".");
        return;
      }
      case RequirementKind::Date:
      case RequirementKind::Document:
        doc_.paragraph().run(std::string("+ ") + label + ": " + text::squeeze_space(sub.text(v)) +
                             ".");
        return;
    }
  }

  void units_compact(const TaskStatus& ts, const Owing& owing) {
    item("Tình hình báo cáo", count(size_t(ts.expected)) + " đơn vị được giao, " +
                                  count(size_t(ts.reported)) + " đơn vị đã báo cáo, " +
                                  count(size_t(ts.complete)) + " đơn vị báo cáo đầy đủ.");
    if (!owing.incomplete.quoted.empty())
      item("Báo cáo chưa đầy đủ", names(owing.incomplete) + ".");
    if (!owing.missing.quoted.empty()) item("Chưa báo cáo", names(owing.missing) + ".");
  }

  std::string names(const Quoted& q) const {
    std::vector<std::string> list;
    list.reserve(q.quoted.size());
    for (const CellStatus* c : q.quoted) list.push_back(unit_name(*c));
    return join(list, kMaxNamesCompact, q.more);
  }

  // ---- III. shortcomings -------------------------------------------------------------------
  void section_three() {
    heading("III. TỒN TẠI, HẠN CHẾ", 1);
    const Totals& t = st_.totals;
    bool any = false;
    if (t.missing) {
      item("Chưa gửi báo cáo", count(size_t(t.missing)) + " đơn vị (nêu tại mục I).");
      any = true;
    }
    if (t.late) {
      item("Báo cáo trễ hạn", count(size_t(t.late)) + " đơn vị (nêu tại mục I).");
      any = true;
    }
    std::vector<std::string> incomplete;
    size_t more_incomplete = 0;
    const size_t cap = max_names();
    int errors = 0, with_errors = 0;
    for (const UnitStatus& u : st_.units) {
      if (u.submission && u.completeness < 1) {
        if (incomplete.size() < cap)
          incomplete.push_back(unit_name(u.unit) + " (đầy đủ " +
                               text::format_number_vi(std::round(u.completeness * 1000) / 10) +
                               "%)");
        else
          ++more_incomplete;
      }
      errors += u.errors;
      with_errors += u.errors > 0;
    }
    if (!incomplete.empty()) {
      item("Báo cáo chưa đầy đủ nội dung",
           count(incomplete.size() + more_incomplete) +
               " đơn vị: " + join(incomplete, cap, more_incomplete) + ".");
      any = true;
    }
    bool missed = false;
    for (const IndicatorTotal& it : st_.indicator_totals) {
      const Task* task = plan_.find_task(it.task);
      const Requirement* req = task ? task->find_requirement(it.requirement) : nullptr;
      if (!it.value || it.met.value_or(true) || !req || !req->target) continue;
      if (!missed) item("Chỉ tiêu chưa đạt", std::string()).keep_next();
      missed = any = true;
      doc_.paragraph().run(std::string("+ ") + (req->label.empty() ? req->id : req->label) + ": " +
                           figure(*it.value, it.percent, req->target, false) + ", chỉ tiêu " +
                           target_words(*req) + " (mục " + task->id + ").");
    }
    if (errors) {
      item("Lỗi trong báo cáo", std::string("báo cáo của ") + count(size_t(with_errors)) +
                                    " đơn vị còn " + count(size_t(errors)) +
                                    " lỗi cần sửa (chi tiết trong bảng tổng hợp).");
      any = true;
    }
    if (!any) body("Không có tồn tại, hạn chế nào về việc báo cáo theo số liệu tổng hợp.");
  }

  void section_four() {
    heading("IV. ĐỀ XUẤT, KIẾN NGHỊ", 1);
    body(std::string("[Phần này do ") + or_blank(s_.issuer) +
             " soạn thảo bổ sung trước khi trình ký; tuanthu không tự đề xuất.]",
         docx::italic());
    body(std::string(docx::kBlank));
    body(std::string("Trên đây là báo cáo kết quả thực hiện Kế hoạch ") +
         period_vi(st_.expectation.period) + " của " + or_blank(s_.issuer) + "./.");
  }

  // ---- Nơi nhận and signature ---------------------------------------------------------------
  void closing() { docx::signature_block(doc_, s_, plan_.recipients); }

  const WriteContext& ctx_;
  const Plan& plan_;
  const StatusModel& st_;
  const docx::OfficialSettings& s_;
  const bool compact_;
  mutable std::unordered_map<std::string, std::string> names_;  // unit id -> display name
  docx::Document doc_;
  std::string trich_yeu_;
};

class DocxReport final : public Writer {
 public:
  std::string name() const override { return "docx-report"; }
  std::string version() const override { return "1.0"; }
  Message description() const override {
    return {"Dự thảo báo cáo tổng hợp (Word, thể thức Nghị định 30/2020/NĐ-CP)",
            "consolidated report draft (Word, in the form of Decree 30/2020/NĐ-CP)"};
  }
  std::string extension() const override { return "docx"; }
  void write(const WriteContext& ctx, const std::filesystem::path& target) const override {
    const docx::OfficialSettings s = docx::read_official_settings(ctx, "BC");
    Report(ctx, s).write(target);
  }
};

}  // namespace

TUANTHU_PLUGIN(DocxReport)
