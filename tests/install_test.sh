#!/usr/bin/env bash
# The install tree works like the build tree: `cmake --install` into a fresh prefix, then
# the installed binary finds its plugins with no environment set and checks a plan.
# usage: install_test.sh BUILD_DIR PLUGIN… (the shipped plugins, as tuanthu_add_plugin
# recorded them in tests/CMakeLists.txt)
set -euo pipefail
build="$1"
shift
plugins=("$@")
[ ${#plugins[@]} -gt 0 ] || { echo "install_test.sh: no plugin names given"; exit 2; }
prefix="$(mktemp -d)"
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
test -x "$prefix/bin/tuanthu"
test -f "$prefix/share/tuanthu/rules/q12-ct33-2024.xml"
test -f "$prefix/share/tuanthu/schema/plan.xsd"
test -f "$prefix/share/tuanthu/rules/docx-reference.docx"  # for offices to start their own from
test -f "$prefix/share/doc/tuanthu/plugins.md"
test -f "$prefix/share/doc/tuanthu/examples/plugin-hello/CMakeLists.txt"
# Exactly the shipped plugins are installed: no test plugin, nothing missing.
expected="$(printf 'tuanthu-%s.so\n' "${plugins[@]}" | sort)"
installed="$(find "$prefix/lib/tuanthu/plugins" -mindepth 1 -printf '%f\n' | sort)"
[ "$installed" = "$expected" ] || {
  echo "installed plugins differ from the shipped list"; diff <(echo "$expected") <(echo "$installed"); exit 1; }
cd "$prefix"  # never the current folder: run from elsewhere with nothing in the environment
out="$(env -i "$prefix/bin/tuanthu" plugins)"
for p in "${plugins[@]}"; do
  grep -q "^$p	" <<<"$out" || { echo "installed tuanthu does not list plugin $p"; echo "$out"; exit 1; }
done
grep -q "$prefix/lib/tuanthu/plugins" <<<"$out"
env -i "$prefix/bin/tuanthu" lint "$prefix/share/tuanthu/rules/q12-ct33-2024.xml" >/dev/null
# The Word writers need no file at run time (the reference document is compiled in); the
# installed reference document is one they accept.
mkdir -p "$prefix/reports" "$prefix/w"
rc=0
env -i "$prefix/bin/tuanthu" check --plan "$prefix/share/tuanthu/rules/q12-ct33-2024.xml" \
  --period 2025 --as-of 2025-11-20 --out "$prefix/w/bc.docx" --out "$prefix/w/thu/" \
  --docx-reference "$prefix/share/tuanthu/rules/docx-reference.docx" "$prefix/reports" \
  >/dev/null || rc=$?
[ "$rc" -le 1 ] || { echo "installed tuanthu could not write the .docx outputs (exit $rc)"; exit 1; }
test -s "$prefix/w/bc.docx"
ls "$prefix/w/thu/"*.docx >/dev/null
echo "install tree OK"
