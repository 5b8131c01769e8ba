#include "tuanthu/document.hpp"

#include "tuanthu/text.hpp"
#include "tuanthu/xml.hpp"

namespace tuanthu::xml {

Document read_document(const pugi::xml_node& n, const LineIndex& lines) {
  Document d;
  if (!n) return d;
  d.present = true;
  d.line = lines.line(n.offset_debug());
  d.column = lines.column(n.offset_debug());
  d.kind = attr(n, "kind");
  d.number = attr(n, "number");
  d.place = attr(n, "place");
  d.signer = attr(n, "signer");
  d.signer_title = attr(n, "signer-title");
  d.issuer = text(child(n, "issuer"));
  d.title = text(child(n, "title"));
  d.date_text = attr(n, "date");
  if (!d.date_text.empty()) d.date = text::parse_date(d.date_text);
  for (auto b : children(n, "basis"))
    d.basis.push_back(
        Basis{attr(b, "kind"), attr(b, "number"), attr(b, "date"), attr(b, "issuer"), text(b)});
  return d;
}

}  // namespace tuanthu::xml
