#!/usr/bin/env bash
# The installed SDK works on its own: `cmake --install` into a fresh prefix, then projects
# outside this repository find it with find_package(tuanthu CONFIG) and nothing else
# (CMAKE_PREFIX_PATH=prefix, no package registry, no path into this source tree; the
# example is copied out first). The installed tool then loads, lists and runs the example
# plugin, and still refuses one built with another ABI version.
# usage: sdk_test.sh BUILD_DIR EXAMPLE_DIR SAMPLES_DIR VERSION CXX_COMPILER [LAUNCHER]
set -euo pipefail
# (Never `producer | grep -q` here: grep -q exits at the first match, the producer then dies
# of SIGPIPE, and pipefail fails the test now and then.)
build="$(cd "$1" && pwd)"
example="$2"
samples="$3"
version="$4"
cxx="$5"
launcher="${6:-}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"
fail() {
  echo "sdk_test: $*" >&2
  exit 1
}

# ---- what is installed -----------------------------------------------------------------
cmake --install "$build" --prefix "$prefix" >/dev/null
tuanthu="$prefix/bin/tuanthu"
inc="$prefix/include"
[ -f "$inc/tuanthu/plugin.hpp" ] || fail "tuanthu/plugin.hpp is not installed"
lib="$(find "$prefix" -name 'libtuanthu_core.so.*.*.*' -type f)"
[ -n "$lib" ] || fail "libtuanthu_core is not installed"
objdump -p "$lib" | grep 'SONAME *libtuanthu_core\.so\.' >/dev/null || fail "libtuanthu_core has no SONAME"
config="$(find "$prefix" -path '*/cmake/tuanthu/tuanthuConfig.cmake')"
[ -n "$config" ] || fail "no tuanthuConfig.cmake"
for f in tuanthuConfigVersion.cmake tuanthuTargets.cmake tuanthuPlugin.cmake; do
  [ -f "$(dirname "$config")/$f" ] || fail "$f is not installed"
done

# The installed headers are exactly plugin.hpp and what it includes, and that is enough.
deps="$(echo '#include <tuanthu/plugin.hpp>' |
  "$cxx" -x c++ -std=c++20 -MM -I"$inc" - 2>&1)" || fail "plugin.hpp does not compile alone: $deps"
needed="$(for w in $deps; do  # the words of the make rule (the paths have no spaces)
  if [[ $w == "$inc"/* ]]; then echo "${w#"$inc"/}"; fi
done | sort -u)"
installed="$(cd "$inc" && find . -type f | sed 's|^\./||' | sort)"
[ "$needed" = "$installed" ] || {
  echo "installed headers (right) differ from what plugin.hpp includes (left):"
  diff <(echo "$needed") <(echo "$installed")
  exit 1
}

# The version file accepts the same major.minor only (SameMinorVersion).
IFS=. read -r major minor _ <<<"$version"
cat >"$tmp/compatible.cmake" <<'EOF'
set(PACKAGE_FIND_VERSION ${WANT})
string(REPLACE "." ";" parts "${WANT}.0.0")
list(GET parts 0 PACKAGE_FIND_VERSION_MAJOR)
list(GET parts 1 PACKAGE_FIND_VERSION_MINOR)
list(GET parts 2 PACKAGE_FIND_VERSION_PATCH)
include(${FILE})
if(NOT PACKAGE_VERSION_COMPATIBLE)
  message(FATAL_ERROR "not compatible")
endif()
EOF
compatible() {
  cmake -DWANT="$1" -DFILE="$(dirname "$config")/tuanthuConfigVersion.cmake" \
    -P "$tmp/compatible.cmake" >/dev/null 2>&1
}
compatible "$major.$minor" || fail "version $version does not satisfy $major.$minor"
! compatible "$major.$((minor + 1))" || fail "version $version satisfies $major.$((minor + 1))"
! compatible "$((major + 1)).0" || fail "version $version satisfies $((major + 1)).0"

configure() {  # configure SRC OUT [ARGS…]: against the prefix alone, with the project's
  # warnings as errors
  local src="$1" out="$2"
  shift 2
  cmake -S "$src" -B "$out" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$cxx" \
    ${launcher:+-DCMAKE_CXX_COMPILER_LAUNCHER="$launcher"} \
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF \
    -DCMAKE_CXX_FLAGS="-Wall -Wextra -Wconversion -Wsign-conversion -Wshadow -Werror" "$@" \
    >"$out.configure.log" 2>&1 ||
    { cat "$out.configure.log"; fail "configuring $src failed"; }
  cmake --build "$out" >"$out.build.log" 2>&1 || { cat "$out.build.log"; fail "building $src failed"; }
}

# ---- the example plugin, built against the prefix alone -----------------------------------
cp -r "$example" "$tmp/plugin-hello"
hello="$tmp/hello-build"
configure "$tmp/plugin-hello" "$hello"
grep -q "^tuanthu_DIR:PATH=$(dirname "$config")\$" "$hello/CMakeCache.txt" ||
  fail "the example did not find the SDK in $prefix: $(grep '^tuanthu_DIR' "$hello/CMakeCache.txt")"
[ -f "$hello/tuanthu-hello.so" ] || fail "no tuanthu-hello.so in $hello"
# tuanthu_ABI_VERSION (printed by the example) is the installed tool's ABI version.
abi="$(sed -n 's/.*(plugin ABI \([0-9]*\)).*/\1/p' "$hello.configure.log")"
[ -n "$abi" ] || fail "tuanthuConfig.cmake sets no tuanthu_ABI_VERSION"
env -i "$tuanthu" --version | grep "(plugin ABI $abi)" >/dev/null ||
  fail "tuanthu_ABI_VERSION=$abi but the tool says: $(env -i "$tuanthu" --version)"

cd "$tmp"  # the installed tool runs with nothing in the environment, away from the sources
out="$(env -i "$tuanthu" plugins --plugin-dir "$hello" 2>&1)"
grep -q "^hello	check	0.1.0	" <<<"$out" || { echo "$out"; fail "'tuanthu plugins' does not list hello"; }
grep -q "^xml-report	reader" <<<"$out" || { echo "$out"; fail "the installed plugins are gone"; }
out="$(env -i "$tuanthu" rules --plugin-dir "$hello" 2>&1)"
grep -q "^hello-no-document-number	warning	hello	" <<<"$out" ||
  { echo "$out"; fail "'tuanthu rules' does not list hello's rule"; }

# A check on the 2025 samples, one of them without a document number: exactly that report
# gets hello's finding, made by hello, and nothing fails in the plugin.
cp -r "$samples" "$tmp/reports"
sed -i 's/\(<document[^>]*\) number="[^"]*"/\1/' "$tmp/reports/cong-an.xml"
grep -q '<document kind="BC" date=' "$tmp/reports/cong-an.xml" || fail "could not remove the number"
set +e
env -i "$tuanthu" check --plan "$prefix/share/tuanthu/rules/q12-ct33-2024.xml" --period 2025 \
  --as-of 2025-11-20 --plugin-dir "$hello" --json "$tmp/out.json" reports >"$tmp/check.log" 2>&1
rc=$?
set -e
[ "$rc" -le 1 ] || { cat "$tmp/check.log"; fail "tuanthu check exited $rc"; }
found="$(grep -A9 '"rule": "hello-no-document-number"' "$tmp/out.json" || true)"
[ "$(grep -c '"rule": "hello-no-document-number"' <<<"$found")" = 1 ] ||
  { echo "$found"; fail "expected one hello-no-document-number finding"; }
grep -q '"unit": "cong-an"' <<<"$found" || { echo "$found"; fail "the finding is not about cong-an"; }
grep -q '"file": "reports/cong-an.xml"' <<<"$found" || { echo "$found"; fail "wrong file"; }
grep -q '"plugin": "hello"' <<<"$found" || { echo "$found"; fail "the finding is not stamped hello"; }
! grep -q '"rule": "plugin-error"' "$tmp/out.json" || fail "a plugin failed: $(grep -A6 plugin-error "$tmp/out.json")"

# `cmake --install` of the plugin puts it in <prefix>/lib/tuanthu/plugins, found there
# through TUANTHU_PLUGIN_PATH, and by default when the prefix is tuanthu's own.
cmake --install "$hello" --prefix "$tmp/elsewhere" >/dev/null
[ -f "$tmp/elsewhere/lib/tuanthu/plugins/tuanthu-hello.so" ] || fail "hello is not installed"
env -i TUANTHU_PLUGIN_PATH="$tmp/elsewhere/lib/tuanthu/plugins" "$tuanthu" plugins | grep "^hello	" >/dev/null ||
  fail "TUANTHU_PLUGIN_PATH does not find the installed hello"
cmake --install "$hello" --prefix "$prefix" >/dev/null
env -i "$tuanthu" plugins | grep "^hello	" >/dev/null || fail "hello installed beside tuanthu is not found"
rm "$prefix/lib/tuanthu/plugins/tuanthu-hello.so"

# ---- a plugin built against headers with another ABI version is refused ---------------------
cp -a "$prefix" "$tmp/other-abi"
sed -i "s/^inline constexpr int kAbiVersion = $abi;/inline constexpr int kAbiVersion = $((abi + 1));/" \
  "$tmp/other-abi/include/tuanthu/plugin.hpp"
grep -q "kAbiVersion = $((abi + 1));" "$tmp/other-abi/include/tuanthu/plugin.hpp" ||
  fail "could not change kAbiVersion in the copied SDK"
prefix="$tmp/other-abi" configure "$tmp/plugin-hello" "$tmp/other-abi-build"
out="$(env -i "$tuanthu" plugins --plugin-dir "$tmp/other-abi-build" 2>&1)"
! grep -q "^hello	" <<<"$out" || { echo "$out"; fail "a plugin of ABI $((abi + 1)) was loaded"; }
grep -q "tuanthu-hello.so: .*ABI $((abi + 1)) .*($abi)" <<<"$out" ||
  { echo "$out"; fail "no ABI refusal naming tuanthu-hello.so"; }

echo "SDK OK: headers, version $version, ABI $abi, example built, listed, run and refused at ABI $((abi + 1))"
