import { spawn } from 'node:child_process';
import { realize, type Engine, type ModelError, type RealizeReport } from '../index.js';
import { Random } from './random.js';

/** What a live QEMU printed when it realized `-cpu SPEC` (TCG, s390-ccw-virtio, paused). */
export interface RealizeOutput {
  spec: string;
  warnings: string[];
  error?: string;
  hint?: string;
}

const PREFIX = 'qemu-system-s390x: ';

export function parseStderr(spec: string, text: string): RealizeOutput {
  const out: RealizeOutput = { spec, warnings: [] };
  for (const line of text.split('\n').filter((l) => l.length > 0)) {
    if (line.startsWith(`${PREFIX}warning: `)) out.warnings.push(line.slice(PREFIX.length + 'warning: '.length));
    else if (line.startsWith(PREFIX)) out.error = line.slice(PREFIX.length);
    else out.hint = line;
  }
  return out;
}

function realizeOnce(binary: string, spec: string): Promise<RealizeOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['-machine', 's390-ccw-virtio', '-accel', 'tcg', '-nodefaults', '-nographic', '-S', '-cpu', spec, '-qmp', 'stdio']);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.stdout.resume();
    child.stdin.on('error', () => undefined);
    child.stdin.end('{"execute":"qmp_capabilities"}\n{"execute":"quit"}\n');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(parseStderr(spec, stderr));
    });
  });
}

/** Realize every spec with a live QEMU, a few at a time. */
export async function realizeAll(binary: string, specs: readonly string[], parallel = 4): Promise<RealizeOutput[]> {
  const out: RealizeOutput[] = new Array(specs.length);
  let next = 0;
  const worker = async () => {
    while (next < specs.length) {
      const i = next++;
      out[i] = await realizeOnce(binary, specs[i]!);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return out;
}

/** Fixed interesting specs plus random ones: props from the model's full set (features and groups). */
export function realizeSpecs(engine: Engine, seed: number, count: number): string[] {
  const fixed = ['qemu,vx=off,esop=off', 'z14,vx=off', 'gen16a', 'z900', 'z900,esan3=off', 'gen15a-base,vxeh=on,vx=off',
    'qemu', 'max', 'z14.2', 'gen15a,msa3-base=off', 'z13,cmma=on', 'max,msa5-base=off', 'z800-base,etf2=on,ldisp=on'];
  const rng = new Random(seed);
  const names = [...engine.catalog.keys()];
  const random = Array.from({ length: count }, () => {
    const name = rng.pick(names);
    const full = engine.solution.sets[engine.catalog.get(name)!.def.level]!.full;
    const keys = [...[...full].map((i) => engine.rules.features[i]!.name),
      ...engine.rules.groups.filter((g) => full.intersects(g.mask)).map((g) => g.name)];
    const props = Array.from({ length: rng.int(5) }, () => `${rng.pick(keys)}=${rng.chance(0.5) ? 'on' : 'off'}`);
    return [name, ...props].join(',');
  });
  return [...fixed, ...random];
}

/** The specs where cpumodel's realize report differs from what QEMU printed. */
export interface RealizeMismatch { qemu: RealizeOutput; ours: RealizeReport | ModelError }

export function realizeMismatches(engine: Engine, outputs: readonly RealizeOutput[],
  parse: (spec: string) => { name: string; props: [string, boolean][] }): RealizeMismatch[] {
  return outputs.flatMap((q): RealizeMismatch[] => {
    const spec = parse(q.spec);
    const ours = realize(engine, { name: spec.name, props: spec.props });
    if (!ours.ok) return [{ qemu: q, ours: ours.error }];
    const same = JSON.stringify(ours.value.warnings) === JSON.stringify(q.warnings) && ours.value.error === q.error && ours.value.hint === q.hint;
    return same ? [] : [{ qemu: q, ours: ours.value }];
  });
}
