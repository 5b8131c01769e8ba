#pragma once
// The parts every administrative document tuanthu drafts shares (Nghị định 30/2020/NĐ-CP,
// Phụ lục I; facts in docs/architecture.md): the header table (cơ quan, số/ký hiệu, Quốc
// hiệu, tiêu ngữ, địa danh and date) and the Nơi nhận / signature table; and the writer
// options that fill them where the plan says nothing. Shared by docx-report and
// docx-letters so both documents have one form.
#include <string>
#include <vector>

#include "docx.hpp"
#include "tuanthu/plugin.hpp"

namespace tuanthu::docx {

/// A blank the office fills in by hand.
inline constexpr const char* kBlank = "…";

/// What the plan does not say and the office may: the writer's options (the plan's
/// `<writer plugin="…"><param …/>` and the command line), with the plan's own names as
/// defaults and blanks where neither says anything.
struct OfficialSettings {
  std::string number;  ///< `number`: số/ký hiệu; default "…/<kind>-…" or "…/…"
  std::string parent;  ///< `parent`: cơ quan chủ quản; default the plan's issuer
  std::string
      issuer;  ///< `issuer`: cơ quan ban hành; default the consolidating unit (or the cycle's `to`)
  std::string place;         ///< `place`: địa danh; default the plan's place
  std::string signer;        ///< `signer`: người ký
  std::string signer_title;  ///< `signer-title`: chức vụ ("Trưởng phòng")
  std::string signer_authority;  ///< `signer-authority`: "KT. Trưởng phòng", "TM. Ủy ban nhân dân"
  std::string archive;           ///< `archive`: "Lưu: VT, <archive>."
  std::string reference;         ///< `reference`: the reference .docx (resolved path), or empty
};

/// Reads the settings; `kind` is the document's type code for the default number ("BC":
/// "…/BC-…"; empty for a công văn, which has none: "…/…").
OfficialSettings read_official_settings(const WriteContext& ctx, const std::string& kind);

/// The reference document the settings name, or the built-in one.
Reference reference_for(const OfficialSettings& s);

/// The header table. `excerpt` is a công văn's trích yếu ("V/v …"), shown under the number;
/// empty for a document with a tên loại (a báo cáo).
void letterhead(Document& doc, const OfficialSettings& s, int year,
                const std::string& excerpt = std::string());

/// The Nơi nhận / signature table (one row that never splits across pages). `recipients`
/// are written as "- …;" lines, then "- Lưu: VT, ….".
void signature_block(Document& doc, const OfficialSettings& s,
                     const std::vector<std::string>& recipients);

}  // namespace tuanthu::docx
