#include "letters.hpp"

#include <algorithm>
#include <climits>
#include <map>
#include <set>
#include <unordered_map>

#include "tuanthu/text.hpp"
#include "tuanthu/xml.hpp"

namespace tuanthu::letters {

namespace detail {
extern const std::string_view kDefaultLettersXml;  // letters_data.cpp (generated)
}

namespace fs = std::filesystem;

const std::vector<std::string_view> kKeys = {
    "salutation",      "office-fallback", "period-annual", "period-other",     "plan",
    "plan-unnumbered", "missing-opening", "missing-task",  "missing-deadline", "review-opening",
    "task-heading",    "general-heading", "other-heading", "review-deadline",  "closing",
    "unread-opening",  "unread-file",     "unread-resend"};

namespace {

// Every placeholder a text may use; a name not here is a typo in the wording file.
const std::set<std::string, std::less<>> kPlaceholders = {
    "unit",          "unit-id",     "year",  "period",      "plan-number", "plan-date",
    "plan-issuer",   "plan-id",     "as-of", "office",      "plan",        "due",
    "report-number", "report-date", "task",  "role",        "task-title",  "deadline",
    "days",          "message",     "rule",  "requirement", "severity",    "file"};

constexpr const char* kFallbackRule = "*";
constexpr std::uintmax_t kMaxWordingSize = 1 << 20;

std::string finding_key(std::string_view rule) {
  return std::string("finding:").append(rule);
}

[[noreturn]] void fail(const std::string& file, int line, const std::string& vi,
                       const std::string& en) {
  const std::string where =
      file + (line > 0 ? std::string(":") + std::to_string(line) : std::string());
  throw Error(where + ": " + vi + " (tệp lời văn thư góp ý, xem docs/letters.md)",
              where + ": " + en + " (letters wording file, see docs/letters.md)");
}

// Checks placeholders and brackets of one text; `line` for the message.
void check_text(const std::string& t, const std::string& file, int line) {
  int depth = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '[') ++depth;
    if (t[i] == ']' && --depth < 0)
      fail(file, line, "dấu ] không có dấu [ tương ứng", "a ] without its [");
    if (t[i] == '{') {
      const size_t end = t.find('}', i);
      if (end == std::string::npos)
        fail(file, line, "dấu { không có dấu } tương ứng", "a { without its }");
      const std::string name = t.substr(i + 1, end - i - 1);
      if (!kPlaceholders.count(name))
        fail(file, line, std::string("không có chỗ điền {") + name + "}",
             std::string("no placeholder {") + name + "}");
      i = end;
    }
  }
  if (depth != 0) fail(file, line, "dấu [ không có dấu ] tương ứng", "a [ without its ]");
}

// Fills t[pos…] up to the ] closing the current part (or the end); `empty` is set when a
// placeholder directly in this part has no value.
std::string fill_part(std::string_view t, size_t& pos, const Values& values, bool& empty) {
  std::string out;
  while (pos < t.size()) {
    const char c = t[pos];
    if (c == ']') {
      ++pos;
      return out;
    }
    if (c == '[') {
      ++pos;
      bool inner_empty = false;
      std::string inner = fill_part(t, pos, values, inner_empty);
      if (!inner_empty) out += inner;
      continue;
    }
    if (c == '{') {
      const size_t end = t.find('}', pos);
      if (end == std::string_view::npos) {  // unchecked text: kept as written
        out.append(t.substr(pos));
        pos = t.size();
        break;
      }
      auto it = values.find(t.substr(pos + 1, end - pos - 1));
      if (it == values.end() || it->second.empty())
        empty = true;
      else
        out += it->second;
      pos = end + 1;
      continue;
    }
    // Literal text up to the next bracket or brace, copied whole.
    size_t end = pos + 1;
    while (end < t.size() && t[end] != '[' && t[end] != ']' && t[end] != '{') ++end;
    out.append(t, pos, end - pos);
    pos = end;
  }
  return out;
}

std::string date_text(const Date& d, bool english) {
  return english ? d.iso() : d.vi();
}

}  // namespace

std::string fill(std::string_view tmpl, const Values& values) {
  size_t pos = 0;
  std::string out;
  bool empty = false;  // the whole text is kept whatever is empty
  while (pos < tmpl.size()) out += fill_part(tmpl, pos, values, empty);
  return out;
}

Wording Wording::parse(std::string_view data, const std::string& file) {
  pugi::xml_document doc;
  const xml::LineIndex lines(data);
  const auto res =
      doc.load_buffer(data.data(), data.size(), pugi::parse_default | pugi::parse_ws_pcdata_single,
                      pugi::encoding_utf8);
  if (!res)
    fail(file, lines.line(res.offset),
         std::string("không đọc được XML: ") + xml::describe(res.status, false),
         std::string("not readable XML: ") + xml::describe(res.status, true));
  const pugi::xml_node root = doc.document_element();
  auto line_of = [&](const pugi::xml_node& n) { return lines.line(n.offset_debug()); };
  if (xml::local_name(root) != "letters")
    fail(file, line_of(root), "phần tử gốc phải là <letters>",
         "the root element must be <letters>");
  Wording w;
  bool seen[2] = {false, false};
  for (const auto& lang : xml::children(root, "wording")) {
    const std::string code = lang.attribute("lang").value();
    if (code != "vi" && code != "en")
      fail(file, line_of(lang), std::string("lang=\"") + code + "\": chỉ nhận vi hoặc en",
           std::string("lang=\"") + code + "\": accepts vi or en only");
    const int e = code == "en" ? 1 : 0;
    if (seen[e])
      fail(file, line_of(lang), std::string("ngôn ngữ ") + code + " có hai lần",
           std::string("language ") + code + " twice");
    seen[e] = true;
    for (const auto& n : lang.children()) {
      if (n.type() != pugi::node_element) continue;
      const std::string_view el = xml::local_name(n);
      std::string key;
      if (el == "text") {
        key = n.attribute("key").value();
        if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end())
          fail(file, line_of(n), std::string("không có đoạn văn key=\"") + key + "\"",
               std::string("there is no text key=\"") + key + "\"");
      } else if (el == "finding") {
        const std::string rule = n.attribute("rule").value();
        if (rule.empty())
          fail(file, line_of(n), "<finding> thiếu rule=\"…\"", "<finding> lacks rule=\"…\"");
        key = finding_key(rule);
      } else {
        fail(file, line_of(n),
             std::string("phần tử <") + std::string(el) + "> không thuộc định dạng",
             std::string("element <") + std::string(el) + "> is not part of the format");
      }
      if (w.texts_[e].count(key))
        fail(file, line_of(n), std::string("đoạn văn ") + key + " có hai lần",
             std::string("text ") + key + " twice");
      const std::string_view raw = n.text().get();
      // Letters go to units and into documents: only text they can carry.
      if (!text::is_clean_text(raw))
        fail(file, line_of(n),
             "đoạn văn có byte không phải UTF-8 hoặc ký tự điều khiển; lưu tệp với mã hóa UTF-8 "
             "và xóa ký tự đó",
             "the text holds bytes that are not UTF-8 or a control character; save the file "
             "as UTF-8 and remove the character");
      // Line breaks and runs of spaces in the file are layout, not wording.
      std::string t = text::to_nfc(text::squeeze_space(raw));
      check_text(t, file, line_of(n));
      w.texts_[e][key] = std::move(t);
    }
    std::vector<std::string> missing;
    for (auto k : kKeys)
      if (!w.texts_[e].count(k)) missing.emplace_back(k);
    if (!w.texts_[e].count(finding_key(kFallbackRule)))
      missing.emplace_back("<finding rule=\"*\">");
    if (!missing.empty()) {
      std::string list;
      for (const auto& m : missing) list.append(list.empty() ? "" : ", ").append(m);
      fail(file, line_of(lang), std::string("ngôn ngữ ") + code + " thiếu đoạn văn: " + list,
           std::string("language ") + code + " lacks the text(s): " + list);
    }
  }
  for (int e = 0; e < 2; ++e)
    if (!seen[e])
      fail(file, line_of(root), std::string("thiếu <wording lang=\"") + (e ? "en" : "vi") + "\">",
           std::string("no <wording lang=\"") + (e ? "en" : "vi") + "\">");
  return w;
}

Wording Wording::load(const fs::path& file) {
  Message error;
  const auto data = xml::read_file(file, kMaxWordingSize, error);
  if (!data) throw Error(file.string() + ": " + error);
  return parse(*data, file.string());
}

const Wording& Wording::builtin() {
  // Our own data; a test pins that it parses.
  static const Wording w = parse(detail::kDefaultLettersXml, "rules/letters.xml");
  return w;
}

std::shared_ptr<const Wording> Wording::from_options(const PluginOptions& options,
                                                     const Plan& plan) {
  if (!options.has("wording"))
    return std::shared_ptr<const Wording>(&builtin(), [](const Wording*) {});
  fs::path file = options.get("wording", "");
  if (file.is_relative() && !plan.file.empty()) file = fs::path(plan.file).parent_path() / file;
  return std::make_shared<const Wording>(load(file));
}

const std::string& Wording::text(std::string_view key, bool english) const {
  return texts_[english ? 1 : 0].find(key)->second;  // every key is there (parse)
}

const std::string& Wording::finding(std::string_view rule, bool english) const {
  const auto& m = texts_[english ? 1 : 0];
  auto it = m.find(finding_key(rule));
  return it != m.end() ? it->second : m.find(finding_key(kFallbackRule))->second;
}

long supplement_days(const PluginOptions& options) {
  if (!options.has("supplement-days")) return 7;
  const std::string v = options.get("supplement-days", "");
  const auto n = text::parse_int(v, 0, 365);
  if (!n)
    throw Error(
        std::string("supplement-days=\"") + v + "\": cần số ngày từ 0 đến 365",
        std::string("supplement-days=\"") + v + "\": expects a number of days from 0 to 365");
  return static_cast<long>(*n);
}

bool english_letters(const PluginOptions& options) {
  const std::string v = options.get("language", "vi");
  if (v != "vi" && v != "en")
    throw Error(std::string("language=\"") + v + "\": chỉ nhận vi hoặc en",
                std::string("language=\"") + v + "\": accepts vi or en only");
  return v == "en";
}

LetterBuilder::LetterBuilder(const WriteContext& ctx, const Wording& wording, bool english,
                             long days)
    : ctx_(ctx), wording_(wording), english_(english) {
  const Plan& plan = ctx.plan;
  auto T = [&](std::string_view key) -> const std::string& { return wording.text(key, english); };
  // Looked up by unit, never walked in its order: hashed (a national run has 233,000
  // findings; a tree keyed by text compared unit ids some three million times).
  by_unit_.reserve(ctx.status.units.size());
  for (const auto& f : ctx.findings)
    if (!f.unit.empty() && f.severity != Severity::Info) {
      by_unit_[f.unit].push_back(&f);
      // Each rule's wording looked up once per run, here, so that letter() only reads.
      if (auto [it, added] = wording_of_rule_.try_emplace(&f.rule.str(), nullptr); added)
        it->second = &wording.finding(f.rule, english);
    }
  for (const auto& us : ctx.status.units)
    if (by_unit_.count(us.unit)) units_.push_back(&us);

  // What every letter of the run shares.
  Values& common = common_;
  const Unit* to = plan.find_unit(plan.cycle.to);
  common["office"] = to && !to->name.empty() ? to->name : plan.display_name(plan.cycle.to);
  if (common["office"].empty()) common["office"] = T("office-fallback");
  const Period& p = ctx.status.expectation.period;
  common["year"] = std::to_string(p.year);
  common["period"] = p.str();
  common["period"] =
      fill(T(p.frequency == Frequency::Annual ? "period-annual" : "period-other"), common);
  common["due"] = ctx.status.expectation.due ? date_text(*ctx.status.expectation.due, english) : "";
  common["as-of"] = date_text(ctx.status.as_of, english);
  common["plan-number"] = plan.document.number;
  common["plan-date"] = plan.document.date ? date_text(*plan.document.date, english) : "";
  common["plan-issuer"] = plan.document.issuer;
  common["plan-id"] = plan.id;
  common["plan"] = fill(T(plan.document.number.empty() ? "plan-unnumbered" : "plan"), common);
  common["days"] = std::to_string(days);
  common["deadline"] = date_text(ctx.status.as_of.plus_days(days), english);
}

const std::string& LetterBuilder::unit(size_t i) const {
  return units_[i]->unit;
}

Letter LetterBuilder::letter(size_t index) const {
  const WriteContext& ctx = ctx_;
  const Plan& plan = ctx.plan;
  const Wording& wording = wording_;
  const bool english = english_;
  auto T = [&](std::string_view key) -> const std::string& { return wording.text(key, english); };
  auto finding_wording = [&](const Symbol& rule) -> const std::string& {
    const auto it = wording_of_rule_.find(&rule.str());
    return it != wording_of_rule_.end() ? *it->second : wording.finding(rule, english);
  };
  const UnitStatus& us = *units_[index];
  const Values& common = common_;

  const auto it = by_unit_.find(us.unit);
  const Submission* sub = ctx.submission_of(us);
  Values v = common;
  const Unit* u = plan.find_unit(us.unit);
  v["unit"] = u && !u->name.empty() ? u->name : plan.display_name(us.unit);
  v["unit-id"] = us.unit;
  Letter letter;
  letter.unit = us.unit;
  letter.salutation = fill(T("salutation"), v);
  if (!sub) {
    // A file the unit sent that could not be counted (a damaged form, attributed to the
    // unit by its identity or its file name): the letter says it was received, why it
    // could not be counted and what to do, not that nothing came.
    std::map<std::string, std::vector<const Finding*>> unread;
    for (const Finding* f : it->second)
      if (f->severity != Severity::Info && !f->file.empty() && f->file != plan.file)
        unread[f->file].push_back(f);
    Letter::Section s;
    if (unread.empty()) {
      letter.opening = fill(T("missing-opening"), v);
    } else {
      letter.opening = fill(T("unread-opening"), v);
      for (const auto& [file, list] : unread) {
        Letter::Section fs_;
        Values fv = v;
        fv["file"] = fs::path(file).filename().string();
        fs_.heading = fill(T("unread-file"), fv);
        for (const Finding* f : list) {
          fv["message"] = f->text(english);
          fv["rule"] = f->rule;
          fv["requirement"] = f->requirement;
          fv["severity"] =
              english ? std::string(to_string(f->severity)) : std::string(to_vi(f->severity));
          fs_.items.push_back(fill(wording.finding(f->rule, english), fv));
        }
        letter.sections.push_back(std::move(fs_));
      }
      s.heading = fill(T("unread-resend"), v);
    }
    if (const ExpectedUnit* eu = ctx.status.expectation.find(us.unit)) {
      Values tv = v;  // once, not per task: each sets the same keys again
      for (const auto& a : eu->assignments)
        if (const Task* t = plan.find_task(a.task)) {
          tv["task"] = t->id;
          tv["task-title"] = t->title;
          tv["role"] = english ? std::string(to_string(a.role)) : std::string(to_vi(a.role));
          s.items.push_back(fill(T("missing-task"), tv));
        }
    }
    letter.sections.push_back(std::move(s));
    letter.deadline = fill(T("missing-deadline"), v);
    return letter;
  }
  v["report-number"] = sub->report.document.number;
  v["report-date"] =
      sub->report.document.date ? date_text(*sub->report.document.date, english) : "";
  letter.opening = fill(T("review-opening"), v);
  // Findings grouped by plan task, in plan order; those about no task (form, timeliness)
  // first, those about a task the plan does not have last.
  constexpr size_t kGeneral = std::string::npos - 1;
  std::map<size_t, std::vector<const Finding*>> by_task;
  for (const Finding* f : it->second)
    by_task[f->task.empty() ? kGeneral : plan.task_index(f->task)].push_back(f);
  // One set of values for the whole letter: a section adds its task's, a finding its
  // own, and both are emptied after the section, so every text sees what a copy per
  // section and per finding gave it (copying some twenty strings each time was most of
  // the letters' time; an empty value reads as an absent one). None of these keys is
  // among the letter's own. Each is looked up once per letter, not once per finding.
  std::string& task_id = v["task"];
  std::string& task_title = v["task-title"];
  std::string& message = v["message"];
  std::string& rule = v["rule"];
  std::string& requirement = v["requirement"];
  std::string& severity = v["severity"];
  for (const auto& [idx, list] : by_task) {
    Letter::Section s;
    if (idx < plan.tasks.size()) {
      task_id = plan.tasks[idx].id;
      task_title = plan.tasks[idx].title;
      s.heading = fill(T("task-heading"), v);
    } else {
      s.heading = T(idx == kGeneral ? "general-heading" : "other-heading");
    }
    for (const Finding* f : list) {
      message = f->text(english);
      rule = f->rule.str();
      requirement = f->requirement.str();
      severity = english ? to_string(f->severity) : to_vi(f->severity);
      if (idx >= plan.tasks.size()) task_id = f->task.str();
      s.items.push_back(fill(finding_wording(f->rule), v));
    }
    for (std::string* key : {&task_id, &task_title, &message, &rule, &requirement, &severity})
      key->clear();
    letter.sections.push_back(std::move(s));
  }
  letter.deadline = fill(T("review-deadline"), v);
  letter.closing = fill(T("closing"), v);
  return letter;
}

std::vector<Letter> build_letters(const WriteContext& ctx, const Wording& wording, bool english,
                                  long days) {
  const LetterBuilder builder(ctx, wording, english, days);
  std::vector<Letter> out;
  out.reserve(builder.size());
  for (size_t i = 0; i < builder.size(); ++i) out.push_back(builder.letter(i));
  return out;
}

unsigned writer_jobs(const PluginOptions& options) {
  const auto n = text::parse_int(options.get("jobs", "1"), 1, 256);
  return n ? static_cast<unsigned>(*n) : 1u;
}

std::string to_text(const Letter& l) {
  std::string out;
  out.append(l.salutation).append("\n\n").append(l.opening).append("\n");
  for (const auto& s : l.sections) {
    if (!s.heading.empty()) out.append("\n").append(s.heading).append("\n");
    for (const auto& item : s.items) out.append(item).append("\n");
  }
  out.append("\n").append(l.deadline).append("\n");
  if (!l.closing.empty()) out.append("\n").append(l.closing).append("\n");
  return out;
}

}  // namespace tuanthu::letters
