#include "tuanthu/document.hpp"

#include "tuanthu/text.hpp"
#include "tuanthu/xml.hpp"

namespace tuanthu::xml {

Document read_document(const pugi::xml_node& n, TextReader& tx) {
  Document d;
  if (!n) return d;
  d.present = true;
  d.line = tx.lines().line(n.offset_debug());
  d.column = tx.lines().column(n.offset_debug());
  d.kind = tx.attr(n, "kind");
  d.number = tx.attr(n, "number");
  d.place = tx.attr(n, "place");
  d.signer = tx.attr(n, "signer");
  d.signer_title = tx.attr(n, "signer-title");
  d.issuer = tx.text(child(n, "issuer"));
  d.title = tx.text(child(n, "title"));
  d.date_text = tx.attr(n, "date");
  if (!d.date_text.empty()) d.date = text::parse_date(d.date_text);
  for (auto b : children(n, "basis"))
    d.basis.push_back(Basis{tx.attr(b, "kind"), tx.attr(b, "number"), tx.attr(b, "date"),
                            tx.attr(b, "issuer"), tx.text(b)});
  return d;
}

}  // namespace tuanthu::xml
