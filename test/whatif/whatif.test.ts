import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRules } from '../../src/index.js';
import { diffSides } from '../../src/diff/diff.js';
import { failures } from '../../src/diff/fail-on.js';
import type { DiffSection } from '../../src/diff/types.js';
import { replay } from '../../src/whatif/apply.js';
import { parseExpressions, parsePatch } from '../../src/whatif/ops.js';
import { whatIf } from '../../src/whatif/whatif.js';
import { cli } from '../cli/run.js';

const ROOT = join(import.meta.dirname, '..', '..');
const base = openRules();

async function edit(exprs: string[], profile = 'qemu-10.0'): Promise<DiffSection> {
  const parsed = parseExpressions(exprs);
  expect(parsed.problems).toEqual([]);
  const w = whatIf(base, parsed.ops);
  expect(w.problems).toEqual([]);
  expect(w.ruleSet.ok).toBe(true);
  const s = await diffSides({ label: 'base', ruleSet: base, profile }, { label: 'edited', ruleSet: w.ruleSet, profile });
  if ('diagnostics' in s) throw new Error('does not compile');
  return s;
}

/** A digest of every rule file, to show what-if never writes them. */
function digest(): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir).sort()) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else hash.update(p).update(readFileSync(p));
    }
  };
  walk(join(ROOT, 'rules'));
  walk(join(ROOT, 'models'));
  return hash.digest('hex');
}

describe('what-if edits', () => {
  it('a feature added to a base set is a base change, traced to the edit', async () => {
    const s = await edit(['generations.GEN16_GA1.base+=nnpa']);
    const base16 = s.sets.filter((c) => c.set === 'base');
    expect(base16.map((c) => c.definition)).toEqual(['gen16a', 'gen16b', 'gen17a', 'gen17b']);
    expect(base16.every((c) => c.gained.join() === 'nnpa')).toBe(true);
    const cause = s.causes.find((c) => c.kind === 'set-change' && c.set === 'base')!;
    expect(cause.rules).toEqual([{ id: 'GEN16_GA1/base', at: '--set:1:1' }]);
    expect(failures({ sections: [s] }, ['base-change'])).toEqual(['base-change']);
    const expansion = s.answers.changed.find((c) => JSON.stringify(c.request).includes('"static"') && JSON.stringify(c.request).includes('"gen16a"'))!;
    expect(expansion.deltas.map((d) => [d.key, d.causes])).toEqual([['nnpa', [cause.id]]]);
  });

  it('an answer-only view: a dependency changes no answer of the model space', async () => {
    const s = await edit(['dependencies.appv+=vx']);
    expect(s.causes.map((c) => c.summary)).toEqual(['dependency `requires/appv/vx` added (appv requires vx)']);
    expect(s.answers.changed).toEqual([]);
    expect(failures({ sections: [s] }, ['answer-change'])).toEqual([]);
    expect(failures({ sections: [s] }, ['any'])).toEqual(['any']);
  });

  it('taking a feature out of a removal list cites the rule that adds it', async () => {
    const s = await edit(['generations.GEN15_GA1.remove.default-=bpb']);
    const gained = s.sets.filter((c) => c.set === 'default').map((c) => c.definition);
    expect(gained).toEqual(['gen15a', 'gen15b', 'gen16a', 'gen16b', 'gen17a', 'gen17b']);
    const cause = s.causes.find((c) => c.kind === 'set-change')!;
    expect(cause.rules.map((r) => r.id)).toEqual(['GEN11_GA1/default']);
  });

  it('a definition moved to another GA, added, removed', async () => {
    const moved = await edit(['definitions.z14.ga=2'], 'qemu-7.2');
    expect(moved.definitions.changed).toEqual(['z14']);
    expect(moved.causes[0]!.summary).toBe('definition `z14` changed: level GEN14_GA1 → GEN14_GA2');
    const added = await edit(['definitions+={name: gen16c, cpu_type: 0x3933, gen: 16, ga: 1}']);
    expect(added.definitions.added).toEqual(['gen16c']);
    expect(added.models.added).toEqual(['gen16c-base', 'gen16c']);
    const removed = await edit(['definitions-=z990.5']);
    expect(removed.definitions.removed).toEqual(['z990.5']);
    expect(removed.models.removed).toEqual(['z990.5-base', 'z990.5']);
  });

  it('applying then reverting is a no-op', async () => {
    expect((await edit(['generations.GEN16_GA1.default+=appv', 'generations.GEN16_GA1.default-=appv'])).causes).toEqual([]);
    const w = whatIf(base, parseExpressions(['generations.GEN16_GA1.base+=nnpa', 'definitions.z14.ga=2', 'deprecated-=te']).ops);
    expect(w.ast).not.toBe(base.ast);
    expect(replay(w.ast, w.inverse)).toEqual(base.ast);
  });

  it('leaves the original AST and the files on disk as they were', async () => {
    const before = { ast: JSON.stringify(base.ast), files: digest() };
    whatIf(base, parseExpressions(['generations.GEN16_GA1.base+=nnpa', 'definitions-=z14']).ops);
    const r = await cli(['what-if', '--set', 'generations.GEN16_GA1.base+=nnpa', '--fail-on', 'base-change']);
    expect(r.code).toBe(1);
    expect(JSON.stringify(base.ast)).toBe(before.ast);
    expect(digest()).toBe(before.files);
  });
});

describe('what-if edits: syntax and problems', () => {
  it('reads a patch file of expressions and {op, path, value} maps, citing its lines', async () => {
    const text = '# enable appv by default\n- generations.GEN16_GA1.default+=appv\n- {op: add, path: dependencies.appv, value: [ap, vx]}\n';
    const p = parsePatch('p.yaml', text);
    expect(p.problems).toEqual([]);
    expect(p.ops.map((o) => [o.op, o.path, o.value, `${o.span.line}:${o.span.col}`])).toEqual([
      ['add', 'generations.GEN16_GA1.default', 'appv', '2:3'], ['add', 'dependencies.appv', 'ap', '3:3'], ['add', 'dependencies.appv', 'vx', '3:3']]);
  });

  it('lists several names with commas', async () => {
    expect(parseExpressions(['groups.msa9-=kimd-sha-512,klmd-sha-512']).ops.map((o) => o.value)).toEqual(['kimd-sha-512', 'klmd-sha-512']);
  });

  it('reports edits that do not apply, and rules that no longer check', async () => {
    const w = whatIf(base, parseExpressions(['generations.GEN16_GA9.base+=vx', 'definitions.z99.ga=1', 'deprecated-=vx']).ops);
    expect(w.problems.map((p) => p.message)).toEqual([
      'no generation level `GEN16_GA9`; did you mean `GEN16_GA1`?', 'no definition `z99`', '`vx` is not in `deprecated`']);
    const r = await cli(['what-if', '--set', 'generations.GEN16_GA1.base+=nosuchfeature']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('nosuchfeature');
    expect((await cli(['what-if'])).code).toBe(2);
    const broken = await cli(['what-if', '--set', 'definitions-=z900']);
    expect(broken.code).toBe(2);
    expect(broken.err).toContain('unknown CPU definition `z900`');
  });

  it('writes a patch file diff as markdown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whatif-'));
    writeFileSync(join(dir, 'p.yaml'), '- generations.GEN16_GA1.default+=appv\n');
    const r = await cli(['what-if', '--patch', join(dir, 'p.yaml'), '--base', 'qemu-10.0', '--format', 'markdown']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/\| default gains appv in gen16a, gen16b, gen17a, gen17b \| \d+ \| `GEN16_GA1\/default` at `[^`]*p\.yaml:1:3`/);
  });
});
