// The docx-report writer and the shared docx library: the document is read back (libzip +
// pugixml) and its form checked against Nghị định 30/2020 (page, fonts, header table,
// sections, Nơi nhận); hostile inputs give a valid document; LibreOffice opens it.
#include <gtest/gtest.h>
#include <zip.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <pugixml.hpp>
#include <random>
#include <sstream>

#include "docx.hpp"
#include "support.hpp"
#include "tuanthu/message.hpp"
#include "tuanthu/text.hpp"

namespace {

using namespace tuanthu;
namespace fs = std::filesystem;

// A .docx read back: its parts parsed, the body's paragraphs as text.
struct Docx {
  std::map<std::string, std::string> parts;
  pugi::xml_document doc, styles;
  bool ok = false;

  explicit Docx(const fs::path& file) {
    int err = 0;
    zip_t* z = zip_open(file.c_str(), ZIP_RDONLY, &err);
    if (!z) return;
    for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) {
      zip_stat_t st;
      zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st);
      std::string content(st.size, '\0');
      zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0);
      zip_fread(f, content.data(), st.size);
      zip_fclose(f);
      parts[st.name] = content;
    }
    zip_discard(z);
    for (const auto& [name, content] : parts) {
      if (name.size() < 4 ||
          (name.substr(name.size() - 4) != ".xml" && name.substr(name.size() - 5) != ".rels"))
        continue;
      pugi::xml_document d;
      if (!d.load_string(content.c_str())) return;  // every part is well-formed XML
    }
    ok = parts.count("word/document.xml") && parts.count("[Content_Types].xml") &&
         parts.count("_rels/.rels") && parts.count("word/styles.xml") &&
         doc.load_string(parts["word/document.xml"].c_str()) &&
         styles.load_string(parts["word/styles.xml"].c_str());
  }
  pugi::xml_node body() const { return doc.child("w:document").child("w:body"); }
  static std::string text(pugi::xml_node p) {
    std::string s;
    for (auto t : p.select_nodes(".//w:t")) s += t.node().text().get();
    return s;
  }
  /// Every paragraph's text, in order (table cells included).
  std::vector<std::string> paragraphs() const {
    std::vector<std::string> out;
    for (auto p : body().select_nodes(".//w:p")) out.push_back(text(p.node()));
    return out;
  }
  std::string all() const {
    std::string s;
    for (const auto& p : paragraphs()) s += p + "\n";
    return s;
  }
  /// The first paragraph whose text is `t`.
  pugi::xml_node find(const std::string& t) const {
    for (auto p : body().select_nodes(".//w:p"))
      if (text(p.node()) == t) return p.node();
    return {};
  }
};

// A part as its XML says, not its bytes: the writers parse a reference's parts and write
// them again (never copying what they were given).
std::string same_xml(const std::string& xml) {
  pugi::xml_document d;
  if (!d.load_string(xml.c_str())) return "not XML: " + xml;
  std::ostringstream out;
  d.save(out, "", pugi::format_raw | pugi::format_no_declaration);
  return out.str();
}

bool run_has(pugi::xml_node p, const char* prop) {
  for (auto r : p.children("w:r"))
    if (!r.child("w:rPr").child(prop)) return false;
  return p.child("w:r");
}

/// Page objects in a PDF ("/Type /Page", not "/Type /Pages"), -1 when it cannot be read.
int pdf_pages(const fs::path& pdf) {
  std::ifstream in(pdf, std::ios::binary);
  if (!in) return -1;
  const std::string bytes((std::istreambuf_iterator<char>(in)), {});
  int pages = 0;
  for (const std::string key : {"/Type/Page", "/Type /Page"})
    for (size_t at = bytes.find(key); at != std::string::npos; at = bytes.find(key, at + 1))
      pages += bytes.compare(at, key.size() + 1, key + "s") != 0;
  return pages;
}

struct Written {
  tt::TempDir dir;
  fs::path file;
  CheckRun run;
};

std::unique_ptr<Written> write_report(const Plan& plan, const std::vector<fs::path>& inputs,
                                      const std::string& as_of = "2025-11-20") {
  auto w = std::make_unique<Written>();
  w->run = tt::run(plan, inputs, "2025", as_of);
  auto writer = tt::real_plugins().writer_for("docx");
  if (!writer) return w;
  WriteContext ctx{plan, w->run.status, w->run.submissions, w->run.findings, false, "test"};
  w->file = w->dir.path() / "bao-cao.docx";
  writer->write(ctx, w->file);
  return w;
}

const Written& sample() {
  static std::unique_ptr<Written> w =
      write_report(*tt::seed_plan(), {tt::kSource / "samples" / "2025"});
  return *w;
}

TEST(DocxReport, PageFontsAndHeaderFollowDecree30) {
  const Written& w = sample();
  ASSERT_TRUE(fs::exists(w.file));
  Docx d(w.file);
  ASSERT_TRUE(d.ok);
  // A4 portrait; margins top/bottom 20 mm, left 30 mm, right 15 mm (twips).
  pugi::xml_node sect = d.body().child("w:sectPr");
  EXPECT_STREQ(sect.child("w:pgSz").attribute("w:w").value(), "11906");
  EXPECT_STREQ(sect.child("w:pgSz").attribute("w:h").value(), "16838");
  pugi::xml_node mar = sect.child("w:pgMar");
  EXPECT_EQ(mar.attribute("w:top").as_int(), 1134);
  EXPECT_EQ(mar.attribute("w:bottom").as_int(), 1134);
  EXPECT_EQ(mar.attribute("w:left").as_int(), 1701);
  EXPECT_EQ(mar.attribute("w:right").as_int(), 850);
  // Page numbers from page 2, centred in the top margin: a PAGE field in the default
  // header, an empty header on the first page.
  EXPECT_TRUE(sect.child("w:titlePg"));
  EXPECT_NE(d.parts["word/header1.xml"].find(" PAGE "), std::string::npos);
  EXPECT_EQ(d.parts["word/header2.xml"].find("PAGE"), std::string::npos);
  // Times New Roman 14 pt by default; the Normal style justified with a first-line indent.
  pugi::xml_node rpr =
      d.styles.child("w:styles").child("w:docDefaults").child("w:rPrDefault").child("w:rPr");
  EXPECT_STREQ(rpr.child("w:rFonts").attribute("w:ascii").value(), "Times New Roman");
  EXPECT_STREQ(rpr.child("w:sz").attribute("w:val").value(), "28");
  pugi::xml_node normal = d.styles.select_node("//w:style[@w:styleId='Normal']").node();
  EXPECT_STREQ(normal.child("w:pPr").child("w:jc").attribute("w:val").value(), "both");
  EXPECT_GT(normal.child("w:pPr").child("w:ind").attribute("w:firstLine").as_int(), 500);

  // The header table: governing body (not bold), issuing body (bold), Quốc hiệu, tiêu ngữ
  // (bold, underlined), số/ký hiệu, địa danh and date (italic).
  pugi::xml_node tbl = d.body().child("w:tbl");
  ASSERT_TRUE(tbl);
  EXPECT_STREQ(tbl.child("w:tblPr").child("w:tblLayout").attribute("w:type").value(), "fixed");
  EXPECT_EQ(tbl.child("w:tblGrid").select_nodes("w:gridCol").size(), 2u);
  auto in_table = [&](const std::string& t) {
    for (auto p : tbl.select_nodes(".//w:p"))
      if (Docx::text(p.node()) == t) return p.node();
    return pugi::xml_node();
  };
  pugi::xml_node parent = in_table("ỦY BAN NHÂN DÂN QUẬN 12");
  ASSERT_TRUE(parent);
  EXPECT_FALSE(run_has(parent, "w:b"));
  pugi::xml_node issuer = in_table("PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI");
  ASSERT_TRUE(issuer);
  EXPECT_TRUE(run_has(issuer, "w:b"));
  pugi::xml_node qh = in_table("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  ASSERT_TRUE(qh);
  EXPECT_TRUE(run_has(qh, "w:b"));
  pugi::xml_node tn = in_table("Độc lập - Tự do - Hạnh phúc");
  ASSERT_TRUE(tn);
  EXPECT_TRUE(run_has(tn, "w:b"));
  EXPECT_TRUE(run_has(tn, "w:u"));
  EXPECT_TRUE(in_table("Số: …/BC-…"));
  pugi::xml_node date = in_table("Quận 12, ngày … tháng … năm 2025");
  ASSERT_TRUE(date);
  EXPECT_TRUE(run_has(date, "w:i"));
  // A rule under the issuing body, narrower than its cell.
  EXPECT_TRUE(tbl.select_node(".//w:pBdr/w:bottom"));

  // Tên loại and trích yếu, bold and centred.
  pugi::xml_node bc = d.find("BÁO CÁO");
  ASSERT_TRUE(bc);
  EXPECT_TRUE(run_has(bc, "w:b"));
  EXPECT_STREQ(bc.child("w:pPr").child("w:jc").attribute("w:val").value(), "center");
  pugi::xml_node ty = bc.next_sibling("w:p");
  EXPECT_EQ(Docx::text(ty).rfind("Kết quả thực hiện Kế hoạch số …/KH-UBND-LĐTBXH ngày 14/10/2024 "
                                 "của Ủy ban nhân dân Quận 12 năm 2025",
                                 0),
            0u);
  EXPECT_TRUE(run_has(ty, "w:b"));
}

TEST(DocxReport, SectionsNameEveryTaskMissingUnitAndRecipient) {
  const Written& w = sample();
  Docx d(w.file);
  ASSERT_TRUE(d.ok);
  const Plan& plan = *tt::seed_plan();
  const std::string all = d.all();
  for (const char* h : {"I. TÌNH HÌNH TRIỂN KHAI, TỔNG HỢP BÁO CÁO", "II. KẾT QUẢ THỰC HIỆN",
                        "III. TỒN TẠI, HẠN CHẾ", "IV. ĐỀ XUẤT, KIẾN NGHỊ"}) {
    pugi::xml_node p = d.find(h);
    ASSERT_TRUE(p) << h;
    EXPECT_STREQ(p.child("w:pPr").child("w:pStyle").attribute("w:val").value(), "Heading1");
  }
  // Each task of the period, in plan order, under its title.
  size_t last = 0;
  for (const TaskStatus& ts : w.run.status.tasks) {
    const Task* t = plan.find_task(ts.task);
    const size_t at = all.find(t->title + " (mục " + t->id + ")");
    ASSERT_NE(at, std::string::npos) << t->id;
    EXPECT_GT(at, last) << t->id;
    last = at;
  }
  // Each missing unit by name, each late unit with its days.
  int missing = 0;
  for (const UnitStatus& u : w.run.status.units) {
    if (u.timeliness == Timeliness::Missing) {
      ++missing;
      EXPECT_NE(all.find(plan.display_name(u.unit)), std::string::npos) << u.unit;
    }
    if (u.timeliness == Timeliness::Late) {
      EXPECT_NE(
          all.find(plan.display_name(u.unit) + " (trễ " + std::to_string(u.days_late) + " ngày)"),
          std::string::npos);
    }
  }
  EXPECT_GT(missing, 0);
  // Nơi nhận: bold italic label, the plan's recipients, Lưu.
  pugi::xml_node nn = d.find("Nơi nhận:");
  ASSERT_TRUE(nn);
  EXPECT_TRUE(run_has(nn, "w:b"));
  EXPECT_TRUE(run_has(nn, "w:i"));
  for (const auto& r : plan.recipients) EXPECT_TRUE(d.find("- " + r + ";")) << r;
  EXPECT_TRUE(d.find("- Lưu: VT, …."));
  // The signature block never splits across pages.
  EXPECT_TRUE(nn.parent().parent().child("w:trPr").child("w:cantSplit"));
  // Everything written is NFC.
  EXPECT_TRUE(text::is_nfc(all));
}

TEST(DocxReport, IndicatorSentencesAndUnitResults) {
  const Written& w = sample();
  Docx d(w.file);
  ASSERT_TRUE(d.ok);
  const Plan& plan = *tt::seed_plan();
  const std::string all = d.all();
  int sentences = 0;
  for (const IndicatorTotal& it : w.run.status.indicator_totals) {
    const Requirement* req = plan.find_task(it.task)->find_requirement(it.requirement);
    const std::string label = req->label.empty() ? req->id : req->label;
    const size_t at = all.find("- " + label + ": ");
    ASSERT_NE(at, std::string::npos) << label;
    const std::string line = all.substr(at, all.find('\n', at) - at);
    if (req->target && it.value) {
      EXPECT_NE(line.find(it.met.value_or(true) ? ", đạt chỉ tiêu " : ", chưa đạt chỉ tiêu "),
                std::string::npos)
          << line;
    }
    // The sentence says how the figure was consolidated (the requirement's aggregate).
    if (it.aggregate == Aggregate::Lead && it.value) {
      EXPECT_NE(line.find("số liệu của đơn vị chủ trì " + plan.display_name(it.lead)),
                std::string::npos)
          << line;
    }
    if (it.aggregate == Aggregate::Lead && !it.value) {
      EXPECT_NE(line.find("chưa có số liệu chung"), std::string::npos) << line;
    }
    if (it.aggregate == Aggregate::Sum) {
      EXPECT_NE(line.find("tổng số của "), std::string::npos) << line;
    }
    if (it.aggregate == Aggregate::Mean) {
      EXPECT_NE(line.find("bình quân của "), std::string::npos) << line;
    }
    if (it.aggregate == Aggregate::None) {
      EXPECT_NE(line.find("không tổng hợp chung"), std::string::npos) << line;
    }
    // Vietnamese number form: no decimal point, a decimal comma.
    EXPECT_EQ(line.find_first_of("0123456789") != std::string::npos, true);
    ++sentences;
  }
  EXPECT_GT(sentences, 0);
  // Narratives quoted in full and attributed: every accepted narrative of a counted report
  // is there, after its unit's name.
  int narratives = 0;
  for (const UnitStatus& u : w.run.status.units) {
    const Submission* sub = u.submission ? &w.run.submissions[*u.submission] : nullptr;
    if (!sub) continue;
    for (const JudgedValue& v : sub->values) {
      if (v.kind != RequirementKind::Narrative || !accepted(v.state)) continue;
      const std::string written = sub->text(v);
      const std::string first = text::squeeze_space(written.substr(0, written.find('\n')));
      const size_t unit_at = all.find("- " + plan.display_name(u.unit) + " (");
      ASSERT_NE(unit_at, std::string::npos) << u.unit;
      EXPECT_NE(all.find("“" + first, unit_at), std::string::npos)
          << u.unit << " " << v.requirement();
      ++narratives;
    }
  }
  EXPECT_GT(narratives, 0);
  // A value the core rejected is not shown; the unit's entry says what is wrong with it.
  int rejected = 0;
  for (const UnitStatus& u : w.run.status.units) {
    const Submission* sub = u.submission ? &w.run.submissions[*u.submission] : nullptr;
    if (!sub) continue;
    for (const JudgedValue& v : sub->values) {
      if (accepted(v.state) || !v.required) continue;
      const Requirement* req = v.plan_requirement;
      const std::string line = "+ " + req->label + ": " +
                               (v.state == ValueState::Absent
                                    ? std::string("chưa báo cáo.")
                                    : "không sử dụng được (" + std::string(to_vi(v.state)) + ").");
      const size_t unit_at = all.find("- " + plan.display_name(u.unit) + " (");
      EXPECT_NE(all.find(line, unit_at), std::string::npos) << u.unit << ": " << line;
      const std::string written = sub->text(v);
      if (v.kind == RequirementKind::Narrative && text::length(written) > 30) {
        EXPECT_EQ(all.find(written), std::string::npos) << written;
      }
      ++rejected;
    }
  }
  EXPECT_GT(rejected, 0);
}

// A unit name with XML's special characters, a 40,000-character narrative with characters
// XML cannot carry, and a plan section with nothing in it.
TEST(DocxReport, HostileTextGivesAValidDocument) {
  std::string plan_xml = tt::small_plan();
  const std::string from =
      R"(name="Ủy ban nhân dân phường Thạnh Lộc" short-name="UBND phường Thạnh Lộc")";
  plan_xml.replace(
      plan_xml.find(from), from.size(),
      R"(name="Phường &lt;&amp;&gt;&quot; Thạnh Lộc" short-name="P. &lt;&amp;&gt;&quot;")");
  const std::string office = R"(name="Phòng Lao động - Thương binh và Xã hội")";
  plan_xml.replace(plan_xml.find(office), office.size(),
                   R"(name="Phòng &lt;Lao động&gt; &amp; &quot;Xã hội&quot;")");
  auto plan = tt::plan_from(plan_xml);
  tt::TempDir in;
  std::string big, escaped;
  while (text::length(big) < 40000) {
    big += "Tổ chức tuyên truyền cho trẻ em & phụ huynh <an toàn>. ";
    escaped += "Tổ chức tuyên truyền cho trẻ em &amp; phụ huynh &lt;an toàn&gt;. ";
  }
  in.write("b.xml", tt::small_report("b", "2025-11-03",
                                     R"(<task ref="T1"><value ref="ket-qua">)" + escaped +
                                         "&#xFFFE;</value></task>"));
  auto w = write_report(*plan, {in.path()});
  Docx d(w->file);
  ASSERT_TRUE(d.ok);
  const std::string all = d.all();
  EXPECT_NE(all.find("P. <&>\""), std::string::npos);
  EXPECT_NE(all.find(text::squeeze_space(big)), std::string::npos);
  EXPECT_EQ(all.find("\xEF\xBF\xBE"), std::string::npos);  // U+FFFE never reaches the XML
  EXPECT_TRUE(text::is_clean_text(d.parts["word/document.xml"]));
  // The letters too: the unit's name with XML's special characters, whole.
  auto letters = tt::real_plugins().writer_for("docx", WriterTarget::Folder);
  ASSERT_TRUE(letters);
  WriteContext ctx{*plan, w->run.status, w->run.submissions, w->run.findings, false, "test"};
  const fs::path folder = w->dir.path() / "thu";
  fs::create_directories(folder);
  letters->write(ctx, folder);
  Docx letter(folder / "a.docx");  // a, the lead, sent nothing
  ASSERT_TRUE(letter.ok);
  EXPECT_TRUE(letter.find("Kính gửi: Phòng <Lao động> & \"Xã hội\"")) << letter.all();
  EXPECT_TRUE(letter.find("PHÒNG <LAO ĐỘNG> & \"XÃ HỘI\"")) << letter.all();  // the issuer
}

// Text that reaches the writer without the readers' gate (a plan built by hand, a plugin's
// model): controls, U+FFFE and a surrogate encoded in UTF-8 never reach the XML.
TEST(DocxReport, CharactersXmlCannotCarryAreReplaced) {
  Plan plan = *tt::seed_plan();
  plan.recipients.push_back("Nơi \x01nhận <&> \xEF\xBF\xBE\xED\xA0\x80 cuối");
  plan.document.issuer += "\x1F";
  tt::TempDir in;
  auto w = write_report(plan, {in.path()});
  Docx d(w->file);
  ASSERT_TRUE(d.ok);
  for (const auto& [name, content] : d.parts) EXPECT_TRUE(text::is_clean_text(content)) << name;
  const std::string all = d.all();
  const size_t at = all.find("- Nơi \xEF\xBF\xBDnhận <&> \xEF\xBF\xBD");
  ASSERT_NE(at, std::string::npos) << all;
  const std::string end = " cuối;";
  EXPECT_EQ(all.compare(all.find('\n', at) - end.size(), end.size(), end), 0);
  EXPECT_NE(all.find("ỦY BAN NHÂN DÂN QUẬN 12\xEF\xBF\xBD"), std::string::npos);
}

TEST(DocxReport, PlanWithoutTasksOrRecipients) {
  auto plan = tt::plan_from(R"(<plan xmlns="urn:tuanthu:plan:1" id="empty"><units>
    <unit id="a" name="Đơn vị A"/></units>
    <reporting><cycle frequency="annual" first="2024" last="2030" due="11-05"/></reporting>
    <tasks><task id="T" from="2020" to="2021"><title>Cũ</title><lead ref="a"/>
    <requirement id="kq" kind="narrative">Kết quả</requirement></task></tasks></plan>)");
  tt::TempDir in;
  auto w = write_report(*plan, {in.path()});
  Docx d(w->file);
  ASSERT_TRUE(d.ok);
  EXPECT_TRUE(d.find("Kế hoạch không có nhiệm vụ nào trong kỳ báo cáo này."));
  EXPECT_TRUE(d.find("- Lưu: VT, …."));
  EXPECT_TRUE(d.find("Số: …/BC-…"));
}

TEST(DocxReport, TenThousandUnitsAreListedCompactly) {
  auto plan = tt::plan_from(tt::big_plan(10000));
  tt::TempDir in;
  for (int i = 0; i < 40; ++i) in.write("r" + std::to_string(i) + ".xml", tt::big_report(i));
  auto w = write_report(*plan, {in.path()});
  Docx d(w->file);
  ASSERT_TRUE(d.ok);
  const std::string all = d.all();
  EXPECT_NE(all.find("Do có 10.000 đơn vị phải báo cáo, mục này trình bày gọn"), std::string::npos);
  EXPECT_NE(all.find("- Tình hình báo cáo: 10.000 đơn vị được giao, 40 đơn vị đã báo cáo"),
            std::string::npos);
  EXPECT_NE(all.find("và 9.760 đơn vị khác"), std::string::npos);
  EXPECT_NE(all.find("- Số: 780 (tổng số của 40 đơn vị báo cáo)."), std::string::npos);
  EXPECT_LT(fs::file_size(w->file), 2u << 20);
}

// ---- docx-letters: one công văn đôn đốc per unit with findings --------------------------

std::vector<std::string> files_in(const fs::path& dir, const std::string& ext) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ext) out.push_back(e.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(DocxLetters, OneLetterPerUnitInTheFormOfDecree30WithTheTextLettersWords) {
  tt::TempDir dir;
  const std::vector<std::string> base = {
      "check", "--plan", tt::kSeedPlan.string(), "--period", "2025", "--as-of", "2025-11-20"};
  const std::string samples = (tt::kSource / "samples" / "2025").string();
  auto args = base;
  args.insert(args.end(), {"--out", (dir.path() / "thu/").string(), samples});  // docx: default
  auto r = tt::cli(args);
  ASSERT_EQ(r.exit_code, 1) << r.out;
  args = base;
  args.insert(args.end(), {"--out", (dir.path() / "txt/").string(), "--letters", "txt", samples});
  ASSERT_EQ(tt::cli(args).exit_code, 1);
  // The same units as the plain-text letters.
  const auto units = files_in(dir.path() / "thu", ".docx");
  EXPECT_EQ(units, files_in(dir.path() / "txt", ".txt"));
  ASSERT_FALSE(units.empty());
  for (const auto& u : units) {
    Docx d(dir.path() / "thu" / (u + ".docx"));
    ASSERT_TRUE(d.ok) << u;
    // Every line of the text letter is a paragraph of the document (the same words).
    std::ifstream in(dir.path() / "txt" / (u + ".txt"));
    const std::string all = d.all();
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      if (line.back() == '.' && all.find(line) == std::string::npos)
        line.pop_back();  // the last sentence ends "./." in the document
      EXPECT_NE(all.find(line), std::string::npos) << u << ": " << line;
    }
    EXPECT_TRUE(d.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")) << u;
    EXPECT_TRUE(
        d.find("V/v đôn đốc, bổ sung báo cáo kết quả thực hiện Kế hoạch số "
               "…/KH-UBND-LĐTBXH năm 2025"))
        << u;
    EXPECT_TRUE(d.find("Số: …/…")) << u;
    EXPECT_TRUE(d.find("- Như trên;")) << u;
    EXPECT_TRUE(d.find("- Lưu: VT, …."));
  }
  Docx bhxh(dir.path() / "thu" / "bhxh.docx");
  EXPECT_TRUE(bhxh.find("Kính gửi: Bảo hiểm xã hội quận 12"));
  EXPECT_NE(bhxh.all().find("chậm nhất ngày 27/11/2025"), std::string::npos);
}

TEST(DocxLetters, WordingFromTheDataFileAndLibreOfficeOpensThem) {
  tt::TempDir dir;
  std::ifstream w(tt::kSource / "rules" / "letters.xml");
  std::string wording((std::istreambuf_iterator<char>(w)), {});
  const std::string closing = "Đề nghị đơn vị gửi báo cáo bổ sung về {office} để tổng hợp.";
  wording.replace(wording.find(closing), closing.size(), "Kính đề nghị quý đơn vị phối hợp.");
  dir.write("loi-van.xml", wording);
  std::ifstream p(tt::kSeedPlan);
  std::string plan((std::istreambuf_iterator<char>(p)), {});
  plan.replace(plan.find("</plan>"), 7, R"(<writers><writer plugin="docx-letters">
    <param name="wording" value="loi-van.xml"/></writer></writers></plan>)");
  const fs::path plan_file = dir.write("plan.xml", plan);
  auto r = tt::cli({"check", "--plan", plan_file.string(), "--period", "2025", "--as-of",
                    "2025-11-20", "--out", (dir.path() / "thu/").string(),
                    (tt::kSource / "samples" / "2025").string()});
  ASSERT_EQ(r.exit_code, 1) << r.out;
  Docx d(dir.path() / "thu" / "bhxh.docx");
  ASSERT_TRUE(d.ok);
  EXPECT_TRUE(d.find("Kính đề nghị quý đơn vị phối hợp./."));
  if (std::system("command -v soffice >/dev/null 2>&1") != 0)
    GTEST_SKIP()
        << "soffice (LibreOffice) is not installed: apt-get install libreoffice-writer-nogui";
  const std::string cmd =
      "cd '" + dir.path().string() + "' && HOME='" + dir.path().string() +
      "' timeout 180 soffice --headless --norestore --convert-to pdf --outdir '" +
      dir.path().string() + "' '" + (dir.path() / "thu" / "bhxh.docx").string() +
      "' >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_GE(pdf_pages(dir.path() / "bhxh.pdf"), 1);
  EXPECT_LE(pdf_pages(dir.path() / "bhxh.pdf"), 3);
}

// ---- options: the plan's <writer plugin="docx-report"> params and --docx-reference ------

std::string seed_plan_with_writer_params() {
  std::ifstream in(tt::kSeedPlan);
  std::string plan((std::istreambuf_iterator<char>(in)), {});
  plan.replace(plan.find("</plan>"), 7, R"(<writers><writer plugin="docx-report">
    <param name="number" value="245/BC-LĐTBXH"/>
    <param name="signer" value="Nguyễn Văn A"/>
    <param name="signer-title" value="Phó Trưởng phòng"/>
    <param name="signer-authority" value="KT. Trưởng phòng"/>
    <param name="archive" value="LĐTBXH"/>
    <param name="place" value="Thành phố Hồ Chí Minh"/>
  </writer></writers></plan>)");
  return plan;
}

TEST(DocxReport, PlanParamsFillTheNumberPlaceAndSignature) {
  tt::TempDir dir;
  const fs::path plan = dir.write("plan.xml", seed_plan_with_writer_params());
  const fs::path out = dir.path() / "bc.docx";
  auto r = tt::cli({"check", "--plan", plan.string(), "--period", "2025", "--as-of", "2025-11-20",
                    "--out", out.string(), (tt::kSource / "samples" / "2025").string()});
  ASSERT_EQ(r.exit_code, 1) << r.out;
  Docx d(out);
  ASSERT_TRUE(d.ok);
  EXPECT_TRUE(d.find("Số: 245/BC-LĐTBXH"));
  EXPECT_TRUE(d.find("Thành phố Hồ Chí Minh, ngày … tháng … năm 2025"));
  EXPECT_TRUE(d.find("KT. TRƯỞNG PHÒNG"));
  EXPECT_TRUE(d.find("PHÓ TRƯỞNG PHÒNG"));
  EXPECT_TRUE(d.find("Nguyễn Văn A"));
  EXPECT_TRUE(d.find("- Lưu: VT, LĐTBXH."));
}

std::string zip_with(const std::map<std::string, std::string>& parts) {
  tt::TempDir dir;
  const fs::path f = dir.path() / "x.zip";
  int err = 0;
  zip_t* z = zip_open(f.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  for (const auto& [name, content] : parts)
    zip_file_add(z, name.c_str(), zip_source_buffer(z, content.data(), content.size(), 0), 0);
  zip_close(z);
  std::ifstream in(f, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(DocxReport, DocxReferenceGivesTheStylesAndABadOneIsNamed) {
  tt::TempDir dir;
  const std::string own =
      R"(<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/></w:rPr></w:style></w:styles>)";
  const fs::path ref = dir.write("mau.docx", zip_with({{"word/styles.xml", own}}));
  const fs::path out = dir.path() / "bc.docx";
  const std::vector<std::string> base = {"check",      "--plan", tt::kSeedPlan.string(),
                                         "--period",   "2025",   "--as-of",
                                         "2025-11-20", "--out",  out.string()};
  auto args = base;
  args.insert(args.end(),
              {"--docx-reference", ref.string(), "--out", (dir.path() / "thu/").string(),
               (tt::kSource / "samples" / "2025").string()});
  auto r = tt::cli(args);
  ASSERT_EQ(r.exit_code, 1) << r.out;
  Docx d(out);
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(same_xml(d.parts["word/styles.xml"]), same_xml(own));
  EXPECT_EQ(same_xml(Docx(dir.path() / "thu" / "bhxh.docx").parts["word/styles.xml"]),
            same_xml(own));  // letters too
  // The same from the plan's param, relative to the plan file.
  {
    std::ifstream in(tt::kSeedPlan);
    std::string plan((std::istreambuf_iterator<char>(in)), {});
    plan.replace(plan.find("</plan>"), 7, R"(<writers><writer plugin="docx-report">
      <param name="reference" value="mau.docx"/></writer></writers></plan>)");
    const fs::path plan_file = dir.write("plan.xml", plan);
    const fs::path out2 = dir.path() / "bc2.docx";
    auto r2 =
        tt::cli({"check", "--plan", plan_file.string(), "--period", "2025", "--as-of", "2025-11-20",
                 "--out", out2.string(), (tt::kSource / "samples" / "2025").string()});
    ASSERT_EQ(r2.exit_code, 1) << r2.out;
    EXPECT_EQ(same_xml(Docx(out2).parts["word/styles.xml"]), same_xml(own));
  }
  // A file that is no .docx: the output is not written, the message names the file.
  fs::remove(out);
  const fs::path bad = dir.write("hong.docx", "PK not really");
  args = base;
  args.insert(args.end(),
              {"--docx-reference", bad.string(), (tt::kSource / "samples" / "2025").string()});
  r = tt::cli(args);
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find("hong.docx"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("không phải tệp nén zip"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(out));
}

// ---- the reference document -------------------------------------------------------------

TEST(DocxLibrary, ReferenceStylesComeFromTheReferenceDocument) {
  // The compiled-in default is the build's reference.docx, packed from rules/docx-reference.
  const docx::Reference builtin = docx::Reference::builtin();
  std::ifstream in(tt::kSource / "rules" / "docx-reference" / "word" / "styles.xml");
  EXPECT_EQ(same_xml(builtin.styles()),
            same_xml(std::string(std::istreambuf_iterator<char>(in), {})));
  EXPECT_TRUE(builtin.part("word/fontTable.xml"));
  const docx::Reference file =
      docx::Reference::load(tt::kBinary / "plugins" / "common" / "docx" / "reference.docx");
  EXPECT_EQ(file.styles(), builtin.styles());

  // An office's own reference: its styles go into the document as they are.
  const std::string own =
      R"(<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial"/></w:rPr></w:rPrDefault></w:docDefaults></w:styles>)";
  const docx::Reference office =
      docx::Reference::from_bytes(zip_with({{"word/styles.xml", own}}), "own.docx");
  docx::Document doc;
  doc.paragraph().run("Một <đoạn> & \"văn\" bản\x01\tcó\nký tự lạ");
  tt::TempDir dir;
  doc.save(dir.path() / "o.docx", office, {});
  Docx d(dir.path() / "o.docx");
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(same_xml(d.parts["word/styles.xml"]), same_xml(own));
  EXPECT_FALSE(d.parts.count("word/fontTable.xml"));
  EXPECT_NE(d.parts["[Content_Types].xml"].find("/word/header1.xml"), std::string::npos);
  EXPECT_EQ(d.all(), "Một <đoạn> & \"văn\" bản\xEF\xBF\xBD có ký tự lạ\n");

  // What cannot be a reference is refused with a message naming it.
  auto refused = [](const std::string& bytes) {
    try {
      docx::Reference::from_bytes(bytes, "mau.docx");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(refused("not a zip").find("mau.docx"), std::string::npos);
  EXPECT_NE(refused(zip_with({{"word/document.xml", "<x/>"}})).find("word/styles.xml"),
            std::string::npos);
  EXPECT_NE(refused(zip_with({{"word/styles.xml", "<w:styles"}})).find("XML"), std::string::npos);
  EXPECT_THROW(docx::Reference::load("/nonexistent/mau.docx"), Error);
}

// ---- LibreOffice ------------------------------------------------------------------------

TEST(DocxReport, LibreOfficeConvertsItToAPlausiblePdf) {
  if (std::system("command -v soffice >/dev/null 2>&1") != 0)
    GTEST_SKIP()
        << "soffice (LibreOffice) is not installed: apt-get install libreoffice-writer-nogui";
  const Written& w = sample();
  tt::TempDir dir;
  const std::string cmd =
      "cd '" + dir.path().string() + "' && HOME='" + dir.path().string() +
      "' timeout 180 soffice --headless --norestore --convert-to pdf --outdir '" +
      dir.path().string() + "' '" + w.file.string() + "' >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const fs::path pdf = dir.path() / "bao-cao.pdf";
  ASSERT_TRUE(fs::exists(pdf));
  const int pages = pdf_pages(pdf);
  EXPECT_GE(pages, 2);
  EXPECT_LE(pages, 60);
}

}  // namespace

// Section II says how each figure became the district's (the requirement's aggregate), says
// so when there is none, and never adds a rejected figure.
TEST(DocxReport, SentencesFollowTheAggregateAndLeaveRejectedFiguresOut) {
  tt::TempDir dir;
  auto plan = tt::plan_from(R"(<?xml version="1.0" encoding="UTF-8"?>
<plan xmlns="urn:tuanthu:plan:1" id="agg" version="1">
  <units>
    <unit id="a" name="Phòng Lao động - Thương binh và Xã hội"/>
    <unit id="b" name="Ủy ban nhân dân phường Thạnh Lộc"/>
    <unit id="c" name="Ủy ban nhân dân phường Tân Thới Nhất"/>
  </units>
  <reporting><cycle frequency="annual" first="2024" last="2030" due="11-05" to="a"/></reporting>
  <tasks>
    <task id="T1" from="2024" to="2030">
      <title>Nhiệm vụ một</title>
      <lead ref="a"/><lead ref="b"/><support ref="c"/>
      <requirement id="so" kind="number" measure="buổi">Số buổi</requirement>
      <requirement id="so-lead" kind="number" aggregate="lead">Số của quận</requirement>
      <requirement id="so-none" kind="number" aggregate="none">Số không cộng</requirement>
    </task>
  </tasks>
</plan>
)");
  auto report = [&](const std::string& unit, const std::string& so) {
    return dir.write(unit + ".xml", R"(<?xml version="1.0" encoding="UTF-8"?>
<report xmlns="urn:tuanthu:report:1" plan="agg" period="2025" unit=")" +
                                        unit + R"(">
  <document kind="BC" number="1/BC-X" date="2025-11-01"><issuer>Đơn vị</issuer></document>
  <task ref="T1"><value ref="so">)" + so +
                                        R"(</value><value ref="so-lead">7</value>
    <value ref="so-none">5</value></task>
</report>
)");
  };
  // a, the principal lead, does not report: the district has no "lead" figure. b's −50 is
  // rejected: the sum is c's 12 alone.
  auto w = write_report(*plan, {report("b", "-50"), report("c", "12")});
  Docx d(w->file);
  ASSERT_TRUE(d.ok);
  const std::string all = d.all();
  auto line = [&](const std::string& label) {
    const size_t at = all.find("- " + label + ": ");
    EXPECT_NE(at, std::string::npos) << label << "\n" << all;
    return at == std::string::npos ? std::string() : all.substr(at, all.find('\n', at) - at);
  };
  EXPECT_NE(line("Số buổi").find(": 12 buổi (tổng số của 1 đơn vị báo cáo)"), std::string::npos)
      << line("Số buổi");
  EXPECT_NE(line("Số của quận").find("chưa có số liệu chung: đơn vị chủ trì"), std::string::npos)
      << line("Số của quận");
  EXPECT_NE(line("Số không cộng").find("không tổng hợp chung"), std::string::npos)
      << line("Số không cộng");
  EXPECT_EQ(all.find("-50"), std::string::npos);
}

// An office's reference document is parsed and written again, never copied: a DTD (the way
// in for external entities and "billion laughs") or a character XML cannot carry is refused
// naming the file, and nothing is written (each of these made every output unreadable).
TEST(DocxReport, AReferenceWithADtdOrBadCharactersIsRefused) {
  tt::TempDir dir;
  const std::string ns =
      R"( xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main")";
  const std::map<std::string, std::string> bad = {
      {"xxe.docx",
       R"(<?xml version="1.0"?><!DOCTYPE w:styles [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:styles)" +
           ns + R"(><w:style w:styleId="a"><w:name w:val="&x;"/></w:style></w:styles>)"},
      {"fffe.docx", "<w:styles" + ns + R"(><w:style w:styleId="&#xFFFE;"/></w:styles>)"},
      {"ctrl.docx", "<w:styles" + ns + "><w:style w:styleId=\"a\x01\"/></w:styles>"}};
  for (const auto& [name, styles] : bad) {
    const fs::path ref = dir.write(name, zip_with({{"word/styles.xml", styles}}));
    const fs::path out = dir.path() / "bc.docx";
    auto r = tt::cli({"check", "--plan", tt::kSeedPlan.string(), "--period", "2025", "--as-of",
                      "2025-11-20", "--docx-reference", ref.string(), "--out", out.string(),
                      (tt::kSource / "samples" / "2025").string()});
    EXPECT_EQ(r.exit_code, 3) << name << "\n" << r.out;
    EXPECT_NE(r.out.find(name), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(out)) << name;
  }
}

// Direction overrides and invisible characters never reach a document a person signs; a
// writer param is a line of the letterhead, not a page.
TEST(DocxReport, InvisibleControlsAreDroppedAndLongParamsRefused) {
  EXPECT_EQ(docx::clean("PH\u202EÓ TRƯỞNG\u200B PHÒNG\u2066x\u2069\uFEFF"), "PHÓ TRƯỞNG PHÒNGx");
  EXPECT_EQ(docx::clean("👨\u200D👩"), "👨\u200D👩");  // joiners stay
  // NFC after the invisible characters are gone: what is left composes.
  EXPECT_EQ(docx::clean("e\u200B\u0301"), "\u00E9");
  EXPECT_EQ(docx::run_text("Nguye\u0302\u0303\uFEFFn"), "Nguyễn");
  // run_text's one pass gives what clean() and folding tabs and breaks give, whatever the
  // text: pieces of every kind put together at random.
  const std::vector<std::string> pieces = {"a",        " ",
                                           "Lộc",      "ễ",
                                           "\t",       "\n",
                                           "\r",       "“",
                                           "”",        "…",
                                           "\u00A0",   "\u0080",
                                           "\u009F",   "\u200B",
                                           "\u200C",   "\u200D",
                                           "\u202E",   "\u2066",
                                           "\uFEFF",   "\u2000",
                                           "\u0301",   "e\u0301",
                                           "\xff",     "\xC3",
                                           "\xE1\xBB", std::string(1, '\0'),
                                           "\x01",     "\x7F",
                                           "\uFFFE",   "\U0001F468",
                                           "\u00C5",   "\u212B",
                                           "\u1E9B",   "\u1EF9",
                                           "\u02FF",   "\u0300"};
  std::mt19937 rng(7);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1), len(0, 12);
  for (int k = 0; k < 50000; ++k) {
    std::string s;
    for (size_t m = len(rng); m > 0; --m) s += pieces[pick(rng)];
    std::string want = docx::clean(s);
    std::replace_if(
        want.begin(), want.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
    ASSERT_EQ(docx::run_text(s), want) << s;
  }
  tt::TempDir dir;
  std::string plan = seed_plan_with_writer_params();
  const std::string signer = "Nguyễn Văn A";
  plan.replace(plan.find(signer), signer.size(), std::string(400, 'A'));
  const fs::path out = dir.path() / "bc.docx";
  auto r = tt::cli({"check", "--plan", dir.write("plan.xml", plan).string(), "--period", "2025",
                    "--as-of", "2025-11-20", "--out", out.string(),
                    (tt::kSource / "samples" / "2025").string()});
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find("\"signer\""), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(out));
}
