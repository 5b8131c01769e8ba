#pragma once
// The in-memory report model (urn:tuanthu:report:1) that reader plugins produce and
// checks read. Text is NFC; dates are parsed but the raw text is kept for messages.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "tuanthu/date.hpp"
#include "tuanthu/document.hpp"

namespace tuanthu {

// Reading limits for one report (docs/limits.md): what is past them is not read, and a
// `report-limit-exceeded` finding says so. They bound the memory and the findings one file
// can cost; real reports are far below them.
inline constexpr size_t kMaxTasksPerReport = 1000;    ///< <task> sections read
inline constexpr size_t kMaxValuesPerReport = 10000;  ///< <value> elements read, all tasks
inline constexpr size_t kMaxValueChars = 100000;      ///< characters kept of one value

struct ReportValue {
  std::string ref;
  std::string text;    ///< element text, NFC, trimmed
  std::string number;  ///< `number=` attribute (document requirements)
  std::string date;    ///< `date=` attribute (document requirements)
  int line = 0;
};

struct ReportTask {
  std::string ref;
  std::vector<ReportValue> values;
  int line = 0;
  const ReportValue* find(std::string_view ref) const;
};

struct Report {
  std::string file;  ///< path as reached, for display (text::display_path)
  int line = 0;      ///< line of the root element
  std::string plan;
  std::string period;
  std::string unit;       ///< `unit=`: a plan unit id
  std::string unit_name;  ///< `unit-name=`: a name to match against the plan's units
  Document document;
  std::string received_text;
  std::optional<Date> received;
  int received_line = 0;
  std::vector<ReportTask> tasks;

  const ReportTask* find_task(std::string_view ref) const;
};

}  // namespace tuanthu
