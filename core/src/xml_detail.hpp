#pragma once
// Core-internal pieces of xml.cpp: TextReader's decoder, open to the tests that compare it
// with a plain character by character reference.
#include <cstddef>
#include <string>
#include <string_view>

namespace tuanthu::xml::detail {

/// What decoding met in a value (summed over its pieces).
struct DecodeState {
  size_t count = 0;    ///< characters not allowed, each written as U+FFFD
  char32_t first = 0;  ///< the first of them (0x110000: a bad byte or a reference beyond Unicode)
  bool reference = false;  ///< the first was written as a reference
  ptrdiff_t offset = -1;   ///< the first one's offset in the document buffer, when known
  /// False when every character written out is NFC on its own and composes with nothing
  /// (NFC_Quick_Check=Yes, combining class 0): then the text is NFC without asking ICU.
  bool nfc_unsure = false;
};

/// Appends `raw` to `out` with the predefined and numeric references decoded (when
/// `references`; not in CDATA) and each invalid byte sequence or character that is not
/// allowed (text::is_allowed_char) replaced by U+FFFD and counted in `st`. `base_offset`:
/// the offset of `raw` in the document buffer, or -1.
void decode(std::string_view raw, bool references, std::string& out, DecodeState& st,
            ptrdiff_t base_offset);

}  // namespace tuanthu::xml::detail
