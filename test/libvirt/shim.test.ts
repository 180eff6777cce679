/**
 * The fake-s390x-host preload library (native/fake-s390x-host.c, built by
 * scripts/setup-libvirt.sh) does what libvirt's KVM path needs and nothing
 * more: uname() says s390x, and /dev/kvm opens, stats and passes access
 * checks as /dev/null, for the unprivileged user libvirtd runs as.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireLive } from '../../src/oracle/binaries.js';
import { REPO, SHIM } from './emulators.js';
import { runAs } from './libvirtd.js';

const required = requireLive() || process.env.CPUMODEL_REQUIRE_LIBVIRT === '1';

/** Runs a shell command as the libvirtd user, with or without the library. */
function sh(command: string, preload: boolean): { out: string; status: number | null } {
  const r = spawnSync('/bin/sh', ['-c', command], {
    encoding: 'utf8', env: { PATH: '/usr/bin:/bin', ...(preload ? { LD_PRELOAD: SHIM } : {}) }, ...runAs(),
  });
  return { out: r.stdout.trim(), status: r.status };
}

describe.skipIf(!existsSync(SHIM) && !required)('the fake-s390x-host preload library', () => {
  it('is built from the current source', () => {
    expect(statSync(SHIM).mtimeMs).toBeGreaterThanOrEqual(statSync(join(REPO, 'native', 'fake-s390x-host.c')).mtimeMs);
  });

  it('makes uname() say s390x, and only with it', () => {
    expect(sh('uname -m', true).out).toBe('s390x');
    expect(sh('uname -s', true).out).toBe('Linux');
    if (process.arch !== 's390x') expect(sh('uname -m', false).out).not.toBe('s390x');
  });

  it('turns /dev/kvm into /dev/null for stat, access and open', () => {
    expect(sh('stat -L -c %t:%T /dev/kvm', true).out).toBe(sh('stat -L -c %t:%T /dev/null', false).out);
    expect(sh('test -r /dev/kvm && test -w /dev/kvm && echo usable', true).out).toBe('usable');
    expect(sh('cat /dev/kvm && echo read', true)).toEqual({ out: 'read', status: 0 });
  });

  it('leaves every other path alone', () => {
    expect(sh('stat -L -c %t:%T /dev/zero', true).out).toBe(sh('stat -L -c %t:%T /dev/zero', false).out);
    expect(sh('head -c 3 /dev/zero | od -An -tx1', true).out).toBe('00 00 00');
  });
});
