import type { Node } from 'yaml';
import { error } from '../../../diag/diagnostic.js';
import type { FileReader } from '../../../parse/reader.js';
import type { Located } from '../ast.js';
import { each, oneOf, versioned, VERSIONED, type Fields, type SectionReader } from './read.js';

/** `bit: 5` or `bits: [0, 3]`, exactly one of them. */
function bits(r: FileReader, f: Fields, item: Node): Located<number>[] | undefined {
  if (f.has('bit') === f.has('bits')) {
    r.diags.push(error('parse/bad-feature-bits', 'a feature needs exactly one of `bit` and `bits`', r.span(item),
      'write `bit: 5`, or `bits: [0, 3]` for one property over two bits'));
    return undefined;
  }
  if (f.has('bit')) {
    const bit = r.int(f.get('bit'), 'bit');
    return bit && [bit];
  }
  const list = r.list(f.get('bits'), 'bits').map((n) => r.int(n, 'an entry of `bits`'));
  return list.every((b) => b !== undefined) && list.length > 0 ? list : undefined;
}

export const features: SectionReader = (r, node, ast) =>
  each(r, node, 'features', ['name', 'word', 'bit', 'bits', 'desc', ...VERSIONED], ['name', 'word'], (f, item) => {
    const name = r.str(f.get('name'), 'name');
    const word = r.str(f.get('word'), 'word');
    const b = bits(r, f, item);
    const desc = r.str(f.get('desc'), 'desc')?.value;
    if (name && word && b) ast.features.push({ name, word, bits: b, ...(desc ? { desc } : {}), ...versioned(r, f), span: r.span(item) });
  });

export const propertyAliases: SectionReader = (r, node, ast) =>
  each(r, node, 'property_aliases', ['alias', 'target', ...VERSIONED], ['alias', 'target'], (f, item) => {
    const alias = r.str(f.get('alias'), 'alias');
    const target = r.str(f.get('target'), 'target');
    if (alias && target) ast.aliases.push({ alias, target, ...versioned(r, f), span: r.span(item) });
  });

export const FLAGS = ['unmigratable', 'no-autoenable', 'set-on-load'] as const;

export const featureFlags: SectionReader = (r, node, ast) =>
  each(r, node, 'feature_flags', ['flag', 'features', 'reason', ...VERSIONED], ['flag', 'features'], (f, item) => {
    const flag = oneOf(r, f.get('flag'), 'feature flag', FLAGS);
    const reason = r.str(f.get('reason'), 'reason')?.value;
    const names = r.names(f.get('features'), 'features');
    if (flag) ast.flags.push({ flag, features: names, ...(reason ? { reason } : {}), ...versioned(r, f), span: r.span(item) });
  });
