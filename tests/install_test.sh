#!/usr/bin/env bash
# The install tree works like the build tree: `cmake --install` into a fresh prefix, then
# the installed binary finds its plugins with no environment set and checks a plan.
set -euo pipefail
build="$1"
prefix="$(mktemp -d)"
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
test -x "$prefix/bin/tuanthu"
test -f "$prefix/share/tuanthu/rules/q12-ct33-2024.xml"
test -f "$prefix/share/tuanthu/schema/plan.xsd"
ls "$prefix"/lib/tuanthu/plugins/tuanthu-*.so >/dev/null
cd "$prefix"  # never the current folder: run from elsewhere with nothing in the environment
out="$(env -i "$prefix/bin/tuanthu" plugins)"
for p in xml-report submission coverage requirements document-form json xlsx-report; do
  grep -q "^$p	" <<<"$out" || { echo "installed tuanthu does not list plugin $p"; echo "$out"; exit 1; }
done
grep -q "$prefix/lib/tuanthu/plugins" <<<"$out"
env -i "$prefix/bin/tuanthu" lint "$prefix/share/tuanthu/rules/q12-ct33-2024.xml" >/dev/null
echo "install tree OK"
