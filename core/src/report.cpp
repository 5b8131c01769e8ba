#include "tuanthu/report.hpp"

namespace tuanthu {

const ReportValue* ReportTask::find(std::string_view r) const {
  for (const auto& v : values)
    if (v.ref == r) return &v;
  return nullptr;
}

const ReportTask* Report::find_task(std::string_view r) const {
  for (const auto& t : tasks)
    if (t.ref == r) return &t;
  return nullptr;
}

}  // namespace tuanthu
