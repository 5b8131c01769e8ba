#!/usr/bin/env bash
# Makes the fuzz_form template (tests/fuzz/form-template.xlsx: a filled form of the plan in
# fuzz_form.cpp) and its seed corpus (tests/fuzz/corpus/form/): whole files (first byte 0)
# and each XML part of the template (first byte 2k+1 picks part k, in zip order).
# usage: tests/fuzz/make-form-corpus.sh [build/bin/tuanthu]   (run from the source tree)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tuanthu="${1:-$root/build/bin/tuanthu}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# The plan of fuzz_form.cpp, word for word.
sed -n '/R"(<plan/,/)",/p' "$root/tests/fuzz/fuzz_form.cpp" | sed 's/.*R"(//; s/)",$//' >"$tmp/plan.xml"
"$tuanthu" forms --plan "$tmp/plan.xml" --period 2025 --out "$tmp/blank" >/dev/null
python3 "$root/samples/fill_form.py" "$tmp/blank/a.xlsx" "$root/tests/fuzz/form-template.xlsx" \
  document.number=245/BC-LĐTBXH document.date=45964 "document.signer=Nguyễn Văn A" \
  "document.signer-title=Trưởng phòng" "T1/ket-qua=Đã tổ chức nhiều hoạt động tuyên truyền." \
  T1/so=1.234 T1/ty-le=98,5% T1/ngay=03/11/2025 "T1/kh=Kế hoạch số 12/KH-UBND ngày 10/01/2025"
corpus="$root/tests/fuzz/corpus/form"
rm -f "$corpus"/*
{ printf '\x00'; cat "$tmp/blank/a.xlsx"; } >"$corpus/file-blank"
{ printf '\x00'; cat "$root/tests/fuzz/form-template.xlsx"; } >"$corpus/file-filled"
python3 - "$root/tests/fuzz/form-template.xlsx" "$corpus" <<'PY'
import sys, zipfile
names = [i.filename for i in zipfile.ZipFile(sys.argv[1]).infolist()]
parts = [n for n in names if n.endswith(".xml") or n.endswith(".rels")]
with zipfile.ZipFile(sys.argv[1]) as z:
    for k, n in enumerate(parts):
        safe = n.replace("/", "_").replace("[", "").replace("]", "")
        with open(f"{sys.argv[2]}/part-{k:02d}-{safe}", "wb") as f:
            f.write(bytes([2 * k + 1]) + z.read(n))
PY
ls "$corpus"
