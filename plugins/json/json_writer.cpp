// Writer plugin `json`: the status model and findings as one JSON document
// (shape documented in docs/report-format.md; field names are a contract).
#include <fstream>
#include <nlohmann/json.hpp>

#include "tuanthu/message.hpp"
#include "tuanthu/plugin.hpp"

namespace {

using namespace tuanthu;
using json = nlohmann::ordered_json;

json date_or_null(const std::optional<Date>& d) {
  return d ? json(d->iso()) : json(nullptr);
}

// The district's figures and the totals per kind of unit, as the status model computed them:
// `indicator_totals` (with each one's `aggregate`; null where the district has no figure) and
// `by_kind`.
void write_consolidation(json& doc, const StatusModel& st) {
  json totals = json::array();
  for (const auto& t : st.indicator_totals) {
    json o = {
        {"task", t.task}, {"requirement", t.requirement}, {"aggregate", to_string(t.aggregate)}};
    if (t.aggregate == Aggregate::Lead) o["lead"] = t.lead;
    o["value"] = t.value ? json(*t.value) : json(nullptr);
    o["units"] = t.values.size();
    o["units_met"] = t.units_met;
    o["met"] = t.met ? json(*t.met) : json(nullptr);
    totals.push_back(std::move(o));
  }
  doc["indicator_totals"] = std::move(totals);
  json kinds = json::array();
  for (const auto& k : st.by_kind)
    kinds.push_back({{"kind", k.kind},
                     {"expected", k.totals.expected},
                     {"received", k.totals.received},
                     {"on_time", k.totals.on_time},
                     {"late", k.totals.late},
                     {"missing", k.totals.missing},
                     {"not_yet_due", k.totals.not_yet_due},
                     {"unknown", k.totals.unknown},
                     {"completeness", k.totals.completeness}});
  doc["by_kind"] = std::move(kinds);
}

class JsonWriter final : public Writer {
 public:
  std::string name() const override { return "json"; }
  std::string version() const override { return "1.0"; }
  Message description() const override {
    return {"Kết quả kiểm tra dạng JSON cho các công cụ khác", "results as JSON for other tools"};
  }
  std::string extension() const override { return "json"; }

  void write(const WriteContext& ctx, const std::filesystem::path& target) const override {
    const StatusModel& st = ctx.status;
    const Expectation& e = st.expectation;
    json doc;
    doc["plan"] = ctx.plan.id;
    doc["period"] = e.period.str();
    doc["as_of"] = st.as_of.iso();
    doc["due"] = date_or_null(e.due);
    doc["due_inclusive"] = ctx.plan.cycle.due_inclusive;
    doc["summary"] = {{"expected", st.totals.expected},
                      {"received", st.totals.received},
                      {"on_time", st.totals.on_time},
                      {"late", st.totals.late},
                      {"missing", st.totals.missing},
                      {"not_yet_due", st.totals.not_yet_due},
                      {"unknown", st.totals.unknown},
                      {"completeness", st.totals.completeness},
                      {"errors", count_severity(ctx.findings, Severity::Error)},
                      {"warnings", count_severity(ctx.findings, Severity::Warning)},
                      {"infos", count_severity(ctx.findings, Severity::Info)}};
    json units = json::array();
    for (const auto& u : st.units) {
      const Unit* pu = ctx.plan.find_unit(u.unit);
      const Submission* sub = ctx.submission_of(u);
      units.push_back({{"id", u.unit},
                       {"name", pu ? pu->name : u.unit},
                       {"status", to_string(u.timeliness)},
                       {"received", date_or_null(u.date)},
                       {"date_source", sub && u.date ? (u.date_from_stamp ? "received" : "document")
                                                     : json(nullptr)},
                       {"days_late", u.days_late},
                       {"completeness", u.completeness},
                       {"requirements", u.requirements},
                       {"requirements_met", u.requirements_met},
                       {"errors", u.errors},
                       {"warnings", u.warnings},
                       {"number", sub ? json(sub->report.document.number) : json(nullptr)},
                       {"file", sub ? json(sub->report.file) : json(nullptr)}});
    }
    doc["units"] = std::move(units);
    json cells = json::array();
    for (const auto& c : st.cells)
      cells.push_back({{"unit", c.unit},
                       {"task", c.task},
                       {"role", to_string(c.role)},
                       {"status", to_string(c.state)}});
    doc["cells"] = std::move(cells);
    json tasks = json::array();
    for (const auto& t : st.tasks)
      tasks.push_back({{"id", t.task},
                       {"expected", t.expected},
                       {"reported", t.reported},
                       {"complete", t.complete},
                       {"status", to_string(t.state)}});
    doc["tasks"] = std::move(tasks);
    json indicators = json::array();
    for (const auto& i : st.indicators)
      indicators.push_back({{"task", i.task},
                            {"requirement", i.requirement},
                            {"unit", i.unit},
                            {"value", i.value},
                            {"met", i.met}});
    doc["indicators"] = std::move(indicators);
    write_consolidation(doc, st);
    json reports = json::array();
    for (const auto& s : ctx.submissions)
      reports.push_back({{"file", s.report.file},
                         {"unit", s.unit_id.empty() ? json(nullptr) : json(s.unit_id)},
                         {"disposition", to_string(s.disposition)},
                         {"match", to_string(s.match)}});
    doc["reports"] = std::move(reports);
    json findings = json::array();
    for (const auto& f : ctx.findings)
      findings.push_back({{"rule", f.rule},
                          {"severity", to_string(f.severity)},
                          {"unit", f.unit},
                          {"task", f.task},
                          {"requirement", f.requirement},
                          {"message", f.text(ctx.english)},
                          {"file", f.file},
                          {"line", f.line},
                          {"column", f.column},
                          {"plugin", f.plugin}});
    doc["findings"] = std::move(findings);
    doc["tool"] = {{"name", "tuanthu"}, {"version", ctx.tool_version}};

    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    // Text in the model is valid UTF-8 (readers check it); a plugin's message might not be,
    // so an invalid byte becomes U+FFFD rather than an unwritten file.
    out << doc.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
    out.close();
    if (!out)
      throw Error("không ghi được tệp JSON \"" + target.string() + "\"",
                  "cannot write the JSON file \"" + target.string() + "\"");
  }
};

}  // namespace

TUANTHU_PLUGIN(JsonWriter)
