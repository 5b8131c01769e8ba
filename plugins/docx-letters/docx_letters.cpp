// Writer `docx-letters`: a folder of reminder letters as Word documents (công văn đôn đốc),
// one per unit with something to fix, in the form of Nghị định 30/2020/NĐ-CP (the header
// and signature of plugins/common/docx/official.hpp, as the report draft has them). The
// letters' words are the same data as the plain-text letters' (rules/letters.xml, or the
// office's own file named by the `wording` param): only the layout is this plugin's.
#include <string>
#include <vector>

#include "docx.hpp"
#include "letters.hpp"
#include "official.hpp"
#include "tuanthu/parallel.hpp"
#include "tuanthu/text.hpp"

namespace {

using namespace tuanthu;
using docx::Align;

/// The công văn's trích yếu, under its number.
std::string excerpt(const WriteContext& ctx, bool english) {
  const Document& d = ctx.plan.document;
  const Period& p = ctx.status.expectation.period;
  const std::string period = p.frequency == Frequency::Annual ? std::to_string(p.year) : p.str();
  if (english)
    return std::string("Re: reminder to complete the report on the implementation of Plan") +
           (d.number.empty() ? std::string() : std::string(" no. ") + d.number) + " for " + period;
  return std::string("V/v đôn đốc, bổ sung báo cáo kết quả thực hiện Kế hoạch") +
         (d.number.empty() ? std::string() : std::string(" số ") + d.number) +
         (p.frequency == Frequency::Annual ? " năm " : " kỳ ") + period;
}

/// Text ending a công văn's body ("./." after the last sentence).
std::string final_sentence(const std::string& s) {
  std::string out = s;
  while (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.pop_back();
  return out + "./.";
}

void write_letter(const WriteContext& ctx, const letters::Letter& l,
                  const docx::OfficialSettings& s, const docx::Reference& ref, bool english,
                  const std::filesystem::path& file) {
  docx::Document doc;
  docx::letterhead(doc, s, ctx.status.as_of.year, excerpt(ctx, english));
  doc.paragraph().align(Align::Center).first_line(0).spacing(18, 12).run(l.salutation);
  doc.paragraphs(l.opening);
  for (const auto& sec : l.sections) {
    if (!sec.heading.empty()) doc.paragraph().keep_next().run(sec.heading, docx::bold());
    for (const auto& item : sec.items) doc.paragraphs(item);
  }
  const bool closes = !l.closing.empty();
  doc.paragraphs(closes ? l.deadline : final_sentence(l.deadline), docx::bold());
  if (closes) doc.paragraphs(final_sentence(l.closing));
  docx::signature_block(doc, s, {english ? "As above" : "Như trên"});
  docx::Properties props;
  props.title = excerpt(ctx, english);
  props.subject = l.salutation;
  props.created = ctx.status.as_of;
  doc.save(file, ref, props);
}

class DocxLetters final : public Writer {
 public:
  std::string name() const override { return "docx-letters"; }
  std::string version() const override { return "1.0"; }
  Message description() const override {
    return {"công văn đôn đốc cho từng đơn vị (Word, thể thức Nghị định 30/2020/NĐ-CP)",
            "reminder letters to each unit (Word, in the form of Decree 30/2020/NĐ-CP)"};
  }
  std::string extension() const override { return "docx"; }
  WriterTarget target() const override { return WriterTarget::Folder; }

  void write(const WriteContext& ctx, const std::filesystem::path& folder) const override {
    const long days = letters::supplement_days(ctx.options);
    const bool english = letters::english_letters(ctx.options);
    const auto wording = letters::Wording::from_options(ctx.options, ctx.plan);
    const docx::OfficialSettings s = docx::read_official_settings(ctx, "");
    const docx::Reference ref = docx::reference_for(s);
    const letters::LetterBuilder letters(ctx, *wording, english, days);
    std::vector<std::string> units;
    for (size_t i = 0; i < letters.size(); ++i) units.push_back(letters.unit(i));
    // Unit ids come from the plan: names made safe and distinct (text::safe_file_names).
    const std::vector<std::string> names = text::safe_file_names(units);
    // Each letter made, laid out and zipped on the run's threads (each its own document),
    // then let go.
    for_each_index(letters.size(), letters::writer_jobs(ctx.options), [&](size_t i) {
      write_letter(ctx, letters.letter(i), s, ref, english, folder / (names[i] + ".docx"));
    });
  }
};

}  // namespace

TUANTHU_PLUGIN(DocxLetters)
