#include "tuanthu/output_guard.hpp"

namespace tuanthu {

namespace fs = std::filesystem;

namespace {

// Built with append: GCC 12's -Wrestrict misfires on `"…" + string + "…"` (PR 105651).
std::string in_quotes(const fs::path& p) {
  std::string q("\"");
  return q.append(p.string()).append("\"");
}

// Absolute, links resolved as far as the path exists, "." and ".." gone.
fs::path resolved(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  if (ec) abs = p;
  fs::path r = fs::weakly_canonical(abs, ec);
  if (ec) r = abs.lexically_normal();
  if (r.filename().empty() && r.has_relative_path()) r = r.parent_path();  // "dir/"
  return r;
}

// `inner` equals `outer` or lies below it, component by component.
bool within(const fs::path& inner, const fs::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

bool same(const fs::path& a, const fs::path& b) {
  if (a == b) return true;
  std::error_code ec;
  return fs::exists(a, ec) && fs::exists(b, ec) && fs::equivalent(a, b, ec);
}

struct Resolved {
  const NamedPath* named;
  fs::path real;
  Message what;
};

enum class Relation { None, Is, Contains, Inside };

Relation relate(const fs::path& out, const fs::path& in) {
  if (same(out, in)) return Relation::Is;
  if (within(in, out)) return Relation::Contains;
  if (within(out, in)) return Relation::Inside;
  return Relation::None;
}

Message conflict(const Resolved& out, const Resolved& in, Relation r, bool between_outputs) {
  const std::string o = in_quotes(out.named->path), i = in_quotes(in.named->path);
  const char* rel_vi = r == Relation::Is         ? " chính là "
                       : r == Relation::Contains ? " chứa "
                                                 : " nằm trong ";
  const char* rel_en = r == Relation::Is         ? " is "
                       : r == Relation::Contains ? " contains "
                                                 : " is inside ";
  Message m{out.what.vi + " " + o + rel_vi + in.what.vi + " " + i,
            out.what.en + " " + o + rel_en + in.what.en + " " + i};
  if (between_outputs)
    return m +
           Message{"; hai kết quả không được ghi chồng lên nhau: chọn chỗ khác cho một trong hai",
                   "; two outputs must not overlap: choose another place for one of them"};
  return m + Message{
                 "; kết quả không bao giờ được ghi đè lên, ghi vào hay chứa đầu vào: chọn một "
                 "chỗ khác, ngoài các tệp và thư mục đầu vào",
                 "; outputs never go over, into or around inputs: choose another place, "
                 "outside the input files and folders"};
}

}  // namespace

std::optional<Message> check_outputs_apart(const std::vector<NamedPath>& outputs,
                                           const std::vector<NamedPath>& inputs) {
  std::vector<Resolved> outs, ins;
  for (const auto& o : outputs) outs.push_back({&o, resolved(o.path), o.what});
  for (const auto& in : inputs) {
    ins.push_back({&in, resolved(in.path), in.what});
    // The input as named, when it is a link: replacing the link loses it too.
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(in.path, ec))) {
      fs::path abs = fs::absolute(in.path, ec);
      ins.push_back({&in, resolved(abs.parent_path()) / abs.filename(), in.what});
    }
  }
  // File links inside input folders: the run reads their targets, which may lie anywhere.
  // (Folder links are not followed by the run, so their contents are not inputs.)
  std::vector<NamedPath> linked;  // stable storage for the names below
  std::vector<std::pair<size_t, fs::path>> link_targets;
  for (const auto& in : inputs) {
    std::error_code ec;
    if (!fs::is_directory(in.path, ec)) continue;
    fs::recursive_directory_iterator it(in.path, fs::directory_options::skip_permission_denied, ec),
        end;
    for (; !ec && it != end; it.increment(ec)) {
      std::error_code sec;
      if (!it->is_symlink(sec)) continue;  // from the listing: no stat per file
      if (fs::is_directory(it->path(), sec)) continue;
      const std::string link = in_quotes(it->path());
      const fs::path target = resolved(it->path());
      linked.push_back(
          {{"tệp đầu vào (qua liên kết " + link + ")", "the input file (linked from " + link + ")"},
           target});
      link_targets.emplace_back(linked.size() - 1, target);
    }
  }
  for (const auto& [k, real] : link_targets) ins.push_back({&linked[k], real, linked[k].what});

  for (const auto& o : outs)
    for (const auto& in : ins)
      if (Relation r = relate(o.real, in.real); r != Relation::None)
        return conflict(o, in, r, false);
  for (size_t a = 0; a < outs.size(); ++a)
    for (size_t b = 0; b < outs.size(); ++b)
      if (a != b)
        if (Relation r = relate(outs[a].real, outs[b].real);
            r == Relation::Contains || (r == Relation::Is && a < b))
          return conflict(outs[a], outs[b], r, true);
  return std::nullopt;
}

}  // namespace tuanthu
