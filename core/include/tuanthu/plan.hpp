#pragma once
// The immutable plan model (urn:tuanthu:plan:1), built once by the loader and shared
// read-only by every thread, check and writer.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tuanthu/date.hpp"
#include "tuanthu/document.hpp"
#include "tuanthu/enum_names.hpp"
#include "tuanthu/finding.hpp"
#include "tuanthu/symbol.hpp"

namespace tuanthu {

/// Hashes an id by its text, looked up with any string type (no std::string built).
struct IdHash {
  using is_transparent = void;
  size_t operator()(std::string_view id) const { return std::hash<std::string_view>{}(id); }
};
/// Id → position. Hashed, not ordered: looked up millions of times on a national run.
using IdIndex = std::unordered_map<std::string, size_t, IdHash, std::equal_to<>>;

namespace text {
class Placeholders;
}

struct SourceLoc {
  std::string file;
  int line = 0;
  int column = 0;
};

enum class Role { Lead, Support };
template <>
struct EnumTable<Role> {
  static constexpr EnumName<Role> names[] = {{Role::Lead, "lead", "chủ trì"},
                                             {Role::Support, "support", "phối hợp"}};
};

enum class RequirementKind : std::uint8_t { Narrative, Number, Percent, Date, Document };
template <>
struct EnumTable<RequirementKind> {
  static constexpr EnumName<RequirementKind> names[] = {
      {RequirementKind::Narrative, "narrative", "nội dung"},
      {RequirementKind::Number, "number", "số liệu"},
      {RequirementKind::Percent, "percent", "tỷ lệ"},
      {RequirementKind::Date, "date", "ngày"},
      {RequirementKind::Document, "document", "văn bản"}};
};

/// How the figures several units give for a number or percent requirement become the
/// district's figure (`aggregate=` on the requirement).
enum class Aggregate {
  Sum,   ///< the accepted figures added (counts of children, sessions, cases)
  Mean,  ///< the accepted figures averaged
  Lead,  ///< the principal lead unit's figure is the district's; the others are shown only
  None,  ///< no district figure: each unit's own is shown
};
template <>
struct EnumTable<Aggregate> {
  static constexpr EnumName<Aggregate> names[] = {
      {Aggregate::Sum, "sum", "tổng cộng"},
      {Aggregate::Mean, "mean", "bình quân"},
      {Aggregate::Lead, "lead", "số của đơn vị chủ trì"},
      {Aggregate::None, "none", "không tổng hợp"}};
};

enum class Comparison { Ge, Le, Eq, Gt, Lt };
template <>
struct EnumTable<Comparison> {
  static constexpr EnumName<Comparison> names[] = {{Comparison::Ge, ">=", "không dưới"},
                                                   {Comparison::Le, "<=", "không quá"},
                                                   {Comparison::Eq, "=", "bằng"},
                                                   {Comparison::Gt, ">", "trên"},
                                                   {Comparison::Lt, "<", "dưới"}};
};

struct Target {
  Comparison op = Comparison::Ge;
  double value = 0;
  /// Parses `>=100`, `<= 5`, `=0`, `>1.5`, `<3`; nullopt when malformed.
  static std::optional<Target> parse(std::string_view text);
  bool met_by(double v) const;
  std::string str() const;  ///< e.g. `>= 100`
};

struct Requirement {
  std::string id;
  RequirementKind kind = RequirementKind::Narrative;
  std::string kind_text;  ///< as written, kept for lint messages
  bool for_lead = true;
  bool for_support = true;
  std::optional<int> min_words;
  std::optional<Target> target;
  std::string target_text;  ///< as written, kept for lint messages
  std::string label;  ///< Vietnamese label, e.g. "Tỷ lệ trẻ em dưới 16 tuổi có thẻ BHYT"
  std::string measure;                 ///< unit of measure, e.g. "trẻ em", "buổi"
  bool optional = false;               ///< reported when given, never required
  std::optional<Aggregate> aggregate;  ///< as written; nullopt: the kind's default
  SourceLoc loc;

  /// `id` interned once by Plan::build_index, for the findings about this requirement:
  /// read it through id_symbol().
  Symbol interned_id;
  /// `id` as a Symbol: the interned copy, or (a plan built by hand, or an id changed since
  /// build_index) `id` interned now.
  Symbol id_symbol() const { return interned_id == id ? interned_id : Symbol(id); }

  /// `decimal="true"`: a number requirement whose figure may have a fraction (hectares,
  /// kg). Without it a number requirement counts (people, cases, sessions), so a figure
  /// with a fraction is doubtful ("1,234" read as 1,234 children).
  bool decimal = false;

  bool applies_to(Role r) const { return r == Role::Lead ? for_lead : for_support; }
  /// How its figures are consolidated: `aggregate` when given, else sum for numbers and
  /// mean for percents.
  Aggregate aggregation() const {
    return aggregate                          ? *aggregate
           : kind == RequirementKind::Percent ? Aggregate::Mean
                                              : Aggregate::Sum;
  }
};

struct Plan;

struct Task {
  std::string id;  ///< e.g. `II.4`, `IV.5`
  int from = 0;
  int to = 0;
  std::string title;
  std::string text;
  std::string
      schedule;  ///< the plan's own words for the timeframe ("Hằng năm, giai đoạn 2021-2030")
  std::vector<std::string> leads;     ///< refs to units or groups, as written
  std::vector<std::string> supports;  ///< refs to units or groups, as written
  std::vector<Requirement> requirements;
  SourceLoc loc;
  /// `id` interned once by Plan::build_index: read it through id_symbol().
  Symbol interned_id;

  /// `id` as a Symbol: the interned copy, or (a plan built by hand, or an id changed since
  /// build_index) `id` interned now.
  Symbol id_symbol() const { return interned_id == id ? interned_id : Symbol(id); }

  const Requirement* find_requirement(std::string_view id) const;
  /// The unit whose figure is the district's for `aggregate="lead"`: the first `<lead ref>`
  /// when it names a unit (not a group), else empty (lint reports it).
  std::string principal_lead(const Plan& plan) const;
  bool covers(int year) const { return from <= year && year <= to; }
};

struct Unit {
  std::string id;
  std::string name;        ///< full Vietnamese name
  std::string short_name;  ///< e.g. "Phòng LĐTBXH"
  std::string kind;  ///< free classification shown to users: "phường", "phòng", "đoàn thể", …
  std::vector<std::string> aliases;
  SourceLoc loc;
};

struct Group {
  std::string id;
  std::string name;
  std::vector<std::string> members;  ///< refs to units or groups
  SourceLoc loc;
};

struct Cycle {
  Frequency frequency = Frequency::Annual;
  int first = 0;
  int last = 0;
  int due_month = 0;  ///< fixed due day (annual cycles), 0 when relative
  int due_day = 0;
  std::optional<int> due_days_after_end;  ///< relative due day for other cycles
  bool due_inclusive = true;              ///< a report on the due day itself is on time
  std::string to;                         ///< unit id the reports go to
  SourceLoc loc;

  /// The due date of a period, or nullopt when the cycle cannot say.
  std::optional<Date> due_date(const Period& p) const;
  /// Last day a report is on time.
  std::optional<Date> last_on_time_day(const Period& p) const;
};

struct CheckConfig {
  std::string plugin;
  std::string rule;  ///< empty: applies to every rule of the plugin
  std::optional<Severity> severity;
  bool enabled = true;
  std::map<std::string, std::string> params;
  SourceLoc loc;
};

struct Abbreviation {
  std::string short_form;
  std::string long_form;
};

/// An element whose id was already taken (plan-duplicate-id): the loader keeps the first of
/// each id, as every lookup would, and records the others here for lint, so that the model
/// never holds two units, groups, tasks or requirements of one id.
struct DuplicateId {
  std::string element;  ///< "unit", "group", "task", "requirement"
  std::string id;
  std::string task;  ///< for a requirement: its task
  SourceLoc loc;     ///< the dropped element
  SourceLoc first;   ///< the one kept
};

/// How to read "1.234" and "1,234": Vietnamese (dot groups thousands, comma is the
/// decimal mark) unless the plan says otherwise.
enum class NumberStyle { Vietnamese, English };
template <>
struct EnumTable<NumberStyle> {
  static constexpr EnumName<NumberStyle> names[] = {
      {NumberStyle::Vietnamese, "vi", "kiểu Việt Nam"}, {NumberStyle::English, "en", "kiểu Anh"}};
};

struct Plan {
  std::string id;
  std::string version;
  std::string file;
  Document document;        ///< the plan's own document (date in ISO form)
  std::vector<Unit> units;  ///< plan order
  std::vector<Group> groups;
  Cycle cycle;
  std::string consolidation_by;
  std::vector<std::string> recipients;
  std::vector<Task> tasks;  ///< plan order
  std::vector<CheckConfig> checks;
  /// `<writers><writer plugin="…">` settings: params only (rule, severity, enabled unused).
  std::vector<CheckConfig> writers;
  std::vector<Abbreviation> abbreviations;
  std::vector<std::string> placeholders;
  /// `placeholders` keyed once by build_index (the test runs on every value); null for a
  /// plan built by hand, which is then keyed per use.
  std::shared_ptr<const text::Placeholders> placeholder_keys;
  NumberStyle number_style = NumberStyle::Vietnamese;
  std::vector<DuplicateId> duplicates;  ///< dropped by the loader, reported by lint

  const Unit* find_unit(std::string_view id) const;
  const Group* find_group(std::string_view id) const;
  const Task* find_task(std::string_view id) const;
  /// Position of a task in plan order (for stable sorting), or tasks.size().
  size_t task_index(std::string_view id) const;
  /// Unit ids a ref names, through groups of groups; cycles and unknown refs are
  /// skipped (lint reports them).
  std::vector<std::string> expand(std::string_view ref) const;
  /// Display name of a unit id (short name when it has one, else its name), or the id
  /// itself: never empty for a non-empty id.
  std::string display_name(std::string_view unit_id) const;
  /// Builds the id lookups behind find_*, the tasks' and requirements' interned ids and
  /// placeholder_keys; the loader calls it once, after
  /// which the model is not modified. Without it the lookups scan (plans built by hand).
  void build_index();

 private:
  IdIndex unit_ids_, group_ids_, task_ids_;
};

/// Options of one plugin as configured in the plan (`<check>` for checks, `<writer>` for
/// writers), with typed getters.
class CheckOptions {
 public:
  CheckOptions() = default;
  /// A check's options: the plan's `<check plugin="…">` elements.
  CheckOptions(const Plan& plan, std::string_view plugin);
  /// The options `configs` give `plugin` (e.g. Plan::writers).
  CheckOptions(const std::vector<CheckConfig>& configs, std::string_view plugin);
  /// Sets (or overrides) one param, e.g. from a command-line flag.
  void set(std::string name, std::string value);
  bool has(std::string_view name) const;
  std::string get(std::string_view name, std::string_view fallback) const;
  long get_int(std::string_view name, long fallback) const;
  bool get_bool(std::string_view name, bool fallback) const;
  /// Space-separated list; the fallback when absent.
  std::vector<std::string> get_list(std::string_view name,
                                    const std::vector<std::string>& fallback) const;
  bool rule_enabled(std::string_view rule) const;
  Severity severity(std::string_view rule, Severity fallback) const;

 private:
  std::map<std::string, std::string, std::less<>> params_;
  std::vector<CheckConfig> configs_;
};
/// Writers' options are the same thing under their own name.
using PluginOptions = CheckOptions;

}  // namespace tuanthu
