#include "tuanthu/plan_loader.hpp"

#include <charconv>
#include <functional>
#include <map>
#include <set>

#include "tuanthu/core_rules.hpp"
#include "tuanthu/text.hpp"
#include "tuanthu/xml.hpp"

namespace tuanthu {

namespace {

constexpr std::string_view kPlanNs = "urn:tuanthu:plan:1";

struct Ctx {
  std::string file;
  const xml::LineIndex& lines;
  std::vector<Finding>& findings;
  xml::TextReader& tx;  // all text into the plan passes here

  SourceLoc loc(const pugi::xml_node& n) const {
    return SourceLoc{file, lines.line(n.offset_debug()), lines.column(n.offset_debug())};
  }
  void add(const pugi::xml_node& n, const Rule& rule, std::string vi, std::string en) const {
    findings.push_back(file_finding(rule, file, lines.line(n.offset_debug()),
                                    lines.column(n.offset_debug()), std::move(vi), std::move(en),
                                    "core"));
  }
};

Finding fatal(const std::string& file, int line, int col, const Rule& rule, std::string vi,
              std::string en) {
  return file_finding(rule, file, line, col, std::move(vi), std::move(en), "core");
}

bool parse_year(const std::string& s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && out >= 1900 && out <= 2999;
}

int required_year(const Ctx& c, const pugi::xml_node& n, const char* name) {
  int y = 0;
  const std::string v = c.tx.attr(n, name);
  if (!parse_year(v, y)) {
    c.add(
        n, rules::kPlanBadAttribute,
        "thuộc tính " + std::string(name) + "=" + text::quote(v) + " phải là một năm (ví dụ 2024)",
        "attribute " + std::string(name) + "=" + text::quote(v, true) +
            " must be a year (e.g. 2024)");
  }
  return y;
}

void load_requirement(const Ctx& c, const pugi::xml_node& n, Task& task) {
  Requirement r;
  r.id = c.tx.attr(n, "id");
  r.loc = c.loc(n);
  r.label = c.tx.text(n);
  r.measure = c.tx.attr(n, "measure");
  r.optional = c.tx.attr(n, "optional") == "true";
  r.kind_text = c.tx.attr(n, "kind");
  if (auto k = requirement_kind_from_string(r.kind_text))
    r.kind = *k;
  else
    c.add(n, rules::kPlanBadRequirementKind,
          "yêu cầu " + text::quote(r.id) + " của nhiệm vụ " + task.id + ": loại " +
              text::quote(r.kind_text) +
              " không hợp lệ; dùng narrative, number, percent, date hoặc document",
          "requirement " + text::quote(r.id, true) + " of task " + task.id + ": kind " +
              text::quote(r.kind_text, true) +
              " is not one of narrative, number, percent, date, document");
  const std::string roles = c.tx.attr(n, "roles");
  if (!roles.empty()) {
    r.for_lead = roles.find("lead") != std::string::npos;
    r.for_support = roles.find("support") != std::string::npos;
    if (!r.for_lead && !r.for_support)
      c.add(n, rules::kPlanBadAttribute,
            "roles=" + text::quote(roles) + " phải chứa lead và/hoặc support",
            "roles=" + text::quote(roles, true) + " must contain lead and/or support");
  }
  const std::string mw = c.tx.attr(n, "min-words");
  if (!mw.empty()) {
    int v = 0;
    auto [p, ec] = std::from_chars(mw.data(), mw.data() + mw.size(), v);
    if (ec == std::errc() && p == mw.data() + mw.size() && v >= 0)
      r.min_words = v;
    else
      c.add(n, rules::kPlanBadAttribute,
            "min-words=" + text::quote(mw) + " phải là số nguyên không âm",
            "min-words=" + text::quote(mw, true) + " must be a non-negative integer");
  }
  r.target_text = c.tx.attr(n, "target");
  if (!r.target_text.empty()) {
    r.target = Target::parse(r.target_text);
    if (!r.target)
      c.add(n, rules::kPlanBadTarget,
            "chỉ tiêu target=" + text::quote(r.target_text) + " của yêu cầu " + text::quote(r.id) +
                " không đọc được; viết như >=100, <=5, =0",
            "target=" + text::quote(r.target_text, true) + " of requirement " +
                text::quote(r.id, true) + " is malformed; write e.g. >=100, <=5, =0");
    else if (r.kind != RequirementKind::Number && r.kind != RequirementKind::Percent)
      c.add(n, rules::kPlanBadTarget,
            "yêu cầu " + text::quote(r.id) + " loại " + text::quote(r.kind_text) +
                " không thể có chỉ tiêu số",
            "requirement " + text::quote(r.id, true) + " of kind " +
                text::quote(r.kind_text, true) + " cannot have a numeric target");
  }
  task.requirements.push_back(std::move(r));
}

void load_task(const Ctx& c, const pugi::xml_node& n, Plan& plan) {
  Task t;
  t.id = c.tx.attr(n, "id");
  t.loc = c.loc(n);
  t.from = required_year(c, n, "from");
  t.to = required_year(c, n, "to");
  t.title = c.tx.text(xml::child(n, "title"));
  t.text = c.tx.block_text(xml::child(n, "text"));
  t.schedule = c.tx.text(xml::child(n, "schedule"));
  for (auto l : xml::children(n, "lead")) t.leads.push_back(c.tx.attr(l, "ref"));
  for (auto s : xml::children(n, "support")) t.supports.push_back(c.tx.attr(s, "ref"));
  for (auto r : xml::children(n, "requirement")) load_requirement(c, r, t);
  plan.tasks.push_back(std::move(t));
}

void load_cycle(const Ctx& c, const pugi::xml_node& n, Plan& plan) {
  Cycle& cy = plan.cycle;
  cy.loc = c.loc(n);
  const std::string freq = c.tx.attr(n, "frequency");
  if (auto f = frequency_from_string(freq))
    cy.frequency = *f;
  else
    c.add(n, rules::kPlanBadCycle,
          "frequency=" + text::quote(freq) +
              " không hợp lệ; dùng annual, semiannual, quarterly, monthly",
          "frequency=" + text::quote(freq, true) +
              " is not annual, semiannual, quarterly or monthly");
  cy.first = required_year(c, n, "first");
  cy.last = required_year(c, n, "last");
  cy.to = c.tx.attr(n, "to");
  cy.due_inclusive = c.tx.attr(n, "due-inclusive") != "false";
  const std::string due = c.tx.attr(n, "due");
  const std::string after = c.tx.attr(n, "due-days-after-end");
  if (!after.empty()) {
    int v = 0;
    auto [p, ec] = std::from_chars(after.data(), after.data() + after.size(), v);
    if (ec == std::errc() && p == after.data() + after.size() && v >= 0)
      cy.due_days_after_end = v;
    else
      c.add(n, rules::kPlanBadCycle,
            "due-days-after-end=" + text::quote(after) + " phải là số ngày không âm",
            "due-days-after-end=" + text::quote(after, true) +
                " must be a non-negative number of days");
  } else if (due.size() == 5 && due[2] == '-' &&
             Date::valid(2024, std::atoi(due.substr(0, 2).c_str()),
                         std::atoi(due.substr(3).c_str()))) {
    cy.due_month = std::atoi(due.substr(0, 2).c_str());
    cy.due_day = std::atoi(due.substr(3).c_str());
  } else {
    c.add(n, rules::kPlanBadCycle,
          "hạn báo cáo due=" + text::quote(due) + " phải có dạng MM-DD (ví dụ 11-05 là ngày 05/11)",
          "due=" + text::quote(due, true) + " must be MM-DD (e.g. 11-05 for 5 November)");
  }
}

}  // namespace

PlanLoadResult load_plan_from_memory(std::string_view data, const std::string& file) {
  PlanLoadResult result;
  size_t bad = 0;
  if (!text::is_valid_utf8(data, &bad)) {
    xml::LineIndex li(data);
    result.findings.push_back(
        fatal(file, li.line(static_cast<ptrdiff_t>(bad)), li.column(static_cast<ptrdiff_t>(bad)),
              rules::kPlanInvalidUtf8,
              "tệp kế hoạch không phải UTF-8 hợp lệ; lưu lại tệp với mã hóa UTF-8",
              "the plan is not valid UTF-8; save it as UTF-8"));
    return result;
  }
  pugi::xml_document doc;
  const pugi::xml_parse_result pr =
      doc.load_buffer(data.data(), data.size(), xml::safe_parse_options(), pugi::encoding_utf8);
  xml::LineIndex lines(data);
  if (!pr) {
    result.findings.push_back(fatal(file, lines.line(pr.offset), lines.column(pr.offset),
                                    rules::kPlanMalformedXml,
                                    "XML không hợp lệ: " + xml::describe(pr.status, false) +
                                        "; sửa tệp kế hoạch tại vị trí này",
                                    "malformed XML: " + xml::describe(pr.status, true)));
    return result;
  }
  const pugi::xml_node root = doc.document_element();
  if (xml::local_name(root) != "plan" || !xml::in_namespace(root, kPlanNs)) {
    result.findings.push_back(
        fatal(file, lines.line(root.offset_debug()), lines.column(root.offset_debug()),
              rules::kPlanNotAPlan,
              "không phải tệp kế hoạch: cần phần tử gốc <plan xmlns=\"urn:tuanthu:plan:1\">",
              "not a plan: the root element must be <plan xmlns=\"urn:tuanthu:plan:1\">"));
    return result;
  }

  auto plan = std::make_shared<Plan>();
  plan->file = file;
  xml::TextReader tx(lines);
  Ctx c{file, lines, result.findings, tx};
  plan->id = c.tx.attr(root, "id");
  plan->version = c.tx.attr(root, "version");
  if (plan->id.empty())
    c.add(root, rules::kPlanBadAttribute, "thiếu mã kế hoạch id=\"…\" trên <plan>",
          "<plan> has no id=\"…\"");

  if (auto d = xml::child(root, "document")) {
    PlanDocument& doc_meta = plan->document;
    doc_meta.kind = c.tx.attr(d, "kind");
    doc_meta.number = c.tx.attr(d, "number");
    doc_meta.date = c.tx.attr(d, "date");
    doc_meta.place = c.tx.attr(d, "place");
    doc_meta.signer = c.tx.attr(d, "signer");
    doc_meta.issuer = c.tx.text(xml::child(d, "issuer"));
    doc_meta.title = c.tx.text(xml::child(d, "title"));
    for (auto b : xml::children(d, "basis"))
      doc_meta.basis.push_back(Basis{c.tx.attr(b, "kind"), c.tx.attr(b, "number"),
                                     c.tx.attr(b, "date"), c.tx.attr(b, "issuer"), c.tx.text(b)});
    if (!doc_meta.date.empty() && !Date::parse_iso(doc_meta.date))
      c.add(d, rules::kPlanBadAttribute,
            "ngày ban hành date=" + text::quote(doc_meta.date) + " phải có dạng YYYY-MM-DD",
            "date=" + text::quote(doc_meta.date, true) + " must be YYYY-MM-DD");
  }

  const pugi::xml_node units = xml::child(root, "units");
  for (auto u : xml::children(units, "unit")) {
    Unit unit;
    unit.id = c.tx.attr(u, "id");
    unit.name = c.tx.attr(u, "name");
    unit.short_name = c.tx.attr(u, "short-name");
    unit.kind = c.tx.attr(u, "kind");
    unit.loc = c.loc(u);
    for (auto a : xml::children(u, "alias")) unit.aliases.push_back(c.tx.text(a));
    plan->units.push_back(std::move(unit));
  }
  for (auto g : xml::children(units, "group")) {
    Group group;
    group.id = c.tx.attr(g, "id");
    group.name = c.tx.attr(g, "name");
    group.loc = c.loc(g);
    for (auto m : xml::children(g, "member")) group.members.push_back(c.tx.attr(m, "ref"));
    plan->groups.push_back(std::move(group));
  }

  const pugi::xml_node reporting = xml::child(root, "reporting");
  const pugi::xml_node cycle = xml::child(reporting, "cycle");
  if (cycle)
    load_cycle(c, cycle, *plan);
  else
    c.add(reporting ? reporting : root, rules::kPlanBadCycle,
          "thiếu <reporting><cycle …/>: kế hoạch phải nêu chế độ báo cáo (tần suất, hạn nộp)",
          "missing <reporting><cycle …/>: the plan must state its reporting regime");
  if (auto cons = xml::child(reporting, "consolidation")) {
    plan->consolidation_by = c.tx.attr(cons, "by");
    for (auto r : xml::children(cons, "recipient")) plan->recipients.push_back(c.tx.text(r));
  }

  if (auto t = xml::child(root, "text")) {
    const std::string style = c.tx.attr(t, "number-style");
    if (style == "en")
      plan->number_style = NumberStyle::English;
    else if (!style.empty() && style != "vi")
      c.add(t, rules::kPlanBadAttribute,
            "number-style=" + text::quote(style) + " phải là vi hoặc en",
            "number-style=" + text::quote(style, true) + " must be vi or en");
    for (auto a : xml::children(t, "abbreviation"))
      plan->abbreviations.push_back(Abbreviation{c.tx.attr(a, "short"), c.tx.attr(a, "long")});
    for (auto p : xml::children(t, "placeholder")) plan->placeholders.push_back(c.tx.text(p));
  }

  for (auto t : xml::children(xml::child(root, "tasks"), "task")) load_task(c, t, *plan);

  for (auto ch : xml::children(xml::child(root, "checks"), "check")) {
    CheckConfig cfg;
    cfg.plugin = c.tx.attr(ch, "plugin");
    cfg.rule = c.tx.attr(ch, "rule");
    cfg.loc = c.loc(ch);
    cfg.enabled = c.tx.attr(ch, "enabled") != "false";
    const std::string sev = c.tx.attr(ch, "severity");
    Severity s;
    if (sev.empty()) {
    } else if (severity_from_string(sev, s)) {
      cfg.severity = s;
    } else {
      c.add(ch, rules::kPlanBadAttribute,
            "severity=" + text::quote(sev) + " phải là error, warning hoặc info",
            "severity=" + text::quote(sev, true) + " must be error, warning or info");
    }
    for (auto p : xml::children(ch, "param"))
      cfg.params[c.tx.attr(p, "name")] = c.tx.attr(p, "value");
    plan->checks.push_back(std::move(cfg));
  }

  // A character the plan may not hold (a NUL or surrogate reference, U+FFFE, a control
  // character) makes the plan unusable, like invalid UTF-8: one finding per value.
  bool bad_text = false;
  for (const auto& p : tx.problems()) {
    if (p.kind != xml::TextReader::Problem::Kind::InvalidCharacter) continue;
    bad_text = true;
    const std::string cp = text::code_point_label(p.first);
    result.findings.push_back(fatal(
        file, p.line, p.column, rules::kPlanInvalidCharacter,
        p.where + " chứa ký tự không được phép " + cp +
            (p.reference ? " (viết dạng tham chiếu &#…;)" : "") +
            (p.count > 1 ? " và " + std::to_string(p.count - 1) + " ký tự khác như vậy" : "") +
            "; xóa ký tự này khỏi tệp kế hoạch (thường do sao chép từ phần mềm khác)",
        p.where + " holds the character " + cp + ", which a plan may not contain" +
            (p.reference ? " (written as a &#…; reference)" : "") +
            (p.count > 1 ? ", and " + std::to_string(p.count - 1) + " more" : "") +
            "; remove it from the plan file (usually pasted from another program)"));
  }
  if (bad_text) return result;
  plan->build_index();
  result.plan = std::move(plan);
  return result;
}

PlanLoadResult load_plan(const std::filesystem::path& file, std::uintmax_t max_size) {
  Message error;
  auto data = xml::read_file(file, max_size, error);
  if (!data) {
    PlanLoadResult r;
    r.findings.push_back(fatal(text::display_path(file), 0, 0, rules::kPlanUnreadable,
                               "không đọc được kế hoạch: " + error.vi,
                               "cannot read the plan: " + error.en));
    return r;
  }
  return load_plan_from_memory(*data, text::display_path(file));
}

// ---- lint --------------------------------------------------------------------

namespace {

Finding lint_finding(const SourceLoc& loc, const Rule& rule, std::string vi, std::string en) {
  return file_finding(rule, loc.file, loc.line, loc.column, std::move(vi), std::move(en), "core");
}

}  // namespace

std::vector<Finding> lint_plan(const Plan& plan) {
  std::vector<Finding> out;
  // Duplicate ids: units and groups share one namespace (a ref may name either).
  std::map<std::string, SourceLoc> ids;
  auto claim = [&](const std::string& id, const SourceLoc& loc, const char* what) {
    if (id.empty()) {
      out.push_back(lint_finding(loc, rules::kPlanBadAttribute,
                                 std::string(what) + " thiếu id=\"…\"",
                                 std::string(what) + " has no id=\"…\""));
      return;
    }
    auto [it, fresh] = ids.emplace(id, loc);
    if (!fresh)
      out.push_back(lint_finding(loc, rules::kPlanDuplicateId,
                                 "mã " + text::quote(id) + " đã dùng ở dòng " +
                                     std::to_string(it->second.line) +
                                     "; mỗi đơn vị, nhóm và nhiệm vụ cần một mã riêng",
                                 "id " + text::quote(id, true) + " is already used at line " +
                                     std::to_string(it->second.line)));
  };
  for (const auto& u : plan.units) {
    claim(u.id, u.loc, "<unit>");
    // The id names the unit's feedback letter: say what it will really be called.
    if (const std::string name = text::safe_file_name(u.id); !u.id.empty() && name != u.id)
      out.push_back(
          lint_finding(u.loc, rules::kPlanUnitIdNotAFileName,
                       "mã đơn vị " + text::quote(u.id) +
                           " không phải tên tệp đơn giản; thư góp ý của đơn vị này sẽ tên là \"" +
                           name + ".txt\" (nên dùng mã chỉ gồm chữ thường không dấu, số, - và _)",
                       "unit id " + text::quote(u.id, true) +
                           " is not a plain file name; its feedback letter will be named \"" +
                           name + ".txt\" (use lower-case ASCII letters, digits, - and _ only)"));
  }
  for (const auto& g : plan.groups) claim(g.id, g.loc, "<group>");
  std::map<std::string, SourceLoc> task_ids;
  for (const auto& t : plan.tasks) {
    if (t.id.empty()) {
      out.push_back(lint_finding(t.loc, rules::kPlanBadAttribute, "<task> thiếu id=\"…\"",
                                 "<task> has no id=\"…\""));
      continue;
    }
    auto [it, fresh] = task_ids.emplace(t.id, t.loc);
    if (!fresh)
      out.push_back(lint_finding(t.loc, rules::kPlanDuplicateId,
                                 "nhiệm vụ " + text::quote(t.id) + " đã khai báo ở dòng " +
                                     std::to_string(it->second.line),
                                 "task " + text::quote(t.id, true) +
                                     " is already declared at line " +
                                     std::to_string(it->second.line)));
    std::set<std::string> req_ids;
    for (const auto& r : t.requirements) {
      if (r.id.empty())
        out.push_back(lint_finding(r.loc, rules::kPlanBadAttribute,
                                   "<requirement> của nhiệm vụ " + t.id + " thiếu id=\"…\"",
                                   "<requirement> of task " + t.id + " has no id=\"…\""));
      else if (!req_ids.insert(r.id).second)
        out.push_back(
            lint_finding(r.loc, rules::kPlanDuplicateId,
                         "yêu cầu " + text::quote(r.id) + " lặp lại trong nhiệm vụ " + t.id,
                         "requirement " + text::quote(r.id, true) + " repeats in task " + t.id));
    }
  }

  auto known = [&](const std::string& ref) {
    return plan.find_unit(ref) != nullptr || plan.find_group(ref) != nullptr;
  };
  auto check_ref = [&](const std::string& ref, const SourceLoc& loc, const std::string& where) {
    if (!known(ref))
      out.push_back(lint_finding(
          loc, rules::kPlanUnknownRef,
          where + ": " + text::quote(ref) + " không phải đơn vị hay nhóm nào trong <units>",
          where + ": " + text::quote(ref, true) + " names no unit or group in <units>"));
  };
  for (const auto& g : plan.groups) {
    if (g.members.empty())
      out.push_back(lint_finding(g.loc, rules::kPlanEmptyGroup,
                                 "nhóm " + text::quote(g.id) + " không có thành viên nào",
                                 "group " + text::quote(g.id, true) + " has no members"));
    for (const auto& m : g.members) check_ref(m, g.loc, "nhóm " + g.id);
  }
  for (const auto& t : plan.tasks) {
    if (t.leads.empty())
      out.push_back(
          lint_finding(t.loc, rules::kPlanTaskNoLead,
                       "nhiệm vụ " + t.id + " không có đơn vị chủ trì (<lead ref=\"…\"/>)",
                       "task " + t.id + " has no lead unit (<lead ref=\"…\"/>)"));
    for (const auto& r : t.leads) check_ref(r, t.loc, "nhiệm vụ " + t.id);
    for (const auto& r : t.supports) check_ref(r, t.loc, "nhiệm vụ " + t.id);
    const Cycle& cy = plan.cycle;
    if (cy.first && cy.last && t.from && t.to &&
        (t.to < cy.first || t.from > cy.last || t.from > t.to))
      out.push_back(lint_finding(t.loc, rules::kPlanTimeframeOutsideCycle,
                                 "thời gian thực hiện " + std::to_string(t.from) + "–" +
                                     std::to_string(t.to) + " của nhiệm vụ " + t.id +
                                     " không giao với chu kỳ báo cáo " + std::to_string(cy.first) +
                                     "–" + std::to_string(cy.last) + ": không kỳ nào phải báo cáo",
                                 "timeframe " + std::to_string(t.from) + "–" +
                                     std::to_string(t.to) + " of task " + t.id +
                                     " lies outside the reporting cycle " +
                                     std::to_string(cy.first) + "–" + std::to_string(cy.last)));
  }
  if (!plan.cycle.to.empty() && !plan.find_unit(plan.cycle.to))
    check_ref(plan.cycle.to, plan.cycle.loc, "<cycle to>");
  if (!plan.consolidation_by.empty() && !plan.find_unit(plan.consolidation_by))
    check_ref(plan.consolidation_by, plan.cycle.loc, "<consolidation by>");

  // Group cycles: depth-first search with colours; each cycle reported once at the
  // group where it closes.
  std::map<std::string, int> colour;  // 0 new, 1 on stack, 2 done
  std::function<void(const Group&, std::vector<std::string>&)> visit =
      [&](const Group& g, std::vector<std::string>& stack) {
        colour[g.id] = 1;
        stack.push_back(g.id);
        for (const auto& m : g.members) {
          const Group* mg = plan.find_group(m);
          if (!mg) continue;
          if (colour[mg->id] == 1) {
            std::string path;
            bool on = false;
            for (const auto& s : stack) {
              if (s == mg->id) on = true;
              if (on) path += s + " → ";
            }
            path += mg->id;
            out.push_back(lint_finding(g.loc, rules::kPlanGroupCycle,
                                       "nhóm lồng nhau thành vòng: " + path,
                                       "groups form a cycle: " + path));
          } else if (colour[mg->id] == 0) {
            visit(*mg, stack);
          }
        }
        stack.pop_back();
        colour[g.id] = 2;
      };
  for (const auto& g : plan.groups) {
    std::vector<std::string> stack;
    if (colour[g.id] == 0) visit(g, stack);
  }
  sort_findings(out);
  return out;
}

std::vector<Rule> plan_rules() {
  using namespace rules;
  return {kPlanUnreadable,   kPlanInvalidUtf8,        kPlanInvalidCharacter,
          kPlanMalformedXml, kPlanNotAPlan,           kPlanBadAttribute,
          kPlanBadCycle,     kPlanBadRequirementKind, kPlanBadTarget,
          kPlanDuplicateId,  kPlanUnknownRef,         kPlanTaskNoLead,
          kPlanGroupCycle,   kPlanEmptyGroup,         kPlanTimeframeOutsideCycle,
          kPlanUnknownCheck, kPlanUnitIdNotAFileName};
}

}  // namespace tuanthu
