import { spawn } from 'node:child_process';
import { basename } from 'node:path';
import type { ArchEngine, ModelError, RealizeReport } from '../index.js';

/** What a live QEMU printed when it realized `-cpu SPEC` (paused; TCG unless asked for KVM). */
export interface RealizeOutput {
  spec: string;
  warnings: string[];
  error?: string;
  hint?: string;
}

/** QEMU's stderr: `<binary>: warning: …` lines, at most one `<binary>: error`, then a hint line. */
export function parseStderr(spec: string, text: string, program: string): RealizeOutput {
  const prefix = `${program}: `;
  const out: RealizeOutput = { spec, warnings: [] };
  for (const line of text.split('\n').filter((l) => l.length > 0)) {
    if (line.startsWith(`${prefix}warning: `)) out.warnings.push(line.slice(prefix.length + 'warning: '.length));
    else if (line.startsWith(prefix)) out.error = line.slice(prefix.length);
    else out.hint = line;
  }
  return out;
}

function realizeOnce(binary: string, machine: string, spec: string, accel: string): Promise<RealizeOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['-machine', machine, '-accel', accel, '-nodefaults', '-nographic', '-S', '-cpu', spec, '-qmp', 'stdio']);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.stdout.resume();
    child.stdin.on('error', () => undefined);
    child.stdin.end('{"execute":"qmp_capabilities"}\n{"execute":"quit"}\n');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(parseStderr(spec, stderr, basename(binary)));
    });
  });
}

/** Realize every spec with a live QEMU, a few at a time. */
export async function realizeAll(binary: string, machine: string, specs: readonly string[], parallel = 4, accel = 'tcg'): Promise<RealizeOutput[]> {
  const out: RealizeOutput[] = new Array(specs.length);
  let next = 0;
  const worker = async () => {
    while (next < specs.length) {
      const i = next++;
      out[i] = await realizeOnce(binary, machine, specs[i]!, accel);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return out;
}

/** The specs where cpumodel's realize report differs from what QEMU printed. */
export interface RealizeMismatch { qemu: RealizeOutput; ours: RealizeReport | ModelError }

export function realizeMismatches(engine: ArchEngine, outputs: readonly RealizeOutput[],
  parse: (spec: string) => { name: string; props: [string, boolean | string][] }): RealizeMismatch[] {
  return outputs.flatMap((q): RealizeMismatch[] => {
    const spec = parse(q.spec);
    const ours = engine.realize({ name: spec.name, props: spec.props });
    if (!ours.ok) return [{ qemu: q, ours: ours.error }];
    const same = JSON.stringify(ours.value.warnings) === JSON.stringify(q.warnings) && ours.value.error === q.error && ours.value.hint === q.hint;
    return same ? [] : [{ qemu: q, ours: ours.value }];
  });
}
