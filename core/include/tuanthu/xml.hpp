#pragma once
// Small helpers shared by every XML input (plan loader and XML reader plugins): file
// loading with a size limit, offset → line:column, namespace-agnostic names, and the
// UTF-8/NFC gate that all text passes on its way into a model.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "tuanthu/message.hpp"

namespace tuanthu::xml {

/// Maps byte offsets of a buffer to 1-based line and column (column in bytes).
class LineIndex {
 public:
  explicit LineIndex(std::string_view buffer);
  int line(ptrdiff_t offset) const;
  int column(ptrdiff_t offset) const;

 private:
  std::vector<size_t> starts_;
};

/// Reads a whole file; on failure returns nullopt and a one-line reason in `error`.
std::optional<std::string> read_file(const std::filesystem::path& file, std::uintmax_t max_size,
                                     Message& error);

/// Element name without any namespace prefix.
std::string_view local_name(const pugi::xml_node& n);
/// True when the root element carries `ns` as its default or its own prefix's namespace.
bool in_namespace(const pugi::xml_node& root, std::string_view ns);
/// Child elements with this local name.
std::vector<pugi::xml_node> children(const pugi::xml_node& n, std::string_view name);
pugi::xml_node child(const pugi::xml_node& n, std::string_view name);

/// Attribute / element text, NFC, surrounding space trimmed and inner runs folded.
std::string attr(const pugi::xml_node& n, const char* name);
std::string text(const pugi::xml_node& n);
/// Element text NFC with line breaks kept (narratives).
std::string block_text(const pugi::xml_node& n);

/// pugixml parse options for untrusted input: no DOCTYPE processing beyond skipping,
/// predefined and numeric entities only (pugixml never fetches or expands others).
unsigned safe_parse_options();

/// A one-line Vietnamese/English description of a pugixml parse status.
std::string describe(pugi::xml_parse_status status, bool english);

}  // namespace tuanthu::xml
