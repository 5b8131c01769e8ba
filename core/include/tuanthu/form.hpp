#pragma once
// The contract between a unit's form (biểu mẫu) and the reader that reads it back: one
// header, shared by the form maker (plugins/xlsx-form-maker) and the form reader
// (plugins/xlsx-form). Names here are a contract with every form already sent out:
// extend, never rename. See docs/report-format.md, "Forms".
//
// Every form carries a sheet named `tuanthu`, very hidden, holding in columns A:B
//   format | urn:tuanthu:form:1
//   plan | <plan id>          plan-version | <plan version>
//   unit | <unit id>          period | <period>          form-version | 1
// then the row `task | requirement | cell`, and below it one row per input cell: the task
// id (empty for the report's own document metadata), the requirement id (or
// document.number, document.date, document.signer, document.signer-title) and the cell as
// a sheet-qualified A1 reference ('Báo cáo'!E14). In form version 1 the cell right of each
// input cell holds the input's row key (`row_key`), so that a reader finds an input whose
// row was moved and notices one that was duplicated or deleted.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tuanthu/expectation.hpp"
#include "tuanthu/plan.hpp"

namespace tuanthu::form {

inline constexpr std::string_view kIdentitySheet = "tuanthu";
inline constexpr std::string_view kFormat = "urn:tuanthu:form:1";
inline constexpr std::string_view kFormVersion = "1";

// Rows of the identity sheet (column A), in this order.
inline constexpr std::string_view kRowFormat = "format";
inline constexpr std::string_view kRowPlan = "plan";
inline constexpr std::string_view kRowPlanVersion = "plan-version";
inline constexpr std::string_view kRowUnit = "unit";
inline constexpr std::string_view kRowPeriod = "period";
inline constexpr std::string_view kRowFormVersion = "form-version";
// The header of the cell map (columns A, B, C).
inline constexpr std::string_view kHeaderTask = "task";
inline constexpr std::string_view kHeaderRequirement = "requirement";
inline constexpr std::string_view kHeaderCell = "cell";

// Inputs for the report's own document metadata (task column empty).
inline constexpr std::string_view kDocumentNumber = "document.number";
inline constexpr std::string_view kDocumentDate = "document.date";
inline constexpr std::string_view kDocumentSigner = "document.signer";
inline constexpr std::string_view kDocumentSignerTitle = "document.signer-title";

/// The visible sheet the xlsx form maker writes the inputs on.
inline constexpr std::string_view kFormSheet = "Báo cáo";

/// One input cell of a unit's form.
struct Input {
  std::string task;                  ///< plan task id; empty for the document metadata
  std::string requirement;           ///< requirement id, or one of the document.* keys
  const Requirement* req = nullptr;  ///< the plan's requirement; null for document metadata
  Role role = Role::Support;         ///< the unit's role in the task
};

/// What a unit's form asks, in form order: the four document inputs, then for each task
/// the unit is assigned in the period (plan order) the requirements that apply to its role.
std::vector<Input> inputs(const Plan& plan, const ExpectedUnit& unit);

/// The key written beside an input: "II.4/ty-le-bhyt", or "document.number".
std::string row_key(std::string_view task, std::string_view requirement);

/// A cell: sheet name, 0-based row and column.
struct CellRef {
  std::string sheet;
  std::uint32_t row = 0;
  std::uint32_t col = 0;
};
/// "E14" for row 13, column 4 (0-based).
std::string a1(std::uint32_t row, std::uint32_t col);
/// "'Báo cáo'!E14": the sheet name always quoted, quotes in it doubled.
std::string format_ref(const CellRef& ref);
/// Reads "'Báo cáo'!E14", "Sheet1!$E$14" (sheet required); nullopt when malformed or
/// beyond Excel's grid (1,048,576 rows, 16,384 columns).
std::optional<CellRef> parse_ref(std::string_view text);
/// Reads "E14" or "$E$14" into a 0-based row and column.
bool parse_a1(std::string_view text, std::uint32_t& row, std::uint32_t& col);

/// The file name of each unit's form, in the order given: text::safe_file_names of the unit
/// ids (an ASCII slug, a hash when the id was not already one) plus `.<extension>`,
/// pairwise distinct. The one place forms are named.
std::vector<std::string> file_names(const std::vector<std::string>& unit_ids,
                                    std::string_view extension);

}  // namespace tuanthu::form
