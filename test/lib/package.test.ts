import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The package as a library: built once (`tsc -p tsconfig.json` into a
 * package folder beside a scratch project), imported by name from the
 * scratch project (node_modules/cpumodel links to it, as a `file:`
 * dependency does), running README "Library"'s example exactly, and a typed
 * use checked with tsc.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const tmp = mkdtempSync(join(tmpdir(), 'cpumodel-lib-'));
const PKG = join(tmp, 'cpumodel');
const APP = join(tmp, 'app');

/** The README's Library example and the output it says it prints. */
function readmeExample(): { code: string; output: string } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Library\n'), readme.indexOf('\n## ', readme.indexOf('## Library\n') + 1));
  const code = /```js\n([\s\S]*?)```/.exec(section)![1]!;
  const output = /It prints:\n\n```\n([\s\S]*?)```/.exec(section)![1]!;
  return { code, output };
}

const TYPED = `import { cpuModels, modelRequest, parseCpuSpec, type CpuModels, type ExpansionInfo, type ModelInput, type Result } from 'cpumodel';
const q: CpuModels = cpuModels({ profile: 'qemu-7.2' });
const m: ModelInput = { name: 'z13', props: { vx: false } };
const r: Result<ExpansionInfo> = q.expand(m, 'full');
const name: string = r.ok ? r.value.model.name : q.errorText(r.error);
const spec: { name: string } = parseCpuSpec('z13,vx=off');
console.log(name, spec.name, modelRequest('z13,+vx').props?.length, q.definitions().length > 0);
`;

function node(file: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [file], { cwd: APP, encoding: 'utf8', timeout: 60_000 });
}

function tsc(file: string): { status: number | null; stdout: string } {
  const config = { compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: [file] };
  writeFileSync(join(APP, 'tsconfig.json'), JSON.stringify(config));
  return spawnSync(process.execPath, [TSC, '-p', APP], { cwd: APP, encoding: 'utf8', timeout: 120_000 });
}

beforeAll(() => {
  mkdirSync(PKG);
  copyFileSync(join(ROOT, 'package.json'), join(PKG, 'package.json'));
  for (const d of ['rules', 'models', 'schema', 'suites', 'node_modules']) symlinkSync(join(ROOT, d), join(PKG, d));
  execFileSync(process.execPath, [TSC, '-p', join(ROOT, 'tsconfig.json'), '--outDir', join(PKG, 'dist')], { stdio: 'pipe' });
  mkdirSync(join(APP, 'node_modules'), { recursive: true });
  writeFileSync(join(APP, 'package.json'), JSON.stringify({ name: 'app', type: 'module', dependencies: { cpumodel: `file:${PKG}` } }));
  symlinkSync(PKG, join(APP, 'node_modules', 'cpumodel'));
}, 300_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("import … from 'cpumodel'", () => {
  it('runs the README example exactly, printing what the README says', () => {
    const { code, output } = readmeExample();
    writeFileSync(join(APP, 'example.mjs'), code);
    const r = node('example.mjs');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(output);
  });

  it('type-checks a typed use, and rejects a wrong one', () => {
    writeFileSync(join(APP, 'typed.ts'), TYPED);
    const good = tsc('typed.ts');
    expect(good.stdout).toBe('');
    expect(good.status).toBe(0);
    writeFileSync(join(APP, 'wrong.ts'), `import { cpuModels } from 'cpumodel';\ncpuModels().expand(42);\ncpuModels({ profile: 7 });\n`);
    const bad = tsc('wrong.ts');
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toContain("Argument of type 'number' is not assignable to parameter of type 'ModelInput'");
    expect(bad.stdout).toContain("Type 'number' is not assignable to type 'string'");
  });

  it('runs the typed use with its types stripped: props as an object, a profile, the -cpu parser', () => {
    const r = node(writeJs());
    expect([r.status, r.stdout, r.stderr]).toEqual([0, 'z13-base z13 1 true\n', '']);
  });
});

/** The typed use without its types, as plain JavaScript (for a Node without type stripping). */
function writeJs(): string {
  const js = TYPED.replace(/, type \w+/g, '').replace(/: (CpuModels|ModelInput|Result<ExpansionInfo>|string|\{ name: string \})(?= =)/g, '');
  writeFileSync(join(APP, 'typed.mjs'), js);
  return 'typed.mjs';
}
