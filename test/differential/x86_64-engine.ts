import { join } from 'node:path';
import { loadSources, packageRoot } from '../../src/load/load.js';
import { directAnswerer as archDirectAnswerer, lineAnswerer as archAnswerer } from '../../src/oracle/answer.js';
import { parseExact } from '../../src/oracle/exact-json.js';
import type { QemuVersion } from '../../src/oracle/binaries.js';
import type { ArchEngine } from '../../src/target/types.js';
import { x86Target } from '../../src/target/x86_64/index.js';
import { PROFILE } from './x86_64-suite.js';

/**
 * cpumodel's x86_64 side of the differential suites: the built-in rules
 * (rules/x86_64, models/x86_64) through the target's parse, check and
 * compile, and the engine of a profile and machine answering QMP lines.
 */
type Rules = NonNullable<ReturnType<typeof x86Target.compile>['rules']>;
let parsed: ReturnType<typeof x86Target.parse> | null = null;
const compiled = new Map<string, Rules>();

function rulesOf(version: QemuVersion): Rules {
  const profile = PROFILE[version];
  if (!compiled.has(profile)) {
    const root = packageRoot();
    parsed ??= x86Target.parse(loadSources([join(root, 'rules', 'x86_64'), join(root, 'models', 'x86_64')], root));
    const problems = [...parsed.diagnostics, ...x86Target.check(parsed.ast)].filter((d) => d.severity === 'error');
    if (problems.length) throw new Error(`x86_64 rules do not check: ${problems.map((d) => d.message).join('; ')}`);
    const result = x86Target.compile(parsed.ast, profile);
    if (!result.rules) throw new Error(`x86_64 profile ${profile} does not compile: ${result.diagnostics.map((d) => d.message).join('; ')}`);
    compiled.set(profile, result.rules);
  }
  return compiled.get(profile)!;
}

export function x86Engine(version: QemuVersion, machine?: string): ArchEngine {
  const r = x86Target.engine(rulesOf(version), machine ? { machine } : {});
  if ('diagnostics' in r) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.engine;
}

/** The machine types the profile knows (for `--machine`). */
export function x86Machines(version: QemuVersion): string[] {
  return rulesOf(version).machines.map((m) => m.name);
}

/** cpumodel's reply lines, end to end through a QMP session over the engine. */
export function x86Answerer(version: QemuVersion, machine?: string): (requestLine: string) => unknown {
  const answer = archAnswerer(x86Engine(version, machine));
  return (line) => parseExact(answer(line));
}

/** The engine's replies as values, without the session's writer (quicker; no key order). */
export function x86DirectAnswerer(version: QemuVersion, machine?: string): (requestLine: string) => unknown {
  return archDirectAnswerer(x86Engine(version, machine));
}
