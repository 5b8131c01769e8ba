// Writer plugin `json`: the status model and findings as one JSON document
// (shape documented in docs/report-format.md; field names are a contract).
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tuanthu/message.hpp"
#include "tuanthu/plugin.hpp"
#include "tuanthu/text.hpp"

namespace {

using namespace tuanthu;
using json = nlohmann::ordered_json;

json date_or_null(const std::optional<Date>& d) {
  return d ? json(d->iso()) : json(nullptr);
}

// Bytes on their way to the file, in 64 KiB pieces: one stream call per piece, not per
// token (an ostream insertion costs a sentry each time).
class Sink {
 public:
  explicit Sink(std::ostream& out) : out_(out) { buf_.reserve(kPiece + 4096); }
  ~Sink() { flush(); }
  Sink(const Sink&) = delete;
  Sink& operator=(const Sink&) = delete;
  Sink& write(const char* p, std::ptrdiff_t n) {
    buf_.append(p, static_cast<size_t>(n));
    if (buf_.size() >= kPiece) flush();
    return *this;
  }
  Sink& put(char c) {
    buf_.push_back(c);
    return *this;
  }
  Sink& operator<<(std::string_view s) {
    return write(s.data(), static_cast<std::ptrdiff_t>(s.size()));
  }
  Sink& operator<<(char c) { return put(c); }
  void flush() {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }

 private:
  static constexpr size_t kPiece = 64 * 1024;
  std::ostream& out_;
  std::string buf_;
};

// Writes the document member by member and array element by element, each dumped on its
// own, so memory holds one element at a time and never the whole tree; the bytes are those
// of dump(2) of the whole document.
class JsonStream {
 public:
  explicit JsonStream(std::ostream& out) : out_(out) { out_ << '{'; }
  ~JsonStream() { out_.flush(); }

  void member(std::string_view key, const json& value) {
    open_member(key);
    put(value, 1);
  }
  void begin_array(std::string_view key) {
    open_member(key);
    out_ << '[';
    first_element_ = true;
  }
  void element(const json& value) {
    out_ << (first_element_ ? "\n    " : ",\n    ");
    first_element_ = false;
    put(value, 2);
  }
  void end_array() { out_ << (first_element_ ? "]" : "\n  ]"); }
  /// Starts an array element written by a FlatObject (below), not as a json value.
  Sink& open_element() {
    out_ << (first_element_ ? "\n    " : ",\n    ");
    first_element_ = false;
    return out_;
  }
  void finish() {
    out_ << (first_member_ ? "}\n" : "\n}\n");
    out_.flush();
  }

 private:
  void open_member(std::string_view key) {
    out_ << (first_member_ ? "\n  " : ",\n  ") << json(key).dump() << ": ";
    first_member_ = false;
  }
  // A value nested `depth` levels down: its own lines indented two spaces per level.
  void put(const json& value, int depth) {
    // Text in the model is valid UTF-8 (readers check it); a plugin's message might not
    // be, so an invalid byte becomes U+FFFD rather than an unwritten file.
    const std::string text = value.dump(2, ' ', false, json::error_handler_t::replace);
    const std::string indent(static_cast<size_t>(2 * depth), ' ');
    size_t from = 0;
    for (size_t nl; (nl = text.find('\n', from)) != std::string::npos; from = nl + 1)
      out_.write(text.data() + from, static_cast<std::ptrdiff_t>(nl + 1 - from)) << indent;
    out_.write(text.data() + from, static_cast<std::ptrdiff_t>(text.size() - from));
  }

  Sink out_;
  bool first_member_ = true;
  bool first_element_ = true;
};

// One array element that is an object of scalars, written straight to the stream: the same
// bytes as JsonStream::element(json{...}) (dump(2) of the whole document, nlohmann's
// escaping and number format), without building a json value per element. The large
// sections (cells, indicators, reports, findings: hundreds of thousands of elements on a
// national run) go this way; tests compare both ways byte for byte.
class FlatObject {
 public:
  explicit FlatObject(JsonStream& js) : out_(js.open_element()) { out_ << '{'; }
  ~FlatObject() { out_ << (first_ ? "}" : "\n    }"); }
  FlatObject(const FlatObject&) = delete;
  FlatObject& operator=(const FlatObject&) = delete;

  FlatObject& str(std::string_view key, std::string_view v) {
    open(key);
    string(v);
    return *this;
  }
  FlatObject& str_or_null(std::string_view key, const std::string* v) {
    open(key);
    if (v)
      string(*v);
    else
      out_ << "null";
    return *this;
  }
  FlatObject& integer(std::string_view key, long long v) {
    open(key);
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.write(buf, r.ptr - buf);
    return *this;
  }
  FlatObject& real(std::string_view key, double v) {
    open(key);
    if (!std::isfinite(v)) {
      out_ << "null";
      return *this;
    }
    std::array<char, 64> buf{};
    char* end = nlohmann::detail::to_chars(buf.data(), buf.data() + buf.size(), v);
    out_.write(buf.data(), end - buf.data());
    return *this;
  }
  FlatObject& boolean(std::string_view key, bool v) {
    open(key);
    out_ << (v ? "true" : "false");
    return *this;
  }

 private:
  void open(std::string_view key) {
    out_ << (first_ ? "\n      " : ",\n      ");
    first_ = false;
    string(key);
    out_ << ": ";
  }
  // nlohmann's escaping with ensure_ascii off: quote, backslash and the C0 controls; text
  // that is not valid UTF-8 goes through nlohmann itself (its U+FFFD replacement).
  void string(std::string_view v) {
    if (!text::is_valid_utf8(v)) {
      out_ << json(std::string(v)).dump(-1, ' ', false, json::error_handler_t::replace);
      return;
    }
    out_.put('"');
    size_t from = 0;
    for (size_t i = 0; i < v.size(); ++i) {
      const auto c = static_cast<unsigned char>(v[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.write(v.data() + from, static_cast<std::ptrdiff_t>(i - from));
      from = i + 1;
      switch (c) {
        case '"':
          out_ << "\\\"";
          break;
        case '\\':
          out_ << "\\\\";
          break;
        case '\b':
          out_ << "\\b";
          break;
        case '\t':
          out_ << "\\t";
          break;
        case '\n':
          out_ << "\\n";
          break;
        case '\f':
          out_ << "\\f";
          break;
        case '\r':
          out_ << "\\r";
          break;
        default: {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out_ << buf;
        }
      }
    }
    out_.write(v.data() + from, static_cast<std::ptrdiff_t>(v.size() - from));
    out_.put('"');
  }

  Sink& out_;
  bool first_ = true;
};

// One function per section of the document, in document order.
void write_head(const WriteContext& ctx, JsonStream& js) {
  const StatusModel& st = ctx.status;
  const Expectation& e = st.expectation;
  js.member("plan", ctx.plan.id);
  js.member("period", e.period.str());
  js.member("as_of", st.as_of.iso());
  js.member("due", date_or_null(e.due));
  js.member("due_inclusive", ctx.plan.cycle.due_inclusive);
}

void write_summary(const WriteContext& ctx, JsonStream& js) {
  const StatusModel& st = ctx.status;
  js.member("summary", json{{"expected", st.totals.expected},
                            {"received", st.totals.received},
                            {"on_time", st.totals.on_time},
                            {"late", st.totals.late},
                            {"missing", st.totals.missing},
                            {"not_yet_due", st.totals.not_yet_due},
                            {"unknown", st.totals.unknown},
                            {"completeness", st.totals.completeness},
                            {"errors", count_severity(ctx.findings, Severity::Error)},
                            {"warnings", count_severity(ctx.findings, Severity::Warning)},
                            {"infos", count_severity(ctx.findings, Severity::Info)}});
}

void write_units(const WriteContext& ctx, JsonStream& js) {
  js.begin_array("units");
  for (const auto& u : ctx.status.units) {
    const Unit* pu = ctx.plan.find_unit(u.unit);
    const Submission* sub = ctx.submission_of(u);
    js.element({{"id", u.unit},
                {"name", pu ? pu->name : u.unit},
                {"status", to_string(u.timeliness)},
                {"received", date_or_null(u.date)},
                {"date_source",
                 sub && u.date ? (u.date_from_stamp ? "received" : "document") : json(nullptr)},
                {"days_late", u.days_late},
                {"completeness", u.completeness},
                {"requirements", u.requirements},
                {"requirements_met", u.requirements_met},
                {"errors", u.errors},
                {"warnings", u.warnings},
                {"number", sub ? json(sub->report.document.number) : json(nullptr)},
                {"file", sub ? json(sub->report.file) : json(nullptr)}});
  }
  js.end_array();
}

void write_cells(const WriteContext& ctx, JsonStream& js) {
  js.begin_array("cells");
  for (const auto& c : ctx.status.cells)
    FlatObject(js)
        .str("unit", c.unit)
        .str("task", c.task)
        .str("role", to_string(c.role))
        .str("status", to_string(c.state));
  js.end_array();
}

void write_tasks(const WriteContext& ctx, JsonStream& js) {
  js.begin_array("tasks");
  for (const auto& t : ctx.status.tasks)
    js.element({{"id", t.task},
                {"expected", t.expected},
                {"reported", t.reported},
                {"complete", t.complete},
                {"status", to_string(t.state)}});
  js.end_array();
}

void write_indicators(const WriteContext& ctx, JsonStream& js) {
  js.begin_array("indicators");
  for (const auto& i : ctx.status.indicators)
    FlatObject(js)
        .str("task", i.task)
        .str("requirement", i.requirement)
        .str("unit", i.unit)
        .real("value", i.value)
        .boolean("met", i.met);
  js.end_array();
}

// The district's figures as the status model consolidated them, each with its requirement's
// `aggregate` (`lead`: whose figure it is); `value` and `met` are null where the district
// has no figure.
void write_indicator_totals(const WriteContext& ctx, JsonStream& js) {
  js.begin_array("indicator_totals");
  for (const auto& t : ctx.status.indicator_totals) {
    json o = {
        {"task", t.task}, {"requirement", t.requirement}, {"aggregate", to_string(t.aggregate)}};
    if (t.aggregate == Aggregate::Lead) o["lead"] = t.lead;
    o["value"] = t.value ? json(*t.value) : json(nullptr);
    o["units"] = t.values.size();
    o["units_met"] = t.units_met;
    o["met"] = t.met ? json(*t.met) : json(nullptr);
    js.element(o);
  }
  js.end_array();
}

// The totals per kind of unit (phường, phòng, đoàn thể…), from the status model.
void write_by_kind(const WriteContext& ctx, JsonStream& js) {
  js.begin_array("by_kind");
  for (const auto& k : ctx.status.by_kind)
    js.element({{"kind", k.kind},
                {"expected", k.totals.expected},
                {"received", k.totals.received},
                {"on_time", k.totals.on_time},
                {"late", k.totals.late},
                {"missing", k.totals.missing},
                {"not_yet_due", k.totals.not_yet_due},
                {"unknown", k.totals.unknown},
                {"completeness", k.totals.completeness}});
  js.end_array();
}

void write_reports(const WriteContext& ctx, JsonStream& js) {
  js.begin_array("reports");
  for (const auto& s : ctx.submissions)
    FlatObject(js)
        .str("file", s.report.file)
        .str_or_null("unit", s.unit_id.empty() ? nullptr : &s.unit_id)
        .str("disposition", to_string(s.disposition))
        .str("match", to_string(s.match));
  js.end_array();
}

void write_findings(const WriteContext& ctx, JsonStream& js) {
  js.begin_array("findings");
  for (const auto& f : ctx.findings)
    FlatObject(js)
        .str("rule", f.rule)
        .str("severity", to_string(f.severity))
        .str("unit", f.unit)
        .str("task", f.task)
        .str("requirement", f.requirement)
        .str("message", f.text(ctx.english))
        .str("file", f.file)
        .integer("line", f.line)
        .integer("column", f.column)
        .str("plugin", f.plugin);
  js.end_array();
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
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    JsonStream js(out);
    write_head(ctx, js);
    write_summary(ctx, js);
    write_units(ctx, js);
    write_cells(ctx, js);
    write_tasks(ctx, js);
    write_indicators(ctx, js);
    write_indicator_totals(ctx, js);
    write_by_kind(ctx, js);
    write_reports(ctx, js);
    write_findings(ctx, js);
    js.member("tool", json{{"name", "tuanthu"}, {"version", ctx.tool_version}});
    js.finish();
    out.close();
    if (!out)
      throw Error("không ghi được tệp JSON \"" + target.string() + "\"",
                  "cannot write the JSON file \"" + target.string() + "\"");
  }
};

}  // namespace

TUANTHU_PLUGIN(JsonWriter)
