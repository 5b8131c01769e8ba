# Shared set-up for scripts/run-sample and scripts/test. Sourced, not run.
# Installs the Debian 12 packages the build needs (only when one is missing), then
# configures the build tree. A fresh machine has only the compiler, CMake and git.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"

# Why each package is here: see README.md, "Dependencies".
PACKAGES=(
  g++ cmake make pkg-config
  libboost-dev libboost-filesystem-dev libboost-program-options-dev
  libpugixml-dev libxlsxwriter-dev libicu-dev nlohmann-json3-dev
  libgtest-dev libzip-dev libxml2-utils libxxhash-dev python3
  fonts-liberation2
)

ensure_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}" "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "tuanthu: cài đặt gói còn thiếu / installing missing packages: ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  # A fresh machine has no package lists yet.
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

configure() {
  local dir="$1"; shift
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  else
    cmake "$dir" "$@" >/dev/null
  fi
}

build() {
  local dir="$1"
  cmake --build "$dir" -j "$(nproc)" -- --no-print-directory >/dev/null
}
