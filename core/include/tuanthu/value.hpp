#pragma once
// Every value a counted report gives for a requirement its unit owes is judged once, in
// core (core/src/value.cpp): absent, placeholder, unreadable, negative, out of range, too
// large, too short, conflicting, meets or misses its target. The `requirements` check words
// the judgement; the status model counts and totals only the values it accepts, so no
// rejected value is used anywhere and completeness does not depend on which check plugins
// are loaded.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tuanthu/enum_names.hpp"
#include "tuanthu/expectation.hpp"
#include "tuanthu/plan.hpp"
#include "tuanthu/report.hpp"
#include "tuanthu/value_text.hpp"

namespace tuanthu {

enum class ValueState : std::uint8_t {
  Ok,                  ///< present and well formed; meets its target and minimum length
  TooShort,            ///< a narrative under its minimum word count: used, not met
  TargetMissed,        ///< a figure that misses its target: used (in totals), not met
  Absent,              ///< no value, or only empty ones
  Placeholder,         ///< "đang cập nhật", "…", "x": says nothing
  NotANumber,          ///< a number or percent that cannot be read as a figure
  Negative,            ///< a figure below zero
  PercentOutOfRange,   ///< a percent above 100
  TooLarge,            ///< a figure above text::kMaxFigure
  BadDate,             ///< a date (or a document's date) that is no real day
  DocumentIncomplete,  ///< a referenced document without its number or its date
  Conflicting,         ///< given twice, with different contents
};
template <>
struct EnumTable<ValueState> {
  static constexpr EnumName<ValueState> names[] = {
      {ValueState::Ok, "ok", "đạt"},
      {ValueState::TooShort, "too_short", "quá ngắn"},
      {ValueState::TargetMissed, "target_missed", "chưa đạt chỉ tiêu"},
      {ValueState::Absent, "absent", "thiếu"},
      {ValueState::Placeholder, "placeholder", "chưa có nội dung"},
      {ValueState::NotANumber, "not_a_number", "không phải số"},
      {ValueState::Negative, "negative", "số âm"},
      {ValueState::PercentOutOfRange, "percent_out_of_range", "tỷ lệ ngoài 0–100%"},
      {ValueState::TooLarge, "too_large", "số quá lớn"},
      {ValueState::BadDate, "bad_date", "ngày không hợp lệ"},
      {ValueState::DocumentIncomplete, "document_incomplete", "văn bản thiếu số hoặc ngày"},
      {ValueState::Conflicting, "conflicting", "hai giá trị khác nhau"}};
};

/// An accepted figure that is probably not what the unit meant: still accepted and used
/// (it is a well-formed figure; the unit is asked to check it), and the `requirements`
/// check warns, quoting it.
enum class ValueDoubt : std::uint8_t {
  None,
  FractionalCount,    ///< a count (number requirement not marked decimal) with a fraction
  PercentAsFraction,  ///< a percent in (0, 1] without a % sign: 0,996 meant as 99,6%?
};
template <>
struct EnumTable<ValueDoubt> {
  static constexpr EnumName<ValueDoubt> names[] = {
      {ValueDoubt::None, "none", "không"},
      {ValueDoubt::FractionalCount, "fractional_count", "số đếm có phần thập phân"},
      {ValueDoubt::PercentAsFraction, "percent_as_fraction", "tỷ lệ viết dạng thập phân"}};
};

/// A value in an accepted state is used: figures enter totals, narratives the workbook.
/// Every other state is rejected and used nowhere.
constexpr bool accepted(ValueState s) {
  return s == ValueState::Ok || s == ValueState::TooShort || s == ValueState::TargetMissed;
}

/// A document value's number and date, and a Conflicting value's other value as written:
/// kept beside the few values that have them (Submission::details), not in every one.
struct ValueDetail {
  TextRef number;        ///< a document value's `number=`, else the one its text gives
  TextRef date;          ///< a document value's `date=`, else the one its text gives
  TextRef other_text;    ///< Conflicting: the other value as written
  TextRef other_number;  ///< Conflicting: its `number=` (documents)
  TextRef other_date;    ///< Conflicting: its `date=` (documents)
  int other_line = 0;    ///< Conflicting: its line
};

/// The judgement of one requirement in one counted report. A national run holds millions
/// of these (1.4 million on the national benchmark), so it is small (48 bytes): the task
/// and requirement are pointers into the plan (the plan outlives every run), the texts are
/// references into the report's ValueTexts (Submission::text), and a narrative's word
/// counts share their place with a figure (a requirement has one kind).
struct JudgedValue {
  static constexpr std::uint32_t kNoDetail = 0xffffffffu;

  const Task* plan_task = nullptr;                ///< the plan's task
  const Requirement* plan_requirement = nullptr;  ///< the plan's requirement, in plan_task
  TextRef text;  ///< the value as written (element text): Submission::text(v.text)
  int line = 0;  ///< the value's line; the task section's when absent
  /// Submission::details index (documents, Conflicting), kNoDetail when none.
  std::uint32_t detail = kNoDetail;

 private:
  struct Words {
    int words, min_words;
  };
  union Measure {
    double figure;
    Words words;
  } measure_{};  // declared here, between the 4- and the 1-byte members: no padding

 public:
  RequirementKind kind = RequirementKind::Narrative;
  ValueState state = ValueState::Absent;
  ValueDoubt doubt = ValueDoubt::None;  ///< accepted figures only: probably not what was meant
  bool required = true;  ///< false for `optional="true"` requirements (absent is then fine)

  /// The plan's task id (empty for a default-constructed value).
  std::string_view task() const { return plan_task ? std::string_view(plan_task->id) : ""; }
  /// The requirement id within the task.
  std::string_view requirement() const {
    return plan_requirement ? std::string_view(plan_requirement->id) : "";
  }
  /// Numbers and percents: the figure read, also when rejected as negative or out of range
  /// (never for TooLarge or NotANumber).
  std::optional<double> figure() const {
    return has_figure_ ? std::optional<double>(measure_.figure) : std::nullopt;
  }
  void set_figure(double f) {  // a figure replaces any word counts: they share a place
    has_figure_ = true;
    counted_ = false;
    measure_.figure = f;
  }
  /// Narratives: the word count, and the minimum that applied (0 for other kinds). The
  /// count may stop once it reaches the minimum: for a narrative long enough, all it says
  /// is words() >= min_words().
  int words() const { return counted_ ? measure_.words.words : 0; }
  int min_words() const { return counted_ ? measure_.words.min_words : 0; }
  void set_words(int words, int min_words) {  // and word counts replace any figure
    counted_ = true;
    has_figure_ = false;
    measure_.words = Words{words, min_words};
  }

  /// Counts as met for completeness: present, well formed, long enough, on target.
  bool met() const { return state == ValueState::Ok; }

 private:
  bool has_figure_ = false;
  bool counted_ = false;
};

/// The judgement of one counted report: its values, their details, the texts both quote.
struct JudgedReport {
  std::vector<JudgedValue> values;
  std::vector<ValueDetail> details;
  ValueTexts texts;
};

/// The minimum words for narratives without their own `min-words`: the `min-words` param of
/// the plan's `<check plugin="requirements">` (0 when absent or not a whole number).
int default_min_words(const Plan& plan);

/// Judges one requirement from every value a report gives for it (none: absent). Empty
/// values say nothing and are skipped; two values that differ are Conflicting.
/// `section_line` is where to point when there is no value.
/// The judgement is appended to `into` (with its texts and detail).
void judge_value(const Plan& plan, const Task& task, const Requirement& req,
                 const std::vector<const ReportValue*>& values, int default_min_words,
                 int section_line, JudgedReport& into);

/// Judges a counted report of `unit`: every task assigned to it that has a section, every
/// requirement that applies in its role, in plan order. A task's values are gathered from
/// all of its sections, so a repeated section cannot hide a different figure.
JudgedReport judge_values(const Plan& plan, const ExpectedUnit& unit, const Report& report,
                          int default_min_words);

}  // namespace tuanthu
