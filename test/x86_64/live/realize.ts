import { spawn } from 'node:child_process';
import type { ModelRequest, PropEntry } from '../../../src/target/types.js';

/** What `qemu-system-x86_64 -machine pc -S -cpu SPEC` printed at start: warnings, then at most one error. */
export interface StartOutput {
  spec: string;
  warnings: string[];
  error?: string;
}

const PREFIX = 'qemu-system-x86_64: ';

function parse(spec: string, stderr: string): StartOutput {
  const out: StartOutput = { spec, warnings: [] };
  for (const line of stderr.split('\n').filter((l) => l.startsWith(PREFIX))) {
    const text = line.slice(PREFIX.length);
    if (text.startsWith('warning: ')) out.warnings.push(text.slice('warning: '.length));
    else out.error = text;
  }
  return out;
}

function startOnce(binary: string, spec: string): Promise<StartOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['-machine', 'pc', '-S', '-nodefaults', '-nographic', '-accel', 'tcg', '-cpu', spec, '-qmp', 'stdio']);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.stdout.resume();
    child.stdin.on('error', () => undefined);
    child.stdin.end('{"execute":"qmp_capabilities"}\n{"execute":"quit"}\n');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(parse(spec, stderr));
    });
  });
}

/** Start QEMU once per spec, two at a time; each process is stopped (quit, or killed after 20 s). */
export async function startAll(binary: string, specs: readonly string[], parallel = 2): Promise<StartOutput[]> {
  const out: StartOutput[] = new Array(specs.length);
  let next = 0;
  const worker = async () => {
    while (next < specs.length) {
      const i = next++;
      out[i] = await startOnce(binary, specs[i]!);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return out;
}

/** `NAME,k=v,k` as a request whose values are the text QEMU's -cpu parser sees. */
export function specRequest(spec: string): ModelRequest {
  const [name = '', ...parts] = spec.split(',');
  const props: PropEntry[] = parts.map((p) => {
    const eq = p.indexOf('=');
    return eq < 0 ? [p, 'on'] : [p.slice(0, eq), p.slice(eq + 1)];
  });
  return { name, props };
}
