#!/usr/bin/env bash
# Installs the two QEMUs the differential tests run against, on Debian
# bookworm as root; does nothing (and no apt-get update) when both are there.
#   QEMU 7.2:  /usr/bin/qemu-system-s390x from the qemu-system-misc package
#   QEMU 10.0: qemu-system-s390x from bookworm-backports, unpacked with
#              dpkg -x into <repo>/.qemu/10.0 (CPUMODEL_QEMU10_DIR overrides);
#              its libraries are those qemu-system-misc pulls in
# Without root or apt it explains what is missing and exits 0, or 1 under CI.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
QEMU72=/usr/bin/qemu-system-s390x
QEMU10_DIR=${CPUMODEL_QEMU10_DIR:-$REPO/.qemu/10.0}
QEMU10=$QEMU10_DIR/usr/bin/qemu-system-s390x
APT_UPDATED=0
WORK=

version_of() {
  [ -x "$1" ] || return 0
  "$1" --version 2>/dev/null | sed -n 's/^QEMU emulator version \([0-9.]*\).*/\1/p'
}
have_72() { [[ "$(version_of "$QEMU72")" == 7.2.* ]]; }
have_100() { [[ "$(version_of "$QEMU10")" == 10.0.* ]]; }

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
  have_72 && return 0
  apt_update
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends qemu-system-misc
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

# The newest 10.0.x version of qemu-system-s390x apt knows.
candidate_100() {
  apt-cache madison qemu-system-s390x 2>/dev/null |
    awk -F'|' '{ gsub(/ /, "", $2) } $2 ~ /^1:10\.0\./ { print $2; exit }'
}

install_100() {
  have_100 && return 0
  ensure_backports
  local version
  version=$(candidate_100)
  if [ -z "$version" ]; then apt_update; version=$(candidate_100); fi
  [ -n "$version" ] || give_up "bookworm-backports offers no qemu-system-s390x 10.0.x"
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
  chown _apt "$WORK" 2> /dev/null || true
  if ! (cd "$WORK" && apt-get download -qq "qemu-system-s390x=$version"); then
    apt_update
    (cd "$WORK" && apt-get download -qq "qemu-system-s390x=$version")
  fi
  install_100_libs "$WORK"/qemu-system-s390x_*.deb
  rm -rf "$QEMU10_DIR.partial"
  mkdir -p "$QEMU10_DIR.partial"
  dpkg -x "$WORK"/qemu-system-s390x_*.deb "$QEMU10_DIR.partial"
  rm -rf "$QEMU10_DIR"
  mv "$QEMU10_DIR.partial" "$QEMU10_DIR"
}

# The shared libraries the 10.0 binary links against (its Depends, less the
# qemu-* packages it shares with 7.2), plus the s390 firmware in qemu-system-data
# that -machine s390-ccw-virtio loads.
install_100_libs() {
  local libs
  libs=$(dpkg-deb -f "$1" Depends | tr ',' '\n' | sed 's/([^)]*)//g; s/|.*//; s/[[:space:]]//g' | grep -v '^qemu-' | grep -v '^$')
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $libs qemu-system-data > /dev/null
}

if ! have_72 || ! have_100; then
  [ "$(id -u)" = 0 ] || give_up "not root: cannot install QEMU 7.2 (qemu-system-misc) or 10.0 (qemu-system-s390x from bookworm-backports)"
  command -v apt-get > /dev/null || give_up "apt-get not available"
  install_72
  install_100
fi

have_72 || { echo "setup-qemu: $QEMU72 does not report QEMU 7.2" >&2; exit 1; }
have_100 || { echo "setup-qemu: $QEMU10 does not report QEMU 10.0" >&2; exit 1; }
echo "setup-qemu: QEMU $(version_of "$QEMU72") at $QEMU72"
echo "setup-qemu: QEMU $(version_of "$QEMU10") at $QEMU10"
