#pragma once
// The document metadata that plans and reports both carry in a <document> element: the
// elements of an administrative document's form (Nghị định 30/2020/NĐ-CP, Điều 8). One
// model and one reader for both, so a plan and a report never read the same element
// differently.
#include <optional>
#include <string>
#include <vector>

#include "tuanthu/date.hpp"

namespace pugi {
class xml_node;
}

namespace tuanthu {

namespace xml {
class TextReader;
}

/// A legal basis (căn cứ) the document cites.
struct Basis {
  std::string kind, number, date, issuer, text;
};

struct Document {
  bool present = false;  ///< the <document> element is there
  std::string kind;      ///< type code: KH, BC, CT, …
  std::string number;    ///< số/ký hiệu, e.g. "245/BC-UBND"
  std::string place, signer, issuer, title;
  std::string signer_title;  ///< chức vụ người ký ("Chủ tịch", "KT. Trưởng phòng"); reports
  std::string date_text;     ///< `date=` as written
  std::optional<Date> date;  ///< `date=` read as a date; nullopt when absent or unreadable
  std::vector<Basis> basis;  ///< plans only
  int line = 0;              ///< of the element; 0 when absent
  int column = 0;
};

namespace xml {
/// Reads a <document> element, any namespace: attributes kind, number, date, place, signer,
/// signer-title;
/// children issuer, title, basis. Text passes the caller's gate `tx` (references decoded,
/// characters checked and recorded there, NFC, trimmed); `date` is read with
/// text::parse_date (ISO, dd/mm/yyyy, "ngày … tháng … năm …"). A null node gives an absent
/// document. The caller decides what an unreadable date means for its format.
Document read_document(const pugi::xml_node& n, TextReader& tx);
}  // namespace xml

}  // namespace tuanthu
