#include "tuanthu/form.hpp"

#include <set>

namespace tuanthu::form {

std::vector<Input> inputs(const Plan& plan, const ExpectedUnit& unit) {
  std::vector<Input> out;
  for (std::string_view key :
       {kDocumentNumber, kDocumentDate, kDocumentSigner, kDocumentSignerTitle})
    out.push_back(Input{"", std::string(key), nullptr, Role::Lead});
  for (const auto& a : unit.assignments) {
    const Task* task = plan.find_task(a.task);
    if (!task) continue;
    for (const auto& req : task->requirements)
      if (req.applies_to(a.role)) out.push_back(Input{task->id, req.id, &req, a.role});
  }
  return out;
}

std::string row_key(std::string_view task, std::string_view requirement) {
  if (task.empty()) return std::string(requirement);
  std::string key(task);
  key.append("/").append(requirement);
  return key;
}

std::string a1(std::uint32_t row, std::uint32_t col) {
  std::string letters;
  for (std::uint32_t c = col + 1; c > 0; c = (c - 1) / 26)
    letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  return letters + std::to_string(row + 1);
}

std::string format_ref(const CellRef& ref) {
  std::string out("'");
  for (char c : ref.sheet) {
    out += c;
    if (c == '\'') out += '\'';
  }
  out.append("'!").append(a1(ref.row, ref.col));
  return out;
}

bool parse_a1(std::string_view t, std::uint32_t& row, std::uint32_t& col) {
  size_t i = 0;
  if (i < t.size() && t[i] == '$') ++i;
  std::uint64_t c = 0;
  const size_t letters_from = i;
  while (i < t.size() && ((t[i] >= 'A' && t[i] <= 'Z') || (t[i] >= 'a' && t[i] <= 'z'))) {
    const char up = t[i] >= 'a' ? static_cast<char>(t[i] - 'a' + 'A') : t[i];
    c = c * 26 + static_cast<std::uint64_t>(up - 'A' + 1);
    if (c > 16384) return false;
    ++i;
  }
  if (i == letters_from) return false;
  if (i < t.size() && t[i] == '$') ++i;
  std::uint64_t r = 0;
  const size_t digits_from = i;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
    r = r * 10 + static_cast<std::uint64_t>(t[i] - '0');
    if (r > 1048576) return false;
    ++i;
  }
  if (i == digits_from || i != t.size() || r == 0) return false;
  row = static_cast<std::uint32_t>(r - 1);
  col = static_cast<std::uint32_t>(c - 1);
  return true;
}

std::optional<CellRef> parse_ref(std::string_view t) {
  CellRef ref;
  size_t bang = 0;
  if (!t.empty() && t.front() == '\'') {
    size_t i = 1;
    for (;; ++i) {
      if (i >= t.size()) return std::nullopt;
      if (t[i] == '\'') {
        if (i + 1 < t.size() && t[i + 1] == '\'') {
          ref.sheet += '\'';
          ++i;
          continue;
        }
        break;
      }
      ref.sheet += t[i];
    }
    bang = i + 1;
    if (bang >= t.size() || t[bang] != '!') return std::nullopt;
  } else {
    bang = t.rfind('!');
    if (bang == std::string_view::npos) return std::nullopt;
    ref.sheet = std::string(t.substr(0, bang));
  }
  if (ref.sheet.empty()) return std::nullopt;
  if (!parse_a1(t.substr(bang + 1), ref.row, ref.col)) return std::nullopt;
  return ref;
}

namespace {
// An ASCII slug of an id: letters and digits lower-cased, '_' kept, every other run of
// bytes one '-', no '-' or '_' at either end, at most 64 bytes.
// TODO(forms): text::safe_file_name (branch `cli`) does the same for every file named after
// an id; once it is on main, `file_names` calls text::safe_file_names and this goes.
std::string slug(std::string_view id) {
  std::string out;
  bool dash = false;
  for (const char ch : id) {
    const auto c = static_cast<unsigned char>(ch);
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    const bool upper = c >= 'A' && c <= 'Z';
    if (keep || upper) {
      if (dash && !out.empty()) out += '-';
      dash = false;
      out += upper ? static_cast<char>(c - 'A' + 'a') : ch;
    } else {
      dash = true;
    }
  }
  auto edge = [](char c) { return c == '_' || c == '-'; };
  while (!out.empty() && edge(out.back())) out.pop_back();
  while (!out.empty() && edge(out.front())) out.erase(0, 1);
  if (out.size() > 64) out.resize(64);
  while (!out.empty() && edge(out.back())) out.pop_back();
  if (out == id) return out;
  // Not already a safe name: a hash of the id keeps "../x" and "x" apart.
  std::uint32_t h = 2166136261u;  // FNV-1a
  for (const char ch : id) h = (h ^ static_cast<unsigned char>(ch)) * 16777619u;
  static const char* hex = "0123456789abcdef";
  std::string tail("-");
  for (int s = 28; s >= 0; s -= 4) tail += hex[(h >> s) & 15u];
  return (out.empty() ? std::string("don-vi") : out) + tail;
}
}  // namespace

std::vector<std::string> file_names(const std::vector<std::string>& unit_ids,
                                    std::string_view extension) {
  std::vector<std::string> out;
  std::set<std::string> taken;
  for (const auto& id : unit_ids) {
    const std::string base = slug(id);
    std::string name = base;
    for (int n = 2; !taken.insert(name).second; ++n) name = base + "-" + std::to_string(n);
    out.push_back(name + "." + std::string(extension));
  }
  return out;
}

}  // namespace tuanthu::form
