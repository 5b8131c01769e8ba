#pragma once
// The outputs of `check`: which writer writes where, chosen from the command line before
// the run, checked once (apart from the inputs and from each other; folders ours to
// replace), and written after it, each atomically (a file, or a folder whole).
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tuanthu/message.hpp"
#include "tuanthu/output_guard.hpp"
#include "tuanthu/plugin.hpp"
#include "tuanthu/plugin_host.hpp"

namespace tuanthu::cli {

/// The output flags as given.
struct OutputFlags {
  std::vector<std::string> out;               ///< --out PATH… (file by extension, or DIR/)
  std::optional<std::string> json;            ///< --json FILE: --out FILE.json
  std::optional<std::string> feedback;        ///< --feedback DIR: --out DIR/ --letters txt
  std::optional<std::string> letters;         ///< --letters FORMAT: the folder writer's extension
  std::optional<std::string> docx_reference;  ///< --docx-reference FILE: param `reference`
  bool timings = false;                       ///< --timings: each writer's wall time on stderr
};

/// A line for stderr, `timing: WHAT [PATH] SECONDS s` (the seconds since `since`), the
/// form bench/harness.py reads.
std::string timing_line(const std::string& what, const std::string& path,
                        std::chrono::steady_clock::time_point since);

/// One output: where, and what kind of writer. `extension` is empty for a folder whose
/// format is the default (see choose_writers).
struct OutputRequest {
  std::string flag;  ///< the flag that asked for it: --out, --json, --feedback
  std::string path;
  WriterTarget target = WriterTarget::File;
  std::string extension;
  std::shared_ptr<Writer> writer;  ///< set by choose_writers
};

/// The outputs the flags ask for, in the order json, out…, feedback; or why not (a
/// usage error).
std::optional<Message> requested_outputs(const OutputFlags& flags,
                                         std::vector<OutputRequest>& outputs);

/// The one check before the run: every output apart from every input and every other
/// output, each folder one tuanthu may replace, the --docx-reference file readable.
std::optional<Message> check_outputs(const OutputFlags& flags,
                                     const std::vector<OutputRequest>& outputs,
                                     std::vector<NamedPath> inputs);

/// Picks the writer of each output: a file writer by the path's extension; a folder
/// writer by --letters, else `docx` when such a folder writer is loaded, else `txt`.
std::optional<Message> choose_writers(const PluginRegistry& registry,
                                      std::vector<OutputRequest>& outputs);

/// Writes every output (each with its own options: the plan's `<writer>` params, then
/// --docx-reference on writers of .docx), up to `jobs` at a time. A failure is printed and
/// the other outputs are still written. `written` gets a line per output written, in
/// request order; returns false when one failed.
bool write_outputs(const std::vector<OutputRequest>& outputs, const OutputFlags& flags,
                   const WriteContext& base, bool english, std::vector<std::string>& written,
                   unsigned jobs = 1);

}  // namespace tuanthu::cli
