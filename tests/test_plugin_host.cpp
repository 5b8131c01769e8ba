// The plugin host against test plugins: good, wrong ABI, no factory, throwing
// factory, two with one name, a throwing check, loose permissions.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>

#include "shipped_plugins.hpp"
#include "support.hpp"

using namespace tuanthu;

namespace {
const std::filesystem::path kDir = TUANTHU_TEST_PLUGIN_DIR;

std::filesystem::path lib(const std::string& c) {
  return kDir / c / ("tuanthu-test_" + c + ".so");
}
}  // namespace

TEST(PluginHost, LoadsTheRealPlugins) {
  const auto& reg = tt::real_plugins();
  // Exactly the shipped plugins, each from tuanthu-<name>.so and calling itself <name>.
  EXPECT_EQ(reg.entries().size(), std::size(tt::kShippedPlugins));
  for (std::string_view name : tt::kShippedPlugins) {
    const auto it = std::find_if(reg.entries().begin(), reg.entries().end(),
                                 [&](const PluginEntry& e) { return e.name == name; });
    ASSERT_NE(it, reg.entries().end()) << name;
    EXPECT_EQ(it->file.filename(), "tuanthu-" + std::string(name) + ".so");
  }
  EXPECT_TRUE(reg.find("xml-report"));
  EXPECT_TRUE(reg.find("submission"));
  EXPECT_TRUE(reg.find("json"));
  EXPECT_EQ(reg.readers().size(), 2u);  // xml-report, xlsx-form
  EXPECT_EQ(reg.form_maker_for("xlsx")->name(), "xlsx-form-maker");
  EXPECT_FALSE(reg.form_maker_for("ods"));
  EXPECT_EQ(reg.writer_for("json")->name(), "json");
  EXPECT_EQ(reg.writer_for("docx")->name(), "docx-report");
  EXPECT_FALSE(reg.writer_for("odt"));
}

TEST(PluginHost, GoodPluginLoadsAndOutlivesTheRegistry) {
  std::shared_ptr<Plugin> kept;
  {
    PluginRegistry reg;
    EXPECT_FALSE(reg.load_file(lib("good")));
    ASSERT_EQ(reg.entries().size(), 1u);
    EXPECT_EQ(reg.entries()[0].name, "test-good");
    EXPECT_EQ(reg.entries()[0].kind, PluginKind::Check);
    kept = reg.find("test-good");
  }
  // The registry is gone; the library must still be mapped for the object's code.
  EXPECT_EQ(kept->name(), "test-good");
  EXPECT_EQ(kept->rules().at(0).id, "test-good-seen");
}

TEST(PluginHost, RefusesAnotherAbiVersion) {
  PluginRegistry reg;
  const auto why = reg.load_file(lib("wrong_abi"));
  ASSERT_TRUE(why);
  EXPECT_NE(why->vi.find("ABI"), std::string::npos) << why->vi;
  EXPECT_NE(why->vi.find("wrong_abi"), std::string::npos) << why->vi;
  EXPECT_NE(why->en.find("rebuild the plugin"), std::string::npos) << why->en;
  EXPECT_TRUE(reg.entries().empty());
}

TEST(PluginHost, RefusesAMissingFactory) {
  PluginRegistry reg;
  const auto why = reg.load_file(lib("no_factory"));
  ASSERT_TRUE(why);
  EXPECT_NE(why->vi.find("tuanthu_create_plugin"), std::string::npos) << why->vi;
}

TEST(PluginHost, CatchesAThrowingFactory) {
  PluginRegistry reg;
  const auto why = reg.load_file(lib("throwing_factory"));
  ASSERT_TRUE(why);
  EXPECT_NE(why->vi.find("nhà máy hỏng"), std::string::npos) << why->vi;
  EXPECT_NE(why->en.find("the plugin factory threw"), std::string::npos) << why->en;
  EXPECT_TRUE(reg.entries().empty());
}

TEST(PluginHost, RefusesANameAlreadyTakenAndGoesOn) {
  PluginRegistry reg;
  auto problems = reg.load_directory(kDir / "same_name");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].vi.find("b-second.so"), std::string::npos) << problems[0].vi;
  EXPECT_NE(problems[0].vi.find("test-good"), std::string::npos) << problems[0].vi;
  ASSERT_EQ(reg.entries().size(), 1u);
  EXPECT_EQ(reg.entries()[0].version, "0.2");  // a-first.so won
}

TEST(PluginHost, NotALibraryIsReportedNotFatal) {
  tt::TempDir dir;
  dir.write("broken.so", "not an ELF file");
  ::chmod(dir.path().c_str(), 0755);
  PluginRegistry reg;
  auto problems = reg.load_directory(dir.path());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].vi.find("broken.so"), std::string::npos);
  EXPECT_NE(problems[0].en.find("cannot load the library"), std::string::npos) << problems[0].en;
}

TEST(PluginHost, ThrowingCheckBecomesAFindingAndTheRunGoesOn) {
  PluginRegistry reg;
  for (const auto& p : reg.load_directory(TUANTHU_PLUGIN_DIR)) ADD_FAILURE() << p.vi;
  ASSERT_FALSE(reg.load_file(lib("throwing_check")));
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  CheckRunOptions o;
  o.period = *Period::parse("2025");
  o.as_of = Date{2025, 11, 20};
  o.inputs = {dir.write("a.xml", tt::small_report("a")), dir.write("b.xml", tt::small_report("b"))};
  auto run = run_check(*plan, reg, o);
  tt::record_fired(run.findings);
  auto errors = tt::with_rule(run.findings, "plugin-error");
  EXPECT_EQ(errors.size(), 3u);  // check_run once, check_report per counted report
  for (const auto& e : errors) EXPECT_NE(e.message.find("test-throwing"), std::string::npos);
  EXPECT_EQ(run.status.totals.on_time, 2);  // the other plugins still ran
}

TEST(PluginHost, AFindingUnderAnUndeclaredRuleBecomesPluginError) {
  PluginRegistry reg;
  for (const auto& p : reg.load_directory(TUANTHU_PLUGIN_DIR)) ADD_FAILURE() << p.vi;
  ASSERT_FALSE(reg.load_file(lib("undeclared_rule")));
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  CheckRunOptions o;
  o.period = *Period::parse("2025");
  o.as_of = Date{2025, 11, 20};
  o.inputs = {dir.write("a.xml", tt::small_report("a"))};
  auto run = run_check(*plan, reg, o);
  EXPECT_EQ(tt::with_rule(run.findings, "test-undeclared-hidden").size(), 0u);
  auto listed = tt::with_rule(run.findings, "test-undeclared-listed");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].plugin, "test-undeclared");  // stamped by the framework
  auto errors = tt::with_rule(run.findings, "plugin-error");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message_en.find("test-undeclared-hidden"), std::string::npos);
}

TEST(PluginHost, RefusesWorldWritableFoldersAndFilesUnlessAllowed) {
  tt::TempDir dir;
  const auto copy = dir.path() / "tuanthu-test_good.so";
  std::filesystem::copy_file(lib("good"), copy);
  ::chmod(dir.path().c_str(), 0777);
  {
    PluginRegistry reg;
    auto problems = reg.load_directory(dir.path());
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].vi.find("--allow-insecure-plugins"), std::string::npos);
    EXPECT_NE(problems[0].en.find("--allow-insecure-plugins"), std::string::npos);
    EXPECT_TRUE(reg.entries().empty());
  }
  ::chmod(dir.path().c_str(), 0755);
  ::chmod(copy.c_str(), 0666);
  {
    PluginRegistry reg;
    const auto why = reg.load_file(copy);
    ASSERT_TRUE(why);
    EXPECT_NE(why->en.find("world-writable"), std::string::npos) << why->en;
    EXPECT_NE(why->vi.find("ai cũng ghi được"), std::string::npos) << why->vi;
    EXPECT_FALSE(reg.load_file(copy, /*allow_insecure=*/true));
  }
}

TEST(PluginHost, SearchPathNeverUsesTheCurrentDirectory) {
  ::setenv("TUANTHU_PLUGIN_PATH", ":/nonexistent-a::", 1);
  auto path = plugin_search_path({}, /*use_default=*/false);
  ::unsetenv("TUANTHU_PLUGIN_PATH");
  ASSERT_EQ(path.size(), 1u);
  EXPECT_EQ(path[0], "/nonexistent-a");
}

TEST(PluginHost, WritersThrowTheHostErrorTypeInBothLanguages) {
  auto plan = tt::seed_plan();
  auto run = tt::run(*plan, {tt::kSource / "samples" / "2025"});
  WriteContext ctx{*plan, run.status, run.submissions, run.findings, false, "test"};
  for (const char* ext : {"json", "xlsx"}) {
    auto w = tt::real_plugins().writer_for(ext);
    ASSERT_TRUE(w) << ext;
    const std::filesystem::path target = std::string("/nonexistent-tuanthu-folder/out.") + ext;
    try {
      w->write(ctx, target);
      ADD_FAILURE() << ext << ": no error";
    } catch (const Error& e) {  // caught by type across the plugin boundary
      EXPECT_FALSE(e.message().vi.empty()) << ext;
      EXPECT_TRUE(e.message().en.starts_with("cannot")) << ext << ": " << e.message().en;
      EXPECT_EQ(e.message().en.find("không"), std::string::npos) << e.message().en;
      EXPECT_EQ(message_of(e).en, e.message().en);
    } catch (const std::exception& e) {
      ADD_FAILURE() << ext << ": not a tuanthu::Error: " << e.what();
    }
  }
  EXPECT_EQ(message_of(std::runtime_error("x")).en, "x");
}

// Clashes and misbehaving metadata are refused at load, naming what to do; the first
// loaded (the shipped plugins here) keeps its extension and rule ids.
TEST(PluginHost, RefusesClashingExtensionsRuleIdsAndThrowingMetadataAtLoad) {
  PluginRegistry reg;
  for (const auto& p : reg.load_directory(TUANTHU_PLUGIN_DIR)) ADD_FAILURE() << p.en;
  const auto ext = reg.load_file(lib("clash_extension"));
  ASSERT_TRUE(ext);
  EXPECT_NE(ext->en.find("extension .json is already written by plugin json"), std::string::npos)
      << ext->en;
  const auto rule = reg.load_file(lib("clash_rule"));
  ASSERT_TRUE(rule);
  EXPECT_NE(rule->en.find("\"submission-late\" already belongs to plugin submission"),
            std::string::npos)
      << rule->en;
  const auto throws = reg.load_file(lib("clash_rules_throw"));
  ASSERT_TRUE(throws);
  EXPECT_NE(throws->en.find("threw while describing itself"), std::string::npos) << throws->en;
  EXPECT_NE(throws->vi.find("rules() hỏng"), std::string::npos) << throws->vi;
  EXPECT_EQ(reg.writer_for("json")->name(), "json");
}

TEST(PluginHost, TheFrameworkStampsTheRulesSeverityOnAHandMadeFinding) {
  PluginRegistry reg;
  for (const auto& p : reg.load_directory(TUANTHU_PLUGIN_DIR)) ADD_FAILURE() << p.en;
  ASSERT_FALSE(reg.load_file(lib("clash_hand_made")));
  tt::TempDir dir;
  auto plan = tt::plan_from(tt::small_plan());
  CheckRunOptions o;
  o.period = *Period::parse("2025");
  o.as_of = Date{2025, 11, 20};
  o.inputs = {dir.write("a.xml", tt::small_report("a"))};
  auto run = run_check(*plan, reg, o);
  auto own = tt::with_rule(run.findings, "test-clash-own");
  ASSERT_EQ(own.size(), 1u);
  EXPECT_EQ(own[0].severity, Severity::Info);  // the rule's, not the Error set by hand
  EXPECT_EQ(own[0].plugin, "test-clash");
}

TEST(PluginHost, ReadersThatClaimTheSameFilesAreRefusedAtLoad) {
  struct Case {
    std::string plugin, vi, en, shipped;
  } cases[] = {
      {"claims_xml", "phần mở rộng .xml", "extension .xml", "xml-report"},
      {"claims_zip", "nội dung bắt đầu bằng \"PK\"", "content starting \"PK\"", "xlsx-form"}};
  for (const auto& c : cases) {
    PluginRegistry reg;
    for (const auto& p : reg.load_directory(TUANTHU_PLUGIN_DIR)) ADD_FAILURE() << p.vi;
    const auto why = reg.load_file(lib(c.plugin));
    ASSERT_TRUE(why) << c.plugin;
    EXPECT_NE(why->vi.find(c.vi), std::string::npos) << why->vi;
    EXPECT_NE(why->en.find(c.en), std::string::npos) << why->en;
    EXPECT_NE(why->vi.find("plugin " + c.shipped), std::string::npos) << why->vi;
    EXPECT_EQ(reg.readers().size(), 2u);
    // Loaded first, the test plugin wins and the shipped reader is the one refused: the
    // order of loading decides who stays, never which reader reads a file.
    PluginRegistry first;
    EXPECT_FALSE(first.load_file(lib(c.plugin)));
    const auto problems = first.load_directory(TUANTHU_PLUGIN_DIR);
    ASSERT_EQ(problems.size(), 1u) << c.plugin;
    EXPECT_NE(problems[0].vi.find("tuanthu-" + c.shipped + ".so"), std::string::npos)
        << problems[0].vi;
  }
}

TEST(PluginHost, AFormMakerClaimingATakenExtensionIsRefusedButAWriterDoesNotClash) {
  PluginRegistry reg;
  for (const auto& p : reg.load_directory(TUANTHU_PLUGIN_DIR)) ADD_FAILURE() << p.en;
  // xlsx-report (a writer) and xlsx-form-maker (a form maker) both write .xlsx: no clash.
  EXPECT_EQ(reg.writer_for("xlsx")->name(), "xlsx-report");
  EXPECT_EQ(reg.form_maker_for("xlsx")->name(), "xlsx-form-maker");
  const auto why = reg.load_file(lib("form_clash"));
  ASSERT_TRUE(why);
  EXPECT_NE(why->en.find("extension .xlsx is already written by plugin xlsx-form-maker"),
            std::string::npos)
      << why->en;
  EXPECT_EQ(reg.form_makers().size(), 1u);
}

TEST(PluginHost, AFileGoesToTheReaderThatClaimsItsContentElseItsExtension) {
  const std::vector<ReaderClaim> claims = {{{"xml"}, {"<?xml", "<report"}},
                                           {{"xlsx", "xls"}, {"PK\x03\x04", "\xD0\xCF\x11\xE0"}}};
  EXPECT_EQ(choose_reader(claims, "a.xml", "PK\x03\x04"), 1u);  // the content decides first
  EXPECT_EQ(choose_reader(claims, "a.XLSX", "<?xml"), 0u);
  EXPECT_EQ(choose_reader(claims, "a.xml", "\n  <report"), 0u);  // no signature: the name
  EXPECT_EQ(choose_reader(claims, "a.xlsx", "truncated"), 1u);
  EXPECT_EQ(choose_reader(claims, "bao-cao", "PK\x03\x04..."), 1u);
  EXPECT_EQ(choose_reader(claims, "bao-cao.txt", "<?xml version"), 0u);
  EXPECT_EQ(choose_reader(claims, "ghi-chu.txt", "Kính gửi"), std::nullopt);
  EXPECT_FALSE(claims_overlap(claims[0], claims[1]));
  auto sig = claims_overlap(claims[1], ReaderClaim{{}, {"\xD0\xCF"}});
  ASSERT_TRUE(sig);
  EXPECT_EQ(sig->vi, "nội dung bắt đầu bằng \"\\xD0\\xCF\"");
  auto ext = claims_overlap(claims[0], ReaderClaim{{"txt", "xml"}, {}});
  ASSERT_TRUE(ext);
  EXPECT_EQ(ext->en, "extension .xml");
}

TEST(PluginHost, TheShippedReadersSplitTheSamplesByClaim) {
  // Every XML report goes to xml-report, every form to xlsx-form, the note to nobody.
  auto run = tt::run(*tt::seed_plan(), {tt::kSource / "samples" / "2025"});
  for (const auto& f : run.files) {
    const std::string ext = f.path.extension().string();
    const std::string expected = ext == ".xml" ? "xml-report" : ext == ".xlsx" ? "xlsx-form" : "";
    EXPECT_EQ(f.reader, expected) << f.path;
  }
}
