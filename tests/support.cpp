#include "support.hpp"

#include <grp.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <regex>

#include "tuanthu/text.hpp"

namespace tt {

TempDir::TempDir() {
  std::random_device rd;
  std::string name("tuanthu-test-");  // appended: GCC 12 -Wrestrict misfires on "…" + string
  name.append(std::to_string(rd())).append(std::to_string(rd()));
  path_ = fs::temp_directory_path() / name;
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  // Tests may leave read-only folders behind; make them writable to remove them.
  for (auto it = fs::recursive_directory_iterator(path_, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_directory(ec))
      fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
  fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
  fs::remove_all(path_, ec);
}

fs::path TempDir::write(const std::string& name, const std::string& content) const {
  const fs::path p = path_ / name;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
  return p;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

const tuanthu::PluginRegistry& real_plugins() {
  static const tuanthu::PluginRegistry reg = [] {
    tuanthu::PluginRegistry r;
    auto problems = r.load_directory(TUANTHU_PLUGIN_DIR);
    for (const auto& p : problems) ADD_FAILURE() << p.vi;
    return r;
  }();
  return reg;
}

std::shared_ptr<const tuanthu::Plan> plan_from(const std::string& xml) {
  auto r = tuanthu::load_plan_from_memory(xml, "plan.xml");
  for (const auto& f : r.findings)
    ADD_FAILURE() << f.rule << ": " << f.message << " line " << f.line;
  EXPECT_TRUE(r.plan);
  return r.plan;
}

std::shared_ptr<const tuanthu::Plan> seed_plan() {
  static auto plan = [] {
    auto r = tuanthu::load_plan(kSeedPlan);
    EXPECT_TRUE(r.findings.empty());
    return r.plan;
  }();
  return plan;
}

namespace {
// One file per test process and kind: ctest runs the tests in parallel processes.
void record_lines(const char* kind, const std::set<std::string>& lines) {
  if (lines.empty()) return;
  const fs::path dir = kBinary / "fired-rules";
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::ofstream out(dir / (std::to_string(::getpid()) + "." + kind), std::ios::app);
  for (const auto& l : lines) out << l << '\n';
}
void record_ids(const std::set<std::string>& ids) {
  record_lines("rules", ids);
}

// Records each test that ran, so the rule check can tell a whole-suite run from a subset.
struct RanListener : testing::EmptyTestEventListener {
  void OnTestEnd(const testing::TestInfo& t) override {
    record_lines("tests", {std::string(t.test_suite_name()) + "." + t.name()});
  }
};
const bool kListening = [] {
  testing::UnitTest::GetInstance()->listeners().Append(new RanListener);
  return true;
}();
}  // namespace

void record_fired(const std::vector<tuanthu::Finding>& findings) {
  record_ids(rules_of(findings));
}

void record_fired_output(const std::string& cli_output) {
  // Finding lines end "…: <severity>: <message> [rule-id]" (cli/main.cpp print_finding).
  static const std::regex rule(
      R"(: (lỗi|cảnh báo|thông tin|error|warning|info): [^\n]* \[([a-z][a-z0-9-]*)\]\n)");
  std::set<std::string> ids;
  for (std::sregex_iterator it(cli_output.begin(), cli_output.end(), rule), end; it != end; ++it)
    ids.insert((*it)[2]);
  record_ids(ids);
}

tuanthu::CheckRun run(const tuanthu::Plan& plan, const std::vector<fs::path>& inputs,
                      const std::string& period, const std::string& as_of) {
  tuanthu::CheckRunOptions o;
  o.period = *tuanthu::Period::parse(period);
  o.as_of = *tuanthu::Date::parse_iso(as_of);
  o.inputs = inputs;
  o.jobs = 2;
  // Tests look at the report model, and every narrative they read goes through the spool.
  o.keep_sections = true;
  o.spool_threshold = 0;
  tuanthu::CheckRun r = tuanthu::run_check(plan, real_plugins(), o);
  record_fired(r.findings);
  return r;
}

std::set<std::string> rules_of(const std::vector<tuanthu::Finding>& findings) {
  std::set<std::string> out;
  for (const auto& f : findings) out.insert(f.rule);
  return out;
}

std::vector<tuanthu::Finding> with_rule(const std::vector<tuanthu::Finding>& findings,
                                        const std::string& rule) {
  std::vector<tuanthu::Finding> out;
  for (const auto& f : findings)
    if (f.rule == rule) out.push_back(f);
  return out;
}

void as_unprivileged(const std::function<std::string()>& body) {
  if (::geteuid() != 0) {
    const std::string failed = body();
    if (!failed.empty()) ADD_FAILURE() << failed;
    return;
  }
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(fds[0]);
    const gid_t nobody = 65534;
    std::string failed;
    if (::setgroups(0, nullptr) != 0 || ::setgid(nobody) != 0 || ::setuid(nobody) != 0 ||
        ::setuid(0) == 0)
      failed = "could not drop privileges to nobody (65534)";
    else
      failed = body();
    if (!failed.empty()) (void)!::write(fds[1], failed.data(), failed.size());
    ::_exit(failed.empty() ? 0 : 1);
  }
  ::close(fds[1]);
  std::string msg;
  char buf[512];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) msg.append(buf, size_t(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    ADD_FAILURE() << "as nobody: " << (msg.empty() ? "the child died" : msg);
}

CliResult cli(const std::vector<std::string>& args) {
  auto quote = [](const std::string& a) {
    std::string q("'");
    for (char c : a) q.append(c == '\'' ? "'\\''" : std::string(1, c));
    return q.append("'");
  };
  std::string cmd = quote((kBinary / "bin" / "tuanthu").string());
  for (const auto& a : args) cmd.append(" ").append(quote(a));
  cmd += " 2>&1";
  CliResult r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
  const int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  record_fired_output(r.out);
  return r;
}

std::string small_plan(const std::string& cycle_attrs) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<plan xmlns="urn:tuanthu:plan:1" id="small" version="1">
  <units>
    <unit id="a" name="Phòng Lao động - Thương binh và Xã hội" short-name="Phòng LĐTBXH"/>
    <unit id="b" name="Ủy ban nhân dân phường Thạnh Lộc" short-name="UBND phường Thạnh Lộc"/>
    <unit id="c" name="Ủy ban nhân dân phường Tân Thới Nhất"/>
    <group id="g" name="phường"><member ref="b"/></group>
  </units>
  <reporting>
    <cycle frequency="annual" first="2024" last="2030" due="11-05" to="a" )" +
         cycle_attrs + R"(/>
  </reporting>
  <text number-style="vi">
    <abbreviation short="UBND" long="Ủy ban nhân dân"/>
    <abbreviation short="P" long="phường"/>
    <placeholder>đang cập nhật</placeholder>
    <placeholder>không</placeholder>
  </text>
  <tasks>
    <task id="T1" from="2024" to="2030">
      <title>Nhiệm vụ một</title>
      <lead ref="a"/><support ref="g"/>
      <requirement id="ket-qua" kind="narrative" roles="lead support" min-words="5">Kết quả</requirement>
      <requirement id="so" kind="number" roles="lead">Số buổi</requirement>
      <requirement id="ty-le" kind="percent" roles="lead" target="&gt;=100">Tỷ lệ</requirement>
      <requirement id="ngay" kind="date" roles="lead">Ngày tổ chức</requirement>
      <requirement id="kh" kind="document" roles="lead">Kế hoạch</requirement>
    </task>
    <task id="T2" from="2020" to="2021">
      <title>Nhiệm vụ cũ</title>
      <lead ref="c"/>
      <requirement id="ket-qua" kind="narrative">Kết quả</requirement>
    </task>
  </tasks>
</plan>
)";
}

std::string big_plan(int n) {
  std::string units, members;
  for (int i = 0; i < n; ++i) {
    units += "<unit id=\"u" + std::to_string(i) + "\" name=\"Phường " + std::to_string(i) + "\"/>";
    members += "<member ref=\"u" + std::to_string(i) + "\"/>";
  }
  return R"(<plan xmlns="urn:tuanthu:plan:1" id="big"><units>)" + units + "<group id=\"g\">" +
         members + R"(</group></units>
    <reporting><cycle frequency="annual" first="2024" last="2030" due="11-05"/></reporting>
    <tasks><task id="T" from="2024" to="2030"><title>t</title><lead ref="g"/>
    <requirement id="kq" kind="narrative">Kết quả</requirement>
    <requirement id="n" kind="number">Số</requirement></task></tasks></plan>)";
}

std::string big_report(int i) {
  return R"(<report xmlns="urn:tuanthu:report:1" plan="big" period="2025" unit="u)" +
         std::to_string(i) +
         R"("><document kind="BC" number="1/BC-UBND" date="2025-11-01" signer="A"><issuer>B</issuer></document>
                  <task ref="T"><value ref="kq">Đã làm.</value><value ref="n">)" +
         std::to_string(i) + "</value></task></report>";
}

std::string small_report(const std::string& unit, const std::string& received,
                         const std::string& body) {
  const std::string tasks = !body.empty() ? body
                            : unit == "a" ? R"(<task ref="T1">
    <value ref="ket-qua">Đã tổ chức nhiều hoạt động tuyên truyền cho trẻ em.</value>
    <value ref="so">12</value>
    <value ref="ty-le">100%</value>
    <value ref="ngay">01/06/2025</value>
    <value ref="kh" number="12/KH-LĐTBXH" date="2025-01-10">Kế hoạch năm</value>
  </task>)"
                                          : R"(<task ref="T1">
    <value ref="ket-qua">Phường đã phối hợp tuyên truyền tại các khu phố.</value>
  </task>)";
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<report xmlns="urn:tuanthu:report:1" plan="small" period="2025" unit=")" +
         unit + R"(">
  <document kind="BC" number="245/BC-UBND" date="2025-11-01" signer="Nguyễn Văn A">
    <issuer>Cơ quan</issuer>
  </document>
  )" + (received.empty() ? std::string() : "<received date=\"" + received + "\"/>") +
         "\n  " + tasks + "\n</report>\n";
}

}  // namespace tt
