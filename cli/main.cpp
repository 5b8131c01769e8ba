// The `tuanthu` command line: lint, check, plugins, rules.
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cctype>
#include <climits>
#include <cstdio>
#include <iostream>
#include <optional>
#include <set>
#include <thread>

#include "outputs.hpp"
#include "progress.hpp"
#include "tuanthu/atomic_file.hpp"
#include "tuanthu/cleanup.hpp"
#include "tuanthu/core_rules.hpp"
#include "tuanthu/engine.hpp"
#include "tuanthu/form.hpp"
#include "tuanthu/message.hpp"
#include "tuanthu/output_guard.hpp"
#include "tuanthu/plan_loader.hpp"
#include "tuanthu/text.hpp"
#include "tuanthu/xml.hpp"

#ifndef TUANTHU_VERSION
#define TUANTHU_VERSION "0.0.0"
#endif

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace tuanthu;

namespace {

enum Exit { kOk = 0, kFindings = 1, kUsage = 2, kOutput = 3 };

bool g_english = false;
// Prose printed now, in the language chosen; errors are Messages (both languages).
const char* L(const char* vi, const char* en) {
  return g_english ? en : vi;
}

int usage_error(const Message& msg, const char* command = nullptr) {
  std::cerr << "tuanthu: " << msg.text(g_english) << " — " << L("xem", "see") << " 'tuanthu "
            << (command ? std::string(command) + " " : "") << "--help'\n";
  return kUsage;
}

// `--lang en` anywhere on the line: known before the options are parsed, so that even
// a parse error is in the user's language.
bool wants_english(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--lang=en" ||
        (a == "--lang" && i + 1 < argc && std::string_view(argv[i + 1]) == "en"))
      return true;
  }
  return false;
}

// Boost's messages are English; the Vietnamese side names the same problem.
Message describe(const po::error& e) {
  const std::string en = e.what();
  std::string opt;
  if (const auto* n = dynamic_cast<const po::error_with_option_name*>(&e))
    opt = n->get_option_name();
  if (dynamic_cast<const po::unknown_option*>(&e)) return {"không có tùy chọn " + opt, en};
  if (dynamic_cast<const po::ambiguous_option*>(&e))
    return {"tùy chọn " + opt + " không rõ: có nhiều tùy chọn bắt đầu như vậy", en};
  if (dynamic_cast<const po::multiple_occurrences*>(&e))
    return {"tùy chọn " + opt + " chỉ được dùng một lần", en};
  if (dynamic_cast<const po::invalid_option_value*>(&e))
    return {"giá trị không hợp lệ cho " + opt, en};
  if (const auto* syn = dynamic_cast<const po::invalid_command_line_syntax*>(&e))
    return {syn->kind() == po::invalid_syntax::missing_parameter
                ? "tùy chọn " + opt + " thiếu giá trị"
                : "cú pháp dòng lệnh không hợp lệ ở " + opt,
            en};
  if (dynamic_cast<const po::too_many_positional_options_error*>(&e)) return {"thừa đối số", en};
  return {"sai cách dùng: " + en, en};
}

void print_finding(const Finding& f) {
  std::cerr << (f.file.empty() ? "tuanthu" : f.file);
  if (f.line) std::cerr << ':' << f.line << (f.column ? ":" + std::to_string(f.column) : "");
  std::cerr << ": " << (g_english ? to_string(f.severity) : to_vi(f.severity)) << ": "
            << f.text(g_english) << " [" << f.rule << "]\n";
}

const char* kTopHelp =
    "tuanthu — kiểm tra báo cáo của các đơn vị theo kế hoạch và lập báo cáo tổng hợp\n"
    "          (checks units' reports against an administrative plan)\n\n"
    "Cách dùng / usage: tuanthu <lệnh> [tùy chọn]\n\n"
    "Lệnh / commands:\n"
    "  check    kiểm tra các báo cáo của một kỳ, ghi JSON / Excel / thư đôn đốc\n"
    "  forms    lập biểu mẫu Excel cho từng đơn vị điền báo cáo của một kỳ\n"
    "  lint     kiểm tra tệp kế hoạch (rule set)\n"
    "  plugins  liệt kê các plugin đã nạp\n"
    "  rules    liệt kê các mã quy tắc\n\n"
    "Tùy chọn chung / global options: --help, --version\n"
    "Mã thoát / exit codes: 0 không có lỗi, 1 có phát hiện mức lỗi, 2 sai cách dùng hoặc\n"
    "  không đọc được kế hoạch, 3 không ghi được tệp kết quả, 128+N khi bị ngắt bởi tín\n"
    "  hiệu N (130 Ctrl-C, 143 SIGTERM; không để lại tệp tạm).\n"
    "Xem 'tuanthu <lệnh> --help' cho từng lệnh.\n";

po::options_description common_options() {
  po::options_description o("Tùy chọn / options");
  o.add_options()("help,h", "trợ giúp / this help")(
      "lang", po::value<std::string>()->default_value("vi"), "ngôn ngữ thông báo: vi | en")(
      "plugin-dir", po::value<std::vector<std::string>>()->composing(),
      "thư mục plugin (lặp lại được); sau đó TUANTHU_PLUGIN_PATH, rồi thư mục mặc định")(
      "allow-insecure-plugins", "cho phép nạp plugin từ thư mục/tệp người khác ghi được");
  return o;
}

bool parse(int argc, char** argv, const po::options_description& opts,
           const po::positional_options_description* pos, po::variables_map& vm, const char* cmd,
           int& rc) {
  try {
    po::command_line_parser parser(argc, argv);
    parser.options(opts);
    if (pos) parser.positional(*pos);
    po::store(parser.run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    rc = usage_error(describe(e), cmd);
    return false;
  }
  g_english = vm.count("lang") && vm["lang"].as<std::string>() == "en";
  if (vm.count("lang") && vm["lang"].as<std::string>() != "vi" && !g_english) {
    rc = usage_error({"--lang \"" + vm["lang"].as<std::string>() + "\": chỉ nhận vi hoặc en",
                      "--lang \"" + vm["lang"].as<std::string>() + "\": accepts vi or en only"},
                     cmd);
    return false;
  }
  if (vm.count("plugin-dir"))
    for (const auto& d : vm["plugin-dir"].as<std::vector<std::string>>()) {
      std::error_code ec;
      if (!fs::is_directory(d, ec)) {
        rc = usage_error(
            {"--plugin-dir " + d + ": không phải thư mục", "--plugin-dir " + d + ": not a folder"},
            cmd);
        return false;
      }
    }
  return true;
}

// Loads the plugins on the search path. Problems are printed, and also returned in
// `problems` when the caller wants them (check makes them findings, so that a run without
// one of its plugins cannot pass unnoticed).
PluginRegistry load_plugins(const po::variables_map& vm, bool quiet = false,
                            std::vector<Message>* problems = nullptr) {
  std::vector<fs::path> dirs;
  if (vm.count("plugin-dir"))
    for (const auto& d : vm["plugin-dir"].as<std::vector<std::string>>()) dirs.emplace_back(d);
  PluginRegistry reg;
  const bool insecure = vm.count("allow-insecure-plugins") > 0;
  const auto path = plugin_search_path(dirs);
  if (path.empty() && !quiet)
    std::cerr << "tuanthu: "
              << L("không tìm thấy thư mục plugin; dùng --plugin-dir",
                   "no plugin folder found; use --plugin-dir")
              << "\n";
  for (const auto& d : path)
    for (auto& problem : reg.load_directory(d, insecure)) {
      std::cerr << "tuanthu: plugin: " << problem.text(g_english) << "\n";
      if (problems) problems->push_back(std::move(problem));
    }
  return reg;
}

// `findings`: what the loader found in a plan it could load (a setting it dropped).
std::shared_ptr<const Plan> load_plan_or_report(const std::string& file, int& rc,
                                                std::vector<Finding>* findings = nullptr) {
  PlanLoadResult r = load_plan(file);
  if (!r.plan) {
    for (const auto& f : r.findings) print_finding(f);
    rc = kUsage;
  } else if (findings) {
    *findings = std::move(r.findings);
  }
  return r.plan;
}

// ---- lint -------------------------------------------------------------------

int cmd_lint(int argc, char** argv) {
  po::options_description opts = common_options();
  opts.add_options()("plan", po::value<std::string>(), "tệp kế hoạch");
  po::positional_options_description pos;
  pos.add("plan", 1);
  po::variables_map vm;
  int rc = 0;
  if (!parse(argc, argv, opts, &pos, vm, "lint", rc)) return rc;
  if (vm.count("help")) {
    std::cout
        << "Cách dùng / usage: tuanthu lint PLAN.xml\n"
           "Kiểm tra cấu trúc tệp kế hoạch: tham chiếu đơn vị, mã trùng, nhiệm vụ thiếu chủ trì,\n"
           "nhóm lồng vòng, loại yêu cầu, chỉ tiêu, thời gian thực hiện.\n"
           "Mã thoát: 0 sạch, 1 có vấn đề, 2 không đọc được tệp hoặc sai cách dùng.\n\n"
        << opts;
    return kOk;
  }
  if (!vm.count("plan"))
    return usage_error({"thiếu tệp kế hoạch", "missing the plan file"}, "lint");
  const std::string file = vm["plan"].as<std::string>();
  PlanLoadResult r = load_plan(file);
  if (!r.plan) {
    for (const auto& f : r.findings) print_finding(f);
    return kUsage;
  }
  std::vector<Finding> all = r.findings;
  for (auto& f : lint_plan(*r.plan)) all.push_back(std::move(f));
  // <check> entries are checked against the plugins that are there, when any are.
  if (PluginRegistry reg = load_plugins(vm, /*quiet=*/true); !reg.entries().empty())
    for (auto& f : lint_check_configs(*r.plan, reg)) all.push_back(std::move(f));
  sort_findings(all);
  for (const auto& f : all) print_finding(f);
  const Plan& p = *r.plan;
  int groups_members = 0;
  for (const auto& g : p.groups) groups_members += static_cast<int>(g.members.size());
  int reqs = 0;
  for (const auto& t : p.tasks) reqs += static_cast<int>(t.requirements.size());
  std::cout << file << ": " << L("kế hoạch", "plan") << " " << p.id << " — " << p.units.size()
            << L(" đơn vị, ", " units, ") << p.groups.size() << L(" nhóm, ", " groups, ")
            << p.tasks.size() << L(" nhiệm vụ, ", " tasks, ") << reqs
            << L(" yêu cầu", " requirements") << "; " << L("báo cáo", "reporting") << " "
            << to_string(p.cycle.frequency) << " " << p.cycle.first << "–" << p.cycle.last << "\n";
  std::cout << (all.empty() ? L("Không có vấn đề.", "No problems.")
                            : (std::to_string(all.size()) + L(" vấn đề.", " problem(s).")).c_str())
            << "\n";
  return all.empty() ? kOk : kFindings;
}

// ---- plugins / rules ----------------------------------------------------------

int cmd_plugins(int argc, char** argv) {
  po::options_description opts = common_options();
  po::variables_map vm;
  int rc = 0;
  if (!parse(argc, argv, opts, nullptr, vm, "plugins", rc)) return rc;
  if (vm.count("help")) {
    std::cout << "Cách dùng / usage: tuanthu plugins [--plugin-dir DIR]\n"
                 "Liệt kê plugin: tên, loại, phiên bản, mô tả, tệp.\n\n"
              << opts;
    return kOk;
  }
  PluginRegistry reg = load_plugins(vm);
  for (const auto& e : reg.entries())
    std::cout << e.name << "\t" << to_string(e.kind) << "\t" << e.version << "\t"
              << e.description.text(g_english) << "\t" << e.file.string() << "\n";
  if (reg.entries().empty()) {
    std::cerr << "tuanthu: " << L("không nạp được plugin nào", "no plugin loaded") << "\n";
    return kFindings;
  }
  return kOk;
}

int cmd_rules(int argc, char** argv) {
  po::options_description opts = common_options();
  po::variables_map vm;
  int rc = 0;
  if (!parse(argc, argv, opts, nullptr, vm, "rules", rc)) return rc;
  if (vm.count("help")) {
    std::cout << "Cách dùng / usage: tuanthu rules\nLiệt kê mọi mã quy tắc: mã, mức độ, nguồn.\n\n"
              << opts;
    return kOk;
  }
  PluginRegistry reg = load_plugins(vm);
  for (const auto& r : plan_rules())
    std::cout << r.id << "\t" << to_string(r.severity) << "\tcore\t" << r.summary << "\n";
  for (const auto& r : engine_rules())
    std::cout << r.id << "\t" << to_string(r.severity) << "\tcore\t" << r.summary << "\n";
  for (const auto& e : reg.entries())
    for (const auto& r : e.rules)
      std::cout << r.id << "\t" << to_string(r.severity) << "\t" << e.name << "\t" << r.summary
                << "\n";
  return kOk;
}

// ---- check ------------------------------------------------------------------

// --jobs: 1..kMaxJobs, or 0 for the number of cores.
std::optional<unsigned> parse_jobs(std::string_view s) {
  const auto v = text::parse_int(s, 0, kMaxJobs);
  if (!v) return std::nullopt;
  if (*v == 0) return std::clamp(std::thread::hardware_concurrency(), 1u, kMaxJobs);
  return static_cast<unsigned>(*v);
}

// --max-file-size: 1 byte to kMaxFileSizeLimit; digits with an optional K, M or G
// (powers of 1024; "KB", "KiB", "MB", "MiB", … and a final "B" read the same).
std::optional<std::uintmax_t> parse_size(std::string_view s) {
  size_t digits = 0;
  while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
  const auto n = text::parse_int(s.substr(0, digits), 0, LLONG_MAX);
  if (!n) return std::nullopt;
  const auto v = static_cast<std::uintmax_t>(*n);
  std::string unit;
  for (char c : s.substr(digits))
    unit += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::uintmax_t mult = 0;
  if (unit.empty() || unit == "b") mult = 1;
  for (auto [prefix, m] : {std::pair{'k', 1ull << 10}, {'m', 1ull << 20}, {'g', 1ull << 30}})
    if (!unit.empty() && unit[0] == prefix &&
        (unit.size() == 1 || unit.substr(1) == "b" || unit.substr(1) == "ib"))
      mult = m;
  if (!mult || v == 0 || v > kMaxFileSizeLimit / mult) return std::nullopt;
  return v * mult;
}

void print_summary(const Plan& plan, const CheckRun& run, const std::vector<std::string>& written) {
  const StatusModel& st = run.status;
  const Totals& t = st.totals;
  auto pct = [](double v) { return text::format_number_vi(v * 100) + "%"; };
  std::cout << L("Kế hoạch ", "Plan ") << plan.id << L(" — kỳ ", " — period ")
            << st.expectation.period.str() << L(" — tính đến ", " — as of ") << st.as_of.vi()
            << (st.expectation.due
                    ? std::string(L(" (hạn ", " (due ")) + st.expectation.due->vi() + ")"
                    : std::string())
            << "\n";
  std::cout << L("Đơn vị phải báo cáo: ", "Units expected: ") << t.expected
            << L(" · đã nộp: ", " · received: ") << t.received << L(" (đúng hạn ", " (on time ")
            << t.on_time << L(", trễ ", ", late ") << t.late;
  if (t.unknown)
    std::cout << L(", chưa rõ đúng hạn hay trễ ", ", timeliness unknown ") << t.unknown;
  std::cout << ")" << L(" · chưa nộp: ", " · missing: ") << t.missing;
  if (t.not_yet_due) std::cout << L(" · chưa đến hạn: ", " · not yet due: ") << t.not_yet_due;
  std::cout << L(" · mức độ đầy đủ bình quân: ", " · mean completeness: ") << pct(t.completeness)
            << "\n";
  std::cout << L("Tệp đã xét: ", "Files considered: ") << run.files.size()
            << L(" · báo cáo đọc được: ", " · reports read: ") << run.submissions.size() << "\n";
  std::cout << L("Phát hiện: ", "Findings: ") << count_severity(run.findings, Severity::Error)
            << L(" lỗi, ", " errors, ") << count_severity(run.findings, Severity::Warning)
            << L(" cảnh báo, ", " warnings, ") << count_severity(run.findings, Severity::Info)
            << L(" thông tin", " infos") << "\n";
  std::vector<std::string> missing, late;
  for (const auto& u : st.units) {
    if (u.timeliness == Timeliness::Missing || u.timeliness == Timeliness::NotYetDue)
      missing.push_back(plan.display_name(u.unit));
    if (u.timeliness == Timeliness::Late)
      late.push_back(plan.display_name(u.unit) + " (" + std::to_string(u.days_late) +
                     L(" ngày)", " days)"));
  }
  // A terminal line, not a register: the first names, then how many more (the outputs
  // have every unit).
  auto list = [](const std::vector<std::string>& v) {
    constexpr size_t kShown = 20;
    std::string s;
    for (size_t i = 0; i < v.size() && i < kShown; ++i) s += (s.empty() ? "" : "; ") + v[i];
    if (v.size() > kShown)
      s.append(L("; và ", "; and "))
          .append(std::to_string(v.size() - kShown))
          .append(L(" đơn vị khác (xem bảng tổng hợp)", " more (see the workbook)"));
    return s;
  };
  if (!missing.empty()) std::cout << L("Chưa nộp: ", "Missing: ") << list(missing) << "\n";
  if (!late.empty()) std::cout << L("Nộp trễ: ", "Late: ") << list(late) << "\n";
  for (const auto& w : written) std::cout << L("Đã ghi: ", "Written: ") << w << "\n";
}

int cmd_check(int argc, char** argv) {
  po::options_description opts = common_options();
  opts.add_options()("plan", po::value<std::string>(), "tệp kế hoạch (bắt buộc)")(
      "period", po::value<std::string>(), "kỳ báo cáo: 2025, 2025-H1, 2025-Q3, 2025-07 (bắt buộc)")(
      "as-of", po::value<std::string>(),
      "tính đến ngày (mặc định hôm nay): 2025-11-29 hoặc 29/11/2025")(
      "out", po::value<std::vector<std::string>>()->composing(),
      "ghi kết quả vào tệp này, lặp lại được; plugin ghi được chọn theo phần mở rộng "
      "(.xlsx báo cáo tổng hợp Excel, .json kết quả JSON; xem 'tuanthu plugins'); "
      "THƯ_MỤC/ (dấu / ở cuối) hoặc một thư mục có sẵn: thư góp ý cho từng đơn vị")(
      "letters", po::value<std::string>(),
      "dạng thư góp ý trong thư mục --out THƯ_MỤC/: txt, docx… (mặc định docx nếu có plugin "
      "ghi, nếu không txt)")("json", po::value<std::string>(),
                             "ghi kết quả dạng JSON (như --out FILE.json)")(
      "feedback", po::value<std::string>(),
      "thư mục ghi thư góp ý dạng văn bản (như --out THƯ_MỤC/ --letters txt)")(
      "docx-reference", po::value<std::string>(),
      "tệp .docx mẫu (kiểu chữ, tiêu đề của cơ quan) cho mọi plugin ghi .docx")(
      "jobs,j", po::value<std::string>(), "số luồng 1–256; 0 = số lõi CPU (mặc định)")(
      "quiet,q",
      "không hiện thanh tiến độ / no progress bar (it shows only on a terminal, for more "
      "than 200 files)")(
      "timings",
      "in thời gian từng bước (nạp kế hoạch, plugin, từng giai đoạn kiểm tra) và của từng "
      "plugin ghi, ra stderr / prints the time of each step (plan, plugins, each phase of the "
      "check) and of each writer on stderr (scripts/bench)")(
      "max-file-size", po::value<std::string>(),
      "bỏ qua tệp lớn hơn cỡ này: 1 byte đến 1G; K, M, G = 1024, 1024², 1024³ (mặc định 64M)")(
      "input", po::value<std::vector<std::string>>(), "tệp hoặc thư mục báo cáo");
  po::positional_options_description pos;
  pos.add("input", -1);
  po::variables_map vm;
  int rc = 0;
  if (!parse(argc, argv, opts, &pos, vm, "check", rc)) return rc;
  if (vm.count("help")) {
    std::cout
        << "Cách dùng / usage: tuanthu check --plan PLAN --period P [--as-of DATE]\n"
           "                    [--out FILE.xlsx] [--out FILE.json] [--out DIR/ [--letters txt]]…\n"
           "                    PATH…\n"
           "Đọc các báo cáo (tệp hoặc thư mục, đọc đệ quy), kiểm tra theo kế hoạch và ghi "
           "kết quả.\n"
           "--out chọn plugin ghi theo phần mở rộng của tệp; với THƯ_MỤC/ (dấu / ở cuối, hoặc "
           "một\n"
           "thư mục có sẵn) là thư góp ý cho từng đơn vị, dạng --letters (mặc định docx nếu có "
           "plugin\n"
           "ghi thư .docx, nếu không txt). --json F = --out F; --feedback D = --out D/ "
           "--letters txt.\n"
           "Kết quả không được trùng, nằm trong hay chứa đầu vào (kể cả tệp kế hoạch);\n"
           "mỗi thư mục thư được thay mới toàn bộ mỗi lần chạy và chỉ chứa thư của lần\n"
           "chạy đó (tuanthu không ghi vào thư mục có tệp khác).\n"
           "Mã thoát: 0 không có lỗi, 1 có phát hiện mức lỗi, 2 sai cách dùng hoặc kế hoạch\n"
           "không đọc được, 3 không ghi được tệp kết quả, 130/143 bị ngắt (Ctrl-C/SIGTERM).\n"
           "--out picks the writer by the file's extension; DIR/ (or an existing folder) is a\n"
           "folder of letters, in the --letters format (default: docx when a .docx letters\n"
           "writer is loaded, else txt). Outputs never overlap inputs; folders are replaced\n"
           "whole each run.\n\n"
        << opts;
    return kOk;
  }
  if (!vm.count("plan"))
    return usage_error({"thiếu --plan PLAN.xml", "missing --plan PLAN.xml"}, "check");
  if (!vm.count("period"))
    return usage_error(
        {"thiếu --period (ví dụ --period 2025)", "missing --period (e.g. --period 2025)"}, "check");
  if (!vm.count("input"))
    return usage_error({"thiếu tệp hoặc thư mục báo cáo", "missing report files or folders"},
                       "check");
  CheckRunOptions ro;
  const std::string period_text = vm["period"].as<std::string>();
  auto period = Period::parse(period_text);
  if (!period)
    return usage_error(
        {"kỳ báo cáo không hợp lệ: " + period_text + " (dùng 2025, 2025-H1, 2025-Q3 hoặc 2025-07)",
         "bad period: " + period_text + " (use 2025, 2025-H1, 2025-Q3 or 2025-07)"},
        "check");
  ro.period = *period;
  ro.as_of = Date::today();
  if (vm.count("as-of")) {
    auto d = text::parse_date(vm["as-of"].as<std::string>());
    if (!d)
      return usage_error({"ngày --as-of không hợp lệ: " + vm["as-of"].as<std::string>() +
                              " (dùng 2025-11-20 hoặc 20/11/2025)",
                          "bad --as-of date: " + vm["as-of"].as<std::string>() +
                              " (use 2025-11-20 or 20/11/2025)"},
                         "check");
    ro.as_of = *d;
  }
  ro.jobs = std::clamp(std::thread::hardware_concurrency(), 1u, kMaxJobs);
  if (vm.count("jobs")) {
    const std::string v = vm["jobs"].as<std::string>();
    const auto jobs = parse_jobs(v);
    if (!jobs)
      return usage_error({"--jobs \"" + v + "\": cần một số nguyên từ 1 đến " +
                              std::to_string(kMaxJobs) + ", hoặc 0 (bằng số lõi CPU)",
                          "--jobs \"" + v + "\": expects a whole number from 1 to " +
                              std::to_string(kMaxJobs) + ", or 0 (the number of CPU cores)"},
                         "check");
    ro.jobs = *jobs;
  }
  if (vm.count("max-file-size")) {
    const std::string v = vm["max-file-size"].as<std::string>();
    const auto size = parse_size(v);
    if (!size)
      return usage_error({"--max-file-size \"" + v +
                              "\": cần từ 1 byte đến 1G (1 GiB); ví dụ 500000, 64M, 1G "
                              "(K, M, G là lũy thừa của 1024)",
                          "--max-file-size \"" + v +
                              "\": expects 1 byte to 1G (1 GiB); e.g. 500000, 64M, 1G "
                              "(K, M, G are powers of 1024)"},
                         "check");
    ro.max_file_size = *size;
  }
  for (const auto& i : vm["input"].as<std::vector<std::string>>()) ro.inputs.emplace_back(i);
  // On more than one thread the folders are walked while the plan and plugins load.
  if (ro.jobs > 1) ro.found = find_inputs_ahead(ro.inputs);

  const std::string plan_file = vm["plan"].as<std::string>();
  // --timings: each step's own time (`timing: <step> S s`), the check's phases among them
  // (`check:<phase>`), for bench/ and for a user asking where a long run's time goes.
  const bool timings = vm.count("timings") > 0;
  auto step_started = std::chrono::steady_clock::now();
  auto step_done = [&](const std::string& step) {
    if (!timings) return;
    std::cerr << cli::timing_line(step, "", step_started);
    step_started = std::chrono::steady_clock::now();
  };
  std::vector<Finding> loaded;
  auto plan = load_plan_or_report(plan_file, rc, &loaded);
  if (!plan) return rc;
  const Plan& p = *plan;
  step_done("plan");
  {
    // The loader's own errors too: a setting it could not read (min-words="-1", a bad
    // roles=) was dropped, and the run would go on without it unannounced.
    auto lint = lint_plan(p);
    if (count_severity(lint, Severity::Error) + count_severity(loaded, Severity::Error) > 0)
      std::cerr << "tuanthu: " << plan_file << ": "
                << L("kế hoạch có lỗi cấu trúc; chạy 'tuanthu lint' để xem chi tiết",
                     "the plan has structural errors; run 'tuanthu lint' for details")
                << "\n";
  }
  step_done("lint");
  if (ro.period.frequency != p.cycle.frequency)
    return usage_error({"kỳ " + period_text + " không khớp chu kỳ báo cáo của kế hoạch (" +
                            std::string(to_string(p.cycle.frequency)) + ")",
                        "period " + period_text + " does not match the plan's cycle (" +
                            std::string(to_string(p.cycle.frequency)) + ")"},
                       "check");
  if (ro.period.year < p.cycle.first || ro.period.year > p.cycle.last) {
    const std::string years = std::to_string(p.cycle.first) + "–" + std::to_string(p.cycle.last);
    return usage_error(
        {"kỳ " + period_text + " nằm ngoài thời gian báo cáo của kế hoạch " + years,
         "period " + period_text + " is outside the plan's reporting years " + years},
        "check");
  }

  // Outputs: which kind of writer writes where, then the one check that they stay apart
  // from every input and from each other, and that every folder is the run's to replace.
  cli::OutputFlags of;
  if (vm.count("out")) of.out = vm["out"].as<std::vector<std::string>>();
  for (auto [flag, field] : {std::pair{"json", &of.json},
                             {"feedback", &of.feedback},
                             {"letters", &of.letters},
                             {"docx-reference", &of.docx_reference}})
    if (vm.count(flag)) *field = vm[flag].as<std::string>();
  of.timings = vm.count("timings") > 0;
  std::vector<cli::OutputRequest> outputs;
  if (auto why = cli::requested_outputs(of, outputs)) return usage_error(*why, "check");
  {
    std::vector<NamedPath> ins;
    ins.push_back({{"tệp kế hoạch (--plan)", "the plan file (--plan)"}, plan_file});
    for (const auto& in : ro.inputs) ins.push_back({{"đầu vào", "the input"}, in});
    if (auto why = cli::check_outputs(of, outputs, std::move(ins)))
      return usage_error(*why, "check");
  }

  std::vector<Message> load_problems;
  PluginRegistry reg = load_plugins(vm, false, &load_problems);
  if (reg.readers().empty())
    return usage_error({"không có plugin đọc báo cáo nào; kiểm tra --plugin-dir",
                        "no reader plugin loaded; check --plugin-dir"},
                       "check");
  step_done("plugins");
  for (const auto& f : lint_check_configs(p, reg)) print_finding(f);
  if (auto why = cli::choose_writers(reg, outputs)) return usage_error(*why, "check");

  // From here on an interrupt removes the temporary files and folders before exiting.
  cleanup::install_signal_handlers();
  // The bar only on a terminal: a log file or a pipe gets no carriage returns.
  std::optional<cli::ProgressBar> bar;
  if (!vm.count("quiet") && ::isatty(STDERR_FILENO)) {
    bar.emplace(std::cerr, g_english);
    ro.progress = [&bar](size_t done, size_t total, std::uintmax_t bytes) {
      if (total > cli::kProgressMinFiles) bar->update(done, total, bytes);
    };
  }
  // Findings keep the language of the outputs only: Vietnamese, when no writer is told to
  // speak its own (letters' `language` param). With --lang en both are kept: the letters
  // stay Vietnamese unless told otherwise, and quote the Vietnamese messages.
  const bool own_language = std::any_of(p.writers.begin(), p.writers.end(), [](const auto& w) {
    return w.params.count("language") > 0;
  });
  ro.messages = own_language || g_english ? CheckRunOptions::Messages::Both
                                          : CheckRunOptions::Messages::Vietnamese;
  const auto started = std::chrono::steady_clock::now();
  // The phases' lines are held until the progress bar has drawn its last line.
  std::string phase_lines;
  if (timings) {
    step_started = started;
    ro.phase_done = [&](const char* phase) {
      phase_lines += cli::timing_line(std::string("check:") + phase, "", step_started);
      step_started = std::chrono::steady_clock::now();
    };
  }
  CheckRun run = run_check(p, reg, ro);
  if (bar) bar->finish();
  std::cerr << phase_lines;
  // What the check let go (reports read, their sections, per-thread buffers) goes back to
  // the system before the writers build their outputs: glibc keeps freed memory in each
  // thread's arena otherwise, and the peak would count it twice.
  if (!outputs.empty()) ::malloc_trim(0);
  if (of.timings) std::cerr << cli::timing_line("check", "", started);
  // A plugin that did not load is an error of the run, in every output, not only a line
  // on the terminal: a scheduled run without the province's own check must not pass.
  for (const auto& why : load_problems)
    run.findings.push_back(file_finding(rules::kPluginError, "", 0, 0,
                                        "không nạp được plugin: " + why.vi,
                                        "a plugin could not be loaded: " + why.en, "core"));
  if (!load_problems.empty()) sort_findings(run.findings);  // run_check's are sorted

  WriteContext wctx{p, run.status, run.submissions, run.findings, g_english, TUANTHU_VERSION};
  std::vector<std::string> written;
  int exit_code = count_severity(run.findings, Severity::Error) > 0 ? kFindings : kOk;
  if (!cli::write_outputs(outputs, of, wctx, g_english, written, ro.jobs)) exit_code = kOutput;
  print_summary(p, run, written);
  // The run's model (a national run: millions of small blocks) is not freed block by block on
  // the way out, a twentieth of the run's time: the process ends here and the system takes
  // its memory back at once. Held from a static pointer, it stays reachable, not a leak.
  static auto* const kept = new std::vector<CheckRun>();
  kept->push_back(std::move(run));
  return exit_code;
}

// ---- forms ------------------------------------------------------------------

int cmd_forms(int argc, char** argv) {
  po::options_description opts = common_options();
  opts.add_options()("plan", po::value<std::string>(), "tệp kế hoạch (bắt buộc)")(
      "period", po::value<std::string>(), "kỳ báo cáo: 2025, 2025-H1, 2025-Q3, 2025-07 (bắt buộc)")(
      "unit", po::value<std::vector<std::string>>()->composing(),
      "mã đơn vị (lặp lại được); mặc định: mọi đơn vị phải báo cáo trong kỳ")(
      "out", po::value<std::string>(), "thư mục ghi biểu mẫu (bắt buộc)")(
      "format", po::value<std::string>()->default_value("xlsx"), "loại biểu mẫu (mặc định xlsx)");
  po::variables_map vm;
  int rc = 0;
  if (!parse(argc, argv, opts, nullptr, vm, "forms", rc)) return rc;
  if (vm.count("help")) {
    std::cout
        << "Cách dùng / usage: tuanthu forms --plan PLAN --period P [--unit ID]… --out DIR\n"
           "                    [--format xlsx]\n"
           "Lập cho mỗi đơn vị phải báo cáo trong kỳ (hoặc mỗi --unit) một biểu mẫu Excel "
           "hỏi đúng\n"
           "những gì kế hoạch giao cho đơn vị: nhiệm vụ, vai trò, từng yêu cầu. Đơn vị điền "
           "bằng\n"
           "Excel hoặc LibreOffice rồi gửi lại; 'tuanthu check' đọc biểu mẫu đã điền như "
           "một báo cáo.\n"
           "Thư mục DIR được thay mới toàn bộ, chỉ khi nó chưa có, trống, hoặc do tuanthu "
           "ghi.\n"
           "Mã thoát: 0 đã ghi, 2 sai cách dùng hoặc kế hoạch không đọc được, 3 không ghi "
           "được.\n"
           "Writes one Excel form per unit expected in the period (or per --unit), asking "
           "exactly\n"
           "what the plan asks of it; 'tuanthu check' reads the filled forms like reports.\n\n"
        << opts;
    return kOk;
  }
  if (!vm.count("plan"))
    return usage_error({"thiếu --plan PLAN.xml", "missing --plan PLAN.xml"}, "forms");
  if (!vm.count("period"))
    return usage_error(
        {"thiếu --period (ví dụ --period 2025)", "missing --period (e.g. --period 2025)"}, "forms");
  if (!vm.count("out"))
    return usage_error({"thiếu --out THƯ_MỤC", "missing --out FOLDER"}, "forms");
  const std::string period_text = vm["period"].as<std::string>();
  const auto period = Period::parse(period_text);
  if (!period)
    return usage_error(
        {"kỳ báo cáo không hợp lệ: " + period_text + " (dùng 2025, 2025-H1, 2025-Q3 hoặc 2025-07)",
         "bad period: " + period_text + " (use 2025, 2025-H1, 2025-Q3 or 2025-07)"},
        "forms");
  const std::string plan_file = vm["plan"].as<std::string>();
  const std::string out_dir = vm["out"].as<std::string>();
  auto plan = load_plan_or_report(plan_file, rc);
  if (!plan) return rc;
  const Plan& p = *plan;
  if (period->frequency != p.cycle.frequency)
    return usage_error({"kỳ " + period_text + " không khớp chu kỳ báo cáo của kế hoạch (" +
                            std::string(to_string(p.cycle.frequency)) + ")",
                        "period " + period_text + " does not match the plan's cycle (" +
                            std::string(to_string(p.cycle.frequency)) + ")"},
                       "forms");
  if (period->year < p.cycle.first || period->year > p.cycle.last) {
    const std::string years = std::to_string(p.cycle.first) + "–" + std::to_string(p.cycle.last);
    return usage_error(
        {"kỳ " + period_text + " nằm ngoài thời gian báo cáo của kế hoạch " + years,
         "period " + period_text + " is outside the plan's reporting years " + years},
        "forms");
  }
  const Expectation expectation = compute_expectation(p, *period);
  std::vector<const ExpectedUnit*> units;
  if (vm.count("unit")) {
    for (const auto& id : vm["unit"].as<std::vector<std::string>>()) {
      const ExpectedUnit* eu = expectation.find(id);
      if (!eu)
        return usage_error(
            p.find_unit(id)
                ? Message{"đơn vị " + id + " không được giao nhiệm vụ nào trong kỳ " + period_text,
                          "unit " + id + " has no task in period " + period_text}
                : Message{"kế hoạch không có đơn vị mã " + id, "the plan has no unit " + id},
            "forms");
      if (std::find(units.begin(), units.end(), eu) == units.end()) units.push_back(eu);
    }
  } else {
    for (const auto& eu : expectation.units) units.push_back(&eu);
  }
  if (units.empty())
    return usage_error({"không có đơn vị nào phải báo cáo trong kỳ " + period_text,
                        "no unit has to report in period " + period_text},
                       "forms");
  // The folder is the run's to replace, and apart from the plan.
  if (auto why =
          check_outputs_apart({{Message::same("--out"), out_dir}},
                              {{{"tệp kế hoạch (--plan)", "the plan file (--plan)"}, plan_file}}))
    return usage_error(*why, "forms");
  if (auto why = AtomicDirectory::check_target(out_dir))
    return usage_error("--out: " + *why, "forms");
  const std::string format = vm["format"].as<std::string>();
  PluginRegistry reg = load_plugins(vm);
  // The command knows no file format: the form maker for --format writes the forms.
  auto maker = reg.form_maker_for(format);
  if (!maker) {
    std::string known;
    for (const auto& m : reg.form_makers()) known += (known.empty() ? "." : ", .") + m->extension();
    return usage_error(
        {"không có plugin lập biểu mẫu dạng ." + format + " (lập được: " + known + ")",
         "no form maker plugin for ." + format + " (available: " + known + ")"},
        "forms");
  }
  std::vector<std::string> ids;
  for (const auto* eu : units) ids.push_back(eu->unit);
  const std::vector<std::string> names = form::file_names(ids, maker->extension());

  // From here on an interrupt removes the temporary folder before exiting.
  cleanup::install_signal_handlers();
  try {
    AtomicDirectory folder(out_dir);
    for (size_t i = 0; i < units.size(); ++i) {
      // The maker writes by path (libxlsxwriter); the bytes then go into the folder.
      const fs::path scratch = folder.temp_path() / ("." + names[i] + ".part");
      try {
        maker->write(FormContext{p, expectation, *units[i], TUANTHU_VERSION}, scratch);
      } catch (const std::exception& e) {
        throw Error(names[i] + ": " + message_of(e) + " [" + maker->name() + "]");
      }
      Message error;
      auto bytes = xml::read_file(scratch, std::uintmax_t(1) << 30, error);
      std::error_code ec;
      fs::remove(scratch, ec);
      if (!bytes) throw Error(names[i] + ": " + error);
      folder.add(names[i], *bytes);
    }
    folder.commit();
  } catch (const std::exception& e) {  // tuanthu::Error, or whatever the maker threw
    const Message why =
        Message{"không ghi được biểu mẫu: ", "cannot write the forms: "} + message_of(e);
    std::cerr << "tuanthu: " << out_dir << ": " << why.text(g_english) << "\n";
    return kOutput;
  }
  std::cout << L("Kế hoạch ", "Plan ") << p.id << L(" — kỳ ", " — period ") << period->str()
            << (expectation.due ? std::string(L(" (hạn ", " (due ")) + expectation.due->vi() + ")"
                                : std::string())
            << "\n";
  for (size_t i = 0; i < units.size(); ++i)
    std::cout << "  " << names[i] << "\t" << p.display_name(units[i]->unit) << "\n";
  std::cout << L("Đã ghi ", "Written: ") << units.size() << L(" biểu mẫu vào ", " form(s) in ")
            << out_dir << "\n";
  return kOk;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  if (argc < 2) {
    std::cerr << kTopHelp;
    return kUsage;
  }
  const std::string cmd = argv[1];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::cout << kTopHelp;
    return kOk;
  }
  g_english = wants_english(argc, argv);
  if (cmd == "--version") {
    std::cout << "tuanthu " << TUANTHU_VERSION << " (plugin ABI " << kAbiVersion << ")\n";
    return kOk;
  }
  try {
    if (cmd == "lint") return cmd_lint(argc - 1, argv + 1);
    if (cmd == "check") return cmd_check(argc - 1, argv + 1);
    if (cmd == "forms") return cmd_forms(argc - 1, argv + 1);
    if (cmd == "plugins") return cmd_plugins(argc - 1, argv + 1);
    if (cmd == "rules") return cmd_rules(argc - 1, argv + 1);
  } catch (const std::exception& e) {  // tuanthu::Error or anything else: one line, exit 2
    std::cerr << "tuanthu: " << message_of(e).text(g_english) << "\n";
    return kUsage;
  }
  return usage_error({"lệnh không rõ '" + cmd + "'", "unknown command '" + cmd + "'"});
}
