#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tuanthu/finding.hpp"
#include "tuanthu/plan.hpp"

namespace tuanthu {

struct PlanLoadResult {
  std::shared_ptr<const Plan> plan;  ///< null when the file cannot be used at all
  std::vector<Finding> findings;     ///< `plan-*` findings: fatal ones make plan null
};

/// Default largest plan or report file read, in bytes (see `--max-file-size`).
inline constexpr std::uintmax_t kDefaultMaxFileSize = 64ull * 1024 * 1024;

/// Loads a plan rule set. Never throws on bad input: problems come back as findings
/// naming file:line:column. Text is checked for valid UTF-8 and stored NFC.
PlanLoadResult load_plan(const std::filesystem::path& file,
                         std::uintmax_t max_size = kDefaultMaxFileSize);
PlanLoadResult load_plan_from_memory(std::string_view xml, const std::string& display_name);

/// Structural lint of a loaded plan (unknown refs, duplicate ids, cycles, …).
std::vector<Finding> lint_plan(const Plan& plan);

/// Every rule the loader and linter can emit, with its default severity.
std::vector<Rule> plan_rules();

}  // namespace tuanthu
