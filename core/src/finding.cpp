#include "tuanthu/finding.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "tuanthu/parallel.hpp"

namespace tuanthu {

Finding make_finding(Symbol unit, Symbol task, Symbol requirement, std::string message_vi,
                     std::string message_en, Symbol file, int line) {
  Finding f;
  f.unit = unit;
  f.task = task;
  f.requirement = requirement;
  f.message = std::move(message_vi);
  f.message_en = std::move(message_en);
  f.file = file;
  f.line = line;
  return f;
}

Finding file_finding(const Rule& rule, Symbol file, int line, int column, std::string message_vi,
                     std::string message_en, Symbol plugin) {
  Finding f = make_finding({}, {}, {}, std::move(message_vi), std::move(message_en), file, line);
  f.rule = rule.id;
  f.severity = rule.severity;
  f.column = column;
  f.plugin = plugin;
  return f;
}

bool finding_less(const Finding& a, const Finding& b) {
  return std::tie(a.file, a.line, a.column, a.rule, a.unit, a.task, a.requirement, a.message) <
         std::tie(b.file, b.line, b.column, b.rule, b.unit, b.task, b.requirement, b.message);
}

void sort_findings(std::vector<Finding>& findings) {
  sort_findings(findings, 1);
}

void sort_findings(std::vector<Finding>& findings, unsigned jobs) {
  // Sorted by index, then each moved once: a Finding holds two strings and six symbols, and
  // a merge sort moves each element many times.
  // The file decides first and a national run names 20,000 files, each in many findings:
  // each distinct file is ranked once, so most comparisons compare two numbers, not two
  // paths (the order is finding_less's).
  std::unordered_map<const std::string*, size_t> rank;
  // try_emplace: emplace would make (and free) a node for every finding of a known file.
  for (const Finding& f : findings) rank.try_emplace(&f.file.str(), 0);
  std::vector<const std::string*> files;
  files.reserve(rank.size());
  for (const auto& [file, r] : rank) files.push_back(file);
  std::sort(files.begin(), files.end(),
            [](const std::string* a, const std::string* b) { return *a < *b; });
  for (size_t r = 0; r < files.size(); ++r) rank[files[r]] = r;
  std::vector<size_t> file_rank(findings.size());
  for (size_t i = 0; i < findings.size(); ++i) file_rank[i] = rank[&findings[i].file.str()];
  std::vector<size_t> order(findings.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto less = [&](size_t a, size_t b) {
    if (file_rank[a] != file_rank[b]) return file_rank[a] < file_rank[b];
    return finding_less(findings[a], findings[b]);
  };
  // On two threads: each half sorted apart, then merged, the first half first among equals:
  // the order stable_sort gives the whole.
  if (jobs > 1 && order.size() >= 10000) {
    const auto mid = order.begin() + static_cast<std::ptrdiff_t>(order.size() / 2);
    for_each_index(2, 2, [&](size_t half) {
      if (half == 0)
        std::stable_sort(order.begin(), mid, less);
      else
        std::stable_sort(mid, order.end(), less);
    });
    std::inplace_merge(order.begin(), mid, order.end(), less);
  } else {
    std::stable_sort(order.begin(), order.end(), less);
  }
  // The permutation applied in place, cycle by cycle: no second vector of findings.
  std::vector<bool> placed(order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    if (placed[i] || order[i] == i) continue;
    Finding held = std::move(findings[i]);
    size_t j = i;
    for (;;) {
      placed[j] = true;
      const size_t from = order[j];
      if (from == i) {
        findings[j] = std::move(held);
        break;
      }
      findings[j] = std::move(findings[from]);
      j = from;
    }
  }
}

int count_severity(const std::vector<Finding>& findings, Severity s) {
  return static_cast<int>(std::count_if(findings.begin(), findings.end(),
                                        [s](const Finding& f) { return f.severity == s; }));
}

}  // namespace tuanthu
