import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, json } from './run.js';

/** `--machine NAME` on every command, and the `machines` listing. */
describe('compat machine types on the command line', () => {
  it('lists the machines newest first with their qemu model, featoffs and notes', async () => {
    const r = await cli('machines --profile qemu-7.2', { columns: 200 });
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^name +qemu model +notes +featoffs$/);
    expect(lines[1]).toMatch(/^none +gen15a \+ MAX +the default: no CPUs, newest behaviour +-$/);
    expect(lines[2]).toMatch(/^s390-ccw-virtio +gen15a \+ MAX +alias of s390-ccw-virtio-7\.2 +-$/);
    expect(r.out).toMatch(/^s390-ccw-virtio-6\.1 +z14\.2 \+ V6_2 +- +GEN16_GA1: -nnpa -vxpdeh2 -beareh -rdp -pai$/m);
    expect(r.out).toMatch(/^s390-ccw-virtio-2\.4 +z900 \+ V2_11 +no CPU models under KVM +-$/m);
  });

  it('--json gives each machine as data', async () => {
    const rows = json(await cli('machines --json')) as { name: string; qemu: { 'set-by': string }; 'inherited-featoffs': number; deprecated: boolean }[];
    expect(rows).toHaveLength(27);
    const m50 = rows.find((r) => r.name === 's390-ccw-virtio-5.0')!;
    expect([m50.qemu['set-by'], m50['inherited-featoffs'], m50.deprecated]).toEqual(['s390-ccw-virtio-6.0', 2, true]);
  });

  it('answers queries on the chosen machine', async () => {
    const expand = await cli('expand qemu --machine s390-ccw-virtio-2.11 --json');
    expect(json(expand)).toEqual({ model: { name: 'z900-base' }, 'deprecated-props': [] });
    const compare = await cli(['compare', 'gen16a', 'gen16a,paie=off', '--machine', 's390-ccw-virtio-7.1']);
    expect(compare.out.split('\n')[0]).toBe('gen16a and gen16a,paie=off are identical');
    const explain = await cli('explain gen16a paie --machine s390-ccw-virtio-6.1');
    expect(explain.out).toContain('[machine/s390-ccw-virtio-7.1/featoff/GEN16_GA1 @ models/s390x/machines.yaml:');
  });

  it('an unknown machine is a usage error with the closest name', async () => {
    const r = await cli('expand qemu --machine 6.2');
    expect([r.code, r.err.split('\n').slice(0, 2)]).toEqual([2, ['error: unknown machine type `6.2` in profile `qemu-10.0`', 'help: did you mean `s390-ccw-virtio-6.2`?']]);
    const other = await cli('models --machine s390-ccw-virtio-2.4');
    expect(other.code).toBe(2);
    expect(other.err).toContain('did you mean `s390-ccw-virtio-2.9`?');
  });

  it('`qmp --machine NAME` serves that machine over stdin/stdout', () => {
    const root = join(import.meta.dirname, '..', '..');
    const input = ['{"execute":"qmp_capabilities"}', '{"execute":"query-cpu-model-expansion","arguments":{"type":"static","model":{"name":"qemu"}}}', ''].join('\n');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'qmp', '--machine', 's390-ccw-virtio-2.12', '--profile', 'qemu-7.2'],
      { cwd: root, input, encoding: 'utf8', timeout: 60_000 });
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[2]!).return.model.name).toBe('zEC12.2-base');
  });
});
