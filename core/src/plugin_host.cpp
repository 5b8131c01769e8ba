#include "tuanthu/plugin_host.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <cstdlib>
#include <sstream>

#include "tuanthu/core_rules.hpp"

namespace tuanthu {

namespace fs = std::filesystem;

std::string insecure_permissions(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "không đọc được quyền truy cập";
  if (st.st_mode & S_IWOTH) return "ai cũng ghi được (world-writable)";
  if (st.st_mode & S_IWGRP) return "nhóm người dùng khác ghi được (group-writable)";
  if (st.st_uid != 0 && st.st_uid != ::geteuid()) return "thuộc về một người dùng khác";
  return {};
}

namespace {
// Empty when the claim is well formed: extensions in lower case without a dot, no empty
// signature.
std::string claim_problem(const ReaderClaim& c) {
  if (c.extensions.empty() && c.signatures.empty()) return "không nhận loại tệp nào";
  for (const auto& e : c.extensions) {
    if (e.empty() || e.front() == '.') return "phần mở rộng \"" + e + "\" (viết không có dấu chấm)";
    for (char ch : e)
      if ((ch >= 'A' && ch <= 'Z') || ch == '/' || ch == '\0')
        return "phần mở rộng \"" + e + "\" (viết chữ thường)";
  }
  for (const auto& s : c.signatures)
    if (s.empty()) return "chữ ký nội dung rỗng";
  return {};
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

std::string claims_overlap(const ReaderClaim& a, const ReaderClaim& b) {
  for (const auto& e : a.extensions)
    if (std::find(b.extensions.begin(), b.extensions.end(), e) != b.extensions.end())
      return "phần mở rộng ." + e;
  for (const auto& x : a.signatures)
    for (const auto& y : b.signatures)
      if (x.starts_with(y) || y.starts_with(x))
        return "nội dung bắt đầu bằng \"" + printable(x.size() < y.size() ? x : y) + "\"";
  return {};
}

std::optional<size_t> choose_reader(const std::vector<ReaderClaim>& claims, const fs::path& file,
                                    std::string_view head) {
  for (size_t k = 0; k < claims.size(); ++k)
    if (claims[k].claims_extension(file)) return k;
  for (size_t k = 0; k < claims.size(); ++k)
    if (claims[k].claims_content(head)) return k;
  return std::nullopt;
}

std::string PluginRegistry::load_file(const fs::path& file, bool allow_insecure) {
  const std::string where = file.string() + ": ";
  if (!allow_insecure) {
    if (std::string why = insecure_permissions(file); !why.empty())
      return where + "bỏ qua plugin vì tệp " + why +
             "; sửa quyền (chmod go-w) hoặc chạy với --allow-insecure-plugins";
  }
  boost::dll::shared_library lib;
  try {
    lib.load(file.string(), boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    return where + "không nạp được thư viện: " + e.what();
  }
  // The ABI version is checked before anything else in the library is called.
  if (!lib.has("tuanthu_abi_version"))
    return where + "không phải plugin tuanthu: thiếu ký hiệu tuanthu_abi_version";
  int abi = 0;
  try {
    abi = lib.get_alias<int()>("tuanthu_abi_version")();
  } catch (const std::exception& e) {
    return where + "lỗi khi đọc phiên bản ABI: " + e.what();
  }
  if (abi != kAbiVersion)
    return where + "phiên bản ABI " + std::to_string(abi) + " khác phiên bản của chương trình (" +
           std::to_string(kAbiVersion) + "); biên dịch lại plugin cho phiên bản này";
  if (!lib.has("tuanthu_create_plugin"))
    return where + "thiếu ký hiệu tuanthu_create_plugin (hàm tạo plugin)";

  std::unique_ptr<Plugin> made;
  try {
    made = lib.get_alias<std::unique_ptr<Plugin>()>("tuanthu_create_plugin")();
  } catch (const std::exception& e) {
    return where + "hàm tạo plugin ném ngoại lệ: " + e.what();
  } catch (...) {
    return where + "hàm tạo plugin ném ngoại lệ không rõ loại";
  }
  if (!made) return where + "hàm tạo plugin trả về rỗng";

  PluginEntry entry;
  try {
    entry.name = made->name();
    entry.kind = made->kind();
    entry.version = made->version();
    entry.description = made->description();
  } catch (const std::exception& e) {
    return where + "plugin ném ngoại lệ khi mô tả chính nó: " + e.what();
  }
  entry.file = file;
  if (entry.kind == PluginKind::Reader) {
    try {
      entry.claim = static_cast<const Reader&>(*made).claim();
    } catch (const std::exception& e) {
      return where + "plugin ném ngoại lệ khi khai báo loại tệp nó đọc: " + e.what();
    }
    if (std::string why = claim_problem(entry.claim); !why.empty())
      return where + "plugin đọc " + entry.name + " khai báo loại tệp không hợp lệ: " + why +
             "; bỏ qua plugin này";
  }
  if (find(entry.name))
    return where + "tên plugin \"" + entry.name + "\" đã được dùng bởi " +
           std::find_if(entries_.begin(), entries_.end(),
                        [&](const PluginEntry& e) { return e.name == entry.name; })
               ->file.string() +
           "; bỏ qua bản này";
  // Readers are chosen by their claims, never by load order: two readers that could take
  // the same file are refused here, the second with both names.
  if (entry.kind == PluginKind::Reader)
    for (const auto& other : entries_)
      if (other.kind == PluginKind::Reader)
        if (std::string what = claims_overlap(other.claim, entry.claim); !what.empty())
          return where + "plugin đọc " + entry.name + " nhận cùng loại tệp (" + what +
                 ") với plugin " + other.name + " (" + other.file.string() +
                 "); mỗi loại tệp chỉ một plugin đọc; bỏ qua bản này";
  // The deleter owns a copy of the library handle: the code that destroys the object
  // stays mapped until the object is gone.
  Plugin* raw = made.release();
  entry.plugin = std::shared_ptr<Plugin>(raw, [lib](Plugin* p) mutable {
    delete p;
    lib.unload();
  });
  entries_.push_back(std::move(entry));
  return {};
}

std::vector<std::string> PluginRegistry::load_directory(const fs::path& dir, bool allow_insecure) {
  std::vector<std::string> problems;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    problems.push_back(dir.string() + ": không phải thư mục plugin");
    return problems;
  }
  if (!allow_insecure) {
    if (std::string why = insecure_permissions(dir); !why.empty()) {
      problems.push_back(dir.string() + ": bỏ qua thư mục plugin vì " + why +
                         "; sửa quyền (chmod go-w) hoặc chạy với --allow-insecure-plugins");
      return problems;
    }
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".so" && e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files)
    if (std::string why = load_file(f, allow_insecure); !why.empty()) problems.push_back(why);
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

std::shared_ptr<Writer> PluginRegistry::writer_for(std::string_view extension) const {
  for (const auto& w : writers())
    if (w->extension() == extension) return w;
  return nullptr;
}

std::shared_ptr<FormMaker> PluginRegistry::form_maker_for(std::string_view extension) const {
  for (const auto& m : form_makers())
    if (m->extension() == extension) return m;
  return nullptr;
}

std::vector<Finding> lint_check_configs(const Plan& plan, const PluginRegistry& plugins) {
  std::vector<Finding> out;
  for (const auto& c : plan.checks) {
    auto plugin = plugins.find(c.plugin);
    bool known_rule = c.rule.empty();
    if (plugin)
      for (const auto& r : plugin->rules()) known_rule = known_rule || r.id == c.rule;
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
