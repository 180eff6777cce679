/**
 * Pointing libvirt at edited rules: a launcher written with `--rules DIR`
 * shows the edit in `virsh domcapabilities`, and writing the launcher again
 * at the same path (after the rules or the environment changed) is all it
 * takes for libvirt to show the new answers: its capability cache, keyed by
 * the emulator's path and ctime, never serves the older ones. The edit here
 * adds `vx` to the features QEMU reports deprecated, which libvirt's
 * `--disable-deprecated-features` turns off in the host model. Needs what
 * kvm-path.test.ts needs.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireLive } from '../../src/oracle/binaries.js';
import { cli } from '../cli/run.js';
import { domcapsHostModel } from './domcaps.js';
import { emulatorB, REPO, SHIM, sideB } from './emulators.js';
import { Libvirtd, libvirtMissing, processesUnder, runAs } from './libvirtd.js';

const required = requireLive() || process.env.CPUMODEL_REQUIRE_LIBVIRT === '1';
const missing = libvirtMissing() ?? (existsSync(SHIM) ? null : `${SHIM} is not built (scripts/setup-libvirt.sh)`);
const kvm = ['--arch', 's390x', '--virttype', 'kvm'];

describe.skipIf(sideB() !== 'cpumodel' || (missing !== null && !required))('libvirt and edited rules: no stale answers', () => {
  let daemon: Libvirtd;
  let dir = '';
  let rules = '';
  const shown = new Map<string, string>();

  /** Writes the launcher (always at the same path) and keeps the host-model domcapabilities shows. */
  async function step(label: string, options: { env: string; rules?: string }, flags: string[] = []): Promise<void> {
    const b = await emulatorB(daemon.work, { version: '10.0', arch: 's390x', name: 'same-path', ...options }, runAs());
    const r = await daemon.virsh(['domcapabilities', '--emulatorbin', b, ...kvm, ...flags]);
    expect(r.stderr).toBe('');
    shown.set(label, JSON.stringify(domcapsHostModel(r.stdout)));
  }

  const deprecations = () => join(rules, 'rules', 'deprecations.yaml');

  beforeAll(async () => {
    if (missing) throw new Error(missing);
    daemon = await Libvirtd.start({ preload: SHIM });
    dir = daemon.dir;
    rules = join(daemon.work, 'rules-copy');
    cpSync(join(REPO, 'rules', 's390x'), join(rules, 'rules'), { recursive: true });
    cpSync(join(REPO, 'models', 's390x'), join(rules, 'models'), { recursive: true });
    const original = readFileSync(deprecations(), 'utf8');
    const edited = original.replace(/features: \[([^\]]*)\]/, 'features: [$1, vx]');
    expect(edited).not.toBe(original);
    // Sequential on purpose: each step rewrites the launcher libvirt has cached.
    await step('z16', { env: 'z16-lpar' });
    await step('z15', { env: 'z15-lpar-no-cpacf' });
    writeFileSync(deprecations(), edited);
    await step('edited', { env: 'z16-lpar', rules }, ['--disable-deprecated-features']);
    writeFileSync(deprecations(), original);
    await step('restored', { env: 'z16-lpar', rules }, ['--disable-deprecated-features']);
  });

  afterAll(async () => {
    await daemon?.stop();
  });

  it('a launcher rewritten for another environment shows that environment\'s host model', async () => {
    for (const [label, env] of [['z16', 'z16-lpar'], ['z15', 'z15-lpar-no-cpacf']]) {
      const host = await cli(['host', env!, '--format', 'libvirt', '--profile', 'qemu-10.0']);
      const model = /<model[^>]*>([^<]+)</.exec(host.out)![1];
      expect({ label, model: JSON.parse(shown.get(label!)!).model }).toEqual({ label, model });
    }
    expect(shown.get('z15')).not.toBe(shown.get('z16'));
  });

  it('an edited rule (vx deprecated) reaches virsh, and so does undoing it', () => {
    const features = (label: string) => (JSON.parse(shown.get(label)!) as { features: string[] }).features;
    expect(features('edited')).toContain('disable vx');
    expect(features('restored')).toContain('require vx');
    expect(features('restored')).toContain('disable bpb');
  });

  it('stops libvirtd by its pid and leaves no process or folder behind', async () => {
    await daemon.stop();
    expect(processesUnder(dir)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });
});
