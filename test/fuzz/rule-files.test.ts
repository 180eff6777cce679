import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../../src/diag/render.js';
import { ruleSetFromSources, TARGETS, type ArchEngine, type RuleSet } from '../../src/index.js';
import type { SourceText } from '../../src/load/load.js';
import { Random } from '../../src/util/random.js';
import { fuzzRuns, fuzzSeed, lineMutators, mutate, textMutators, valueMutator, YAML_TOKENS } from './mutate.js';

/**
 * Rule-file fuzzing: the built-in rule files of each architecture, one file
 * mutated per input (YAML structure, types, tags, anchors and aliases,
 * encodings and line endings, JavaScript member names). Whatever the input,
 * loading never throws; every diagnostic has file:line:col, a stable code
 * and a bounded rendering; a rule set that checks clean compiles and answers
 * queries without throwing. Most inputs load the mutated file alone (fast);
 * every fourth loads it with the rest of the rule set (cross-file checks).
 * CPUMODEL_FUZZ_RUNS=100000 for a large run, CPUMODEL_SEED to replay.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const RUNS = fuzzRuns(120);
const SEED = fuzzSeed(20261202);
const RENDER_LIMIT = 100_000;
const mutators = [...textMutators(YAML_TOKENS), ...lineMutators, valueMutator, valueMutator];

function builtinSources(arch: string): SourceText[] {
  return ['rules', 'models'].flatMap((dir) => readdirSync(join(ROOT, dir, arch)).filter((f) => f.endsWith('.yaml'))
    .map((f) => ({ name: `${dir}/${arch}/${f}`, text: readFileSync(join(ROOT, dir, arch, f), 'utf8') })));
}

/** A few queries over every profile of a rule set that checks clean. */
function query(rs: RuleSet): void {
  for (const profile of rs.profiles) {
    const r = rs.engine(profile);
    if (!('engine' in r)) continue;
    const e: ArchEngine = r.engine;
    e.definitions();
    for (const name of e.modelNames().slice(0, 6)) {
      e.expand({ name }, 'static');
      e.expand({ name, props: [[e.propertyNames()[0] ?? 'x', true]] }, 'full');
    }
  }
}

interface Failure { input: number; file: string; problem: string; excerpt: string }

function fuzz(arch: string): { failures: Failure[]; clean: number; diagnostics: number } {
  const sources = builtinSources(arch);
  const rng = new Random(SEED + arch.length);
  const failures: Failure[] = [];
  let clean = 0;
  let diagnostics = 0;
  for (let input = 0; input < RUNS; input++) {
    const i = rng.int(sources.length);
    const mutated = { ...sources[i]!, text: mutate(sources[i]!.text, rng, mutators) };
    const set = input % 4 === 0 ? sources.map((s, j) => (j === i ? mutated : s)) : [mutated];
    const fail = (problem: string) => failures.push({ input, file: mutated.name, problem, excerpt: mutated.text.slice(0, 200) });
    try {
      const rs = ruleSetFromSources(set, arch);
      diagnostics += rs.diagnostics.length;
      const unplaced = rs.diagnostics.filter((d) => !d.span || !d.span.file || d.span.line < 1 || d.span.col < 1);
      if (unplaced.length) fail(`no file:line:col: ${unplaced.map((d) => d.code).join(', ')}`);
      if (rs.diagnostics.some((d) => !/^[a-z]+\/[a-z0-9-]+$/.test(d.code))) fail('a diagnostic without a stable code');
      const text = renderDiagnostics(rs.diagnostics, new Map(set.map((s) => [s.name, s.text])));
      if (text.length > RENDER_LIMIT) fail(`rendered ${text.length} characters`);
      if (rs.ok) {
        clean++;
        query(rs);
      }
    } catch (e) {
      fail(`threw ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
    }
  }
  return { failures, clean, diagnostics };
}

describe.each(TARGETS.map((t) => t.info.name))('%s rule files under fuzzing', (arch) => {
  it(`${RUNS} mutants (seed ${SEED}): no throw, every diagnostic placed and bounded, clean sets answer`, () => {
    const { failures, clean, diagnostics } = fuzz(arch);
    console.log(`[fuzz ${arch}] ${RUNS} mutants, ${clean} checked clean, ${diagnostics} diagnostics, ${failures.length} failures`);
    const kinds = new Map<string, number>();
    for (const f of failures) kinds.set(f.problem.slice(0, 120), (kinds.get(f.problem.slice(0, 120)) ?? 0) + 1);
    for (const [k, n] of kinds) console.log(`  ${n} × ${k}`);
    expect(failures.slice(0, 5)).toEqual([]);
  }, 600_000);
});
