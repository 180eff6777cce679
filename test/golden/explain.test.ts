import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectGolden } from '../golden-file.js';
import { parse } from 'yaml';
import { renderTree, type Because, type Result } from '../../src/index.js';
import { s390xEngine as builtinEngine, explainHostDifferences, resolveEnvironment, explainBaseline, explainError, explainComparison, explainFeature, explainUnavailable, lintModel, type Engine } from '../s390x.js';
import { parseModelSpec } from '../../src/cli/spec.js';

/** Golden explanations for real questions across every command; UPDATE_GOLDEN=1 rewrites them atomically. */
interface Question {
  id: string; profile?: string; depth?: number; env?: string; machine?: string;
  feature?: string; model?: string; compare?: [string, string]; baseline?: [string, string]; unavailable?: string; lint?: string; host?: boolean;
}

const DIR = join(import.meta.dirname, 'explain');
const questions = parse(readFileSync(join(DIR, 'questions.yaml'), 'utf8')) as Question[];

function answer(e: Engine, q: Question): string {
  const m = (spec: string) => parseModelSpec(spec);
  const text = (r: Result<Because>) => renderTree(r.ok ? r.value : explainError(e, r.error), q.depth);
  if (q.feature) return text(explainFeature(e, m(q.model!), q.feature));
  if (q.compare) return text(explainComparison(e, m(q.compare[0]), m(q.compare[1])));
  if (q.baseline) return text(explainBaseline(e, m(q.baseline[0]), m(q.baseline[1])));
  if (q.unavailable) return renderTree(explainUnavailable(e, q.unavailable)!, q.depth);
  if (q.host) return renderTree(explainHostDifferences(e, e.options.environment!), q.depth);
  const lint = lintModel(e, m(q.lint!));
  if (!lint.ok) return renderTree(explainError(e, lint.error));
  const fixes = lint.value.fixes.map((f) => `fix: ${f.action} ${f.features.join(' ')}${f.feasible ? '' : ' (not possible)'}`);
  return [renderTree(lint.value.explanation, q.depth), ...lint.value.warnings.map((w) => `warning: ${w}`), ...fixes].join('\n');
}

async function engineFor(q: Question): Promise<Engine> {
  if (!q.env) return builtinEngine(q.profile, q.machine ? { machine: q.machine } : {});
  const r = await resolveEnvironment(builtinEngine(q.profile), q.env);
  if ('diagnostics' in r) throw new Error(JSON.stringify(r.diagnostics));
  return builtinEngine(q.profile, { environment: r.environment });
}

describe('golden explanations', () => {
  it('has at least 40 questions with unique ids', () => {
    expect(questions.length).toBeGreaterThanOrEqual(40);
    expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
  });

  for (const q of questions) {
    it(q.id, async () => {
      const actual = answer(await engineFor(q), q) + '\n';
      const path = join(DIR, `${q.id}.txt`);
      expectGolden(path, actual);
    });
  }
});
