import { because, type Because } from '../../../explain/because.js';
import { closest, didYouMean } from '../../../util/fuzzy.js';
import type { ModelError } from '../../types.js';
import type { X86Engine } from './engine.js';

/** Up to three close names, best first. */
export function nearest(word: string, candidates: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    const c = closest(word, candidates.filter((x) => !out.includes(x)));
    if (c === undefined) break;
    out.push(c);
  }
  return out;
}

function suggest(word: string, candidates: readonly string[]): Because[] {
  const exact = candidates.find((c) => c.toLowerCase() === word.toLowerCase() && c !== word);
  if (exact) return [because(`names are case-sensitive: did you mean \`${exact}\`?`)];
  const near = nearest(word, candidates);
  return near.length ? [because(`did you mean ${near.map((n) => `\`${n}\``).join(' or ')}?`)] : [];
}

export function hintFor(engine: X86Engine, e: ModelError): string | undefined {
  switch (e.code) {
    case 'unknown-model': return didYouMean(e.name, engine.modelNames());
    case 'property-not-found': return didYouMean(e.key, engine.propertyNames());
    case 'prop-not-bool': return 'features take JSON `true` or `false`';
    default: return undefined;
  }
}

/** Why a query failed: QEMU's error and what in the rules makes it so. */
export function explainError(engine: X86Engine, e: ModelError): Because {
  const text = engine.errorText(e);
  const { rules } = engine;
  const profile = rules.profile.name;
  switch (e.code) {
    case 'unknown-model':
      return because(text, undefined, [because(`profile ${profile} has no CPU model \`${e.name}\``), ...suggest(e.name, engine.modelNames())]);
    case 'property-not-found': {
      const t = rules.lookup.get(e.key);
      if (t?.kind === 'prop') {
        const p = rules.properties[t.index]!;
        return because(text, undefined, [because(`\`${e.key}\` exists only on ${[...p.models ?? []].map((m) => `\`${m}\``).join(', ')}`, p.rule)]);
      }
      return because(text, undefined, [because(`\`${e.key}\` is neither a feature nor a property of x86 CPUs in profile ${profile}`), ...suggest(e.key, engine.propertyNames())]);
    }
    case 'property-not-writable': {
      const p = rules.properties[rules.propertyIndex.get(e.key) ?? -1];
      return because(text, p?.rule, [because(`\`${e.key}\` is read-only`)]);
    }
    case 'prop-not-bool': {
      const t = rules.lookup.get(e.key);
      const rule = t?.kind === 'feature' ? rules.features[t.index]!.rule : undefined;
      return because(text, rule, [because(`\`${e.key}\` is a feature: it takes JSON \`true\` or \`false\``)]);
    }
    case 'props-not-object':
      return because(text, undefined, [because(`QEMU ${rules.profile.qemu} requires \`props\` to be a JSON object`)]);
    default:
      return because(text);
  }
}
