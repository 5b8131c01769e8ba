// The floors the engine is measured against (scripts/bench): what reading the same files
// costs with nothing around it.
//   floor read DIR    read every file into memory (the I/O floor)
//   floor parse DIR   read, then parse with pugixml and walk every node (the parse floor)
// Single-threaded, files in sorted order, like `check --jobs 1`. Prints files and bytes.
#include <pugixml.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Touches every node and attribute so that the walk cannot be skipped.
size_t walk(const pugi::xml_node& root) {
  size_t n = 0;
  std::vector<pugi::xml_node> stack{root};
  while (!stack.empty()) {
    const pugi::xml_node node = stack.back();
    stack.pop_back();
    n += std::char_traits<char>::length(node.value()) + 1;
    for (auto a = node.first_attribute(); a; a = a.next_attribute())
      n += std::char_traits<char>::length(a.value());
    for (auto c = node.first_child(); c; c = c.next_sibling()) stack.push_back(c);
  }
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 || (std::string(argv[1]) != "read" && std::string(argv[1]) != "parse")) {
    std::fprintf(stderr, "usage: floor read|parse DIR\n");
    return 2;
  }
  const bool parse = std::string(argv[1]) == "parse";
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(argv[2]))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  size_t bytes = 0, touched = 0;
  for (const auto& f : files) {
    std::string data = slurp(f);
    bytes += data.size();
    if (!parse) continue;
    pugi::xml_document doc;
    // In place, no copy: the cheapest pugixml can do, options as the reader (no DOCTYPE).
    if (doc.load_buffer_inplace(data.data(), data.size(), pugi::parse_default & ~pugi::parse_doctype,
                                 pugi::encoding_utf8))
      touched += walk(doc);
  }
  std::printf("%zu files, %zu bytes, %zu touched\n", files.size(), bytes, touched);
  return 0;
}
