// libFuzzer target: the whole `check` pipeline on fuzzed report bytes with the seed plan.
// The bytes are one report file; the real plugins (built in this tree) read it, check it,
// and every writer writes its output: JSON and the workbook; the letters' texts are made
// too (with the shipped wording). Every output must then be valid (tests/output_check): the JSON
// parses, every XML part of the workbook is well-formed XML 1.0, the letters are clean UTF-8. A
// writer that throws, or an output that is not valid, is a crash.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "letters.hpp"
#include "output_check.hpp"
#include "tuanthu/engine.hpp"
#include "tuanthu/plan_loader.hpp"

namespace fs = std::filesystem;
using namespace tuanthu;

namespace {

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz_pipeline: %s\n", what.c_str());
  std::abort();
}

struct Fixture {
  PluginRegistry plugins;
  std::shared_ptr<const Plan> plan;
  fs::path dir, input, json, xlsx;

  Fixture() {
    for (const auto& p : plugins.load_directory(TUANTHU_PLUGIN_DIR)) fail("plugin: " + p.en);
    if (!plugins.writer_for("json") || !plugins.writer_for("xlsx") || plugins.readers().empty())
      fail("the plugins are not built in " TUANTHU_PLUGIN_DIR);
    auto r = load_plan(TUANTHU_SEED_PLAN);
    if (!r.plan) fail("cannot load the seed plan " TUANTHU_SEED_PLAN);
    plan = r.plan;
    // One folder per process (libFuzzer -jobs/-workers run several).
    // In memory when there is a tmpfs: each run writes the report, the JSON and the workbook.
    std::error_code ec;
    const fs::path base =
        fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path();
    dir = base / ("tuanthu-fuzz-pipeline-" + std::to_string(::getpid()));
    fs::create_directories(dir / "in");
    input = dir / "in" / "bao-cao.xml";
    json = dir / "ket-qua.json";
    xlsx = dir / "tong-hop.xlsx";
  }
  ~Fixture() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

// Made before fuzzing starts, so the plugins' coverage counters are there from the first run.
Fixture* g_fixture = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  static Fixture fixture;
  g_fixture = &fixture;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Fixture& fx = *g_fixture;
  {
    std::ofstream out(fx.input, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  CheckRunOptions o;
  o.period = *Period::parse("2025");
  o.as_of = *Date::parse_iso("2025-11-20");
  o.inputs = {fx.input.parent_path()};
  o.jobs = 1;
  const CheckRun run = run_check(*fx.plan, fx.plugins, o);
  // Nothing vanishes: the one file is a report or a finding names it.
  if (run.files.size() != 1) fail("the input file was not considered");
  if (!run.files[0].accepted) {
    bool named = false;
    for (const auto& f : run.findings) named = named || f.file == run.files[0].display;
    if (!named) fail("the input file is neither a report nor named by a finding");
  }

  const WriteContext ctx{*fx.plan, run.status, run.submissions, run.findings, false, "fuzz"};
  for (const auto& [ext, target] : {std::pair{"json", fx.json}, std::pair{"xlsx", fx.xlsx}}) {
    try {
      fx.plugins.writer_for(ext)->write(ctx, target);
    } catch (const std::exception& e) {
      fail(std::string(ext) + " writer failed: " + e.what());
    }
  }
  if (auto p = tt::json_problem(fx.json.string()); !p.empty()) fail("JSON: " + p);
  if (auto p = tt::xlsx_problem(fx.xlsx.string()); !p.empty()) fail("xlsx: " + p);
  // Letters: the text of each, as the `letters` writer makes them (its folder writing is
  // tested in test_writers); writing 26 files a run would halve the speed.
  for (bool english : {false, true})
    for (const auto& l : letters::build_letters(ctx, letters::Wording::builtin(), english, 7)) {
      const std::string letter = letters::to_text(l);
      if (auto p = tt::text_problem(letter); !p.empty()) fail("letter to " + l.unit + ": " + p);
    }
  return 0;
}
