#!/usr/bin/env bash
# Installs what mitwirken needs to build, run and test on Debian 12, and nothing when it is all there already.
# Run as root (or with sudo available). Called by the make targets; safe to run again.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git ca-certificates tzdata ccache
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql
  libsodium-dev libkainjow-mustache-dev libcli11-dev libfmt-dev libspdlog-dev
  libgtest-dev libgmock-dev libcurl4-openssl-dev zlib1g-dev libbrotli-dev libxlsxwriter-dev
  # JOSE for OpenID Connect; Debian's libcjose-dev does not pull in what its cjose.pc requires (jansson, libcrypto)
  libcjose-dev libjansson-dev libssl-dev
  # TOTP (RFC 6238) for staff accounts' second factor, and the QR code of its secret
  liboath-dev libqrencode-dev
  libstemmer-dev libcairo2-dev libpango1.0-dev libglib2.0-dev fonts-dejavu-core
  nodejs npm
  # quality gates: browser tests (Chromium, Java for the Nu Html Checker) and fuzzing (clang 14 with libFuzzer)
  chromium default-jre-headless clang-14 libclang-rt-14-dev
  # the operations tests: the TLS reverse proxy of packaging/ in front of the binary, and the Debian package
  nginx openssl curl
)

missing=()
for package in "${packages[@]}"; do
  # nodejs/npm may come from elsewhere on a developer machine; a working `node` and `npm` are enough.
  if [[ $package == nodejs ]] && command -v node >/dev/null; then continue; fi
  if [[ $package == npm ]] && command -v npm >/dev/null; then continue; fi
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]})); then
  echo "bootstrap: installing ${missing[*]}"
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node.js runs the asset build and the browser tests: it must be at least package.json's engines.node. Debian 12's
# own nodejs (18.20) is; an older node found first on PATH fails here, with the fix, rather than in the browser suite.
need=$(sed -n 's/^ *"node": ">=\([0-9.]*\)".*/\1/p' "$(dirname "$0")/../package.json" | head -1)
have=$(node --version 2>/dev/null | sed 's/^v//' || true)
if [[ -z $have ]] || ! printf '%s\n%s\n' "$need" "$have" | sort -V -C; then
  echo "bootstrap: Node.js ${have:-(none)} is too old: the asset build and the browser tests need Node.js >= $need" \
       "(package.json, engines.node). Debian 12's package is enough: apt-get install nodejs npm — or put a newer" \
       "node first on PATH." >&2
  exit 1
fi

# The PostgreSQL package starts a cluster of its own on port 5432; the tests use a throw-away cluster instead and
# the demo uses SQLite, so the packaged one is left as Debian configures it.
echo "bootstrap: system packages ready"
