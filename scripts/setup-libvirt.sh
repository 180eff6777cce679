#!/usr/bin/env bash
# Sets up what the libvirt tests (test/libvirt/) need; run after setup-qemu.sh.
# Idempotent and quick when everything is in place.
#   libvirt 11.3  libvirt-daemon-driver-qemu, libvirt-clients and libvirt-daemon
#                 from bookworm-backports (root + apt). No service is started
#                 (a policy-rc.d denies it during the install when none is
#                 there) and no configuration is written: the tests start
#                 their own unprivileged libvirtd.
#   the shim      native/fake-s390x-host.c built with gcc into
#                 <repo>/.cache/libvirt/fake-s390x-host.so (LD_PRELOAD for the
#                 KVM path on a non-s390x box: uname says s390x, /dev/kvm is
#                 /dev/null)
#   QEMU 10.0     hard-linked into <repo>/.qemu/10.0-libvirt next to a
#                 qemu-bundle/ folder that points at 10.0's own modules and
#                 data: started from elsewhere, the unpacked binary loads 7.2's
#                 modules from /usr and aborts in libvirt's probe
# Without root, apt or gcc it explains what is missing, does the rest, and
# exits 0, or 1 under CI.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
QEMU10_DIR=${CPUMODEL_QEMU10_DIR:-$REPO/.qemu/10.0}
LIBVIRT_QEMU10_DIR=${CPUMODEL_LIBVIRT_QEMU10_DIR:-$REPO/.qemu/10.0-libvirt}
SHIM_SRC=$REPO/native/fake-s390x-host.c
SHIM=$REPO/.cache/libvirt/fake-s390x-host.so
PACKAGES=(libvirt-daemon-driver-qemu libvirt-clients libvirt-daemon)
ARCHES=(s390x x86_64)

MISSING=

# Notes what cannot be set up; the script goes on with the rest and ends
# with exit 0, or 1 under CI.
missing() {
  echo "setup-libvirt: $1" >&2
  MISSING=1
}

have_libvirt() {
  [[ "$(virsh --version 2>/dev/null)" == 11.3.* ]] &&
    [[ "$(/usr/sbin/libvirtd --version 2>/dev/null)" == *" 11.3."* ]]
}

install_libvirt() {
  have_libvirt && return 0
  [ "$(id -u)" = 0 ] || { missing "not root: cannot install libvirt 11.3 (${PACKAGES[*]} from bookworm-backports)"; return 0; }
  command -v apt-get > /dev/null || { missing "apt-get not available: cannot install libvirt 11.3"; return 0; }
  grep -rqsE '(^|[[:space:]])bookworm-backports([[:space:]]|$)' /etc/apt/sources.list /etc/apt/sources.list.d/ ||
    { missing "bookworm-backports is not an apt source (scripts/setup-qemu.sh adds it when it installs QEMU 10.0)"; return 0; }
  local guard=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    guard=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' > "$guard"
    chmod 755 "$guard"
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${PACKAGES[@]/%//bookworm-backports}" > /dev/null
  if [ -n "$guard" ]; then rm -f "$guard"; trap - EXIT; fi
  have_libvirt || missing "the installed libvirt is not 11.3"
}

build_shim() {
  [ -f "$SHIM" ] && [ "$SHIM" -nt "$SHIM_SRC" ] && return 0
  command -v gcc > /dev/null || { missing "gcc not available: cannot build $SHIM (the KVM-path tests need it)"; return 0; }
  mkdir -p "$(dirname "$SHIM")"
  gcc -shared -fPIC -O2 -Wall -Wextra -Werror -o "$SHIM.partial" "$SHIM_SRC" -ldl
  chmod 755 "$SHIM.partial"
  mv "$SHIM.partial" "$SHIM"
}

# QEMU 10.0 of one architecture, hard-linked (copied across file systems)
# into LIBVIRT_QEMU10_DIR; redone when the source binary changed.
link_qemu10() {
  local src=$QEMU10_DIR/usr/bin/qemu-system-$1 dst=$LIBVIRT_QEMU10_DIR/qemu-system-$1
  [ -x "$src" ] || { echo "setup-libvirt: no QEMU 10.0 at $src (run scripts/setup-qemu.sh)" >&2; return 0; }
  [ -e "$dst" ] && [ "$(stat -c %i "$src")" = "$(stat -c %i "$dst")" ] && return 0
  [ -e "$dst" ] && cmp -s "$src" "$dst" && return 0
  ln -f "$src" "$dst.partial" 2> /dev/null || cp -p "$src" "$dst.partial"
  mv -f "$dst.partial" "$dst"
}

# qemu-bundle/ makes QEMU take its module and data folders from
# qemu-bundle/<compiled-in path>: those point at 10.0's own.
bundle_qemu10() {
  local bundle=$LIBVIRT_QEMU10_DIR/qemu-bundle moddir
  for moddir in "$QEMU10_DIR"/usr/lib/*/qemu; do
    [ -d "$moddir" ] && link_dir "$moddir" "$bundle/usr/lib/$(basename "$(dirname "$moddir")")/qemu"
  done
  [ -d "$QEMU10_DIR/usr/share/qemu" ] && link_dir "$QEMU10_DIR/usr/share/qemu" "$bundle/usr/share/qemu"
  mkdir -p "$bundle"
}

# A symlink $2 → $1, made or corrected only when needed; readable by libvirt's user.
link_dir() {
  [ "$(readlink "$2" 2> /dev/null)" = "$1" ] && return 0
  mkdir -p "$(dirname "$2")"
  ln -sfn "$1" "$2"
  chmod -R a+rX "$LIBVIRT_QEMU10_DIR"
}

install_libvirt
build_shim
mkdir -p "$LIBVIRT_QEMU10_DIR"
for arch in "${ARCHES[@]}"; do link_qemu10 "$arch"; done
bundle_qemu10
if [ -n "$MISSING" ]; then
  echo "setup-libvirt: the libvirt tests will check against recorded outputs only (or fail under CI)" >&2
  [ -n "${CI:-}" ] && exit 1
  exit 0
fi
echo "setup-libvirt: $(virsh --version | sed 's/^/libvirt /'), shim $SHIM, QEMU 10.0 for libvirt in $LIBVIRT_QEMU10_DIR"
