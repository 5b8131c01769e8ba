// The floors the engine is measured against (scripts/bench): what reading the same files
// costs with nothing around it, and what writing each writer's output costs with the same
// library and no logic around it.
//   floor read DIR    read every file into memory (the I/O floor)
//   floor parse DIR   read, then parse with pugixml and walk every node (the parse floor)
//   floor xlsx BOOK.xlsx OUT.xlsx
//                     the workbook writer's floor: every cell of BOOK (a workbook `check`
//                     wrote) written again with libxlsxwriter alone, sheet by sheet, the
//                     same strings, numbers, formulas, formats and row heights, in the same
//                     memory mode (constant memory when BOOK has no shared strings).
//   floor docx IN.docx OUT.docx
//                     the Word writers' floor: the parts of IN (a .docx `check` wrote), in
//                     its order and with its dates, zipped again with libzip as
//                     plugins/common/docx does (deflate at libzip's default level, built in
//                     memory, one plain write): the same bytes.
//   floor docx-dir IN_DIR OUT_DIR [--durable]
//                     the same for every .docx of a letters folder, into OUT_DIR.
//   floor txt-dir IN_DIR OUT_DIR [--durable]
//                     the plain-text letters' floor: each file's bytes into a fresh folder,
//                     one open, write, close each.
//   floor json IN.json OUT.json [PIECE]
//                     the JSON writer's I/O floor: IN's bytes written again with stdio in
//                     pieces of PIECE bytes (65536 by default): pure I/O.
//   floor json-lib IN.json OUT.json
//                     the JSON writer's library floor: nlohmann's dump(2) of IN parsed (the
//                     format the writer streams), written in one piece: the same bytes.
//   floor docx-lib IN.docx|IN_DIR OUT.docx|OUT_DIR
//                     the Word writers' library floor: each part the writer built with
//                     pugixml serialised again by pugixml (format_raw), the fixed parts
//                     copied, all zipped by libzip as `floor docx` does: the same bytes.
// Every writing floor prints `write S s`: the writing alone, not the reading of its input.
// --durable adds what the host does around a folder writer (AtomicDirectory): the folder
// is a temporary sibling, then one syncfs, a rename onto OUT_DIR and an fsync of the parent,
// printed apart as `commit S s` (the host's `timing: commit`).
// Single-threaded, files in sorted order, like `check --jobs 1`. Prints files and bytes.
#include <fcntl.h>
#include <stdlib.h>  // mkdtemp
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
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

// ---- floor xlsx -------------------------------------------------------------

[[noreturn]] void die(const std::string& why) {
  std::fprintf(stderr, "floor: %s\n", why.c_str());
  std::exit(2);
}

std::string entry(zip_t* z, const std::string& name) {
  zip_stat_t st;
  if (zip_stat(z, name.c_str(), 0, &st) != 0) return {};
  zip_file_t* f = zip_fopen(z, name.c_str(), 0);
  if (!f) die(std::string("cannot open ").append(name));
  std::string out(static_cast<size_t>(st.size), '\0');
  if (zip_fread(f, out.data(), st.size) != static_cast<zip_int64_t>(st.size))
    die(std::string("cannot read ").append(name));
  zip_fclose(f);
  return out;
}

// The XML escapes libxlsxwriter writes in text (&amp; &lt; &gt; &quot;, numeric ones).
void unescape(std::string_view in, std::string& out) {
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '&') {
      out += in[i];
      continue;
    }
    const size_t semi = in.find(';', i);
    const std::string_view e = in.substr(i + 1, semi - i - 1);
    if (e == "amp")
      out += '&';
    else if (e == "lt")
      out += '<';
    else if (e == "gt")
      out += '>';
    else if (e == "quot")
      out += '"';
    else if (e == "apos")
      out += '\'';
    else if (!e.empty() && e[0] == '#') {
      unsigned long cp = e.size() > 1 && e[1] == 'x'
                             ? std::strtoul(std::string(e.substr(2)).c_str(), nullptr, 16)
                             : std::strtoul(std::string(e.substr(1)).c_str(), nullptr, 10);
      if (cp < 0x80)
        out += static_cast<char>(cp);
      else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      }
    }
    i = semi;
  }
}

// Attribute `name` of the tag starting at `tag` (up to its '>').
std::string_view attr(std::string_view tag, std::string_view name) {
  const size_t end = tag.find('>');
  std::string key(" ");
  key.append(name).append("=\"");
  const size_t at = tag.substr(0, end).find(key);
  if (at == std::string_view::npos) return {};
  const size_t from = at + key.size();
  return tag.substr(from, tag.find('"', from) - from);
}

// The text of every <t> inside [from, to) (rich text has several runs).
void texts(std::string_view xml, std::string& out) {
  size_t at = 0;
  while ((at = xml.find("<t", at)) != std::string_view::npos) {
    const char next = xml[at + 2];
    if (next != '>' && next != ' ') {
      at += 2;
      continue;
    }
    const size_t open = xml.find('>', at) + 1;
    if (xml[open - 2] == '/') {
      at = open;
      continue;
    }
    const size_t close = xml.find("</t>", open);
    unescape(xml.substr(open, close - open), out);
    at = close + 4;
  }
}

struct Cell {
  lxw_row_t row;
  lxw_col_t col;
  char kind;  // s string, n number, f formula, b blank
  uint16_t format;
  double number;
  size_t text, text_len;  // into Sheet::arena (the string, or the formula)
};

struct Sheet {
  std::string name;
  std::vector<Cell> cells;
  std::vector<std::pair<lxw_row_t, double>> heights;
  std::string arena;
};

void decode_ref(std::string_view ref, lxw_row_t& row, lxw_col_t& col) {
  size_t i = 0;
  unsigned c = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z')
    c = c * 26 + unsigned(ref[i++] - 'A' + 1);
  col = static_cast<lxw_col_t>(c - 1);
  row = static_cast<lxw_row_t>(std::strtoul(std::string(ref.substr(i)).c_str(), nullptr, 10) - 1);
}

Sheet read_sheet(std::string_view xml, const std::vector<std::string>& shared) {
  Sheet s;
  size_t at = xml.find("<sheetData");
  const size_t end = xml.find("</sheetData>");
  if (at == std::string_view::npos || end == std::string_view::npos) return s;
  std::string text;
  while ((at = xml.find('<', at + 1)) < end) {
    const std::string_view tag = xml.substr(at, 5);
    if (tag.substr(0, 5) == "<row ") {
      const std::string_view ht = attr(xml.substr(at), "ht");
      if (!ht.empty()) {
        lxw_row_t r = static_cast<lxw_row_t>(
            std::strtoul(std::string(attr(xml.substr(at), "r")).c_str(), nullptr, 10) - 1);
        s.heights.push_back({r, std::strtod(std::string(ht).c_str(), nullptr)});
      }
      continue;
    }
    if (tag.substr(0, 3) != "<c ") continue;
    const std::string_view head = xml.substr(at, xml.find('>', at) - at + 1);
    Cell c{};
    decode_ref(attr(head, "r"), c.row, c.col);
    const std::string_view sv = attr(head, "s");
    c.format =
        static_cast<uint16_t>(sv.empty() ? 0 : std::strtoul(std::string(sv).c_str(), nullptr, 10));
    const std::string_view type = attr(head, "t");
    c.text = s.arena.size();
    if (head[head.size() - 2] == '/') {
      c.kind = 'b';
      s.cells.push_back(c);
      continue;
    }
    const size_t close = xml.find("</c>", at);
    const std::string_view body = xml.substr(at + head.size(), close - at - head.size());
    auto inner = [&](std::string_view open_tag, std::string_view close_tag) {
      const size_t a = body.find(open_tag);
      if (a == std::string_view::npos) return std::string_view();
      const size_t from = body.find('>', a) + 1;
      return body.substr(from, body.find(close_tag, from) - from);
    };
    if (type == "inlineStr") {
      c.kind = 's';
      texts(body, s.arena);
    } else if (type == "s") {
      c.kind = 's';
      s.arena += shared.at(std::strtoul(std::string(inner("<v>", "</v>")).c_str(), nullptr, 10));
    } else if (body.find("<f>") != std::string_view::npos) {
      c.kind = 'f';
      s.arena += '=';
      unescape(inner("<f>", "</f>"), s.arena);
      c.number = std::strtod(std::string(inner("<v>", "</v>")).c_str(), nullptr);
    } else {
      c.kind = 'n';
      c.number = std::strtod(std::string(inner("<v>", "</v>")).c_str(), nullptr);
    }
    c.text_len = s.arena.size() - c.text;
    s.arena += '\0';  // libxlsxwriter takes C strings
    s.cells.push_back(c);
    at = close;
  }
  return s;
}

void check(lxw_error e) {
  if (e != LXW_NO_ERROR) die(lxw_strerror(e));
}

int floor_xlsx(const char* book, const char* out) {
  int err = 0;
  zip_t* z = zip_open(book, ZIP_RDONLY, &err);
  if (!z) die(std::string("cannot open ").append(book));
  std::vector<std::string> shared;
  const std::string sst = entry(z, "xl/sharedStrings.xml");
  for (size_t at = 0; (at = sst.find("<si>", at)) != std::string::npos;) {
    const size_t close = sst.find("</si>", at);
    shared.emplace_back();
    texts(std::string_view(sst).substr(at, close - at), shared.back());
    at = close;
  }
  const std::string workbook = entry(z, "xl/workbook.xml");
  std::vector<std::string> names;
  for (size_t at = 0; (at = workbook.find("<sheet ", at)) != std::string::npos; ++at) {
    names.emplace_back();
    unescape(attr(std::string_view(workbook).substr(at), "name"), names.back());
  }
  // As many distinct formats as the book has (cellXfs), so that each cell keeps its own.
  const std::string styles = entry(z, "xl/styles.xml");
  const size_t xfs = styles.find("<cellXfs");
  const size_t formats =
      xfs == std::string::npos
          ? 1
          : std::strtoul(std::string(attr(std::string_view(styles).substr(xfs), "count")).c_str(),
                         nullptr, 10);

  using clock = std::chrono::steady_clock;
  clock::duration spent{};
  auto t0 = clock::now();
  lxw_workbook_options opt{};
  opt.constant_memory = sst.empty() ? LXW_TRUE : LXW_FALSE;
  lxw_workbook* wb = workbook_new_opt(out, &opt);
  if (!wb) die(std::string("cannot create ").append(out));
  std::vector<lxw_format*> fmt{nullptr};
  for (size_t i = 1; i < formats; ++i) {
    lxw_format* f = workbook_add_format(wb);
    format_set_font_size(f, 8.0 + static_cast<double>(i));
    fmt.push_back(f);
  }
  spent += clock::now() - t0;
  size_t cells = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string xml =
        entry(z, std::string("xl/worksheets/sheet").append(std::to_string(i + 1)).append(".xml"));
    Sheet s = read_sheet(xml, shared);
    cells += s.cells.size();
    t0 = clock::now();
    lxw_worksheet* ws = workbook_add_worksheet(wb, names[i].c_str());
    if (!ws) die(std::string("cannot add sheet ").append(names[i]));
    size_t h = 0;
    for (const Cell& c : s.cells) {
      while (h < s.heights.size() && s.heights[h].first <= c.row) {
        check(worksheet_set_row(ws, s.heights[h].first, s.heights[h].second, nullptr));
        ++h;
      }
      lxw_format* f = c.format < fmt.size() ? fmt[c.format] : nullptr;
      const char* text = s.arena.data() + c.text;
      switch (c.kind) {
        case 's':
          check(worksheet_write_string(ws, c.row, c.col, text, f));
          break;
        case 'n':
          check(worksheet_write_number(ws, c.row, c.col, c.number, f));
          break;
        case 'f':
          check(worksheet_write_formula_num(ws, c.row, c.col, text, f, c.number));
          break;
        default:
          check(worksheet_write_blank(ws, c.row, c.col, f));
      }
    }
    spent += clock::now() - t0;
  }
  zip_close(z);
  t0 = clock::now();
  check(workbook_close(wb));
  spent += clock::now() - t0;
  std::printf("%zu sheets, %zu cells, %s memory\nwrite %.3f s\n", names.size(), cells,
              opt.constant_memory ? "constant" : "normal",
              std::chrono::duration<double>(spent).count());
  return 0;
}

// ---- the other writers' floors: Word documents, letters, JSON ---------------

using Clock = std::chrono::steady_clock;

double seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// open, write, close: what a minimal program does to put bytes in a file.
void write_plain(const fs::path& file, std::string_view bytes) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) die(std::string("cannot create ").append(file.string()));
  for (size_t done = 0; done < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) die(std::string("cannot write ").append(file.string()));
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) die(std::string("cannot write ").append(file.string()));
}

// One part of a zip package as it was stored: name, uncompressed bytes, date, method.
struct Part {
  std::string name;
  std::string bytes;
  time_t mtime;
  zip_uint16_t method;
};

std::vector<Part> read_parts(const fs::path& package) {
  int err = 0;
  zip_t* z = zip_open(package.c_str(), ZIP_RDONLY, &err);
  if (!z) die(std::string("cannot open ").append(package.string()));
  std::vector<Part> parts;
  const zip_int64_t n = zip_get_num_entries(z, 0);
  for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(n); ++i) {
    zip_stat_t st;
    if (zip_stat_index(z, i, 0, &st) != 0)
      die(std::string("cannot read ").append(package.string()));
    Part p{st.name, std::string(static_cast<size_t>(st.size), '\0'), st.mtime, st.comp_method};
    zip_file_t* f = zip_fopen_index(z, i, 0);
    if (!f || zip_fread(f, p.bytes.data(), st.size) != static_cast<zip_int64_t>(st.size))
      die(std::string("cannot read ").append(p.name).append(" in ").append(package.string()));
    zip_fclose(f);
    parts.push_back(std::move(p));
  }
  zip_discard(z);
  return parts;
}

// The parts zipped again in memory, as plugins/common/docx's ZipOut does: a buffer
// source, each part added with its UTF-8 name, deflated at libzip's default level (or
// stored, if it was) with its date, then the finished package read back in one piece.
std::string zip_parts(const std::vector<Part>& parts) {
  zip_error_t e;
  zip_error_init(&e);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &e);
  if (!src) die(zip_error_strerror(&e));
  zip_source_keep(src);
  zip_t* z = zip_open_from_source(src, ZIP_TRUNCATE, &e);
  if (!z) die(zip_error_strerror(&e));
  zip_error_fini(&e);
  for (const Part& p : parts) {
    zip_source_t* s = zip_source_buffer(z, p.bytes.data(), p.bytes.size(), 0);
    const zip_int64_t idx = s ? zip_file_add(z, p.name.c_str(), s, ZIP_FL_ENC_UTF_8) : -1;
    if (idx < 0) die(zip_strerror(z));
    const auto i = static_cast<zip_uint64_t>(idx);
    const zip_int32_t method = p.method == ZIP_CM_STORE ? ZIP_CM_STORE : ZIP_CM_DEFLATE;
    if (zip_set_file_compression(z, i, method, 0) != 0 || zip_file_set_mtime(z, i, p.mtime, 0))
      die(zip_strerror(z));
  }
  if (zip_close(z) != 0) die(zip_strerror(z));
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_source_open(src) != 0 || zip_source_stat(src, &st) != 0) die("cannot read the zip");
  std::string bytes(static_cast<size_t>(st.size), '\0');
  const zip_int64_t n = zip_source_read(src, bytes.data(), st.size);
  zip_source_close(src);
  zip_source_free(src);
  if (n != static_cast<zip_int64_t>(st.size)) die("cannot read the zip");
  return bytes;
}

// The library floors: what the writer's own libraries cost for the same output with no
// logic around it, as `floor xlsx` is for the workbook. A .docx: each XML part parsed
// (not timed), then serialised by pugixml as plugins/common/docx does (format_raw) and
// zipped by libzip; JSON: nlohmann's dump(2) of the parsed document, written in one piece.
// Straight into a string, as the cheapest use of pugixml (the writer does the same).
std::string serialised(const pugi::xml_document& d) {
  struct Into final : pugi::xml_writer {
    std::string out;
    void write(const void* data, size_t size) override {
      out.append(static_cast<const char*>(data), size);
    }
  } into;
  d.save(into, "", pugi::format_raw, pugi::encoding_utf8);
  return std::move(into.out);
}

// The parts the writer built with pugixml: those its serialisation gives back byte for byte
// (the fixed parts it embeds, styles and fonts, are copied as they are, as the writer does).
std::vector<pugi::xml_document> parse_parts(const std::vector<Part>& parts) {
  std::vector<pugi::xml_document> docs(parts.size());
  for (size_t i = 0; i < parts.size(); ++i)
    if (parts[i].name.ends_with(".xml") || parts[i].name.ends_with(".rels"))
      if (!docs[i].load_buffer(parts[i].bytes.data(), parts[i].bytes.size(),
                               pugi::parse_default | pugi::parse_declaration,
                               pugi::encoding_utf8) ||
          serialised(docs[i]) != parts[i].bytes)
        docs[i].reset();
  return docs;
}

std::string serialise_and_zip(std::vector<Part> parts,
                              const std::vector<pugi::xml_document>& docs) {
  for (size_t i = 0; i < parts.size(); ++i)
    if (docs[i].first_child()) parts[i].bytes = serialised(docs[i]);
  return zip_parts(parts);
}

int floor_docx_lib(const fs::path& in, const fs::path& out) {
  std::vector<fs::path> files;
  if (fs::is_directory(in)) {
    for (const auto& e : fs::directory_iterator(in))
      if (e.is_regular_file() && e.path().extension() == ".docx") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    fs::create_directory(out);
  } else {
    files.push_back(in);
  }
  Clock::duration spent{};
  size_t same = 0;
  for (const auto& f : files) {
    const std::vector<Part> parts = read_parts(f);
    const std::vector<pugi::xml_document> docs = parse_parts(parts);
    const fs::path to = fs::is_directory(in) ? out / f.filename() : out;
    const auto t0 = Clock::now();
    write_plain(to, serialise_and_zip(parts, docs));
    spent += Clock::now() - t0;
    same += slurp(f) == slurp(to);
  }
  std::printf("%zu packages, %zu with the same bytes as the input\nwrite %.3f s\n", files.size(),
              same, seconds(spent));
  return 0;
}

int floor_json_lib(const char* in, const char* out) {
  const std::string bytes = slurp(in);
  const auto doc = nlohmann::ordered_json::parse(bytes);
  const auto t0 = Clock::now();
  write_plain(
      out,
      doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace).append(1, '\n'));
  const double spent = seconds(Clock::now() - t0);
  std::printf("%zu bytes, same bytes as the input: %s\nwrite %.3f s\n", bytes.size(),
              slurp(out) == bytes ? "yes" : "no", spent);
  return 0;
}

int floor_docx(const char* in, const char* out) {
  const std::vector<Part> parts = read_parts(in);
  const auto t0 = Clock::now();
  write_plain(out, zip_parts(parts));
  const double spent = seconds(Clock::now() - t0);
  size_t bytes = 0;
  for (const Part& p : parts) bytes += p.bytes.size();
  std::printf("%zu parts, %zu bytes, same bytes as the input: %s\nwrite %.3f s\n", parts.size(),
              bytes, slurp(in) == slurp(out) ? "yes" : "no", spent);
  return 0;
}

// A letters folder written again into OUT_DIR (which must not exist): every file of
// IN_DIR with the extension (the host's marker is not the writer's), sorted. Durable: as
// AtomicDirectory, written into a temporary sibling, then one syncfs, the rename and an
// fsync of the parent, timed apart.
int floor_dir(const std::string& kind, const fs::path& in, const fs::path& out, bool durable) {
  const bool docx = kind == "docx-dir";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(in))
    if (e.is_regular_file() && e.path().extension() == (docx ? ".docx" : ".txt"))
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  if (fs::exists(fs::symlink_status(out)))
    die(std::string(out.string()).append(" exists: give a fresh folder"));
  fs::path dir = out;
  if (durable) {
    std::string name(".");
    std::string tmpl =
        (out.parent_path() / name.append(out.filename().string()).append(".floor-XXXXXX")).string();
    if (!::mkdtemp(tmpl.data())) die(std::string("cannot create ").append(tmpl));
    dir = tmpl;
  } else {
    fs::create_directory(out);
  }
  // The text letters are small: all read first. Word letters are read one at a time (a
  // national folder's parts unzipped would be hundreds of MB); only the writing is timed.
  std::vector<std::string> texts;
  if (!docx)
    for (const auto& f : files) texts.push_back(slurp(f));
  Clock::duration spent{};
  size_t bytes = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    std::vector<Part> parts;
    if (docx) parts = read_parts(files[i]);
    const auto t0 = Clock::now();
    if (docx)
      write_plain(dir / files[i].filename(), zip_parts(parts));
    else
      write_plain(dir / files[i].filename(), texts[i]);
    spent += Clock::now() - t0;
    if (docx)
      for (const Part& p : parts) bytes += p.bytes.size();
    else
      bytes += texts[i].size();
  }
  double commit = 0;
  if (durable) {
    const auto t0 = Clock::now();
    auto sync = [](const fs::path& d, bool whole) {
      const int fd = ::open(d.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (fd < 0 || (whole ? ::syncfs(fd) : ::fsync(fd)) != 0)
        die(std::string("cannot sync ").append(d.string()));
      ::close(fd);
    };
    sync(dir, true);
    if (::rename(dir.c_str(), out.c_str()) != 0)
      die(std::string("cannot rename to ").append(out.string()));
    sync(out.parent_path().empty() ? fs::path(".") : out.parent_path(), false);
    commit = seconds(Clock::now() - t0);
  }
  size_t same = 0;
  for (const auto& f : files) same += slurp(f) == slurp(out / f.filename());
  std::printf("%zu files, %zu bytes, same bytes as the input: %zu of %zu\nwrite %.3f s\n",
              files.size(), bytes, same, files.size(), seconds(spent));
  if (durable) std::printf("commit %.3f s\n", commit);
  return 0;
}

int floor_json(const char* in, const char* out, size_t piece) {
  const std::string bytes = slurp(in);
  const auto t0 = Clock::now();
  FILE* f = std::fopen(out, "wb");
  if (!f) die(std::string("cannot create ").append(out));
  for (size_t at = 0; at < bytes.size(); at += piece)
    if (std::fwrite(bytes.data() + at, 1, std::min(piece, bytes.size() - at), f) == 0)
      die(std::string("cannot write ").append(out));
  if (std::fclose(f) != 0) die(std::string("cannot write ").append(out));
  const double spent = seconds(Clock::now() - t0);
  std::printf("%zu bytes in pieces of %zu, same bytes as the input: %s\nwrite %.3f s\n",
              bytes.size(), piece, slurp(out) == bytes ? "yes" : "no", spent);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (argc == 4 && mode == "xlsx") return floor_xlsx(argv[2], argv[3]);
  if (argc == 4 && mode == "docx") return floor_docx(argv[2], argv[3]);
  if (argc == 4 && mode == "docx-lib") return floor_docx_lib(argv[2], argv[3]);
  if (argc == 4 && mode == "json-lib") return floor_json_lib(argv[2], argv[3]);
  if ((argc == 4 || (argc == 5 && std::string(argv[4]) == "--durable")) &&
      (mode == "docx-dir" || mode == "txt-dir"))
    return floor_dir(mode, argv[2], argv[3], argc == 5);
  if ((argc == 4 || argc == 5) && mode == "json") {
    const long piece = argc == 5 ? std::atol(argv[4]) : 65536;
    if (piece <= 0) die("PIECE must be a number of bytes");
    return floor_json(argv[2], argv[3], static_cast<size_t>(piece));
  }
  if (argc != 3 || (mode != "read" && mode != "parse")) {
    std::fprintf(stderr,
                 "usage: floor read|parse DIR | floor xlsx BOOK.xlsx OUT.xlsx\n"
                 "       floor docx IN.docx OUT.docx | floor docx-dir|txt-dir IN_DIR OUT_DIR "
                 "[--durable]\n"
                 "       floor json IN.json OUT.json [PIECE] | floor json-lib IN.json OUT.json\n"
                 "       floor docx-lib IN.docx|IN_DIR OUT.docx|OUT_DIR\n");
    return 2;
  }
  const bool parse = mode == "parse";
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
    if (doc.load_buffer_inplace(data.data(), data.size(),
                                pugi::parse_default & ~pugi::parse_doctype, pugi::encoding_utf8))
      touched += walk(doc);
  }
  std::printf("%zu files, %zu bytes, %zu touched\n", files.size(), bytes, touched);
  return 0;
}
