#include "tuanthu/plan_loader.hpp"

#include <algorithm>
#include <climits>
#include <functional>
#include <map>
#include <set>

#include "tuanthu/core_rules.hpp"
#include "tuanthu/document.hpp"
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
  const auto v = text::parse_int(s, 1900, 2999);
  if (v) out = static_cast<int>(*v);
  return v.has_value();
}

// "MM-DD", both two digits, a day that exists in some year (02-29 does, in leap years).
std::optional<std::pair<int, int>> parse_month_day(std::string_view s) {
  if (s.size() != 5 || s[2] != '-' || s[0] == '-' || s[3] == '-') return std::nullopt;
  const auto m = text::parse_int(s.substr(0, 2), 1, 12);
  const auto d = text::parse_int(s.substr(3, 2), 1, 31);
  if (!m || !d || !Date::valid(2024, static_cast<int>(*m), static_cast<int>(*d)))
    return std::nullopt;
  return std::make_pair(static_cast<int>(*m), static_cast<int>(*d));
}

// true/false (and the XML Schema spellings 1/0); anything else is reported, not guessed.
bool bool_attr(const Ctx& c, const pugi::xml_node& n, const char* name, bool fallback) {
  const std::string v = c.tx.attr(n, name);
  if (v.empty()) return fallback;
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  c.add(n, rules::kPlanBadAttribute,
        std::string(name) + "=" + text::quote(v) +
            " phải là true hoặc false; dùng giá trị mặc định " + (fallback ? "true" : "false"),
        std::string(name) + "=" + text::quote(v, true) + " must be true or false; the default " +
            (fallback ? "true" : "false") + " applies");
  return fallback;
}

// Text a message or a letter shows to users must not be empty ("Kính gửi: " and nothing).
void require_text(const Ctx& c, const pugi::xml_node& n, const std::string& value,
                  const std::string& what_vi, const std::string& what_en) {
  if (value.empty())
    c.add(n, rules::kPlanBadAttribute,
          what_vi +
              " trống (hoặc chỉ có ký tự không nhìn thấy); thư và bảng tổng hợp sẽ thiếu nội "
              "dung này",
          what_en +
              " is empty (or only invisible characters); letters and the workbook would show "
              "nothing for it");
}

// A name or title users read: empty when nothing in it would show (zero-width spaces, bidi
// controls, a BOM alone). Then the plan's fallbacks apply (a unit shown by its id, a task
// by "Nhiệm vụ <id>") and require_text reports it, rather than letters reading "Kính gửi: ".
std::string shown(std::string s) {
  return text::squeeze_space(text::without_invisible(s)).empty() ? std::string() : s;
}

// `<param name="…" value="…"/>` children of a `<check>` or `<writer>`.
void read_params(const Ctx& c, const pugi::xml_node& owner, CheckConfig& cfg) {
  for (auto p : xml::children(owner, "param")) {
    const std::string name = c.tx.attr(p, "name");
    require_text(c, p, name, "name=\"…\" của <param>", "the name=\"…\" of a <param>");
    if (!name.empty()) cfg.params[name] = c.tx.attr(p, "value");
  }
}

// Most words a narrative may be required to have: a report section, not a book.
constexpr int kMaxMinWords = 10000;
// Most days after the period's end a deadline may fall: a year.
constexpr int kMaxDueDaysAfterEnd = 366;

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

// Some figure a report may give (0–100 for percents, 0–10^15 for numbers) meets the target.
bool target_reachable(const Target& t, RequirementKind kind) {
  const double hi = kind == RequirementKind::Percent ? 100 : text::kMaxFigure;
  if (t.value < 0 || t.value > hi) return false;
  if (t.op == Comparison::Gt && t.value >= hi) return false;
  if (t.op == Comparison::Lt && t.value <= 0) return false;
  return true;
}

void load_requirement(const Ctx& c, const pugi::xml_node& n, Task& task) {
  Requirement r;
  r.id = c.tx.attr(n, "id");
  r.loc = c.loc(n);
  r.label = shown(c.tx.text(n));
  require_text(c, n, r.label,
               "nhãn của yêu cầu " + text::quote(r.id) + " (nhiệm vụ " + task.id + ")",
               "the label of requirement " + text::quote(r.id, true) + " (task " + task.id + ")");
  r.measure = c.tx.attr(n, "measure");
  r.optional = bool_attr(c, n, "optional", false);
  r.decimal = bool_attr(c, n, "decimal", false);
  r.kind_text = c.tx.attr(n, "kind");
  if (auto k = from_string<RequirementKind>(r.kind_text))
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
    // Whole words: "leadership" is no role.
    r.for_lead = r.for_support = false;
    bool stray = false;
    for (size_t at = 0; at < roles.size();) {
      const size_t end = std::min(roles.find(' ', at), roles.size());
      const auto role = from_string<Role>(std::string_view(roles).substr(at, end - at));
      if (role == Role::Lead)
        r.for_lead = true;
      else if (role == Role::Support)
        r.for_support = true;
      else
        stray = true;
      at = end + 1;
    }
    if (stray || (!r.for_lead && !r.for_support)) {
      c.add(n, rules::kPlanBadAttribute,
            "roles=" + text::quote(roles) + " chỉ được gồm lead và/hoặc support",
            "roles=" + text::quote(roles, true) + " must be lead and/or support");
      if (!r.for_lead && !r.for_support) r.for_lead = r.for_support = true;
    }
  }
  const std::string mw = c.tx.attr(n, "min-words");
  if (!mw.empty()) {
    if (const auto v = text::parse_int(mw, 0, kMaxMinWords))
      r.min_words = static_cast<int>(*v);
    else
      c.add(n, rules::kPlanBadAttribute,
            "min-words=" + text::quote(mw) + " phải là số nguyên từ 0 đến " +
                std::to_string(kMaxMinWords),
            "min-words=" + text::quote(mw, true) + " must be a whole number from 0 to " +
                std::to_string(kMaxMinWords));
  }
  const std::string aggregate = c.tx.attr(n, "aggregate");
  if (!aggregate.empty()) {
    const bool figure = r.kind == RequirementKind::Number || r.kind == RequirementKind::Percent;
    if (auto a = from_string<Aggregate>(aggregate); a && figure)
      r.aggregate = *a;
    else if (a)
      c.add(n, rules::kPlanBadAttribute,
            "yêu cầu " + text::quote(r.id) + " loại " + text::quote(r.kind_text) +
                " không có số liệu để tổng hợp; bỏ aggregate=" + text::quote(aggregate),
            "requirement " + text::quote(r.id, true) + " of kind " +
                text::quote(r.kind_text, true) +
                " has no figures to consolidate; remove aggregate=" + text::quote(aggregate, true));
    else
      c.add(n, rules::kPlanBadAttribute,
            "aggregate=" + text::quote(aggregate) + " của yêu cầu " + text::quote(r.id) +
                " phải là sum (cộng), mean (bình quân), lead (số của đơn vị chủ trì) hoặc none "
                "(không tổng hợp); dùng mặc định " +
                std::string(to_string(r.aggregation())),
            "aggregate=" + text::quote(aggregate, true) + " of requirement " +
                text::quote(r.id, true) + " must be sum, mean, lead or none; the default " +
                std::string(to_string(r.aggregation())) + " applies");
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
    else if (!target_reachable(*r.target, r.kind))
      c.add(n, rules::kPlanBadTarget,
            "chỉ tiêu target=" + text::quote(r.target_text) + " của yêu cầu " + text::quote(r.id) +
                " nằm ngoài giá trị một báo cáo có thể ghi (" +
                (r.kind == RequirementKind::Percent ? "0–100%" : "0 đến 10^15") +
                "), không đơn vị nào đạt được",
            "target=" + text::quote(r.target_text, true) + " of requirement " +
                text::quote(r.id, true) + " lies outside what a report can give (" +
                (r.kind == RequirementKind::Percent ? "0–100%" : "0 to 10^15") +
                "): no unit can meet it");
  }
  task.requirements.push_back(std::move(r));
}

void load_task(const Ctx& c, const pugi::xml_node& n, Plan& plan) {
  Task t;
  t.id = c.tx.attr(n, "id");
  t.loc = c.loc(n);
  t.from = required_year(c, n, "from");
  t.to = required_year(c, n, "to");
  if (t.from && t.to && t.from > t.to)
    c.add(n, rules::kPlanBadAttribute,
          "nhiệm vụ " + t.id + ": from=\"" + std::to_string(t.from) + "\" sau to=\"" +
              std::to_string(t.to) + "\"",
          "task " + t.id + ": from=\"" + std::to_string(t.from) + "\" is after to=\"" +
              std::to_string(t.to) + "\"");
  t.title = shown(c.tx.text(xml::child(n, "title")));
  require_text(c, n, t.title, "tiêu đề (<title>) của nhiệm vụ " + t.id,
               "the <title> of task " + t.id);
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
  if (auto f = from_string<Frequency>(freq))
    cy.frequency = *f;
  else
    c.add(n, rules::kPlanBadCycle,
          "frequency=" + text::quote(freq) +
              " không hợp lệ; dùng annual, semiannual, quarterly, monthly",
          "frequency=" + text::quote(freq, true) +
              " is not annual, semiannual, quarterly or monthly");
  cy.first = required_year(c, n, "first");
  cy.last = required_year(c, n, "last");
  if (cy.first && cy.last && cy.first > cy.last)
    c.add(n, rules::kPlanBadCycle,
          "chu kỳ báo cáo first=\"" + std::to_string(cy.first) + "\" sau last=\"" +
              std::to_string(cy.last) + "\": không kỳ nào phải báo cáo",
          "cycle first=\"" + std::to_string(cy.first) + "\" is after last=\"" +
              std::to_string(cy.last) + "\": no period to report");
  cy.to = c.tx.attr(n, "to");
  cy.due_inclusive = bool_attr(c, n, "due-inclusive", true);
  const std::string due = c.tx.attr(n, "due");
  const std::string after = c.tx.attr(n, "due-days-after-end");
  if (!after.empty() && !due.empty())
    c.add(n, rules::kPlanBadCycle,
          "chỉ ghi một trong hai: due=" + text::quote(due) +
              " hoặc due-days-after-end=" + text::quote(after) + " (đang dùng due-days-after-end)",
          "give one of due=" + text::quote(due, true) + " and due-days-after-end=" +
              text::quote(after, true) + " (due-days-after-end applies)");
  if (!after.empty()) {
    if (const auto v = text::parse_int(after, 0, kMaxDueDaysAfterEnd))
      cy.due_days_after_end = static_cast<int>(*v);
    else
      c.add(n, rules::kPlanBadCycle,
            "due-days-after-end=" + text::quote(after) + " phải là số ngày từ 0 đến " +
                std::to_string(kMaxDueDaysAfterEnd),
            "due-days-after-end=" + text::quote(after, true) +
                " must be a number of days from 0 to " + std::to_string(kMaxDueDaysAfterEnd));
  } else if (const auto md = parse_month_day(due)) {
    cy.due_month = md->first;
    cy.due_day = md->second;
  } else {
    c.add(n, rules::kPlanBadCycle,
          "hạn báo cáo due=" + text::quote(due) + " phải có dạng MM-DD (ví dụ 11-05 là ngày 05/11)",
          "due=" + text::quote(due, true) + " must be MM-DD (e.g. 11-05 for 5 November)");
  }
}

// Keeps the first element of each id and records the others: units and groups share one
// namespace (a ref may name either, and a unit wins), tasks another, and each task's
// requirements their own. Every lookup (find_unit, expand, the expectation, unit matching,
// value judgement) then sees exactly what lint reports, and no second "a" becomes a second
// expected unit.
void drop_duplicates(Plan& plan) {
  auto keep_first = [&](auto& items, std::map<std::string, SourceLoc>& seen, const char* element,
                        const std::string& task) {
    std::erase_if(items, [&](const auto& item) {
      if (item.id.empty()) return false;  // lint reports the missing id
      auto [it, fresh] = seen.emplace(item.id, item.loc);
      if (!fresh)
        plan.duplicates.push_back(DuplicateId{element, item.id, task, item.loc, it->second});
      return !fresh;
    });
  };
  std::map<std::string, SourceLoc> refs, tasks;
  keep_first(plan.units, refs, "unit", "");
  keep_first(plan.groups, refs, "group", "");
  keep_first(plan.tasks, tasks, "task", "");
  for (Task& t : plan.tasks) {
    std::map<std::string, SourceLoc> reqs;
    keep_first(t.requirements, reqs, "requirement", t.id);
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
    plan->document = xml::read_document(d, c.tx);
    // A plan is written by its maintainers, not by units: its dates are ISO only.
    const std::string& date = plan->document.date_text;
    if (!date.empty() && !Date::parse_iso(date)) {
      plan->document.date.reset();
      c.add(d, rules::kPlanBadAttribute,
            "ngày ban hành date=" + text::quote(date) + " phải có dạng YYYY-MM-DD",
            "date=" + text::quote(date, true) + " must be YYYY-MM-DD");
    }
  }

  const pugi::xml_node units = xml::child(root, "units");
  for (auto u : xml::children(units, "unit")) {
    Unit unit;
    unit.id = c.tx.attr(u, "id");
    unit.name = shown(c.tx.attr(u, "name"));
    require_text(c, u, unit.name, "tên đơn vị (name=\"…\") của " + text::quote(unit.id),
                 "the name=\"…\" of unit " + text::quote(unit.id, true));
    unit.short_name = shown(c.tx.attr(u, "short-name"));
    unit.kind = c.tx.attr(u, "kind");
    unit.loc = c.loc(u);
    for (auto a : xml::children(u, "alias"))
      if (std::string alias = shown(c.tx.text(a)); !alias.empty())
        unit.aliases.push_back(std::move(alias));
    plan->units.push_back(std::move(unit));
  }
  for (auto g : xml::children(units, "group")) {
    Group group;
    group.id = c.tx.attr(g, "id");
    group.name = shown(c.tx.attr(g, "name"));
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
    if (auto ns = from_string<NumberStyle>(style))
      plan->number_style = *ns;
    else if (!style.empty())
      c.add(t, rules::kPlanBadAttribute,
            "number-style=" + text::quote(style) + " phải là vi hoặc en",
            "number-style=" + text::quote(style, true) + " must be vi or en");
    for (auto a : xml::children(t, "abbreviation")) {
      Abbreviation ab{c.tx.attr(a, "short"), c.tx.attr(a, "long")};
      // An empty long form would erase words from every name it matched.
      require_text(c, a, ab.short_form, "short=\"…\" của <abbreviation>",
                   "the short=\"…\" of an <abbreviation>");
      require_text(
          c, a, ab.long_form,
          "long=\"…\" của <abbreviation short=" + text::quote(ab.short_form) + ">",
          "the long=\"…\" of <abbreviation short=" + text::quote(ab.short_form, true) + ">");
      if (!ab.short_form.empty() && !ab.long_form.empty())
        plan->abbreviations.push_back(std::move(ab));
    }
    for (auto p : xml::children(t, "placeholder")) {
      std::string text = c.tx.text(p);
      require_text(c, p, text, "<placeholder>", "a <placeholder>");
      if (!text.empty()) plan->placeholders.push_back(std::move(text));
    }
  }

  for (auto t : xml::children(xml::child(root, "tasks"), "task")) load_task(c, t, *plan);

  for (auto ch : xml::children(xml::child(root, "checks"), "check")) {
    CheckConfig cfg;
    cfg.plugin = c.tx.attr(ch, "plugin");
    require_text(c, ch, cfg.plugin, "plugin=\"…\" của <check>", "the plugin=\"…\" of a <check>");
    cfg.rule = c.tx.attr(ch, "rule");
    cfg.loc = c.loc(ch);
    cfg.enabled = bool_attr(c, ch, "enabled", true);
    const std::string sev = c.tx.attr(ch, "severity");
    if (sev.empty()) {
    } else if (auto s = from_string<Severity>(sev)) {
      cfg.severity = *s;
    } else {
      c.add(ch, rules::kPlanBadAttribute,
            "severity=" + text::quote(sev) + " phải là error, warning hoặc info",
            "severity=" + text::quote(sev, true) + " must be error, warning or info");
    }
    read_params(c, ch, cfg);
    plan->checks.push_back(std::move(cfg));
  }
  // Writers' settings (docx-report's signer, letters' wording…): params only.
  for (auto w : xml::children(xml::child(root, "writers"), "writer")) {
    CheckConfig cfg;
    cfg.plugin = c.tx.attr(w, "plugin");
    require_text(c, w, cfg.plugin, "plugin=\"…\" của <writer>", "the plugin=\"…\" of a <writer>");
    cfg.loc = c.loc(w);
    read_params(c, w, cfg);
    plan->writers.push_back(std::move(cfg));
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
  drop_duplicates(*plan);
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
  auto no_id = [&](const SourceLoc& loc, const std::string& what) {
    out.push_back(lint_finding(loc, rules::kPlanBadAttribute, what + " thiếu id=\"…\"",
                               what + " has no id=\"…\""));
  };
  for (const auto& u : plan.units) {
    if (u.id.empty()) no_id(u.loc, "<unit>");
    // The id names the unit's feedback letter: say what it will really be called.
    if (const std::string name = text::safe_file_name(u.id); !u.id.empty() && name != u.id)
      out.push_back(lint_finding(
          u.loc, rules::kPlanUnitIdNotAFileName,
          "mã đơn vị " + text::quote(u.id) +
              " không phải tên tệp đơn giản; thư góp ý của đơn vị này sẽ tên là \"" + name +
              ".docx\" (hoặc .txt) (nên dùng mã chỉ gồm chữ thường không dấu, số, - và _)",
          "unit id " + text::quote(u.id, true) +
              " is not a plain file name; its feedback letter will be named \"" + name +
              ".docx\" (or .txt) (use lower-case ASCII letters, digits, - and _ only)"));
  }
  for (const auto& g : plan.groups)
    if (g.id.empty()) no_id(g.loc, "<group>");
  for (const auto& t : plan.tasks) {
    if (t.id.empty()) no_id(t.loc, "<task>");
    for (const auto& r : t.requirements)
      if (r.id.empty()) no_id(r.loc, "<requirement> của nhiệm vụ " + t.id);
  }
  // Duplicates were dropped by the loader (the first of each id is kept); say so here.
  for (const DuplicateId& d : plan.duplicates) {
    const std::string first = std::to_string(d.first.line);
    if (d.element == "requirement")
      out.push_back(
          lint_finding(d.loc, rules::kPlanDuplicateId,
                       "yêu cầu " + text::quote(d.id) + " lặp lại trong nhiệm vụ " + d.task +
                           " (đã khai báo ở dòng " + first + "); chỉ khai báo đầu tiên được dùng",
                       "requirement " + text::quote(d.id, true) + " repeats in task " + d.task +
                           " (declared at line " + first + "); only the first is used"));
    else if (d.element == "task")
      out.push_back(lint_finding(d.loc, rules::kPlanDuplicateId,
                                 "nhiệm vụ " + text::quote(d.id) + " đã khai báo ở dòng " + first +
                                     "; chỉ khai báo đầu tiên được dùng",
                                 "task " + text::quote(d.id, true) +
                                     " is already declared at line " + first +
                                     "; only the first is used"));
    else
      out.push_back(lint_finding(d.loc, rules::kPlanDuplicateId,
                                 "mã " + text::quote(d.id) + " đã dùng ở dòng " + first +
                                     "; mỗi đơn vị, nhóm và nhiệm vụ cần một mã riêng, chỉ khai "
                                     "báo đầu tiên được dùng",
                                 "id " + text::quote(d.id, true) + " is already used at line " +
                                     first + "; only the first declaration is used"));
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
    for (const auto& r : t.requirements)
      if (r.aggregation() == Aggregate::Lead && t.principal_lead(plan).empty())
        out.push_back(lint_finding(
            r.loc, rules::kPlanBadAttribute,
            "yêu cầu " + text::quote(r.id) + " của nhiệm vụ " + t.id +
                " lấy số của đơn vị chủ trì (aggregate=\"lead\") nhưng <lead> đầu tiên của "
                "nhiệm vụ không phải một đơn vị: quận sẽ không có số tổng hợp; đặt đơn vị có số "
                "liệu của quận làm <lead> đầu tiên, hoặc dùng sum, mean",
            "requirement " + text::quote(r.id, true) + " of task " + t.id +
                " takes the lead unit's figure (aggregate=\"lead\") but the task's first <lead> "
                "is not one unit: the district will have no figure; make the unit that holds the "
                "district's figure the first <lead>, or use sum or mean"));
    for (const auto& r : t.supports) check_ref(r, t.loc, "nhiệm vụ " + t.id);
    const Cycle& cy = plan.cycle;
    if (cy.first && cy.last && t.from && t.to && t.from <= t.to &&
        (t.to < cy.first || t.from > cy.last))
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

  // Group cycles: depth-first search with colours and an explicit stack (nesting depth is
  // the author's: 100,000 nested groups must not overflow the call stack); each cycle is
  // reported once, at the group where it closes.
  enum Colour { kNew, kOnStack, kDone };
  std::map<std::string_view, Colour> colour;
  struct Frame {
    const Group* group;
    size_t next = 0;
  };
  std::vector<Frame> stack;
  auto cycle_path = [&](const Group& closing) {
    size_t from = stack.size();
    while (from > 0 && stack[from - 1].group != &closing) --from;
    std::vector<std::string_view> ids;
    for (size_t i = from > 0 ? from - 1 : 0; i < stack.size(); ++i)
      ids.push_back(stack[i].group->id);
    ids.push_back(closing.id);
    std::string path;
    constexpr size_t kShown = 4;  // a cycle through thousands of groups is named by its ends
    for (size_t i = 0; i < ids.size(); ++i) {
      if (ids.size() > 2 * kShown + 1 && i == kShown) {
        path += "… (" + std::to_string(ids.size() - 2 * kShown) + " nhóm) → ";
        i = ids.size() - kShown - 1;
        continue;
      }
      path += std::string(ids[i]) + (i + 1 < ids.size() ? " → " : "");
    }
    return path;
  };
  for (const auto& root : plan.groups) {
    if (colour[root.id] != kNew) continue;
    colour[root.id] = kOnStack;
    stack.push_back(Frame{&root});
    while (!stack.empty()) {
      Frame& f = stack.back();
      if (f.next == f.group->members.size()) {
        colour[f.group->id] = kDone;
        stack.pop_back();
        continue;
      }
      const Group& g = *f.group;
      const Group* mg = plan.find_group(g.members[f.next++]);
      if (!mg || plan.find_unit(mg->id)) continue;  // a unit of that id wins the ref
      Colour& c = colour[mg->id];
      if (c == kOnStack) {
        const std::string path = cycle_path(*mg);
        out.push_back(lint_finding(g.loc, rules::kPlanGroupCycle,
                                   "nhóm lồng nhau thành vòng: " + path,
                                   "groups form a cycle: " + path));
      } else if (c == kNew) {
        c = kOnStack;
        stack.push_back(Frame{mg});  // `f` is not used after this
      }
    }
  }
  if (plan.cycle.due_month == 2 && plan.cycle.due_day == 29)
    out.push_back(lint_finding(
        plan.cycle.loc, rules::kPlanDueLeapDay,
        "hạn báo cáo due=\"02-29\" không có trong năm không nhuận: những năm đó hạn là 28/02",
        "due=\"02-29\" does not exist outside leap years: the deadline is 28 February then"));
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
          kPlanDueLeapDay,   kPlanUnknownCheck,       kPlanUnitIdNotAFileName};
}

}  // namespace tuanthu
