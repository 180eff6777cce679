import { join } from 'node:path';
import { loadSources } from '../../src/load/load.js';
import type { EngineOptions } from '../../src/target/types.js';
import { x86Target, type X86Engine, type X86Rules } from '../../src/target/x86_64/index.js';

/** The built-in x86_64 rules, compiled per profile once per test file. */
const ROOT = join(import.meta.dirname, '..', '..');
const parsed = x86Target.parse(loadSources([join(ROOT, 'rules/x86_64'), join(ROOT, 'models/x86_64')], ROOT));
const compiled = new Map<string, X86Rules>();

export const ast = parsed.ast;
export const PROFILES = { '7.2': 'qemu-7.2', '10.0': 'qemu-10.0' } as const;
export type Version = keyof typeof PROFILES;
export const VERSIONS: Version[] = ['7.2', '10.0'];

export function rulesFor(version: Version): X86Rules {
  let rules = compiled.get(version);
  if (!rules) {
    const c = x86Target.compile(ast, PROFILES[version]);
    if (!c.rules) throw new Error(`x86_64 ${version} does not compile: ${JSON.stringify(c.diagnostics.slice(0, 3))}`);
    compiled.set(version, (rules = c.rules));
  }
  return rules;
}

export function engineFor(version: Version, options: EngineOptions = {}): X86Engine {
  const r = x86Target.engine(rulesFor(version), options);
  if ('diagnostics' in r) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.engine as unknown as X86Engine;
}
