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

/// Writes `<dir>/<name>.txt` for every unit with findings, `<name>` being
/// text::safe_file_name of the unit id. The folder is replaced whole (AtomicDirectory):
/// it holds exactly this run's letters, and a folder holding files tuanthu did not write
/// is refused with a tuanthu::Error. Returns the files written.
std::vector<std::filesystem::path> write_feedback(const WriteContext& ctx,
                                                  const std::filesystem::path& dir);

}  // namespace tuanthu::cli
