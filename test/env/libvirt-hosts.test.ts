import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { s390xEngine as builtinEngine, resolveEnvironment, type Engine } from '../s390x.js';

/**
 * Host models recorded by libvirt on real IBM Z machines (test/fixtures/
 * libvirt-hosts/records.json, with their origin). Each usable KVM record has
 * an environment description (envs/caps-<qemu>.yaml) from which cpumodel must
 * reproduce the recorded static expansion exactly, and the full expansion
 * where one was recorded.
 */
const DIR = join(import.meta.dirname, '..', 'fixtures', 'libvirt-hosts');
interface Expansion { name: string; props: Record<string, boolean> }
interface Record_ { source: string; qemu_version: string; accel: string; static: Expansion | null; full: Expansion | null; notes: string }
const records = (JSON.parse(readFileSync(join(DIR, 'records.json'), 'utf8')) as { records: Record_[] }).records;

/** caps_9.2.0_s390x.replies → caps-9.2.0 */
const envFile = (r: Record_) => join(DIR, 'envs', `${/caps_([\d.]+\d)/.exec(r.source)![1]!.replace(/^/, 'caps-')}.yaml`);

/** The 9.1.0 KVM "full" reply is a hand-edited copy of the static one (libvirt notes). */
const FAKE_FULL = 'tests/qemucapabilitiesdata/caps_9.1.0_s390x.replies';

async function hostEngine(path: string): Promise<Engine> {
  const base = builtinEngine('qemu-10.0');
  const r = await resolveEnvironment(base, path);
  if ('diagnostics' in r) throw new Error(JSON.stringify(r.diagnostics));
  return builtinEngine('qemu-10.0', { environment: r.environment });
}

function expand(e: Engine, model: string, type: 'static' | 'full'): Expansion {
  const r = e.expand({ name: model }, type);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return { name: r.value.model.name, props: (r.value.model.props ?? {}) as Record<string, boolean> };
}

/** A recorded full expansion lists what that QEMU knew; compare on the names both know. */
function expectFullAgrees(ours: Expansion, recorded: Expansion): void {
  expect(ours.name).toBe(recorded.name);
  for (const [k, v] of Object.entries(recorded.props)) {
    if (k in ours.props) expect([k, ours.props[k]]).toEqual([k, v]);
    else expect([k, v], 'a feature cpumodel does not know must be off in the record').toEqual([k, false]);
  }
  for (const [k, v] of Object.entries(ours.props)) if (!(k in recorded.props)) expect([k, v], 'a feature the recording QEMU did not know').toEqual([k, false]);
}

describe('libvirt host-model recordings', () => {
  const kvm = records.filter((r) => r.accel === 'kvm' && r.static);
  it('has an environment for every KVM host record', () => {
    expect(kvm.length).toBe(18);
    expect(kvm.filter((r) => !existsSync(envFile(r))).map((r) => r.source)).toEqual([]);
  });

  for (const r of kvm) {
    it(`${r.source} (QEMU ${r.qemu_version}): static host model${r.full && r.source !== FAKE_FULL ? ' and full' : ''}`, async () => {
      const e = await hostEngine(envFile(r));
      expect(expand(e, 'host', 'static')).toEqual(r.static);
      if (r.full && r.source !== FAKE_FULL) expectFullAgrees(expand(e, 'host', 'full'), r.full);
    });
  }

  // TCG's maximum model is gen15a + the MAX list from QEMU 7.x on; older recordings had another one.
  const tcg = records.filter((r) => r.accel === 'tcg' && r.static?.name === 'gen15a-base');
  it.each(tcg.map((r) => [r.source, r] as const))('%s: TCG max', (_, r) => {
    const e = builtinEngine('qemu-10.0');
    expect(expand(e, 'max', 'static')).toEqual(r.static);
    if (r.full) expectFullAgrees(expand(e, 'max', 'full'), r.full);
  });
});
