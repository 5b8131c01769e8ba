#!/usr/bin/env bash
# The installed SDK works on its own: `cmake --install` into a fresh prefix, then projects
# outside this repository find it with find_package(tuanthu CONFIG) and nothing else
# (CMAKE_PREFIX_PATH=prefix, no package registry, no path into this source tree).
# usage: sdk_test.sh BUILD_DIR CXX_COMPILER [COMPILER_LAUNCHER]
set -euo pipefail
build="$(cd "$1" && pwd)"
cxx="$2"
launcher="${3:-}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"
fail() { echo "sdk_test: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >/dev/null
inc="$prefix/include"
[ -f "$inc/tuanthu/plugin.hpp" ] || fail "tuanthu/plugin.hpp is not installed"
lib="$(find "$prefix" -name 'libtuanthu_core.so.*.*.*' -type f)"
[ -n "$lib" ] || fail "libtuanthu_core is not installed"
objdump -p "$lib" | grep -q 'SONAME *libtuanthu_core\.so\.' || fail "libtuanthu_core has no SONAME"
config="$(find "$prefix" -path '*/cmake/tuanthu/tuanthuConfig.cmake')"
[ -n "$config" ] || fail "no tuanthuConfig.cmake"
for f in tuanthuConfigVersion.cmake tuanthuTargets.cmake tuanthuPlugin.cmake; do
  [ -f "$(dirname "$config")/$f" ] || fail "$f is not installed"
done

# The installed headers are exactly plugin.hpp and what it includes, and that is enough.
deps="$(echo '#include <tuanthu/plugin.hpp>' |
  "$cxx" -x c++ -std=c++20 -MM -I"$inc" - 2>&1)" || fail "plugin.hpp does not compile alone: $deps"
needed="$(tr ' \\' '\n\n' <<<"$deps" | sed -n "s|^$inc/||p" | sort -u)"
installed="$(cd "$inc" && find . -type f | sed 's|^\./||' | sort)"
[ "$needed" = "$installed" ] || {
  echo "installed headers (right) differ from what plugin.hpp includes (left):"
  diff <(echo "$needed") <(echo "$installed")
  exit 1
}

configure() {  # configure SRC BUILD [ARGS…]: against the prefix alone
  local src="$1" out="$2"
  shift 2
  cmake -S "$src" -B "$out" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$cxx" \
    ${launcher:+-DCMAKE_CXX_COMPILER_LAUNCHER="$launcher"} \
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF \
    -DCMAKE_CXX_FLAGS="-Wall -Wextra -Werror" "$@" >"$out.configure.log" 2>&1 ||
    { cat "$out.configure.log"; fail "configuring $src failed"; }
  grep -q "^tuanthu_DIR:PATH=$(dirname "$config")\$" "$out/CMakeCache.txt" ||
    fail "$src did not find the SDK in $prefix: $(grep '^tuanthu_DIR' "$out/CMakeCache.txt")"
}

# tuanthu::core carries its include folder, C++20 and the Boost headers, and
# tuanthu_ABI_VERSION is the kAbiVersion of the installed header and of the installed tool.
mkdir -p "$tmp/probe"
cat >"$tmp/probe/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.25)
project(probe LANGUAGES CXX)
find_package(tuanthu 0.1 CONFIG REQUIRED)
add_library(probe OBJECT probe.cpp)
target_link_libraries(probe PRIVATE tuanthu::core)
target_compile_definitions(probe PRIVATE CMAKE_ABI_VERSION=${tuanthu_ABI_VERSION})
message(STATUS "tuanthu_ABI_VERSION=${tuanthu_ABI_VERSION}")
EOF
cat >"$tmp/probe/probe.cpp" <<'EOF'
#include <tuanthu/plugin.hpp>
static_assert(tuanthu::kAbiVersion == CMAKE_ABI_VERSION);
EOF
configure "$tmp/probe" "$tmp/probe-build"
cmake --build "$tmp/probe-build" >"$tmp/probe-build.log" 2>&1 ||
  { cat "$tmp/probe-build.log"; fail "a file including tuanthu/plugin.hpp does not build"; }
abi="$(sed -n 's/^-- tuanthu_ABI_VERSION=\([0-9]*\)$/\1/p' "$tmp/probe-build.configure.log")"
[ -n "$abi" ] || fail "tuanthuConfig.cmake sets no tuanthu_ABI_VERSION"
env -i "$prefix/bin/tuanthu" --version | grep -q "(plugin ABI $abi)" ||
  fail "tuanthu_ABI_VERSION=$abi but the tool says: $(env -i "$prefix/bin/tuanthu" --version)"

echo "SDK OK"
