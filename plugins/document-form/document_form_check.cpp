// Check plugin `document-form`: the report's own metadata as Nghị định 30/2020/NĐ-CP,
// Điều 8 asks of an administrative document (số/ký hiệu, ngày, cơ quan ban hành, người ký).
#include "tuanthu/plugin.hpp"
#include "tuanthu/text.hpp"

namespace {

using namespace tuanthu;

// Each rule declared once; rules() lists them and emit() takes them.
inline constexpr Rule kDocumentMissing{"document-missing", Severity::Error,
                                       "the report has no <document> metadata"};
inline constexpr Rule kDocumentNumberMissing{"document-number-missing", Severity::Error,
                                             "no số/ký hiệu"};
inline constexpr Rule kDocumentNumberMalformed{"document-number-malformed", Severity::Warning,
                                               "số/ký hiệu not of the form 245/BC-UBND"};
inline constexpr Rule kDocumentDateMissing{"document-date-missing", Severity::Error,
                                           "no document date"};
inline constexpr Rule kDocumentDateAfterReceived{"document-date-after-received", Severity::Error,
                                                 "the document date is after the received date"};
inline constexpr Rule kDocumentIssuerMissing{"document-issuer-missing", Severity::Warning,
                                             "no issuing authority"};
inline constexpr Rule kDocumentSignerMissing{"document-signer-missing", Severity::Warning,
                                             "no signer"};

bool is_code_char(std::string_view s, size_t& i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '&') {
    ++i;
    return true;
  }
  if (s.substr(i, 2) == "Đ") {  // the only non-ASCII capital in agency codes
    i += 2;
    return true;
  }
  return false;
}

/// `245/BC-UBND`, `12/BC-LĐTBXH`, `07/BC-UBND-VX`: a number, a slash, then the
/// document-type code and the issuer's codes, upper case, joined by hyphens.
bool well_formed_number(std::string_view n, std::string_view kind, std::string& why) {
  const size_t slash = n.find('/');
  if (slash == std::string_view::npos || slash == 0) {
    why = "thiếu phần số trước dấu \"/\"";
    return false;
  }
  for (size_t i = 0; i < slash; ++i)
    if (n[i] < '0' || n[i] > '9') {
      why = "phần trước dấu \"/\" phải là số";
      return false;
    }
  std::string_view code = n.substr(slash + 1);
  if (code.empty()) {
    why = "thiếu ký hiệu sau dấu \"/\"";
    return false;
  }
  size_t i = 0, token_start = 0;
  std::string_view first;
  while (i <= code.size()) {
    if (i == code.size() || code[i] == '-') {
      if (i == token_start) {
        why = "ký hiệu có đoạn rỗng giữa hai dấu \"-\"";
        return false;
      }
      if (first.empty()) first = code.substr(token_start, i - token_start);
      token_start = ++i;
      continue;
    }
    if (!is_code_char(code, i)) {
      why = "ký hiệu chỉ gồm chữ in hoa, chữ số và dấu \"-\"";
      return false;
    }
  }
  if (!kind.empty() && first != kind) {
    why = "ký hiệu loại văn bản \"" + std::string(first) + "\" khác loại \"" + std::string(kind) +
          "\"";
    return false;
  }
  return true;
}

class DocumentFormCheck final : public Check {
 public:
  std::string name() const override { return "document-form"; }
  std::string version() const override { return "1.0"; }
  Message description() const override {
    return {"Thể thức văn bản báo cáo theo NĐ 30/2020/NĐ-CP", "report document form"};
  }
  std::vector<Rule> rules() const override {
    return {kDocumentMissing,      kDocumentNumberMissing,     kDocumentNumberMalformed,
            kDocumentDateMissing,  kDocumentDateAfterReceived, kDocumentIssuerMissing,
            kDocumentSignerMissing};
  }

  void check_report(const CheckContext& ctx, const Submission& s,
                    std::vector<Finding>& out) const override {
    const Report& r = s.report;
    const Document& d = r.document;
    const int line = d.present ? d.line : r.line;
    auto f = [&](std::string vi, std::string en) {
      return make_finding(s.unit_id, "", "", std::move(vi), std::move(en), r.file, line);
    };
    if (!d.present) {
      emit(out, kDocumentMissing,
           f("báo cáo thiếu thông tin văn bản (<document>: số, ngày, cơ quan, người ký)",
             "the report lacks <document> metadata (number, date, issuer, signer)"));
      return;
    }
    const std::string kind = ctx.options.get("document-kind", "BC");
    std::string why;
    if (d.number.empty())
      emit(out, kDocumentNumberMissing,
           f("báo cáo thiếu số/ký hiệu văn bản (ví dụ 245/BC-UBND)",
             "the report has no document number (e.g. 245/BC-UBND)"));
    else if (!well_formed_number(d.number, d.kind.empty() ? kind : d.kind, why))
      emit(out, kDocumentNumberMalformed,
           f("số/ký hiệu " + text::quote(d.number) + " không đúng thể thức: " + why,
             "document number " + text::quote(d.number, true) +
                 " is malformed (expected e.g. 245/BC-UBND)"));
    if (d.date_text.empty())
      emit(out, kDocumentDateMissing,
           f("báo cáo thiếu ngày ban hành", "the report has no document date"));
    else if (d.date && r.received && *d.date > *r.received)
      emit(out, kDocumentDateAfterReceived,
           f("ngày văn bản " + d.date->vi() + " sau ngày nhận " + r.received->vi() +
                 "; kiểm tra lại",
             "document date " + d.date->vi() + " is after the received date " + r.received->vi()));
    if (d.issuer.empty())
      emit(out, kDocumentIssuerMissing,
           f("báo cáo thiếu tên cơ quan ban hành (<issuer>)",
             "the report has no issuing authority (<issuer>)"));
    if (d.signer.empty())
      emit(out, kDocumentSignerMissing,
           f("báo cáo thiếu người ký (signer=\"…\")", "the report has no signer (signer=\"…\")"));
  }
};

}  // namespace

TUANTHU_PLUGIN(DocumentFormCheck)
