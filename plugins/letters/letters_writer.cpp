// Writer `letters`: a folder of plain-text reminder letters (thư góp ý), one per unit with
// something to fix, ready to paste into an e-mail or a công văn đôn đốc. The wording is
// data (plugins/common/letters, docs/letters.md).
#include "letters.hpp"
#include "tuanthu/atomic_file.hpp"
#include "tuanthu/text.hpp"

namespace {

using namespace tuanthu;

class LettersWriter final : public Writer {
 public:
  std::string name() const override { return "letters"; }
  std::string version() const override { return "1.0"; }
  Message description() const override {
    return {"Thư góp ý cho từng đơn vị (thư mục, mỗi đơn vị một tệp .txt)",
            "reminder letters to the units (a folder, one .txt per unit)"};
  }
  std::string extension() const override { return "txt"; }
  WriterTarget target() const override { return WriterTarget::Folder; }

  void write(const WriteContext& ctx, const std::filesystem::path& folder) const override {
    const long days = letters::supplement_days(ctx.options);
    const bool english = letters::english_letters(ctx.options);
    const auto wording = letters::Wording::from_options(ctx.options, ctx.plan);
    const auto all = letters::build_letters(ctx, *wording, english, days);
    std::vector<std::string> units;
    for (const auto& l : all) units.push_back(l.unit);
    // Unit ids come from the plan: each letter's name is made safe (no "../", no
    // separators), and two ids never share a name.
    const std::vector<std::string> names = text::safe_file_names(units);
    for (size_t i = 0; i < all.size(); ++i)
      write_file_atomically(folder / (names[i] + ".txt"), letters::to_text(all[i]));
  }
};

}  // namespace

TUANTHU_PLUGIN(LettersWriter)
