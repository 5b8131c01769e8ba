#include "tuanthu/plugin_host.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <cstdlib>
#include <sstream>

#include "tuanthu/core_rules.hpp"
#include "tuanthu/engine.hpp"
#include "tuanthu/plan_loader.hpp"

namespace tuanthu {

namespace fs = std::filesystem;

std::optional<Message> insecure_permissions(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return Message{"không đọc được quyền truy cập", "permissions unreadable"};
  if (st.st_mode & S_IWOTH) return Message{"ai cũng ghi được", "world-writable"};
  if (st.st_mode & S_IWGRP) return Message{"nhóm người dùng khác ghi được", "group-writable"};
  if (st.st_uid != 0 && st.st_uid != ::geteuid())
    return Message{"thuộc về một người dùng khác (đổi chủ bằng chown)",
                   "owned by another user (change the owner with chown)"};
  return std::nullopt;
}

namespace {
// Nothing when the claim is well formed: extensions in lower case without a dot, no empty
// signature; else what is wrong, in both languages.
std::optional<Message> claim_problem(const ReaderClaim& c) {
  if (c.extensions.empty() && c.signatures.empty())
    return Message{"không nhận loại tệp nào", "it claims no file at all"};
  for (const auto& e : c.extensions) {
    if (e.empty() || e.front() == '.')
      return Message{"phần mở rộng \"" + e + "\" (viết không có dấu chấm)",
                     "extension \"" + e + "\" (write it without the dot)"};
    for (char ch : e)
      if ((ch >= 'A' && ch <= 'Z') || ch == '/' || ch == '\0')
        return Message{"phần mở rộng \"" + e + "\" (viết chữ thường)",
                       "extension \"" + e + "\" (write it in lower case)"};
  }
  for (const auto& s : c.signatures)
    if (s.empty()) return Message{"chữ ký nội dung rỗng", "an empty content signature"};
  return std::nullopt;
}

// A signature for messages: printable ASCII as is, other bytes as \xHH.
std::string printable(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c < 0x7F) {
      out += ch;
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}
}  // namespace

std::optional<Message> claims_overlap(const ReaderClaim& a, const ReaderClaim& b) {
  for (const auto& e : a.extensions)
    if (std::find(b.extensions.begin(), b.extensions.end(), e) != b.extensions.end())
      return Message{"phần mở rộng ." + e, "extension ." + e};
  for (const auto& x : a.signatures)
    for (const auto& y : b.signatures)
      if (x.starts_with(y) || y.starts_with(x)) {
        const std::string shown = "\"" + printable(x.size() < y.size() ? x : y) + "\"";
        return Message{"nội dung bắt đầu bằng " + shown, "content starting " + shown};
      }
  return std::nullopt;
}

std::optional<size_t> choose_reader(const std::vector<ReaderClaim>& claims, const fs::path& file,
                                    std::string_view head) {
  for (size_t k = 0; k < claims.size(); ++k)
    if (claims[k].claims_extension(file)) return k;
  for (size_t k = 0; k < claims.size(); ++k)
    if (claims[k].claims_content(head)) return k;
  return std::nullopt;
}

std::optional<Message> PluginRegistry::load_file(const fs::path& file, bool allow_insecure) {
  const std::string where = file.string() + ": ";
  auto fail = [&](std::string vi, std::string en) {
    return std::optional<Message>(Message{where + vi, where + en});
  };
  if (!allow_insecure) {
    if (auto why = insecure_permissions(file))
      return fail("bỏ qua plugin vì tệp " + why->vi +
                      "; sửa quyền (chmod go-w) hoặc chạy với --allow-insecure-plugins",
                  "plugin skipped: the file is unsafe (" + why->en +
                      "); fix its permissions (chmod go-w) or run with --allow-insecure-plugins");
  }
  boost::dll::shared_library lib;
  try {
    lib.load(file.string(), boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    return fail(std::string("không nạp được thư viện: ") + e.what(),
                std::string("cannot load the library: ") + e.what());
  }
  // The ABI version is checked before anything else in the library is called.
  if (!lib.has("tuanthu_abi_version"))
    return fail(
        "không phải plugin tuanthu: thiếu ký hiệu tuanthu_abi_version (plugin cần "
        "TUANTHU_PLUGIN(Lớp) trong một tệp nguồn)",
        "not a tuanthu plugin: no tuanthu_abi_version symbol (a plugin needs "
        "TUANTHU_PLUGIN(YourClass) in one source file)");
  int abi = 0;
  try {
    abi = lib.get_alias<int()>("tuanthu_abi_version")();
  } catch (const std::exception& e) {
    return fail(std::string("lỗi khi đọc phiên bản ABI: ") + e.what(),
                std::string("cannot read the ABI version: ") + e.what());
  }
  if (abi != kAbiVersion)
    return fail("phiên bản ABI " + std::to_string(abi) + " khác phiên bản của chương trình (" +
                    std::to_string(kAbiVersion) + "); biên dịch lại plugin cho phiên bản này",
                "ABI version " + std::to_string(abi) + " differs from the program's (" +
                    std::to_string(kAbiVersion) + "); rebuild the plugin for this version");
  if (!lib.has("tuanthu_create_plugin"))
    return fail("thiếu ký hiệu tuanthu_create_plugin (hàm tạo plugin)",
                "no tuanthu_create_plugin symbol (the plugin factory)");

  std::unique_ptr<Plugin> made;
  try {
    made = lib.get_alias<std::unique_ptr<Plugin>()>("tuanthu_create_plugin")();
  } catch (const std::exception& e) {
    const Message m = message_of(e);
    return fail("hàm tạo plugin ném ngoại lệ: " + m.vi, "the plugin factory threw: " + m.en);
  } catch (...) {
    return fail("hàm tạo plugin ném ngoại lệ không rõ loại",
                "the plugin factory threw an unknown exception");
  }
  if (!made) return fail("hàm tạo plugin trả về rỗng", "the plugin factory returned nothing");

  // Every metadata call is made once, here: a plugin that throws from one is refused now
  // rather than failing later in the middle of a command.
  PluginEntry entry;
  try {
    entry.name = made->name();
    entry.kind = made->kind();
    entry.version = made->version();
    entry.description = made->description();
    entry.rules = made->rules();
    if (entry.kind == PluginKind::Writer) {
      entry.extension = static_cast<const Writer&>(*made).extension();
      entry.target = static_cast<const Writer&>(*made).target();
    }
    if (entry.kind == PluginKind::Form)
      entry.extension = static_cast<const FormMaker&>(*made).extension();
  } catch (const std::exception& e) {
    const Message m = message_of(e);
    return fail(
        "plugin ném ngoại lệ khi mô tả chính nó (name, version, description, rules, "
        "extension): " +
            m.vi,
        "the plugin threw while describing itself (name, version, description, rules, "
        "extension): " +
            m.en);
  } catch (...) {
    return fail("plugin ném ngoại lệ không rõ loại khi mô tả chính nó",
                "the plugin threw an unknown exception while describing itself");
  }
  entry.file = file;
  if (entry.kind == PluginKind::Reader) {
    try {
      entry.claim = static_cast<const Reader&>(*made).claim();
    } catch (const std::exception& e) {
      const Message m = message_of(e);
      return fail("plugin ném ngoại lệ khi khai báo loại tệp nó đọc: " + m.vi,
                  "the plugin threw while declaring the files it reads: " + m.en);
    }
    if (auto why = claim_problem(entry.claim))
      return fail("plugin đọc " + entry.name + " khai báo loại tệp không hợp lệ: " + why->vi +
                      "; bỏ qua plugin này",
                  "reader " + entry.name + " declares an invalid claim: " + why->en +
                      "; the plugin is skipped");
  }
  // Clashes: the first loaded keeps its name, rule ids and extension.
  for (const auto& other : entries_) {
    const std::string theirs = other.file.string();
    if (other.name == entry.name)
      return fail("tên plugin \"" + entry.name + "\" đã có ở " + theirs +
                      " (nạp trước); bỏ qua bản này. Nếu không cố ý thay plugin đó, đổi tên "
                      "plugin của bạn",
                  "plugin name \"" + entry.name + "\" is already taken by " + theirs +
                      " (loaded first); this one is skipped. Unless you meant to replace that "
                      "plugin, rename yours");
    for (const Rule& r : entry.rules)
      for (const Rule& o : other.rules)
        if (r.id == o.id)
          return fail("quy tắc \"" + std::string(r.id) + "\" đã thuộc plugin " + other.name + " (" +
                          theirs + "); mỗi mã quy tắc chỉ thuộc một plugin",
                      "rule \"" + std::string(r.id) + "\" already belongs to plugin " + other.name +
                          " (" + theirs + "); a rule id belongs to one plugin");
    if (!entry.extension.empty() && other.kind == entry.kind && other.target == entry.target &&
        other.extension == entry.extension)
      return fail("phần mở rộng ." + entry.extension + " đã do plugin " + other.name + " (" +
                      theirs + ") ghi; bỏ qua bản này",
                  "the extension ." + entry.extension + " is already written by plugin " +
                      other.name + " (" + theirs + "); this one is skipped");
  }
  for (const Rule& r : entry.rules)
    for (const auto& list : {plan_rules(), engine_rules()})
      for (const Rule& core : list)
        if (r.id == core.id)
          return fail("quy tắc \"" + std::string(r.id) + "\" là của tuanthu; đặt mã khác",
                      "rule \"" + std::string(r.id) + "\" is tuanthu's own; choose another id");
  // Readers are chosen by their claims, never by load order: two readers that could take
  // the same file are refused here, the second with both names.
  if (entry.kind == PluginKind::Reader)
    for (const auto& other : entries_)
      if (other.kind == PluginKind::Reader)
        if (auto what = claims_overlap(other.claim, entry.claim))
          return fail("plugin đọc " + entry.name + " nhận cùng loại tệp (" + what->vi +
                          ") với plugin " + other.name + " (" + other.file.string() +
                          "); mỗi loại tệp chỉ một plugin đọc; bỏ qua bản này",
                      "reader " + entry.name + " claims the same files (" + what->en +
                          ") as plugin " + other.name + " (" + other.file.string() +
                          "); one reader per kind of file; this one is skipped");
  // The deleter owns a copy of the library handle: the code that destroys the object
  // stays mapped until the object is gone.
  Plugin* raw = made.release();
  entry.plugin = std::shared_ptr<Plugin>(raw, [lib](Plugin* p) mutable {
    delete p;
    lib.unload();
  });
  entries_.push_back(std::move(entry));
  return std::nullopt;
}

std::vector<Message> PluginRegistry::load_directory(const fs::path& dir, bool allow_insecure) {
  std::vector<Message> problems;
  const std::string where = dir.string() + ": ";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    problems.push_back({where + "không phải thư mục plugin", where + "not a plugin folder"});
    return problems;
  }
  if (!allow_insecure) {
    if (auto why = insecure_permissions(dir)) {
      problems.push_back(
          {where + "bỏ qua thư mục plugin vì " + why->vi +
               "; sửa quyền (chmod go-w) hoặc chạy với --allow-insecure-plugins",
           where + "plugin folder skipped: it is unsafe (" + why->en +
               "); fix its permissions (chmod go-w) or run with --allow-insecure-plugins"});
      return problems;
    }
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".so" && e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files)
    if (auto why = load_file(f, allow_insecure)) problems.push_back(std::move(*why));
  return problems;
}

namespace {
template <class T>
std::vector<std::shared_ptr<T>> of_kind(const std::vector<PluginEntry>& entries, PluginKind k) {
  std::vector<std::shared_ptr<T>> out;
  for (const auto& e : entries)
    if (e.kind == k) out.push_back(std::static_pointer_cast<T>(e.plugin));
  return out;
}
}  // namespace

std::vector<std::shared_ptr<Reader>> PluginRegistry::readers() const {
  return of_kind<Reader>(entries_, PluginKind::Reader);
}
std::vector<std::shared_ptr<Check>> PluginRegistry::checks() const {
  return of_kind<Check>(entries_, PluginKind::Check);
}
std::vector<std::shared_ptr<Writer>> PluginRegistry::writers() const {
  return of_kind<Writer>(entries_, PluginKind::Writer);
}

std::vector<std::shared_ptr<FormMaker>> PluginRegistry::form_makers() const {
  return of_kind<FormMaker>(entries_, PluginKind::Form);
}

std::shared_ptr<Plugin> PluginRegistry::find(std::string_view name) const {
  for (const auto& e : entries_)
    if (e.name == name) return e.plugin;
  return nullptr;
}

std::shared_ptr<Writer> PluginRegistry::writer_for(std::string_view extension,
                                                   WriterTarget target) const {
  for (const auto& e : entries_)
    if (e.kind == PluginKind::Writer && e.target == target && e.extension == extension)
      return std::static_pointer_cast<Writer>(e.plugin);
  return nullptr;
}

std::vector<std::string> PluginRegistry::writer_extensions(WriterTarget target) const {
  std::vector<std::string> out;
  for (const auto& e : entries_)
    if (e.kind == PluginKind::Writer && e.target == target) out.push_back(e.extension);
  return out;
}

std::shared_ptr<FormMaker> PluginRegistry::form_maker_for(std::string_view extension) const {
  for (const auto& e : entries_)
    if (e.kind == PluginKind::Form && e.extension == extension)
      return std::static_pointer_cast<FormMaker>(e.plugin);
  return nullptr;
}

std::vector<Finding> lint_check_configs(const Plan& plan, const PluginRegistry& plugins) {
  std::vector<Finding> out;
  for (const auto& c : plan.checks) {
    const auto entry = std::find_if(plugins.entries().begin(), plugins.entries().end(),
                                    [&](const PluginEntry& e) { return e.name == c.plugin; });
    const bool plugin = entry != plugins.entries().end();
    bool known_rule = c.rule.empty();
    if (plugin)
      for (const auto& r : entry->rules) known_rule = known_rule || r.id == c.rule;
    if (plugin && known_rule) continue;
    const std::string what_vi = !plugin
                                    ? "không có plugin \"" + c.plugin + "\""
                                    : "plugin " + c.plugin + " không có quy tắc \"" + c.rule + "\"";
    const std::string what_en = !plugin ? "no plugin \"" + c.plugin + "\""
                                        : "plugin " + c.plugin + " has no rule \"" + c.rule + "\"";
    out.push_back(
        file_finding(rules::kPlanUnknownCheck, c.loc.file, c.loc.line, c.loc.column,
                     what_vi + "; cấu hình <check> này không có tác dụng (xem 'tuanthu rules')",
                     what_en + "; this <check> has no effect (see 'tuanthu rules')", "core"));
  }
  // A <writer> whose plugin is misspelt would leave the office's wording unused unseen.
  for (const auto& c : plan.writers) {
    const bool writer = std::any_of(
        plugins.entries().begin(), plugins.entries().end(),
        [&](const PluginEntry& e) { return e.kind == PluginKind::Writer && e.name == c.plugin; });
    if (!writer)
      out.push_back(
          file_finding(rules::kPlanUnknownCheck, c.loc.file, c.loc.line, c.loc.column,
                       std::string("không có plugin ghi \"") + c.plugin +
                           "\"; cấu hình <writer> này không có tác dụng (xem 'tuanthu plugins')",
                       std::string("no writer plugin \"") + c.plugin +
                           "\"; this <writer> has no effect (see 'tuanthu plugins')",
                       "core"));
  }
  return out;
}

std::vector<fs::path> plugin_search_path(const std::vector<fs::path>& explicit_dirs,
                                         bool use_default) {
  std::vector<fs::path> out = explicit_dirs;
  if (const char* env = std::getenv("TUANTHU_PLUGIN_PATH")) {
    std::stringstream in(env);
    // Empty entries would traditionally mean the current directory: skipped.
    for (std::string item; std::getline(in, item, ':');)
      if (!item.empty()) out.emplace_back(item);
  }
  if (use_default) {
    boost::system::error_code ec;
    const auto exe = boost::dll::program_location(ec);
    if (!ec) {
      fs::path dir = fs::path(exe.parent_path().string()) / ".." / "lib" / "tuanthu" / "plugins";
      std::error_code fec;
      if (fs::is_directory(dir, fec)) out.push_back(fs::weakly_canonical(dir, fec));
    }
  }
  // The same folder named twice is loaded once.
  std::vector<fs::path> unique;
  for (const auto& p : out) {
    std::error_code ec;
    const fs::path c = fs::weakly_canonical(p, ec);
    if (std::find(unique.begin(), unique.end(), c) == unique.end()) unique.push_back(c);
  }
  return unique;
}

}  // namespace tuanthu
