#pragma once
// The one check that outputs stay apart from inputs and from each other, run once
// before a run reads anything: no output file or folder is, contains, or lies inside an
// input (the plan, a report file, a report folder, or a file a link in a report folder
// points to) or another output. Paths are compared with links resolved.
#include <filesystem>
#include <optional>
#include <vector>

#include "tuanthu/message.hpp"

namespace tuanthu {

struct NamedPath {
  Message what;  ///< how the user named it: "--json", "tệp kế hoạch (--plan)", …
  std::filesystem::path path;
};

/// Why the outputs may not be written where asked (naming the output, the input and
/// the relation), or nothing when every output is apart from every input and from the
/// other outputs. Report folders are walked for file links, whose targets count as
/// inputs (the run reads them).
std::optional<Message> check_outputs_apart(const std::vector<NamedPath>& outputs,
                                           const std::vector<NamedPath>& inputs);

}  // namespace tuanthu
