#pragma once
// What every letter writer shares (plain text now, .docx later): the wording, read from
// data (rules/letters.xml compiled in, or an office's own file named by the writer's
// `wording` param), and the letters themselves, one per unit with something to fix, as
// structured text that a writer lays out its own way. Format: docs/letters.md.
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tuanthu/plugin.hpp"

namespace tuanthu::letters {

/// Values of one text's placeholders: {name} → value.
using Values = std::map<std::string, std::string, std::less<>>;

/// One wording file: a text per key and per finding kind (rule id, "*" the fallback), in
/// Vietnamese and English.
class Wording {
 public:
  /// Reads a wording document. `file` names it in messages. Throws tuanthu::Error (both
  /// languages, naming file and line) when it is malformed, lacks a text, or uses an
  /// unknown key, placeholder, language or unbalanced [ ].
  static Wording parse(std::string_view xml, const std::string& file);
  /// Reads a wording file from disk (see parse).
  static Wording load(const std::filesystem::path& file);
  /// The wording shipped with tuanthu (rules/letters.xml, compiled in).
  static const Wording& builtin();
  /// The wording a writer's options ask for: the `wording` param, a path relative to the
  /// plan file, or the built-in one.
  static std::shared_ptr<const Wording> from_options(const PluginOptions& options,
                                                     const Plan& plan);

  /// The text of `key` (one of kKeys) in the language.
  const std::string& text(std::string_view key, bool english) const;
  /// The text for a finding under `rule`, or the fallback ("*").
  const std::string& finding(std::string_view rule, bool english) const;

 private:
  // [english][key], findings under "finding:<rule>"
  std::map<std::string, std::string, std::less<>> texts_[2];
};

/// The keys every wording has in each language.
extern const std::vector<std::string_view> kKeys;

/// `tmpl` with each {name} replaced by its value; a [ … ] part is dropped when a
/// placeholder directly inside it has an empty value. A name `values` lacks counts as
/// empty. Values are inserted as they are (never read again as wording).
std::string fill(std::string_view tmpl, const Values& values);

/// One letter: to one unit, in the wording's words, before layout.
struct Letter {
  std::string unit;  ///< plan unit id
  std::string salutation;
  std::string opening;
  struct Section {
    std::string heading;  ///< empty: items follow the opening directly
    std::vector<std::string> items;
  };
  std::vector<Section> sections;
  std::string deadline;  ///< the supplement's deadline, stated in every letter
  std::string closing;   ///< may be empty (a letter asking for a missing report has none)
};

/// The letters of a run, made one at a time: what they share (the findings by unit, each
/// rule's wording, the common values) is worked out once, then letter(i) may be called
/// from several threads at once. Letters come in the status model's unit order: one per
/// expected unit with a finding above info, none for the others.
class LetterBuilder {
 public:
  /// `supplement_days` after as-of is the deadline.
  LetterBuilder(const WriteContext& ctx, const Wording& wording, bool english,
                long supplement_days);
  size_t size() const { return units_.size(); }
  /// The unit id of letter i.
  const std::string& unit(size_t i) const;
  Letter letter(size_t i) const;

 private:
  const WriteContext& ctx_;
  const Wording& wording_;
  bool english_;
  std::unordered_map<std::string_view, std::vector<const Finding*>> by_unit_;
  std::unordered_map<const std::string*, const std::string*> wording_of_rule_;
  std::vector<const UnitStatus*> units_;  // those with a letter
  Values common_;
};

/// Every letter of a run at once (LetterBuilder's, in order).
std::vector<Letter> build_letters(const WriteContext& ctx, const Wording& wording, bool english,
                                  long supplement_days);

/// The run's threads, as the host gives them to a writer (`jobs`; 1 when absent).
unsigned writer_jobs(const PluginOptions& options);

/// A letter as plain text (UTF-8, LF line ends), ready to paste into an e-mail.
std::string to_text(const Letter& letter);

/// The `supplement-days` param (default 7; 0–365), or throws tuanthu::Error.
long supplement_days(const PluginOptions& options);
/// The `language` param: "vi" (default) or "en", or throws tuanthu::Error.
bool english_letters(const PluginOptions& options);

}  // namespace tuanthu::letters
