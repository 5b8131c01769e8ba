// Issue 11, item 1: writers are pluggable. `check --out PATH` picks a file writer by the
// extension or a folder writer for DIR/ (--letters FORMAT); the old flags are aliases of
// the new; the letters are a writer plugin whose wording is data (rules/letters.xml, or
// an office's own file named in the plan).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "letters.hpp"
#include "support.hpp"
#include "tuanthu/parallel.hpp"

using namespace tuanthu;
namespace fs = std::filesystem;

namespace {

const std::string kPlan = tt::kSeedPlan.string();
const fs::path kSamples = tt::kSource / "samples" / "2025";

using tt::read_file;

// These tests are about the plain-text letters: a folder output without --letters gets
// "--letters txt" (the default is .docx when docx-letters is loaded; tests/test_docx.cpp).
std::vector<std::string> check(std::vector<std::string> extra, const std::string& plan = kPlan) {
  std::vector<std::string> args = {"check", "--plan",  plan,        "--period",
                                   "2025",  "--as-of", "2025-11-20"};
  args.insert(args.end(), extra.begin(), extra.end());
  const bool folder = std::any_of(extra.begin(), extra.end(), [](const std::string& a) {
    return !a.empty() && a.back() == '/';
  });
  if (folder && std::find(extra.begin(), extra.end(), "--letters") == extra.end())
    args.insert(args.end(), {"--letters", "txt"});
  args.push_back(kSamples.string());
  return args;
}

// The seed plan with `writers` (a <writers> element) added, written into `dir`.
fs::path plan_with(const tt::TempDir& dir, const std::string& writers) {
  std::string plan = read_file(tt::kSeedPlan);
  const size_t end = plan.rfind("</plan>");
  plan.insert(end, writers + "\n");
  return dir.write("plan.xml", plan);
}

std::string replace_once(std::string s, const std::string& from, const std::string& to) {
  const size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

const std::string kWording = read_file(tt::kSource / "rules" / "letters.xml");

// The parse error of a wording text, or "" when it parses.
std::string wording_error(const std::string& xml) {
  try {
    letters::Wording::parse(xml, "w.xml");
  } catch (const Error& e) {
    return e.message().vi + "\n" + e.message().en;
  }
  return "";
}

}  // namespace

TEST(LettersWording, TheShippedWordingHasEveryTextInBothLanguages) {
  const auto& w = letters::Wording::builtin();
  for (auto key : letters::kKeys) {
    EXPECT_FALSE(w.text(key, false).empty()) << key;
    EXPECT_FALSE(w.text(key, true).empty()) << key;
  }
  EXPECT_EQ(w.finding("no-such-rule", false), "- {message}");
  EXPECT_EQ(wording_error(kWording), "");
}

TEST(LettersWording, OptionalPartsVanishWhenTheirDataIsEmpty) {
  const std::string t = "Kế hoạch[ số {plan-number}][ ngày {plan-date}]: [(số {n}[ ngày {d}])]";
  EXPECT_EQ(letters::fill(t, {{"plan-number", "12/KH"}, {"n", "4"}}), "Kế hoạch số 12/KH: (số 4)");
  EXPECT_EQ(letters::fill(t, {{"plan-date", "01/02/2025"}, {"n", "4"}, {"d", "x"}}),
            "Kế hoạch ngày 01/02/2025: (số 4 ngày x)");
  EXPECT_EQ(letters::fill(t, {{"d", "x"}}), "Kế hoạch: ");
  // A value is inserted as it is, never read again as wording.
  EXPECT_EQ(letters::fill("{a}", {{"a", "[{b}]"}, {"b", "no"}}), "[{b}]");
}

TEST(LettersWording, ABadWordingNamesTheFileTheLineAndWhatIsWrong) {
  // Not XML.
  EXPECT_NE(wording_error("<letters>\n<wording lang=\"vi\">\n</letters>").find("w.xml:3"),
            std::string::npos);
  // A text missing: the language's element is named, with the key.
  const std::string no_closing =
      std::regex_replace(kWording, std::regex("\n *<text key=\"closing\">[^\n]*"), "");
  const std::string e = wording_error(no_closing);
  EXPECT_NE(e.find("w.xml:17: ngôn ngữ vi thiếu đoạn văn: closing"), std::string::npos) << e;
  EXPECT_NE(e.find("language vi lacks the text(s): closing"), std::string::npos) << e;
  // An unknown placeholder, an unknown key, brackets that do not close, a language twice.
  const std::string typo = replace_once(kWording, "Kính gửi: {unit}", "Kính gửi: {unti}");
  EXPECT_NE(wording_error(typo).find("w.xml:18: không có chỗ điền {unti}"), std::string::npos)
      << wording_error(typo);
  EXPECT_NE(wording_error(replace_once(kWording, "key=\"closing\"", "key=\"closng\""))
                .find("there is no text key=\"closng\""),
            std::string::npos);
  EXPECT_NE(wording_error(replace_once(kWording, "[ số {plan-number}]", "[ số {plan-number}"))
                .find("a [ without its ]"),
            std::string::npos);
  EXPECT_NE(wording_error(replace_once(kWording, "Kính gửi", "K\xEDnh gửi")).find("w.xml:18: "),
            std::string::npos);  // Latin-1, not UTF-8
  EXPECT_NE(wording_error(replace_once(kWording, "lang=\"en\"", "lang=\"vi\"")).find("twice"),
            std::string::npos);
  EXPECT_NE(wording_error(replace_once(kWording, "<finding rule=\"*\">- {message}</finding>", ""))
                .find("<finding rule=\"*\">"),
            std::string::npos);
}

TEST(LettersWriter, TheWordingComesFromTheDataFile) {
  tt::TempDir dir;
  const std::string closing = "Đề nghị đơn vị gửi báo cáo bổ sung về {office} để tổng hợp.";
  // One text changed, and one kind of finding worded its own way.
  dir.write("thu-cua-phong.xml",
            replace_once(
                replace_once(kWording, closing, "Kính đề nghị quý đơn vị phối hợp với {office}."),
                "<finding rule=\"*\">- {message}</finding>",
                "<finding rule=\"*\">- {message}</finding>\n<finding "
                "rule=\"requirement-target-missed\">- Chỉ tiêu {requirement} chưa "
                "đạt: {message}</finding>"));
  const auto plan = plan_with(dir, R"(<writers><writer plugin="letters">
      <param name="wording" value="thu-cua-phong.xml"/></writer></writers>)");
  auto r = tt::cli(check({"--out", (dir.path() / "thu/").string()}, plan.string()));
  ASSERT_EQ(r.exit_code, 1) << r.out;
  const std::string letter = read_file(dir.path() / "thu" / "bhxh.txt");
  EXPECT_NE(letter.find("Kính đề nghị quý đơn vị phối hợp với Phòng Lao động - Thương binh và Xã "
                        "hội."),
            std::string::npos)
      << letter;
  EXPECT_EQ(letter.find("để tổng hợp."), std::string::npos) << letter;
  EXPECT_NE(letter.find("\n- Chỉ tiêu ty-le-bhyt chưa đạt: \"Tỷ lệ trẻ em dưới 16 tuổi"),
            std::string::npos)
      << letter;
  // Without the param: the shipped wording.
  auto d = tt::cli(check({"--out", (dir.path() / "mac-dinh/").string()}));
  ASSERT_EQ(d.exit_code, 1) << d.out;
  EXPECT_NE(read_file(dir.path() / "mac-dinh" / "bhxh.txt").find("để tổng hợp."),
            std::string::npos);
}

TEST(LettersWriter, EachLetterStatesTheSupplementDeadline) {
  tt::TempDir dir;
  ASSERT_EQ(tt::cli(check({"--out", (dir.path() / "a/").string()})).exit_code, 1);
  EXPECT_NE(read_file(dir.path() / "a" / "bhxh.txt")
                .find("Thời hạn gửi báo cáo bổ sung: chậm nhất ngày 27/11/2025 (7 ngày kể từ "
                      "ngày 20/11/2025)."),
            std::string::npos)
      << read_file(dir.path() / "a" / "bhxh.txt");
  EXPECT_NE(read_file(dir.path() / "a" / "ldld.txt").find("Thời hạn gửi báo cáo: chậm nhất ngày "),
            std::string::npos);  // a unit that sent nothing
  const auto plan = plan_with(dir, R"(<writers><writer plugin="letters">
      <param name="supplement-days" value="10"/><param name="language" value="en"/>
      </writer></writers>)");
  ASSERT_EQ(tt::cli(check({"--out", (dir.path() / "b/").string()}, plan.string())).exit_code, 1);
  const std::string en = read_file(dir.path() / "b" / "bhxh.txt");
  EXPECT_NE(en.find("Deadline for the supplement: 2025-11-30 (10 days from 2025-11-20)."),
            std::string::npos)
      << en;
  EXPECT_EQ(en.rfind("To: ", 0), 0u) << en;
  // An option the writer cannot use is named; the letters are not written.
  tt::TempDir bad;
  const auto wrong = plan_with(bad, R"(<writers><writer plugin="letters">
      <param name="supplement-days" value="400"/></writer></writers>)");
  auto r = tt::cli(check({"--out", (bad.path() / "c/").string()}, wrong.string()));
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find("supplement-days=\"400\": cần số ngày từ 0 đến 365"), std::string::npos)
      << r.out;
  EXPECT_FALSE(fs::exists(bad.path() / "c"));
}

// The letters speak their own language (Vietnamese unless told), whatever --lang the
// command speaks: every finding they quote has its text, in the letter's language.
TEST(LettersWriter, LettersQuoteFindingsInTheirOwnLanguageWhateverLang) {
  tt::TempDir dir;
  for (const char* lang : {"vi", "en"}) {
    const fs::path out = dir.path() / lang;
    auto args = check({"--lang", lang, "--out", (out / "").string()});
    ASSERT_EQ(tt::cli(args).exit_code, 1) << lang;
    const std::string letter = read_file(out / "bhxh.txt");
    EXPECT_NE(letter.find("Kính gửi"), std::string::npos) << lang << letter;
    std::istringstream lines(letter);
    int items = 0;
    for (std::string line; std::getline(lines, line);) {
      if (!line.starts_with("- ")) continue;
      ++items;
      EXPECT_GT(line.size(), 4u) << lang << ": an empty item in\n" << letter;
    }
    EXPECT_GT(items, 0) << letter;
  }
}

// No output depends on $TMPDIR: the workbook's staging files go beside it, the run's text
// spool falls back to memory. A TMPDIR that cannot hold a file gives the same bytes.
TEST(Outputs, AnUnusableTmpdirChangesNoOutput) {
  tt::TempDir dir;
  const fs::path not_a_folder = dir.write("tmp-is-a-file", "x");
  std::map<std::string, std::string> written[2];
  for (int k = 0; k < 2; ++k) {
    const fs::path out = dir.path() / (k ? "unusable" : "normal");
    fs::create_directories(out);
    if (k) ::setenv("TMPDIR", not_a_folder.c_str(), 1);
    auto r = tt::cli(check({"--out", (out / "r.xlsx").string(), "--out", (out / "r.json").string(),
                            "--out", (out / "r.docx").string()}));
    if (k) ::unsetenv("TMPDIR");
    ASSERT_EQ(r.exit_code, 1) << r.out;
    for (const char* f : {"r.xlsx", "r.json", "r.docx"}) written[k][f] = read_file(out / f);
  }
  for (const auto& [name, bytes] : written[0]) {
    EXPECT_FALSE(bytes.empty()) << name;
    EXPECT_EQ(written[1][name], bytes) << name;
  }
}

TEST(LettersWriter, ABadWordingFileIsExit3AndTheOtherOutputsAreWritten) {
  for (const std::string& bad :
       {std::string("<letters><wording lang=\"vi\">"),
        replace_once(kWording, "<text key=\"plan\">", "<text key=\"x\">")}) {
    tt::TempDir dir;
    dir.write("sai.xml", bad);
    const auto plan = plan_with(dir, R"(<writers><writer plugin="letters">
      <param name="wording" value="sai.xml"/></writer></writers>)");
    auto r = tt::cli(
        check({"--json", (dir.path() / "k.json").string(), "--out", (dir.path() / "thu/").string()},
              plan.string()));
    EXPECT_EQ(r.exit_code, 3) << r.out;
    EXPECT_TRUE(std::regex_search(r.out, std::regex("sai\\.xml:[0-9]+: ")))
        << r.out;  // file and line
    EXPECT_NE(r.out.find("[letters]"), std::string::npos) << r.out;
    EXPECT_TRUE(fs::exists(dir.path() / "k.json"));
    EXPECT_FALSE(fs::exists(dir.path() / "thu"));
  }
  // A wording file that is not there: named.
  tt::TempDir dir;
  const auto plan = plan_with(dir, R"(<writers><writer plugin="letters">
      <param name="wording" value="khong-co.xml"/></writer></writers>)");
  auto r = tt::cli(check({"--out", (dir.path() / "thu/").string()}, plan.string()));
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find("khong-co.xml"), std::string::npos) << r.out;
}

TEST(Outputs, AFolderPathSelectsTheFolderWriter) {
  tt::TempDir dir;
  auto r = tt::cli(check({"--out", (dir.path() / "thu/").string()}));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(fs::exists(dir.path() / "thu" / "bhxh.txt"));
  EXPECT_NE(r.out.find("thư góp ý cho các đơn vị"), std::string::npos) << r.out;
  // An existing folder needs no slash; --letters names the format.
  fs::create_directories(dir.path() / "co-san");
  auto again = tt::cli(check({"--out", (dir.path() / "co-san").string(), "--letters", "txt"}));
  EXPECT_EQ(again.exit_code, 1) << again.out;
  EXPECT_TRUE(fs::exists(dir.path() / "co-san" / "bhxh.txt"));
}

TEST(Outputs, AnUnknownLettersFormatIsAUsageErrorListingTheFormats) {
  tt::TempDir dir;
  auto r = tt::cli(check({"--out", (dir.path() / "thu/").string(), "--letters", "pdf"}));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--letters nhận: docx, txt"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir.path() / "thu"));
  auto en =
      tt::cli(check({"--lang", "en", "--out", (dir.path() / "thu/").string(), "--letters", "pdf"}));
  EXPECT_EQ(en.exit_code, 2) << en.out;
  EXPECT_NE(en.out.find("--letters accepts: docx, txt"), std::string::npos) << en.out;
  // --letters without a folder to write.
  auto alone = tt::cli(check({"--json", (dir.path() / "k.json").string(), "--letters", "txt"}));
  EXPECT_EQ(alone.exit_code, 2) << alone.out;
  EXPECT_FALSE(fs::exists(dir.path() / "k.json"));
}

TEST(Outputs, OverlappingOutputsOrAnOutputInAnInputAreRefusedBeforeTheRun) {
  tt::TempDir dir;
  const std::string thu = (dir.path() / "thu").string();
  for (const auto& extra :
       {std::vector<std::string>{"--out", thu + "/", "--feedback", thu},
        std::vector<std::string>{"--out", thu + "/", "--json", thu + "/k.json"},
        std::vector<std::string>{"--out", thu + "/", "--out", (dir.path() / "thu" / "x/").string()},
        std::vector<std::string>{"--out", (kSamples / "thu/").string()},
        std::vector<std::string>{"--out", tt::kSource.string() + "/rules/"}}) {
    auto r = tt::cli(check(extra));
    EXPECT_EQ(r.exit_code, 2) << extra[1] << " " << extra[3 % extra.size()] << ": " << r.out;
    // Before the run: no summary, nothing written.
    EXPECT_EQ(r.out.find("Đơn vị phải báo cáo"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(dir.path() / "thu"));
    EXPECT_FALSE(fs::exists(kSamples / "thu"));
  }
}

TEST(Outputs, AMissingDocxReferenceIsAUsageError) {
  tt::TempDir dir;
  const std::string ref = (dir.path() / "mau-cong-van.docx").string();
  auto r = tt::cli(check({"--json", (dir.path() / "k.json").string(), "--docx-reference", ref}));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--docx-reference " + ref + ": không đọc được"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir.path() / "k.json"));
  auto en = tt::cli(check({"--lang", "en", "--docx-reference", ref}));
  EXPECT_EQ(en.exit_code, 2) << en.out;
  EXPECT_NE(en.out.find("cannot read the reference .docx"), std::string::npos) << en.out;
  // A folder is no reference either; a readable file is accepted (no .docx writer here
  // uses it, the run goes on).
  EXPECT_EQ(tt::cli(check({"--docx-reference", dir.path().string()})).exit_code, 2);
  dir.write("mau-cong-van.docx", "PK");
  EXPECT_EQ(tt::cli(check({"--docx-reference", ref})).exit_code, 1);
}

TEST(Outputs, TheOldFlagsWriteTheSameBytesAsTheNewOnes) {
  tt::TempDir dir;
  const fs::path d = dir.path();
  ASSERT_EQ(tt::cli(check({"--json", (d / "cu.json").string(), "--feedback", (d / "cu").string()}))
                .exit_code,
            1);
  ASSERT_EQ(tt::cli(check({"--out", (d / "moi.json").string(), "--out", (d / "moi/").string(),
                           "--letters", "txt"}))
                .exit_code,
            1);
  EXPECT_FALSE(read_file(d / "cu.json").empty());
  EXPECT_EQ(read_file(d / "cu.json"), read_file(d / "moi.json"));
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(d / "cu")) {
    const auto name = e.path().filename();
    names.push_back(name.string());
    EXPECT_EQ(read_file(e.path()), read_file(d / "moi" / name)) << name;
  }
  EXPECT_GT(names.size(), 10u);
  EXPECT_EQ(std::distance(fs::directory_iterator(d / "moi"), fs::directory_iterator{}),
            static_cast<long>(names.size()));
}

TEST(Outputs, AWriterSettingForNoLoadedWriterIsNamed) {
  tt::TempDir dir;
  const auto plan = plan_with(dir, R"(<writers>
  <writer plugin="lettres"><param name="wording" value="x.xml"/></writer>
  <writer plugin="requirements"/></writers>)");
  auto r = tt::cli({"lint", plan.string()});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("không có plugin ghi \"lettres\"; cấu hình <writer> này không có tác dụng"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("không có plugin ghi \"requirements\""), std::string::npos)
      << r.out;  // a check, not a writer
  EXPECT_NE(r.out.find("[plan-unknown-check]"), std::string::npos) << r.out;
}

namespace {

// The JSON writer escapes text itself (no json value per element): every kind of
// character must come out as nlohmann's own dump writes it, invalid UTF-8 as U+FFFD.
TEST(JsonWriter, TextIsEscapedAsNlohmannWritesIt) {
  auto plan = tt::seed_plan();
  CheckRun run = tt::run(*plan, {tt::kSource / "samples" / "2025"}, "2025", "2025-11-20");
  std::vector<std::string> texts = {
      "tab\there, line\nbreak, cr\r, quote \" backslash \\ slash /",
      std::string("controls \x01\x08\x0c\x1f and DEL \x7f"),
      "Tiếng Việt có dấu, emoji 🙂, U+2028 \u2028",
      std::string("invalid \xff\xfe bytes \xc3 cut"),
      std::string("Việt \"ở giữa\" sau tám byte, rồi \xe1\xbb"),  // invalid after a quote
  };
  // Runs without escapes are copied eight bytes at a time: a character to escape at every
  // place in and around such a block, after ASCII and after Vietnamese letters.
  for (const char special : {'"', '\\', '\x1f', '\n', ' ', '\x7f'})
    for (size_t i = 0; i <= 17; ++i) {
      texts.push_back(std::string(i, 'a') + special + std::string(17 - i, 'b'));
      texts.push_back(std::string("đ") + std::string(i, 'y') + special + "ệ");
    }
  for (const auto& t : texts) run.findings.push_back(make_finding("", "", "", t, t, "x.xml", 1));
  auto writer = tt::real_plugins().writer_for("json");
  ASSERT_TRUE(writer);
  tt::TempDir dir;
  WriteContext ctx{*plan, run.status, run.submissions, run.findings, false, "test"};
  writer->write(ctx, dir.path() / "k.json");
  const std::string written = read_file(dir.path() / "k.json");
  const auto parsed = nlohmann::json::parse(written, nullptr, false);
  ASSERT_FALSE(parsed.is_discarded());
  for (const auto& t : texts) {
    const std::string expected =
        "\"message\": " +
        nlohmann::json(t).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    EXPECT_NE(written.find(expected), std::string::npos) << expected;
  }
}

}  // namespace

// Letters are made and written on the run's threads: every index once, and a failure on one
// thread (a full disk) is the writer's error, thrown once all threads have stopped, never
// std::terminate.
TEST(Letters, MadeOnSeveralThreadsEachOnceAndAFailureThrown) {
  for (unsigned jobs : {1u, 2u, 8u}) {
    std::vector<std::atomic<int>> seen(1000);
    tuanthu::for_each_index(seen.size(), jobs, [&](size_t i) { ++seen[i]; });
    for (size_t i = 0; i < seen.size(); ++i) ASSERT_EQ(seen[i].load(), 1) << i << " jobs " << jobs;
    EXPECT_THROW(tuanthu::for_each_index(1000, jobs,
                                         [](size_t i) {
                                           if (i == 500) throw Error("đầy đĩa", "disk full");
                                         }),
                 Error);
  }
  PluginOptions o;
  EXPECT_EQ(letters::writer_jobs(o), 1u);
  o.set("jobs", "2");
  EXPECT_EQ(letters::writer_jobs(o), 2u);
  o.set("jobs", "many");
  EXPECT_EQ(letters::writer_jobs(o), 1u);
}
