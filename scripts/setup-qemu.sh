#!/usr/bin/env bash
# Installs the QEMUs the differential tests run against, per architecture
# (s390x, x86_64), on Debian bookworm as root; does nothing (and no apt-get
# update) when all are there.
#   QEMU 7.2:  /usr/bin/qemu-system-ARCH from the bookworm package (apt-get install)
#   QEMU 10.0: the 10.0.x packages from bookworm-backports, unpacked with
#              dpkg -x into <repo>/.qemu/10.0 (CPUMODEL_QEMU10_DIR overrides),
#              one root for every architecture; their shared libraries are
#              installed from their Depends
# Without root or apt it explains what is missing and exits 0, or 1 under CI.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
QEMU10_DIR=${CPUMODEL_QEMU10_DIR:-$REPO/.qemu/10.0}
ARCHES=(s390x x86_64)
APT_UPDATED=0
WORK=

# The Debian packages of each architecture: the 7.2 one apt installs, and the
# 10.0.x ones unpacked into QEMU10_DIR (the binary's package first).
packages_72() {
  case $1 in
    s390x) echo qemu-system-misc ;;
    x86_64) echo qemu-system-x86 ;;
  esac
}
packages_100() {
  case $1 in
    s390x) echo qemu-system-s390x ;;
    x86_64) echo qemu-system-x86 qemu-system-common qemu-system-data ;;
  esac
}

binary_72() { echo "/usr/bin/qemu-system-$1"; }
binary_100() { echo "$QEMU10_DIR/usr/bin/qemu-system-$1"; }

version_of() {
  [ -x "$1" ] || return 0
  "$1" --version 2>/dev/null | sed -n 's/^QEMU emulator version \([0-9.]*\).*/\1/p'
}
have_72() { [[ "$(version_of "$(binary_72 "$1")")" == 7.2.* ]]; }
have_100() { [[ "$(version_of "$(binary_100 "$1")")" == 10.0.* ]]; }
have_all() {
  local arch
  for arch in "${ARCHES[@]}"; do
    have_72 "$arch" && have_100 "$arch" || return 1
  done
}

give_up() {
  echo "setup-qemu: $1" >&2
  echo "setup-qemu: the live QEMU tests will use recorded answers (or fail under CI)" >&2
  [ -n "${CI:-}" ] && exit 1
  exit 0
}

apt_update() {
  if [ "$APT_UPDATED" = 0 ]; then
    apt-get update -qq
    APT_UPDATED=1
  fi
}

install_72() {
  have_72 "$1" && return 0
  apt_update
  # shellcheck disable=SC2046
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(packages_72 "$1")
}

# The URI of the configured Debian bookworm archive (one-line or deb822 form).
debian_uri() {
  {
    sed 's/\[[^]]*\]//' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk '$1 == "deb" && $3 == "bookworm" { print $2 }'
    cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
      awk 'BEGIN { RS = "" } {
        uri = ""; ok = 0
        n = split($0, line, "\n")
        for (i = 1; i <= n; i++) {
          if (line[i] ~ /^URIs:/) { split(line[i], f, " "); uri = f[2] }
          if (line[i] ~ /^Suites:/ && line[i] ~ /[ \t]bookworm([ \t]|$)/) ok = 1
        }
        if (ok && uri != "") print uri
      }'
  } | head -n 1
}

ensure_backports() {
  grep -rqsE '(^|[[:space:]])bookworm-backports([[:space:]]|$)' /etc/apt/sources.list /etc/apt/sources.list.d/ && return 0
  local uri
  uri=$(debian_uri)
  [ -n "$uri" ] || give_up "no Debian bookworm apt source to add bookworm-backports next to"
  echo "deb $uri bookworm-backports main" > /etc/apt/sources.list.d/bookworm-backports.list
  APT_UPDATED=0
}

# The newest 10.0.x version of a package apt knows.
candidate_100() {
  apt-cache madison "$1" 2>/dev/null |
    awk -F'|' '{ gsub(/ /, "", $2) } $2 ~ /^1:10\.0\./ { print $2; exit }'
}

# Downloads package $1 at its newest 10.0.x into directory $2.
download_100() {
  local version
  version=$(candidate_100 "$1")
  if [ -z "$version" ]; then apt_update; version=$(candidate_100 "$1"); fi
  [ -n "$version" ] || give_up "bookworm-backports offers no $1 10.0.x"
  (cd "$2" && apt-get download -qq "$1=$version") || { apt_update; (cd "$2" && apt-get download -qq "$1=$version"); }
}

install_100() {
  have_100 "$1" && return 0
  ensure_backports
  if [ -z "$WORK" ]; then
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
    chown _apt "$WORK" 2> /dev/null || true
  fi
  local arch=$1 pkg deb stage=$WORK/root-$1 bin=usr/bin/qemu-system-$1
  mkdir -p "$WORK/$arch" "$stage"
  chown _apt "$WORK/$arch" 2> /dev/null || true
  for pkg in $(packages_100 "$arch"); do download_100 "$pkg" "$WORK/$arch"; done
  install_100_libs "$WORK/$arch"/*.deb
  for deb in "$WORK/$arch"/*.deb; do dpkg -x "$deb" "$stage"; done
  # Everything but the binary first, then the binary by rename: a half-done
  # copy never passes have_100.
  mv "$stage/$bin" "$WORK/$arch/binary"
  mkdir -p "$QEMU10_DIR/usr/bin"
  cp -a "$stage/." "$QEMU10_DIR/"
  cp -a "$WORK/$arch/binary" "$QEMU10_DIR/$bin.partial"
  mv "$QEMU10_DIR/$bin.partial" "$QEMU10_DIR/$bin"
}

# The shared libraries the 10.0 binaries link against (the packages' Depends,
# less the qemu-* packages that are unpacked or shared with 7.2), plus the
# 7.2 qemu-system-data whose s390 firmware -machine s390-ccw-virtio loads.
install_100_libs() {
  local libs deb
  libs=$(for deb in "$@"; do dpkg-deb -f "$deb" Depends; echo ','; done |
    tr ',' '\n' | sed 's/([^)]*)//g; s/|.*//; s/[[:space:]]//g' | grep -v '^qemu-' | grep -v '^$' | sort -u)
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $libs qemu-system-data > /dev/null
}

if ! have_all; then
  [ "$(id -u)" = 0 ] || give_up "not root: cannot install QEMU 7.2 (apt-get install $(for a in "${ARCHES[@]}"; do packages_72 "$a"; done | xargs)) or 10.0 (from bookworm-backports)"
  command -v apt-get > /dev/null || give_up "apt-get not available"
  for arch in "${ARCHES[@]}"; do install_72 "$arch"; done
  for arch in "${ARCHES[@]}"; do install_100 "$arch"; done
fi

for arch in "${ARCHES[@]}"; do
  have_72 "$arch" || { echo "setup-qemu: $(binary_72 "$arch") does not report QEMU 7.2" >&2; exit 1; }
  have_100 "$arch" || { echo "setup-qemu: $(binary_100 "$arch") does not report QEMU 10.0" >&2; exit 1; }
done
for arch in "${ARCHES[@]}"; do
  for bin in "$(binary_72 "$arch")" "$(binary_100 "$arch")"; do
    echo "setup-qemu: QEMU $(version_of "$bin") at $bin"
  done
done
