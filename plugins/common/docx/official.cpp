// See official.hpp.
#include "official.hpp"

#include "tuanthu/text.hpp"

namespace tuanthu::docx {

namespace {

// Header table: the left column holds the agencies and the number, the right one the
// Quốc hiệu (which must fit on one line at 12 pt: 34 capitals are about 95 mm).
constexpr int kLeftColumn = 3800;
// Default cell margins of a table (Container::table), left plus right.
constexpr int kCellMargins = 114;
// Where the signer's title or name goes when no option gives it: a line to write on.
constexpr const char* kSignatureBlank = "……………………";

std::string or_blank(const std::string& s) {
  return s.empty() ? kBlank : s;
}
std::string signature_line(const std::string& s) {
  return s.empty() ? kSignatureBlank : s;
}

Paragraph centred(Container& c, const std::string& t, const RunStyle& st) {
  return c.paragraph().align(Align::Center).first_line(0).spacing(0, 0).run(t, st);
}

}  // namespace

OfficialSettings read_official_settings(const WriteContext& ctx, const std::string& kind) {
  const Plan& plan = ctx.plan;
  const PluginOptions& o = ctx.options;
  OfficialSettings s;
  // A name, a title, a number: a line of a letterhead or signature block, never a page.
  // Anything longer is a mistake (or an attack on the layout: a 1 MB signer made a
  // document LibreOffice could not lay out), refused naming the param.
  constexpr size_t kMaxParam = 300;
  auto param = [&](const char* name) {
    std::string v = o.get(name, "");
    if (v.size() > kMaxParam)
      throw Error(std::string("tham số \"") + name + "\" của plugin ghi dài " +
                      std::to_string(v.size()) + " byte, quá " + std::to_string(kMaxParam) +
                      "; sửa <param name=\"" + name + "\"> trong <writers> của kế hoạch",
                  std::string("the writer param \"") + name + "\" is " + std::to_string(v.size()) +
                      " bytes long, more than " + std::to_string(kMaxParam) +
                      "; fix <param name=\"" + name + "\"> in the plan's <writers>");
    return v;
  };
  s.number = param("number");
  s.parent = param("parent");
  s.issuer = param("issuer");
  s.place = param("place");
  s.signer = param("signer");
  s.signer_title = param("signer-title");
  s.signer_authority = param("signer-authority");
  s.archive = param("archive");
  if (s.number.empty())
    s.number = kind.empty() ? std::string(kBlank) + "/" + kBlank
                            : std::string(kBlank) + "/" + kind + "-" + kBlank;
  // The office that consolidates issues the document (else the one reports go to), under
  // the body that issued the plan.
  if (s.issuer.empty()) {
    const std::string& id = plan.consolidation_by.empty() ? plan.cycle.to : plan.consolidation_by;
    const Unit* u = plan.find_unit(id);
    s.issuer = u ? u->name : id;
  }
  if (s.parent.empty()) s.parent = plan.document.issuer;
  if (text::match_key(s.parent) == text::match_key(s.issuer)) s.parent.clear();
  if (s.place.empty()) s.place = plan.document.place;
  // `reference`: as given (the command line's --docx-reference, checked to exist there),
  // else relative to the plan file (a plan's <param>).
  if (o.has("reference")) {
    std::filesystem::path f = o.get("reference", "");
    std::error_code ec;
    if (f.is_relative() && !std::filesystem::exists(f, ec) && !plan.file.empty())
      f = std::filesystem::path(plan.file).parent_path() / f;
    s.reference = f.string();
  }
  return s;
}

Reference reference_for(const OfficialSettings& s) {
  return s.reference.empty() ? Reference::builtin() : Reference::load(s.reference);
}

void letterhead(Document& doc, const OfficialSettings& s, int year, const std::string& excerpt) {
  Table t = doc.table({kLeftColumn, doc.page().text_width() - kLeftColumn});
  std::vector<Container> cells = t.row();
  Container& left = cells[0];
  Container& right = cells[1];
  if (!s.parent.empty()) centred(left, text::to_upper(s.parent), {false, false, false, 13});
  centred(left, text::to_upper(or_blank(s.issuer)), bold(13));
  // A short rule under the issuing body, a third of the cell wide, centred in the cell
  // (sized from the cell, not the page).
  const int side = (kLeftColumn - kCellMargins) / 3;
  left.paragraph()
      .align(Align::Center)
      .first_line(0)
      .spacing(0, 0)
      .indent(side, side)
      .mark_size(4)
      .rule_below();
  centred(left, std::string("Số: ") + s.number, {false, false, false, 13}).spacing(6, 0);
  if (!excerpt.empty()) centred(left, excerpt, {false, false, false, 12}).spacing(6, 0);
  centred(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold(12));
  centred(right, "Độc lập - Tự do - Hạnh phúc", {true, false, true, 13});
  centred(
      right,
      or_blank(s.place) + ", ngày " + kBlank + " tháng " + kBlank + " năm " + std::to_string(year),
      italic(14))
      .spacing(12, 0);
}

void signature_block(Document& doc, const OfficialSettings& s,
                     const std::vector<std::string>& recipients) {
  const int width = doc.page().text_width();
  Table t = doc.table({width / 2, width - width / 2});
  std::vector<Container> cells = t.row(true);
  Container& left = cells[0];
  Container& right = cells[1];
  left.paragraph()
      .first_line(0)
      .spacing(12, 0)
      .align(Align::Left)
      .run("Nơi nhận:", {true, true, false, 12});
  auto line = [&](const std::string& x) {
    left.paragraph()
        .first_line(0)
        .spacing(0, 0)
        .align(Align::Left)
        .run(x, {false, false, false, 11});
  };
  for (const std::string& r : recipients) line(std::string("- ") + r + ";");
  line(std::string("- Lưu: VT, ") + or_blank(s.archive) + ".");
  Paragraph top = right.paragraph().align(Align::Center).first_line(0).spacing(12, 0);
  if (!s.signer_authority.empty()) {
    top.run(text::to_upper(s.signer_authority), bold(14));
    centred(right, signature_line(text::to_upper(s.signer_title)), bold(14));
  } else {
    top.run(signature_line(text::to_upper(s.signer_title)), bold(14));
  }
  for (int i = 0; i < 4; ++i) right.paragraph().first_line(0).spacing(0, 0);
  centred(right, signature_line(s.signer), bold(14)).spacing(24, 0);
}

}  // namespace tuanthu::docx
