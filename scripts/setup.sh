#!/usr/bin/env bash
# Sets up everything cpumodel and its tests need on a fresh machine:
# npm packages, the compiled CLI, and the QEMUs (7.2 and 10.0.2, s390x and x86_64) for the
# differential tests. Idempotent and quick when everything is in place.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "setup: compiling TypeScript, bundling, building the warm-start snapshots"
npx tsc -p tsconfig.json
node scripts/bundle.mjs
node bin/cpumodel.js snapshot

bash scripts/setup-qemu.sh
bash scripts/setup-libvirt.sh

