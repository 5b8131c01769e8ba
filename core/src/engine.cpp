#include "tuanthu/engine.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "tuanthu/core_rules.hpp"
#include "tuanthu/plan_loader.hpp"
#include "tuanthu/submission.hpp"
#include "tuanthu/xml.hpp"

namespace tuanthu {

namespace fs = std::filesystem;

std::vector<Rule> engine_rules() {
  using namespace rules;
  return {kInputUnreadable, kInputUnsupported, kInputDuplicatePath, kPluginError};
}

namespace {

Finding engine_finding(const Rule& rule, const std::string& file, std::string vi, std::string en) {
  return file_finding(rule, file, 0, 0, std::move(vi), std::move(en), "core");
}

struct FileSlot {
  fs::path path;
  std::optional<Finding> problem;  // set during collection (dangling link, …)
};

// Files in a deterministic order; each physical file once (device, inode).
std::vector<FileSlot> collect(const std::vector<fs::path>& inputs, std::vector<Finding>& findings) {
  std::vector<FileSlot> out;
  std::set<std::pair<dev_t, ino_t>> seen;
  auto add = [&](const fs::path& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) {
      std::error_code ec;
      const bool is_link = fs::is_symlink(fs::symlink_status(p, ec));
      FileSlot slot{
          p, engine_finding(rules::kInputUnreadable, p.string(),
                            is_link ? "liên kết hỏng hoặc vòng lặp; kiểm tra lại tệp được liên kết"
                                    : "không tìm thấy tệp; kiểm tra lại đường dẫn",
                            is_link ? "dangling or looping symbolic link" : "file not found")};
      out.push_back(std::move(slot));
      return;
    }
    if (!S_ISREG(st.st_mode)) return;
    if (!seen.insert({st.st_dev, st.st_ino}).second) {
      findings.push_back(
          engine_finding(rules::kInputDuplicatePath, p.string(),
                         "tệp này đã được đọc qua một đường dẫn khác; chỉ tính một lần",
                         "this file was already reached through another path; read once"));
      return;
    }
    out.push_back(FileSlot{p, std::nullopt});
  };
  for (const auto& in : inputs) {
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      std::vector<fs::path> found;
      // Directory links are not followed (no loops); file links are.
      fs::recursive_directory_iterator it(in, fs::directory_options::skip_permission_denied, ec),
          end;
      for (; !ec && it != end; it.increment(ec)) {
        std::error_code sec;
        const auto st = it->symlink_status(sec);
        if (fs::is_regular_file(st) || (fs::is_symlink(st) && !fs::is_directory(it->path(), sec)))
          found.push_back(it->path());
      }
      if (ec)
        findings.push_back(engine_finding(rules::kInputUnreadable, in.string(),
                                          "không đọc hết được thư mục: " + ec.message(),
                                          "cannot read the whole folder: " + ec.message()));
      std::sort(found.begin(), found.end());
      for (const auto& f : found) add(f);
    } else {
      add(in);
    }
  }
  return out;
}

struct ReadOutcome {
  std::string reader;
  std::optional<Report> report;
  std::vector<Finding> findings;
};

// A plugin's declared rules, id → default severity.
using RuleIds = std::map<std::string, Severity, std::less<>>;

RuleIds declared_rules(const Plugin& p) {
  RuleIds ids;
  try {
    for (const Rule& r : p.rules()) ids.emplace(r.id, r.severity);
  } catch (...) {
    // A plugin whose rules() throws has declared nothing: all it emits becomes plugin-error.
  }
  return ids;
}

// A finding under a rule the plugin did not declare becomes plugin-error: it would
// escape docs/rules.md and the plan's control.
Finding undeclared(const Plugin& p, const Finding& f) {
  return engine_finding(rules::kPluginError, f.file,
                        "plugin " + p.name() + " phát hiện theo quy tắc \"" + f.rule +
                            "\" không được khai báo; kết quả này bị bỏ",
                        "plugin " + p.name() + " emitted the undeclared rule \"" + f.rule +
                            "\"; the finding was dropped");
}

ReadOutcome read_one(const FileSlot& slot, const std::vector<std::shared_ptr<Reader>>& readers,
                     const std::vector<ReaderClaim>& claims,
                     const std::vector<RuleIds>& reader_rules, const Plan& plan,
                     std::uintmax_t max_size) {
  ReadOutcome out;
  const std::string name = slot.path.string();
  if (slot.problem) {
    out.findings.push_back(*slot.problem);
    return out;
  }
  Message error;
  auto bytes = xml::read_file(slot.path, max_size, error);
  if (!bytes) {
    out.findings.push_back(engine_finding(rules::kInputUnreadable, name,
                                          "không đọc được tệp: " + error.vi,
                                          "cannot read the file: " + error.en));
    return out;
  }
  const std::string_view head = std::string_view(*bytes).substr(0, 4096);
  // The reader is the one whose declared claim takes the file (plugin_host.cpp), never
  // the first to say yes.
  if (const auto chosen = choose_reader(claims, slot.path, head)) {
    const size_t k = *chosen;
    const auto& r = readers[k];
    try {
      out.reader = r->name();
      ReadResult rr = r->read(name, *bytes, plan);
      out.report = std::move(rr.report);
      out.findings = std::move(rr.findings);
      for (Finding& f : out.findings) {
        const auto rule = reader_rules[k].find(f.rule);
        if (rule == reader_rules[k].end()) {
          f = undeclared(*r, f);
        } else {  // stamped here, however the reader built the finding
          f.severity = rule->second;
          f.plugin = out.reader;
        }
      }
    } catch (const std::exception& e) {
      const Message m = message_of(e);
      out.findings.push_back(engine_finding(
          rules::kPluginError, name, "plugin " + r->name() + " gặp lỗi khi đọc tệp: " + m.vi,
          "plugin " + r->name() + " failed reading the file: " + m.en));
      out.report.reset();
    } catch (...) {
      out.findings.push_back(engine_finding(rules::kPluginError, name,
                                            "plugin " + r->name() + " gặp lỗi không rõ khi đọc tệp",
                                            "plugin " + r->name() + " failed reading the file"));
      out.report.reset();
    }
    return out;
  }
  out.findings.push_back(engine_finding(
      rules::kInputUnsupported, name,
      "không có plugin nào đọc được loại tệp này; gửi biểu mẫu Excel (.xlsx) đã điền hoặc "
      "báo cáo dạng XML theo mẫu (docs/report-format.md)",
      "no reader plugin takes this file; send the filled Excel form (.xlsx) or an XML report "
      "(docs/report-format.md)"));
  return out;
}

// Runs `fn(i)` for i in [0, n) on up to `jobs` threads.
template <class Fn>
void parallel_for(size_t n, unsigned jobs, Fn fn) {
  jobs = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(std::max<size_t>(n, 1))));
  if (jobs == 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < jobs; ++t)
    pool.emplace_back([&] {
      for (size_t i; (i = next.fetch_add(1)) < n;) fn(i);
    });
  for (auto& th : pool) th.join();
}

}  // namespace

CheckRun run_check(const Plan& plan, const PluginRegistry& plugins, const CheckRunOptions& opts) {
  CheckRun run;
  const std::uintmax_t max_size =
      std::min(opts.max_file_size ? opts.max_file_size : kDefaultMaxFileSize, kMaxFileSizeLimit);
  const unsigned jobs = std::clamp(opts.jobs, 1u, kMaxJobs);

  const std::vector<FileSlot> files = collect(opts.inputs, run.findings);
  const auto readers = plugins.readers();
  std::vector<RuleIds> reader_rules;
  std::vector<ReaderClaim> claims;
  for (const auto& r : readers) {
    reader_rules.push_back(declared_rules(*r));
    try {
      claims.push_back(r->claim());
    } catch (...) {
      claims.emplace_back();  // checked at load; a reader that stops declaring takes nothing
    }
  }
  std::vector<ReadOutcome> outcomes(files.size());
  parallel_for(files.size(), jobs, [&](size_t i) {
    outcomes[i] = read_one(files[i], readers, claims, reader_rules, plan, max_size);
  });

  for (size_t i = 0; i < files.size(); ++i) {
    ReadOutcome& o = outcomes[i];
    run.files.push_back(InputFile{files[i].path, o.reader, o.report.has_value()});
    for (auto& f : o.findings) run.findings.push_back(std::move(f));
    if (o.report) {
      Submission s;
      s.report = std::move(*o.report);
      run.submissions.push_back(std::move(s));
    }
  }
  outcomes.clear();

  Expectation expectation = compute_expectation(plan, opts.period);
  decide_submissions(plan, expectation, opts.as_of, run.submissions);
  std::vector<size_t> counted;
  for (size_t i = 0; i < run.submissions.size(); ++i)
    if (run.submissions[i].disposition == Disposition::Counted) counted.push_back(i);
  const int min_words = default_min_words(plan);
  parallel_for(counted.size(), jobs, [&](size_t n) {
    judge_submission(plan, expectation, min_words, run.submissions[counted[n]]);
  });

  // Each check gets its own context with its options from the plan: the check objects hold
  // no run state, so a run is re-entrant.
  const auto checks = plugins.checks();
  std::vector<CheckOptions> options;
  std::vector<CheckContext> contexts;
  std::vector<RuleIds> declared;
  options.reserve(checks.size());
  contexts.reserve(checks.size());
  for (const auto& c : checks) {
    options.emplace_back(plan, c->name());
    contexts.push_back(
        CheckContext{plan, expectation, run.submissions, opts.as_of, options.back()});
    declared.push_back(declared_rules(*c));
  }
  // A hook that throws loses only what it had not yet emitted; the finding says which step.
  auto guarded = [&](const std::shared_ptr<Check>& c, const std::string& file, const Message& step,
                     auto&& call, std::vector<Finding>& out) {
    Message why;
    try {
      call();
      return;
    } catch (const std::exception& e) {
      why = message_of(e);
    } catch (...) {
      why = {"lỗi không rõ", "unknown error"};
    }
    out.push_back(engine_finding(rules::kPluginError, file,
                                 "plugin " + c->name() + " gặp lỗi khi " + step.vi + ": " + why.vi +
                                     "; kết quả của bước này có thể thiếu",
                                 "plugin " + c->name() + " failed " + step.en + ": " + why.en +
                                     "; its findings for this step may be incomplete"));
  };
  const Message whole_period{"kiểm tra toàn kỳ", "checking the whole period"};
  const Message one_report{"kiểm tra báo cáo này", "checking this report"};
  // The framework's half of emit(): the plan's per-rule configuration, and no finding under
  // a rule the check did not declare.
  auto stamp = [&](size_t k, std::vector<Finding>& v, size_t from) {
    size_t keep = from;
    for (size_t i = from; i < v.size(); ++i) {
      Finding& f = v[i];
      if (f.rule == rules::kPluginError.id && f.plugin == "core") {
        // the engine's own report of a throwing hook: kept as it is
      } else if (const auto rule = declared[k].find(f.rule); rule == declared[k].end()) {
        f = undeclared(*checks[k], f);
      } else {  // stamped here, however the check built the finding
        if (!options[k].rule_enabled(f.rule)) continue;
        f.plugin = checks[k]->name();
        f.severity = options[k].severity(f.rule, rule->second);
      }
      if (keep != i) v[keep] = std::move(f);
      ++keep;
    }
    v.resize(keep);
  };
  for (size_t k = 0; k < checks.size(); ++k) {
    const size_t from = run.findings.size();
    guarded(
        checks[k], plan.file, whole_period,
        [&] { checks[k]->check_run(contexts[k], run.findings); }, run.findings);
    stamp(k, run.findings, from);
  }
  std::vector<std::vector<Finding>> per_report(counted.size());
  parallel_for(counted.size(), jobs, [&](size_t n) {
    const Submission& s = run.submissions[counted[n]];
    std::vector<Finding>& out = per_report[n];
    for (size_t k = 0; k < checks.size(); ++k) {
      const size_t from = out.size();
      guarded(
          checks[k], s.report.file, one_report,
          [&] { checks[k]->check_report(contexts[k], s, out); }, out);
      stamp(k, out, from);
    }
  });
  for (auto& v : per_report)
    for (auto& f : v) run.findings.push_back(std::move(f));

  sort_findings(run.findings);
  run.status =
      compute_status(plan, std::move(expectation), opts.as_of, run.submissions, run.findings);
  return run;
}

}  // namespace tuanthu
