#pragma once
// Per-unit reminder texts (`check --feedback DIR`), ready to paste into a công văn đôn đốc.
#include <filesystem>
#include <string>
#include <vector>

#include "tuanthu/plugin.hpp"

namespace tuanthu::cli {

/// The text for one unit from its findings, or empty when it has nothing to fix.
std::string feedback_text(const WriteContext& ctx, const std::string& unit,
                          const std::vector<const Finding*>& unit_findings);

/// Writes `<dir>/<unit-id>.txt` for every unit with findings (atomically, each file);
/// returns the files written.
std::vector<std::filesystem::path> write_feedback(const WriteContext& ctx,
                                                  const std::filesystem::path& dir);

}  // namespace tuanthu::cli
