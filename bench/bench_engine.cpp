// The whole `check` at scale: N wards, each with one report, read and checked with the
// real plugins, then the workbook written. Arg: number of units.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "tuanthu/engine.hpp"
#include "tuanthu/plan_loader.hpp"

namespace fs = std::filesystem;
using namespace tuanthu;

namespace {

struct Corpus {
  fs::path dir;
  std::shared_ptr<const Plan> plan;
  explicit Corpus(int n) {
    dir = fs::temp_directory_path() / ("tuanthu-bench-" + std::to_string(n));
    fs::remove_all(dir);
    fs::create_directories(dir / "reports");
    std::string units, members;
    for (int i = 0; i < n; ++i) {
      units += "<unit id=\"u" + std::to_string(i) + "\" name=\"Ủy ban nhân dân phường Số " +
               std::to_string(i) + "\" kind=\"phường\"/>\n";
      members += "<member ref=\"u" + std::to_string(i) + "\"/>";
    }
    const std::string xml = R"(<plan xmlns="urn:tuanthu:plan:1" id="bench"><units>)" + units +
                            "<group id=\"g\" name=\"phường\">" + members + R"(</group></units>
      <reporting><cycle frequency="annual" first="2024" last="2030" due="11-05" to="u0"/></reporting>
      <tasks>
        <task id="T1" from="2024" to="2030"><title>Tuyên truyền</title><lead ref="g"/>
          <requirement id="ket-qua" kind="narrative" min-words="30">Kết quả</requirement>
          <requirement id="so" kind="number">Số buổi</requirement>
          <requirement id="ty-le" kind="percent" target="&gt;=100">Tỷ lệ</requirement></task>
        <task id="T2" from="2024" to="2030"><title>Dữ liệu</title><lead ref="g"/>
          <requirement id="ket-qua" kind="narrative" min-words="30">Kết quả</requirement></task>
      </tasks></plan>)";
    plan = load_plan_from_memory(xml, "bench-plan.xml").plan;
    const std::string text =
        "Trong năm 2025, phường đã tổ chức tuyên truyền các chương trình hành động vì trẻ em, lồng "
        "ghép "
        "vào các buổi sinh hoạt khu phố, tổ dân phố; thăm hỏi, tặng quà trẻ em có hoàn cảnh khó "
        "khăn.";
    std::mt19937 rng(42);
    for (int i = 0; i < n; ++i) {
      std::ofstream(dir / "reports" / ("u" + std::to_string(i) + ".xml"))
          << R"(<report xmlns="urn:tuanthu:report:1" plan="bench" period="2025" unit="u)" << i
          << R"("><document kind="BC" number="12/BC-UBND" date="2025-11-01" signer="A"><issuer>UBND</issuer></document>
  <received date="2025-11-0)"
          << (1 + rng() % 9) << R"("/>
  <task ref="T1"><value ref="ket-qua">)"
          << text << R"(</value><value ref="so">)" << rng() % 50 << R"(</value><value ref="ty-le">)"
          << 95 + rng() % 6 << R"(%</value></task>
  <task ref="T2"><value ref="ket-qua">)"
          << text << R"(</value></task>
</report>
)";
    }
  }
  ~Corpus() { fs::remove_all(dir); }
};

const PluginRegistry& plugins() {
  static const PluginRegistry reg = [] {
    PluginRegistry r;
    r.load_directory(TUANTHU_PLUGIN_DIR);
    return r;
  }();
  return reg;
}

CheckRunOptions options(const Corpus& c, unsigned jobs) {
  CheckRunOptions o;
  o.period = *Period::parse("2025");
  o.as_of = Date{2025, 11, 20};
  o.inputs = {c.dir / "reports"};
  o.jobs = jobs;
  return o;
}

}  // namespace

static void BM_Check(benchmark::State& state) {
  Corpus c(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto run = run_check(*c.plan, plugins(), options(c, static_cast<unsigned>(state.range(1))));
    benchmark::DoNotOptimize(run.findings.size());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Check)
    ->Args({1000, 1})
    ->Args({1000, 2})
    ->Args({10000, 1})
    ->Args({10000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

static void BM_WriteWorkbook(benchmark::State& state) {
  Corpus c(static_cast<int>(state.range(0)));
  auto run = run_check(*c.plan, plugins(), options(c, 2));
  auto writer = plugins().writer_for("xlsx");
  WriteContext ctx{*c.plan, run.status, run.submissions, run.findings, false, "bench"};
  const fs::path out = c.dir / "out.xlsx";
  for (auto _ : state) writer->write(ctx, out);
  state.counters["bytes"] = static_cast<double>(fs::file_size(out));
}
BENCHMARK(BM_WriteWorkbook)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();
