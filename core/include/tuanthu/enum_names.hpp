#pragma once
// Enum <-> text. Each enum declares, right beside itself, one table of its values with
// their stable id (JSON, XML attributes, the command line) and Vietnamese label:
//
//   enum class Role { Lead, Support };
//   template <> struct EnumTable<Role> {
//     static constexpr EnumName<Role> names[] = {{Role::Lead, "lead", "chủ trì"},
//                                                {Role::Support, "support", "phối hợp"}};
//   };
//
// to_string, to_vi and from_string<E> are generated from that table, so a name is written
// once and parsing is the exact inverse of printing (tests/test_enum_names.cpp round-trips
// every table).
#include <cstddef>
#include <optional>
#include <string_view>
#include <type_traits>

namespace tuanthu {

template <class E>
struct EnumName {
  E value;
  std::string_view id;  ///< stable English id
  std::string_view vi;  ///< Vietnamese label for users; empty when the id is all there is
};

/// Specialised beside each enum with `static constexpr EnumName<E> names[]`, listing every
/// value once, in declaration order (values 0, 1, 2, …).
template <class E>
struct EnumTable;

template <class E>
concept NamedEnum = std::is_enum_v<E> && requires {
  EnumTable<E>::names;
};

/// True when the table lists the values 0..N-1 in order, each once: a value added to the
/// enum without a row, or rows out of order, fail the static_assert in the functions below.
template <NamedEnum E>
constexpr bool enum_table_dense() {
  std::size_t i = 0;
  for (const auto& n : EnumTable<E>::names)
    if (static_cast<std::size_t>(n.value) != i++ || n.id.empty()) return false;
  return true;
}

template <NamedEnum E>
constexpr std::size_t enum_count() {
  return std::size(EnumTable<E>::names);
}

/// The stable id of `e` ("on_time", "lead", "error"); empty for a value outside the table.
template <NamedEnum E>
constexpr std::string_view to_string(E e) {
  static_assert(enum_table_dense<E>(), "EnumTable rows must list every value in order");
  const auto i = static_cast<std::size_t>(e);
  return i < enum_count<E>() ? EnumTable<E>::names[i].id : std::string_view{};
}

/// The Vietnamese label of `e` ("đúng hạn", "chủ trì"), or its id when it has none.
template <NamedEnum E>
constexpr std::string_view to_vi(E e) {
  static_assert(enum_table_dense<E>(), "EnumTable rows must list every value in order");
  const auto i = static_cast<std::size_t>(e);
  if (i >= enum_count<E>()) return {};
  const auto& n = EnumTable<E>::names[i];
  return n.vi.empty() ? n.id : n.vi;
}

/// The value whose id is exactly `s`; nullopt otherwise.
template <NamedEnum E>
constexpr std::optional<E> from_string(std::string_view s) {
  static_assert(enum_table_dense<E>(), "EnumTable rows must list every value in order");
  for (const auto& n : EnumTable<E>::names)
    if (n.id == s) return n.value;
  return std::nullopt;
}

}  // namespace tuanthu
