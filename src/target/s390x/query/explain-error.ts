import type { DefinitionIR } from '../compile/ir.js';
import { because, type Because } from '../../../explain/because.js';
import { closest } from '../../../util/fuzzy.js';
import type { Engine } from './engine.js';
import { errorText, type ModelError } from './errors.js';
import { notInFull } from './explain-feature.js';

/** Close names, best first. */
function suggestions(word: string, candidates: Iterable<string>): string[] {
  const pool = [...candidates];
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    const c = closest(word, pool.filter((p) => !out.includes(p)));
    if (c === undefined) break;
    out.push(c);
  }
  return out;
}

function didYouMean(word: string, candidates: Iterable<string>): Because[] {
  const near = suggestions(word, candidates);
  return near.length ? [because(`did you mean ${near.map((n) => `\`${n}\``).join(' or ')}?`)] : [];
}

/** Definitions whose description names the word (a marketing name), e.g. `z15` → gen15a ("IBM z15 T01 GA1"). */
export function marketingMatches(engine: Engine, word: string): DefinitionIR[] {
  const pattern = new RegExp(`\\b${word.replace(/[^\w.]/g, '')}\\b`, 'i');
  const hits = word.length < 2 ? [] : engine.rules.definitions.filter((d) => pattern.test(d.desc));
  return hits.length ? hits : byGeneration(engine, word);
}

/**
 * From z13 on, IBM's marketing name is the generation number (z16 is
 * generation 16), while QEMU describes the newer machines by type only
 * ("IBM 3931 GA1"): `zNN` names the definitions of generation NN.
 */
function byGeneration(engine: Engine, word: string): DefinitionIR[] {
  const m = /^z(\d{2})$/i.exec(word);
  const gen = m ? Number(m[1]) : 0;
  return gen >= 13 ? engine.rules.definitions.filter((d) => d.gen === gen && engine.catalog.has(d.name)) : [];
}

/** What QEMU calls a marketing name, as a sentence: `gen15a` (IBM z15 T01 GA1) or …; undefined when none. */
export function qemuNames(engine: Engine, word: string): string | undefined {
  const hits = marketingMatches(engine, word);
  return hits.length ? `QEMU calls it ${hits.map((d) => `\`${d.name}\` (${d.desc})`).join(' or ')}` : undefined;
}

function described(engine: Engine, word: string): Because[] {
  const text = qemuNames(engine, word);
  return text ? [because(text, marketingMatches(engine, word)[0]!.rule)] : [];
}

/** Why a query failed: the QEMU error, and what in the rules makes it so. */
export function explainError(engine: Engine, error: ModelError): Because {
  const text = errorText(error, engine.dialect);
  const r = engine.rules;
  switch (error.code) {
    case 'unknown-model':
    {
      const named = described(engine, error.name);
      return because(text, undefined, [because(`profile ${r.profile.name} has no CPU model \`${error.name}\``),
        ...(named.length ? named : didYouMean(error.name, engine.catalog.keys()))]);
    }
    case 'property-not-found':
      return because(text, undefined, [because(`\`${error.key}\` is neither a feature nor a group in profile ${r.profile.name}`),
        ...didYouMean(error.key, [...r.featureIndex.keys(), ...r.groupIndex.keys()])]);
    case 'feature-too-new': {
      const def = r.definitions[r.definitionIndex.get(error.def)!]!;
      const cls = { name: def.name, kind: 'default' as const, def, initial: engine.solution.sets[def.level]!.default, static: false, migrationSafe: true, desc: def.desc };
      return because(text, undefined, [notInFull(engine, cls, r.featureIndex.get(error.feature)!)]);
    }
    case 'group-too-new': {
      const group = r.groups[r.groupIndex.get(error.group)!]!;
      const def = r.definitions[r.definitionIndex.get(error.def)!]!;
      const first = r.levels.findIndex((_, i) => engine.solution.sets[i]!.full.intersects(group.mask));
      const since = first < 0 ? 'no level' : r.levels[first]!.key;
      return because(text, group.rule, [because(`no member of group \`${group.name}\` is in the full set of ${def.name}; the first level with one is ${since}`)]);
    }
    default:
      return because(text);
  }
}
