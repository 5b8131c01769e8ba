#include "outputs.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "tuanthu/atomic_file.hpp"
#include "tuanthu/parallel.hpp"
#include "tuanthu/text.hpp"

namespace tuanthu::cli {

namespace fs = std::filesystem;

namespace {

// "out/thu/", "out/thu/." and an existing folder name a folder; anything else a file.
bool names_folder(const std::string& path) {
  const fs::path p(path);
  if (p.filename().empty() || p.filename() == ".") return true;
  std::error_code ec;
  return fs::is_directory(p, ec);
}

std::string list_of(const std::vector<std::string>& extensions, const char* dot) {
  std::string known;
  for (const auto& e : extensions) known += (known.empty() ? "" : ", ") + (dot + e);
  return known.empty() ? "—" : known;
}

Message flag_name(const OutputRequest& o) {
  if (o.target == WriterTarget::Folder)
    return {"thư mục thư góp ý " + o.flag, "the letters folder " + o.flag};
  return Message::same(o.flag);
}

}  // namespace

std::optional<Message> requested_outputs(const OutputFlags& flags,
                                         std::vector<OutputRequest>& outputs) {
  if (flags.json) {
    if (fs::path(*flags.json).extension() != ".json")
      return Message{*flags.json + ": --json cần tệp .json",
                     *flags.json + ": --json needs a .json file"};
    outputs.push_back({"--json", *flags.json, WriterTarget::File, "json", nullptr});
  }
  for (const auto& path : flags.out) {
    if (names_folder(path)) {
      outputs.push_back({"--out", path, WriterTarget::Folder,
                         flags.letters ? *flags.letters : std::string(), nullptr});
      continue;
    }
    const std::string ext = fs::path(path).extension().string();
    if (ext.size() < 2)
      return Message{path +
                         ": --out cần phần mở rộng để chọn plugin ghi (.xlsx, .json, …), hoặc "
                         "dấu / ở cuối để ghi một thư mục thư góp ý",
                     path +
                         ": --out needs an extension to choose the writer (.xlsx, .json, …), or "
                         "a trailing / to write a folder of letters"};
    outputs.push_back({"--out", path, WriterTarget::File, ext.substr(1), nullptr});
  }
  if (flags.feedback)
    outputs.push_back({"--feedback", *flags.feedback, WriterTarget::Folder, "txt", nullptr});
  if (flags.letters) {
    bool any = false;
    for (const auto& o : outputs) any |= o.target == WriterTarget::Folder && o.flag == "--out";
    if (!any)
      return Message{"--letters chỉ dùng cùng --out THƯ_MỤC/ (dấu / ở cuối: một thư mục)",
                     "--letters goes with --out FOLDER/ (a trailing /: a folder)"};
  }
  return std::nullopt;
}

std::optional<Message> check_outputs(const OutputFlags& flags,
                                     const std::vector<OutputRequest>& outputs,
                                     std::vector<NamedPath> inputs) {
  if (flags.docx_reference) {
    const std::string& f = *flags.docx_reference;
    std::error_code ec;
    std::ifstream in(f, std::ios::binary);
    if (!fs::is_regular_file(f, ec) || !in)
      return Message{"--docx-reference " + f +
                         ": không đọc được tệp mẫu .docx (không có, không phải tệp, hoặc không "
                         "có quyền đọc)",
                     "--docx-reference " + f +
                         ": cannot read the reference .docx (absent, not a file, or not "
                         "readable)"};
    inputs.push_back({{"tệp mẫu --docx-reference", "the reference --docx-reference"}, f});
  }
  std::vector<NamedPath> outs;
  for (const auto& o : outputs) outs.push_back({flag_name(o), o.path});
  if (auto why = check_outputs_apart(outs, inputs)) return why;
  for (const auto& o : outputs)
    if (o.target == WriterTarget::Folder)
      if (auto why = AtomicDirectory::check_target(o.path)) return o.flag + ": " + *why;
  return std::nullopt;
}

std::optional<Message> choose_writers(const PluginRegistry& registry,
                                      std::vector<OutputRequest>& outputs) {
  for (auto& o : outputs) {
    if (o.target == WriterTarget::Folder) {
      std::string ext = o.extension;
      // The richest letters loaded: a Word document when a .docx folder writer is there.
      if (ext.empty()) ext = registry.writer_for("docx", WriterTarget::Folder) ? "docx" : "txt";
      o.writer = registry.writer_for(ext, WriterTarget::Folder);
      if (!o.writer) {
        const std::string known = list_of(registry.writer_extensions(WriterTarget::Folder), "");
        return Message{o.path + ": không có plugin ghi thư mục thư dạng " + ext +
                           " (--letters nhận: " + known + ")",
                       o.path + ": no writer plugin for a folder of " + ext +
                           " letters (--letters accepts: " + known + ")"};
      }
      continue;
    }
    o.writer = registry.writer_for(o.extension);
    if (!o.writer) {
      const std::string known = list_of(registry.writer_extensions(), ".");
      return Message{
          o.path + ": không có plugin ghi tệp ." + o.extension + " (ghi được: " + known + ")",
          o.path + ": no writer plugin for ." + o.extension + " (available: " + known + ")"};
    }
  }
  return std::nullopt;
}

namespace {

// What writing one output left to say, said after every output is done (in request order,
// whatever the threads did first).
struct Written {
  bool ok = true;
  std::string line;  // for `written`
  std::string log;   // stderr: the error, --timings
};

Written write_one(const OutputRequest& o, const OutputFlags& flags, const WriteContext& base,
                  bool english, unsigned jobs) {
  Written r;
  const Writer& w = *o.writer;
  // --timings: the writer's own time, then the commit's (sync to disk and rename) apart.
  auto started = std::chrono::steady_clock::now();
  auto written_at = [&] {
    if (!flags.timings) return;
    r.log += timing_line(w.name(), o.path, started);
    started = std::chrono::steady_clock::now();
  };
  try {
    WriteContext ctx = base;  // per writer: its own options
    ctx.options = PluginOptions(base.plan.writers, w.name());
    if (flags.docx_reference && w.extension() == "docx")
      ctx.options.set("reference", *flags.docx_reference);
    // The run's threads: a writer that can split its work may use as many.
    ctx.options.set("jobs", std::to_string(jobs));
    if (o.target == WriterTarget::File) {
      AtomicOutput out(o.path);
      w.write(ctx, out.temp_path());
      written_at();
      out.commit();
      r.line = o.path;
    } else {
      // The folder is the run's: built whole beside the target and swapped in, so
      // letters of an earlier run never stay next to this run's summary.
      AtomicDirectory folder(o.path);
      w.write(ctx, folder.temp_path());
      written_at();
      const size_t n = folder.adopt_written().size();
      folder.commit();
      const bool slash = !o.path.empty() && o.path.back() == '/';
      r.line = o.path + (slash ? "" : "/") + " (" + std::to_string(n) +
               (english ? " feedback letters)" : " thư góp ý cho các đơn vị)");
    }
  } catch (const std::exception& e) {  // tuanthu::Error, or whatever a writer threw
    const Message why = Message{"không ghi được: ", "cannot write: "} + message_of(e);
    r.log += std::string("tuanthu: ") + o.path + ": " + why.text(english) + " [" + w.name() + "]\n";
    r.ok = false;
  } catch (...) {  // on a worker thread, never std::terminate
    r.log += std::string("tuanthu: ") + o.path + ": " +
             (english ? std::string("cannot write: unknown error")
                      : std::string("không ghi được: lỗi không rõ")) +
             " [" + w.name() + "]\n";
    r.ok = false;
  }
  if (flags.timings) r.log += timing_line("commit", o.path, started);
  return r;
}

}  // namespace

bool write_outputs(const std::vector<OutputRequest>& outputs, const OutputFlags& flags,
                   const WriteContext& base, bool english, std::vector<std::string>& written,
                   unsigned jobs) {
  std::vector<Written> done(outputs.size());
  // Writers only read the run: with more than one thread, outputs are written side by side
  // (the workbook of a national run takes seconds; the JSON and Word files go meanwhile).
  // write_one catches what a writer throws.
  for_each_index(outputs.size(), jobs,
                 [&](size_t i) { done[i] = write_one(outputs[i], flags, base, english, jobs); });
  bool ok = true;
  for (const Written& r : done) {
    std::cerr << r.log;
    if (!r.line.empty()) written.push_back(r.line);
    ok &= r.ok;
  }
  return ok;
}

std::string timing_line(const std::string& what, const std::string& path,
                        std::chrono::steady_clock::time_point since) {
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
  char figure[32];
  std::snprintf(figure, sizeof figure, "%.3f", s);
  // The path as findings show it: a line break or an escape in a name cannot split the line.
  const std::string shown =
      path.empty() ? std::string() : std::string(" ") + text::display_path(path);
  return std::string("timing: ") + what + shown + " " + figure + " s\n";
}

}  // namespace tuanthu::cli
