# Shared by tools/run and tools/test: install what is missing, build.
# shellcheck shell=bash

EW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EW_BUILD=${EVENTWIRE_BUILD_DIR:-$EW_ROOT/build}

# Debian packages the build, the services and the tests need.
EW_PACKAGES=(
  cmake ninja-build g++ pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libspdlog-dev libfmt-dev libyaml-cpp-dev libsqlite3-dev
  libre2-dev libicu-dev zlib1g-dev libgtest-dev libgmock-dev
  iso-codes wamerican python3 python3-grpcio python3-protobuf python3-prometheus-client python3-yaml openssl
  clang clang-format libclang-rt-14-dev libgeonames-dev prometheus-cpp-dev
  libnats-dev nats-server iproute2 libssl-dev libcpp-httplib-dev
)

ew_log() { printf '%s\n' "$*" >&2; }

ew_install_deps() {
  local missing=() installed
  # One dpkg-query for all (one per package was a tenth of a short run).
  # (It fails when any package is unknown: that is what is looked for.)
  installed=" $({ dpkg-query -W -f='${Package}:${Status}\n' "${EW_PACKAGES[@]}" \
    2>/dev/null || true; } |
    sed -n 's/^\([^:]*\):install ok installed$/\1/p' | tr '\n' ' ') "
  for p in "${EW_PACKAGES[@]}"; do
    [[ "$installed" == *" $p "* ]] || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  ew_log "installing: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq >&2 &&
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
      --no-install-recommends "${missing[@]}" >&2
}

# What the page's browser tests need (tools/test only): Debian's chromium,
# Node.js and npm when the machine has none (a Node.js from elsewhere brings
# its own npm), and playwright-core from the npm registry as
# tests/web/package-lock.json pins it (it downloads no browser).
ew_install_browser_test_deps() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  if [ ${#missing[@]} -gt 0 ]; then
    ew_log "installing: ${missing[*]}"
    local sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    "${sudo[@]}" apt-get update -qq >&2 &&
      DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
        --no-install-recommends "${missing[@]}" >&2 || return 1
  fi
  local web="$EW_ROOT/tests/web"
  if [ ! -d "$web/node_modules/playwright-core" ] ||
     [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
    (cd "$web" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
}

# Configures (once) and builds; quiet unless something fails.
ew_build() {
  local log="$EW_BUILD/build.log"
  mkdir -p "$EW_BUILD"
  if [ ! -f "$EW_BUILD/CMakeCache.txt" ]; then
    local gen=()
    command -v ninja >/dev/null && gen=(-G Ninja)
    cmake -S "$EW_ROOT" -B "$EW_BUILD" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release \
      >"$log" 2>&1 || { cat "$log" >&2; return 1; }
  fi
  cmake --build "$EW_BUILD" -j "$(nproc)" >"$log" 2>&1 || {
    grep -E "error|Error" "$log" | head -40 >&2
    ew_log "build failed; full log: $log"
    return 1
  }
}
