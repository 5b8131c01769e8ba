#pragma once
// Checks that an output the run wrote is a valid file of its kind. Shared by the tests and
// the whole-pipeline fuzz target (tests/fuzz/fuzz_pipeline.cpp). Each function returns
// an empty string when the output is valid, else a one-line description of the problem.
#include <string>
#include <string_view>

namespace tt {

/// Well-formed XML 1.0, strictly: valid UTF-8, every character (raw or written as a
/// character reference) in the Char production, and pugixml parses it.
std::string xml_problem(std::string_view bytes);

/// A JSON document nlohmann parses (it checks UTF-8 too).
std::string json_problem(const std::string& file);

/// A zip (libzip opens it) with [Content_Types].xml and xl/workbook.xml, whose every
/// .xml and .rels part passes xml_problem.
std::string xlsx_problem(const std::string& file);

/// Plain text (feedback letters): valid UTF-8 without NUL or other characters XML
/// forbids.
std::string text_problem(std::string_view bytes);

}  // namespace tt
