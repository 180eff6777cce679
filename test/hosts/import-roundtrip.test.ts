import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinEngine } from '../../src/index.js';
import { cli, json } from '../cli/run.js';

/**
 * The proof of `cpumodel host import`: for every real host record the project
 * holds (test/fixtures/libvirt-hosts/records.json, libvirt's recordings on
 * IBM Z machines), the recorded expansion imported as QEMU answered it gives
 * an environment whose host model is the recorded one.
 */
const DIR = join(import.meta.dirname, '..', 'fixtures');
interface Expansion { name: string; props: Record<string, boolean> }
interface Record_ { source: string; qemu_version: string; accel: string; static: Expansion | null; full: Expansion | null }
const records = (JSON.parse(readFileSync(join(DIR, 'libvirt-hosts', 'records.json'), 'utf8')) as { records: Record_[] }).records;
const kvm = records.filter((r) => r.accel === 'kvm' && r.static);
/** The 9.1.0 KVM "full" reply is a hand-edited copy of the static one (libvirt notes). */
const FAKE_FULL = 'tests/qemucapabilitiesdata/caps_9.1.0_s390x.replies';

const tmp = mkdtempSync(join(tmpdir(), 'cpumodel-import-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const hostModel = async (env: string, type: 'static' | 'full') => {
  const r = await cli(['host', env, '--type', type, '--json']);
  expect(r.err).toBe('');
  return (json(r) as { model: Expansion }).model;
};

/** The names an environment's `offer` adds and removes. */
const offered = (yaml: string) => ['add', 'remove'].map((k) => new RegExp(`^    ${k}: \\[(.*)\\]$`, 'm').exec(yaml)?.[1]?.split(', ').sort() ?? []);

/** A recorded full expansion lists what that QEMU knew; compare on the names both know. */
function expectFullAgrees(ours: Expansion, recorded: Expansion): void {
  expect(ours.name).toBe(recorded.name);
  for (const [k, v] of Object.entries(recorded.props)) if (k in ours.props) expect([k, ours.props[k]]).toEqual([k, v]);
  for (const [k, v] of Object.entries(ours.props)) if (!(k in recorded.props)) expect([k, v]).toEqual([k, false]);
}

/**
 * The seed's question on the imported host: can a guest with MODEL start there? `check-run
 * --env` on the imported environment must say what comparing MODEL with the recorded host model
 * says (runnable exactly when MODEL is identical to it or a subset of it).
 */
const GUESTS = ['z14,vx=off', 'z13', 'gen15a', 'z900'];
async function expectSeedQuestion(env: string, recorded: Expansion): Promise<void> {
  const relations = builtinEngine('qemu-10.0').relations!;
  for (const guest of GUESTS) {
    const [name, ...settings] = guest.split(',');
    const props = settings.map((p) => p.split('=')).map(([k, v]) => [k!, v === 'on'] as [string, boolean]);
    const cmp = relations.compare({ name: name!, props }, { name: recorded.name, props: Object.entries(recorded.props) });
    if (!cmp.ok) throw new Error(`compare ${guest}: ${JSON.stringify(cmp)}`);
    const run = await cli(['check-run', guest, '--env', env, '--json']);
    const verdict = json(run) as { runnable: boolean };
    expect([guest, verdict.runnable]).toEqual([guest, ['identical', 'subset'].includes(cmp.value.result)]);
  }
}

describe('host import: round trip over the recorded hosts', () => {
  it('covers all 18 KVM host records', () => expect(kvm.length).toBe(18));

  for (const [i, r] of kvm.entries()) {
    const qemu = /^\d+\.\d+\.\d+/.exec(r.qemu_version)![0];
    it(`${r.source} (QEMU ${qemu}): static expansion → environment → the same host model`, async () => {
      const reply = join(tmp, `reply-${i}.json`);
      const env = join(tmp, `host-${i}.yaml`);
      writeFileSync(reply, `${JSON.stringify({ return: { model: r.static } }, null, 2)}\n`);
      const imp = await cli(['host', 'import', reply, '--out', env, '--qemu', qemu]);
      expect(imp.err).toBe('');
      expect(imp.code).toBe(0);
      expect(await hostModel(env, 'static')).toEqual(r.static);
      if (r.full && r.source !== FAKE_FULL) expectFullAgrees(await hostModel(env, 'full'), r.full);
      // The explicit facts are the ones the hand-written environment of this host needs (none for 16 of them).
      const handWritten = readFileSync(join(DIR, 'libvirt-hosts', 'envs', `caps-${/caps_([\d.]+\d)/.exec(r.source)![1]}.yaml`), 'utf8');
      expect(offered(handWritten).flat().length > 0).toBe(handWritten.includes('offer:'));
      expect(offered(readFileSync(env, 'utf8'))).toEqual(offered(handWritten));
      await expectSeedQuestion(env, r.static!);
    }, 60_000);
  }

  it('a full expansion imports to the same environment as the static one', async () => {
    const r = kvm.find((x) => x.full && x.source !== FAKE_FULL)!;
    const qemu = /^\d+\.\d+\.\d+/.exec(r.qemu_version)![0];
    const texts = await Promise.all((['static', 'full'] as const).map(async (type) => {
      const reply = join(tmp, `reply-${type}.json`);
      writeFileSync(reply, JSON.stringify({ return: { model: r[type] } }));
      const out = await cli(['host', 'import', reply, '--qemu', qemu], { env: { CPUMODEL_DATE: '2026-01-01' } });
      return out.out.replace(/^#.*\n/gm, '').replace(/\(reply-\w+\)/, '');
    }));
    expect(texts[1]).toBe(texts[0]);
  }, 60_000);
});
