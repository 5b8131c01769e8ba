// Writer plugin `json`: the status model and findings as one JSON document
// (shape documented in docs/report-format.md; field names are a contract).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
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

// The file, written in 64 KB pieces: elements go into one buffer, written out (open,
// write, close) whenever it holds a piece. Through an ofstream each element was copied
// again into its 8 KB buffer and written 8 KB at a time. Writers ask for room first and
// write through a pointer: one capacity check per string, not one per character.
class FileOut {
 public:
  static constexpr size_t kPiece = 64 * 1024;
  explicit FileOut(const std::filesystem::path& target)
      : target_(target), buf_(new char[2 * kPiece]), cap_(2 * kPiece) {
    fd_ = ::open(target.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd_ < 0) fail();
  }
  ~FileOut() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileOut(const FileOut&) = delete;
  FileOut& operator=(const FileOut&) = delete;

  /// At least n bytes to write into at the end of the buffer; `done` says where they end.
  char* room(size_t n) {
    if (cap_ - used_ < n) grow(n);
    return buf_.get() + used_;
  }
  void done(const char* end) { used_ = static_cast<size_t>(end - buf_.get()); }
  void append(std::string_view s) {
    char* p = room(s.size());
    std::memcpy(p, s.data(), s.size());
    done(p + s.size());
  }
  /// Writes the buffer out once it holds a piece.
  void piece_done() {
    if (used_ >= kPiece) flush();
  }
  void close() {
    flush();
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail();
  }

 private:
  void grow(size_t n) {
    const size_t cap = std::max(2 * cap_, used_ + n);
    std::unique_ptr<char[]> bigger(new char[cap]);
    std::memcpy(bigger.get(), buf_.get(), used_);
    buf_ = std::move(bigger);
    cap_ = cap;
  }
  void flush() {
    for (size_t done = 0; done < used_;) {
      const ssize_t n = ::write(fd_, buf_.get() + done, used_ - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail();
      done += static_cast<size_t>(n);
    }
    used_ = 0;
  }
  [[noreturn]] void fail() const {
    const std::string why = std::strerror(errno);
    const std::string name = target_.string();
    throw Error(
        std::string("không ghi được tệp JSON \"").append(name).append("\": ").append(why),
        std::string("cannot write the JSON file \"").append(name).append("\": ").append(why));
  }
  std::filesystem::path target_;
  int fd_ = -1;
  std::unique_ptr<char[]> buf_;
  size_t cap_;
  size_t used_ = 0;
};

constexpr uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;

// Whether a byte of w is one a JSON string escapes (quote, backslash, control character).
// Exact tests (not counts) for "some byte below 0x20" and "some byte zero".
inline uint64_t has_special(uint64_t w) {
  auto zero_byte = [](uint64_t x) { return (x - kOnes) & ~x & kHighs; };
  return ((w - kOnes * 0x20) & ~w & kHighs) | zero_byte(w ^ (kOnes * '"')) |
         zero_byte(w ^ (kOnes * '\\'));
}

// Bytes at the start of [p, p + n) that a JSON string takes as they are, eight at a time
// (the last eight overlapping); `seen` gets their bits ORed, so that the caller knows
// whether any was not ASCII.
size_t plain_prefix(const char* p, size_t n, uint64_t& seen) {
  size_t i = 0;
  uint64_t w;
  for (; i + 8 <= n; i += 8) {
    std::memcpy(&w, p + i, 8);
    if (has_special(w)) return i + plain_prefix(p + i, 7, seen);
    seen |= w;
  }
  if (i < n && n >= 8) {
    std::memcpy(&w, p + n - 8, 8);
    if (!has_special(w)) {
      seen |= w;
      return n;
    }
  }
  for (; i < n; ++i) {
    const auto u = static_cast<unsigned char>(p[i]);
    if (u < 0x20 || u == '"' || u == '\\') break;
    seen |= u;
  }
  return i;
}

// A character JSON escapes, as nlohmann writes it; returns the end.
char* escape(char* p, unsigned char u) {
  *p++ = '\\';
  switch (u) {
    case '"':
    case '\\':
      *p++ = static_cast<char>(u);
      break;
    case '\b':
      *p++ = 'b';
      break;
    case '\t':
      *p++ = 't';
      break;
    case '\n':
      *p++ = 'n';
      break;
    case '\f':
      *p++ = 'f';
      break;
    case '\r':
      *p++ = 'r';
      break;
    default: {
      static constexpr char hex[] = "0123456789abcdef";
      *p++ = 'u';
      *p++ = '0';
      *p++ = '0';
      *p++ = hex[u >> 4];
      *p++ = hex[u & 0xF];
    }
  }
  return p;
}

// A double as nlohmann writes it. A whole number below 10^15 is its integer digits and
// ".0", which is what nlohmann's grisu2 and format_buffer give for it (checked against
// them for every integer up to 10^7 and 40 million random ones below 10^15), without the
// grisu2 search: about half of a run's figures are whole.
char* double_chars(char* first, char* last, double v) {
  if (v == std::trunc(v) && std::fabs(v) < 1e15 && !(v == 0 && std::signbit(v))) {
    char* end = std::to_chars(first, last, static_cast<long long>(v)).ptr;
    *end++ = '.';
    *end++ = '0';
    return end;
  }
  return nlohmann::detail::to_chars(first, last, v);
}

// Writes the document member by member and array element by element, each written on its
// own, so memory holds one piece of the file at a time and never the whole tree; the bytes
// are those of dump(2) of the whole document.
class JsonStream {
 public:
  explicit JsonStream(FileOut& out) : out_(out) { out_.append("{"); }

  void member(std::string_view key, const json& value) {
    open_member(key);
    put(value, 1);
  }
  void begin_array(std::string_view key) {
    open_member(key);
    out_.append("[");
    first_element_ = true;
  }
  void element(const json& value) {
    out_.append(first_element_ ? "\n    " : ",\n    ");
    first_element_ = false;
    put(value, 2);
    out_.piece_done();
  }
  /// An element that is a flat object (scalar members only), written as `element` would
  /// write it but without building a json value: `fill(Object&)` adds the members. A
  /// national run writes a million of them (cells, indicators, findings).
  class Object {
   public:
    explicit Object(FileOut& out) : out_(out) {}
    void str(std::string_view key, std::string_view v) {
      // The worst case: every byte escaped as \u00XX.
      char* p = open(out_.room(key.size() + 14 + 6 * v.size()), key);
      char* const value_at = p;
      *p++ = '"';
      // Copied whole when nothing needs escaping (nearly always); else from the first
      // quote, backslash or control character on, escaped as nlohmann does.
      uint64_t seen = 0;
      const size_t plain = plain_prefix(v.data(), v.size(), seen);
      std::memcpy(p, v.data(), plain);
      p += plain;
      for (size_t i = plain; i < v.size(); ++i) {
        const auto u = static_cast<unsigned char>(v[i]);
        seen |= u;
        if (u < 0x20 || u == '"' || u == '\\')
          p = escape(p, u);
        else
          *p++ = static_cast<char>(u);
      }
      *p++ = '"';
      // Text of the model is valid UTF-8 (readers check it); if not, nlohmann writes it,
      // with U+FFFD for the invalid bytes. ASCII needs no check.
      if ((seen & kHighs) && !text::is_valid_utf8(v)) {
        out_.done(value_at);
        out_.append(json(std::string(v)).dump(-1, ' ', false, json::error_handler_t::replace));
        return;
      }
      out_.done(p);
    }
    void null(std::string_view key) { word(key, "null"); }
    void boolean(std::string_view key, bool v) { word(key, v ? "true" : "false"); }
    /// A number: integers as integers, a double as nlohmann writes it (shortest form that
    /// reads back the same, "1.0" for a whole one; null when not finite).
    template <class T>
    void num(std::string_view key, T v) {
      static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>);
      char* p = open(out_.room(key.size() + 12 + 64), key);
      if constexpr (std::is_floating_point_v<T>) {
        if (!std::isfinite(v)) {
          std::memcpy(p, "null", 4);
          out_.done(p + 4);
          return;
        }
        out_.done(double_chars(p, p + 64, static_cast<double>(v)));
      } else {
        out_.done(std::to_chars(p, p + 64, v).ptr);
      }
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
    void finish() { out_.append(first_ ? "{}" : "\n    }"); }

   private:
    // Members of an element (depth 2): six spaces in, the closing brace four. Writes the
    // member's start at p (room for the key and 12 bytes) and returns its end.
    char* open(char* p, std::string_view key) {
      std::memcpy(p, first_ ? "{\n      \"" : ",\n      \"", 9);
      first_ = false;
      std::memcpy(p + 9, key.data(), key.size());
      p += 9 + key.size();
      std::memcpy(p, "\": ", 3);
      return p + 3;
    }
    void word(std::string_view key, std::string_view w) {
      char* p = open(out_.room(key.size() + 12 + w.size()), key);
      std::memcpy(p, w.data(), w.size());
      out_.done(p + w.size());
    }
    FileOut& out_;
    bool first_ = true;
  };
  template <class Fill>
  void object(Fill fill) {
    out_.append(first_element_ ? "\n    " : ",\n    ");
    first_element_ = false;
    Object o(out_);
    fill(o);
    o.finish();
    out_.piece_done();
  }
  void end_array() { out_.append(first_element_ ? "]" : "\n  ]"); }
  void finish() { out_.append(first_member_ ? "}\n" : "\n}\n"); }

 private:
  void open_member(std::string_view key) {
    out_.append(first_member_ ? "\n  " : ",\n  ");
    out_.append(json(key).dump());
    out_.append(": ");
    first_member_ = false;
  }
  // A value nested `depth` levels down: its own lines indented two spaces per level.
  void put(const json& value, int depth) {
    // Text in the model is valid UTF-8 (readers check it); a plugin's message might not
    // be, so an invalid byte becomes U+FFFD rather than an unwritten file.
    const std::string text = value.dump(2, ' ', false, json::error_handler_t::replace);
    const std::string indent(static_cast<size_t>(2 * depth), ' ');
    size_t from = 0;
    for (size_t nl; (nl = text.find('\n', from)) != std::string::npos; from = nl + 1) {
      out_.append(std::string_view(text).substr(from, nl + 1 - from));
      out_.append(indent);
    }
    out_.append(std::string_view(text).substr(from));
  }

  FileOut& out_;
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
    FileOut out(target);
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
  }
};

}  // namespace

TUANTHU_PLUGIN(JsonWriter)
