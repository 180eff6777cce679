import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectGolden } from '../golden-file.js';
import { parse } from 'yaml';
import { citedRules } from '../../src/explain/because.js';
import { renderTree } from '../../src/explain/render.js';
import type { Because } from '../../src/explain/because.js';
import type { Result } from '../../src/target/types.js';
import type { X86Engine } from '../../src/target/x86_64/index.js';
import { parseCpuSpec as specRequest } from '../../src/util/cpu-spec.js';
import { engineFor, type Version } from './rules.js';

/** Golden explanations of the x86_64 engine; UPDATE_GOLDEN=1 rewrites them atomically. */
interface Question { id: string; profile: Version; machine?: string; model?: string; feature?: string; unavailable?: string; lint?: string }

const DIR = join(import.meta.dirname, 'golden', 'explain');
const questions = parse(readFileSync(join(DIR, 'questions.yaml'), 'utf8')) as Question[];

function explanation(e: X86Engine, q: Question): Because {
  const tree = (r: Result<Because>) => (r.ok ? r.value : e.explainError(r.error));
  if (q.feature) return tree(e.explainFeature(specRequest(q.model!), q.feature, 'as-given'));
  if (q.unavailable) return e.explainUnavailable(q.unavailable)!;
  const lint = e.lint(specRequest(q.lint!), 'as-given');
  return lint.ok ? lint.value.explanation : e.explainError(lint.error);
}

function answer(e: X86Engine, q: Question): string {
  const text = renderTree(explanation(e, q));
  if (!q.lint) return text;
  const lint = e.lint(specRequest(q.lint), 'as-given');
  if (!lint.ok) return text;
  const fixes = lint.value.fixes.map((f) => `fix: ${f.action} ${f.features.join(' ')}${f.feasible ? '' : ' (not possible)'}`);
  return [text, ...lint.value.warnings.map((w) => `warning: ${w}`), ...fixes].join('\n');
}

describe('x86_64 golden explanations', () => {
  it('has unique question ids', () => {
    expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
  });

  for (const q of questions) {
    it(q.id, () => {
      const e = engineFor(q.profile, q.machine ? { machine: q.machine } : {});
      const actual = answer(e, q) + '\n';
      const path = join(DIR, `${q.id}.txt`);
      expectGolden(path, actual);
    });
  }

  it('facts are checkable: a feature\'s claimed value is the expansion\'s, an unavailable list is query-cpu-definitions\'', () => {
    let checked = 0;
    for (const q of questions) {
      const e = engineFor(q.profile, q.machine ? { machine: q.machine } : {});
      const b = explanation(e, q);
      if (q.feature && b.fact?.kind === 'feature') {
        const full = e.expand(specRequest(q.model!), 'full', 'as-given');
        expect(full.ok && full.value.model.props![b.fact.feature], q.id).toBe(b.fact.value);
        checked++;
      }
      if (q.unavailable) {
        const listed = (b.premises ?? []).flatMap((p) => (p.fact?.kind === 'unavailable' ? [p.fact.prop] : []));
        const root = b.fact?.kind === 'unavailable' ? [b.fact.prop] : [];
        const def = e.definitions().find((d) => d.name === q.unavailable)!;
        expect([...root, ...listed], q.id).toEqual(def['unavailable-features']);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('every cited rule exists in the compiled rules with its span', () => {
    for (const q of questions) {
      const e = engineFor(q.profile, q.machine ? { machine: q.machine } : {});
      const known = new Set(collectRuleIds(e));
      for (const id of citedRules(explanation(e, q))) expect(known.has(id), `${q.id} cites ${id}`).toBe(true);
    }
  });
});

/** Every RuleRef id the compiled rules hold. */
function collectRuleIds(e: X86Engine): string[] {
  const ids: string[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (depth > 12 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach((x) => walk(x, depth + 1));
    if (v instanceof Map) return [...v.values()].forEach((x) => walk(x, depth + 1));
    const o = v as Record<string, unknown>;
    if (typeof o.id === 'string' && typeof o.span === 'object') ids.push(o.id);
    for (const x of Object.values(o)) walk(x, depth + 1);
  };
  walk(e.rules, 0);
  return ids;
}
