/**
 * The live QEMU client used by the differential tests: batches keep request
 * order, raw() returns exact lines. Logs the batch throughput.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findQemu, requireLive, type QemuVersion } from '../../src/oracle/binaries.js';
import { QemuProcess } from '../../src/oracle/qemu-process.js';

describe.each(['7.2', '10.0'] as QemuVersion[])('QemuProcess with QEMU %s', (version) => {
  const binary = findQemu(version, 's390x');
  let qemu: QemuProcess | null = null;

  beforeAll(async () => {
    if (binary) qemu = await QemuProcess.start(binary.path);
  });
  afterAll(async () => {
    await qemu?.close();
  });

  it('has a binary, or may skip', () => {
    if (!binary) console.log(`QEMU ${version}: no binary, live client tests skipped`);
    expect(binary !== null || !requireLive()).toBe(true);
  });

  it('answers a pipelined batch in request order', async () => {
    if (!qemu) return;
    const count = 2000;
    const requests = Array.from({ length: count }, (_, id) => ({
      execute: 'query-cpu-model-expansion',
      arguments: { type: 'static', model: { name: id % 2 ? 'z13' : 'z900' } },
      id,
    }));
    const started = performance.now();
    const replies = (await qemu.batch(requests)) as { id: number; return: { model: { name: string } } }[];
    const seconds = (performance.now() - started) / 1000;
    console.log(`QEMU ${version}: ${count} expansions in ${seconds.toFixed(2)} s = ${Math.round(count / seconds)} requests/s`);
    expect(replies.map((r) => r.id)).toEqual(requests.map((r) => r.id));
    expect(replies[1]!.return.model.name).toBe('z13-base');
  });

  it('returns exact lines from raw input', async () => {
    if (!qemu) return;
    expect(await qemu.raw('{"execute":"nosuch","id":"\\u00e9"}\n', { minLines: 1 })).toEqual([
      '{"id": "\\u00E9", "error": {"class": "CommandNotFound", "desc": "The command nosuch has not been found"}}\r\n',
    ]);
  });
});
