// Every enum <-> text table round-trips: each value has a unique id and label, and
// from_string reads back exactly what to_string prints.
#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>

#include "tuanthu/plugin.hpp"
#include "tuanthu/status.hpp"

using namespace tuanthu;

namespace {

template <NamedEnum E>
void round_trip(const char* name) {
  SCOPED_TRACE(name);
  static_assert(enum_table_dense<E>());
  std::set<std::string_view> ids, labels;
  for (std::size_t i = 0; i < enum_count<E>(); ++i) {
    const E e = static_cast<E>(i);
    const std::string_view id = to_string(e);
    ASSERT_FALSE(id.empty()) << i;
    EXPECT_TRUE(ids.insert(id).second) << "id used twice: " << id;
    EXPECT_TRUE(labels.insert(to_vi(e)).second) << "label used twice: " << to_vi(e);
    const auto back = from_string<E>(id);
    ASSERT_TRUE(back) << id;
    EXPECT_EQ(*back, e) << id;
  }
  // Nothing but the exact id parses: not a label, not another case, no extra characters.
  EXPECT_FALSE(from_string<E>(""));
  const E first = static_cast<E>(0);
  if (to_vi(first) != to_string(first)) {
    EXPECT_FALSE(from_string<E>(to_vi(first))) << to_vi(first);
  }
  std::string upper(to_string(first));
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper != to_string(first)) {
    EXPECT_FALSE(from_string<E>(upper)) << upper;
  }
  EXPECT_FALSE(from_string<E>(std::string(to_string(first)) + "x"));
  EXPECT_FALSE(from_string<E>(" " + std::string(to_string(first))));
  EXPECT_TRUE(to_string(static_cast<E>(enum_count<E>())).empty());
}

}  // namespace

TEST(EnumNames, EveryTableRoundTrips) {
  round_trip<Severity>("Severity");
  round_trip<Role>("Role");
  round_trip<RequirementKind>("RequirementKind");
  round_trip<Comparison>("Comparison");
  round_trip<NumberStyle>("NumberStyle");
  round_trip<Frequency>("Frequency");
  round_trip<Timeliness>("Timeliness");
  round_trip<CellState>("CellState");
  round_trip<TaskState>("TaskState");
  round_trip<PluginKind>("PluginKind");
  round_trip<UnitMatchKind>("UnitMatchKind");
  round_trip<Disposition>("Disposition");
  round_trip<ValueState>("ValueState");
}

TEST(EnumNames, IdsAreTheContractTheOutputsUse) {
  // JSON field values and plan attributes: changing one breaks other tools.
  EXPECT_EQ(to_string(Severity::Warning), "warning");
  EXPECT_EQ(to_vi(Severity::Error), "lỗi");
  EXPECT_EQ(to_string(Timeliness::NotYetDue), "not_yet_due");
  EXPECT_EQ(to_string(Disposition::AfterAsOf), "after_as_of");
  EXPECT_EQ(to_string(CellState::NotAssigned), "not_assigned");
  EXPECT_EQ(to_string(TaskState::NoReports), "no_reports");
  EXPECT_EQ(to_vi(Role::Support), "phối hợp");
  EXPECT_EQ(from_string<Frequency>("quarterly"), Frequency::Quarterly);
  EXPECT_EQ(from_string<NumberStyle>("en"), NumberStyle::English);
  EXPECT_EQ(to_string(Comparison::Ge), ">=");
}
