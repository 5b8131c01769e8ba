// Writer plugin `json`: the status model and findings as one JSON document
// (shape documented in docs/report-format.md; field names are a contract).
#include <charconv>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <type_traits>

#include "tuanthu/message.hpp"
#include "tuanthu/plugin.hpp"
#include "tuanthu/text.hpp"

namespace {

using namespace tuanthu;
using json = nlohmann::ordered_json;

json date_or_null(const std::optional<Date>& d) {
  return d ? json(d->iso()) : json(nullptr);
}

// Writes the document member by member and array element by element, each dumped on its
// own, so memory holds one element at a time and never the whole tree; the bytes are those
// of dump(2) of the whole document.
class JsonStream {
 public:
  explicit JsonStream(std::ostream& out) : out_(out) { out_ << '{'; }

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
  /// An element that is a flat object (scalar members only), written as `element` would
  /// write it but without building a json value: `fill(Object&)` adds the members. A
  /// national run writes a million of them (cells, indicators, findings).
  class Object {
   public:
    explicit Object(std::string& out) : out_(out) {}
    void str(std::string_view key, std::string_view v) {
      open(key);
      // Valid UTF-8 (all text of the model): only quotes, backslashes and control
      // characters are escaped, as nlohmann does; anything else goes through nlohmann,
      // which puts U+FFFD for invalid bytes.
      if (!text::is_valid_utf8(v)) {
        out_ += json(std::string(v)).dump(-1, ' ', false, json::error_handler_t::replace);
        return;
      }
      out_ += '"';
      for (const char c : v) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && c != '"' && c != '\\') {
          out_ += c;
          continue;
        }
        switch (c) {
          case '"':
            out_ += "\\\"";
            break;
          case '\\':
            out_ += "\\\\";
            break;
          case '\b':
            out_ += "\\b";
            break;
          case '\t':
            out_ += "\\t";
            break;
          case '\n':
            out_ += "\\n";
            break;
          case '\f':
            out_ += "\\f";
            break;
          case '\r':
            out_ += "\\r";
            break;
          default: {
            static constexpr char hex[] = "0123456789abcdef";
            out_ += "\\u00";
            out_ += hex[u >> 4];
            out_ += hex[u & 0xF];
          }
        }
      }
      out_ += '"';
    }
    void null(std::string_view key) {
      open(key);
      out_ += "null";
    }
    void boolean(std::string_view key, bool v) {
      open(key);
      out_ += v ? "true" : "false";
    }
    /// A number: integers as integers, a double as nlohmann writes it (shortest form that
    /// reads back the same, "1.0" for a whole one; null when not finite).
    template <class T>
    void num(std::string_view key, T v) {
      static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>);
      open(key);
      char buf[64];
      char* end;
      if constexpr (std::is_floating_point_v<T>) {
        if (!std::isfinite(v)) {
          out_ += "null";
          return;
        }
        end = nlohmann::detail::to_chars(buf, buf + sizeof buf, static_cast<double>(v));
      } else {
        end = std::to_chars(buf, buf + sizeof buf, v).ptr;
      }
      out_.append(buf, end);
    }
    template <class T>
    void num(std::string_view key, const std::optional<T>& v) {
      if (v)
        num(key, *v);
      else
        null(key);
    }
    void date(std::string_view key, const std::optional<Date>& d) {
      if (d)
        str(key, d->iso());
      else
        null(key);
    }
    void finish() { out_ += first_ ? "{}" : "\n    }"; }

   private:
    // Members of an element (depth 2): six spaces in, the closing brace four.
    void open(std::string_view key) {
      out_ += first_ ? "{\n      \"" : ",\n      \"";
      first_ = false;
      out_.append(key).append("\": ");
    }
    std::string& out_;
    bool first_ = true;
  };
  template <class Fill>
  void object(Fill fill) {
    buf_.assign(first_element_ ? "\n    " : ",\n    ");
    first_element_ = false;
    Object o(buf_);
    fill(o);
    o.finish();
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  }
  void end_array() { out_ << (first_element_ ? "]" : "\n  ]"); }
  void finish() { out_ << (first_member_ ? "}\n" : "\n}\n"); }

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
      out_.write(text.data() + from, static_cast<std::streamsize>(nl + 1 - from)) << indent;
    out_.write(text.data() + from, static_cast<std::streamsize>(text.size() - from));
  }

  std::ostream& out_;
  std::string buf_;  // one element, reused
  bool first_member_ = true;
  bool first_element_ = true;
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
    js.object([&](JsonStream::Object& o) {
      o.str("id", u.unit);
      o.str("name", pu ? pu->name : u.unit);
      o.str("status", to_string(u.timeliness));
      o.date("received", u.date);
      if (sub && u.date)
        o.str("date_source", u.date_from_stamp ? "received" : "document");
      else
        o.null("date_source");
      o.num("days_late", u.days_late);
      o.num("completeness", u.completeness);
      o.num("requirements", u.requirements);
      o.num("requirements_met", u.requirements_met);
      o.num("errors", u.errors);
      o.num("warnings", u.warnings);
      if (sub) {
        o.str("number", sub->report.document.number);
        o.str("file", sub->report.file);
      } else {
        o.null("number");
        o.null("file");
      }
    });
  }
  js.end_array();
}

void write_cells(const WriteContext& ctx, JsonStream& js) {
  js.begin_array("cells");
  for (const auto& c : ctx.status.cells)
    js.object([&](JsonStream::Object& o) {
      o.str("unit", c.unit());
      o.str("task", c.task());
      o.str("role", to_string(c.role));
      o.str("status", to_string(c.state));
    });
  js.end_array();
}

void write_tasks(const WriteContext& ctx, JsonStream& js) {
  js.begin_array("tasks");
  for (const auto& t : ctx.status.tasks)
    js.object([&](JsonStream::Object& o) {
      o.str("id", t.task);
      o.num("expected", t.expected);
      o.num("reported", t.reported);
      o.num("complete", t.complete);
      o.str("status", to_string(t.state));
    });
  js.end_array();
}

void write_indicators(const WriteContext& ctx, JsonStream& js) {
  js.begin_array("indicators");
  for (const auto& i : ctx.status.indicators)
    js.object([&](JsonStream::Object& o) {
      o.str("task", i.task());
      o.str("requirement", i.requirement());
      o.str("unit", i.unit());
      o.num("value", i.value);
      o.boolean("met", i.met);
    });
  js.end_array();
}

// The district's figures as the status model consolidated them, each with its requirement's
// `aggregate` (`lead`: whose figure it is); `value` and `met` are null where the district
// has no figure.
void write_indicator_totals(const WriteContext& ctx, JsonStream& js) {
  js.begin_array("indicator_totals");
  for (const auto& t : ctx.status.indicator_totals)
    js.object([&](JsonStream::Object& o) {
      o.str("task", t.task);
      o.str("requirement", t.requirement);
      o.str("aggregate", to_string(t.aggregate));
      if (t.aggregate == Aggregate::Lead) o.str("lead", t.lead);
      o.num("value", t.value);
      o.num("units", t.values.size());
      o.num("units_met", t.units_met);
      if (t.met)
        o.boolean("met", *t.met);
      else
        o.null("met");
    });
  js.end_array();
}

// The totals per kind of unit (phường, phòng, đoàn thể…), from the status model.
void write_by_kind(const WriteContext& ctx, JsonStream& js) {
  js.begin_array("by_kind");
  for (const auto& k : ctx.status.by_kind)
    js.object([&](JsonStream::Object& o) {
      o.str("kind", k.kind);
      o.num("expected", k.totals.expected);
      o.num("received", k.totals.received);
      o.num("on_time", k.totals.on_time);
      o.num("late", k.totals.late);
      o.num("missing", k.totals.missing);
      o.num("not_yet_due", k.totals.not_yet_due);
      o.num("unknown", k.totals.unknown);
      o.num("completeness", k.totals.completeness);
    });
  js.end_array();
}

void write_reports(const WriteContext& ctx, JsonStream& js) {
  js.begin_array("reports");
  for (const auto& s : ctx.submissions)
    js.object([&](JsonStream::Object& o) {
      o.str("file", s.report.file);
      if (s.unit_id.empty())
        o.null("unit");
      else
        o.str("unit", s.unit_id);
      o.str("disposition", to_string(s.disposition));
      o.str("match", to_string(s.match));
    });
  js.end_array();
}

void write_findings(const WriteContext& ctx, JsonStream& js) {
  js.begin_array("findings");
  for (const auto& f : ctx.findings)
    js.object([&](JsonStream::Object& o) {
      o.str("rule", f.rule);
      o.str("severity", to_string(f.severity));
      o.str("unit", f.unit);
      o.str("task", f.task);
      o.str("requirement", f.requirement);
      o.str("message", f.text(ctx.english));
      o.str("file", f.file);
      o.num("line", f.line);
      o.num("column", f.column);
      o.str("plugin", f.plugin);
    });
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
