#include "tuanthu/form.hpp"

#include "tuanthu/text.hpp"

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

std::vector<std::string> file_names(const std::vector<std::string>& unit_ids,
                                    std::string_view extension) {
  std::vector<std::string> out = text::safe_file_names(unit_ids);
  for (auto& name : out) name.append(".").append(extension);
  return out;
}

}  // namespace tuanthu::form
