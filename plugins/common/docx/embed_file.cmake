# cmake -DIN=<file> -DOUT=<file.cpp> -P embed_file.cmake: the bytes of IN as
# tuanthu::docx::detail::kReferenceDocx / kReferenceDocxSize.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" n)
math(EXPR size "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE ${OUT} "// Generated from reference.docx by embed_file.cmake: do not edit.\n"
  "#include <cstddef>\n"
  "namespace tuanthu::docx::detail {\n"
  "extern const unsigned char kReferenceDocx[];\n"
  "extern const size_t kReferenceDocxSize;\n"
  "const unsigned char kReferenceDocx[] = {${bytes}};\n"
  "const size_t kReferenceDocxSize = ${size};\n"
  "}  // namespace tuanthu::docx::detail\n")
