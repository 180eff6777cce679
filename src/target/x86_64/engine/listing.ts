import type { Listing } from '../../types.js';
import { ok, type Result } from '../../result.js';
import type { X86Engine } from './engine.js';
import { aliasOf } from './definitions.js';
import { own } from '../../../util/own.js';

/** One-line description of a model: its model-id (its version's), or what a special model is. */
export function describeModel(engine: X86Engine, name: string): string {
  const cls = engine.classOf(name);
  if (!cls) return '';
  const modelId = engine.core.roles.modelId;
  if (cls.definition !== undefined) return modelId === undefined ? '' : String(engine.instance(cls).values[modelId]);
  const special = cls.special!;
  if (special.static) return 'the empty model static expansion is relative to';
  if (special.needsAccelerator) return `the host CPU (needs ${special.needsAccelerator}; under TCG it expands like max)`;
  return 'everything the accelerator supports';
}

export function describeProperty(engine: X86Engine, name: string): string {
  const t = engine.rules.lookup.get(name);
  if (!t) return '';
  if (t.kind === 'feature') {
    const f = engine.rules.features[t.index]!;
    return f.desc || `${engine.rules.words[f.word]!.name} bit ${f.bits.map((b) => b & 63).join(', ')}`;
  }
  const p = engine.rules.properties[t.index]!;
  return `${p.type} property${p.writable ? '' : ' (read-only)'}`;
}

function models(engine: X86Engine): Listing {
  const rows = engine.rules.classes.map((c) => [c.name, aliasOf(engine.core, c) ?? '', describeModel(engine, c.name)]);
  return { columns: ['model', 'alias-of', 'description'], rows, json: rows.map(([name, alias, desc]) => ({ name, 'alias-of': alias || undefined, description: desc })) };
}

function features(engine: X86Engine): Listing {
  const { rules } = engine;
  const rows = rules.features.map((f) => [f.name, rules.words[f.word]!.name, f.bits.map((b) => b & 63).join(','),
    f.bits.every((b) => rules.accel.supported.has(b)) ? 'yes' : 'no']);
  return { columns: ['feature', 'word', 'bit', 'tcg'], rows, json: rows.map(([name, word, bit, tcg]) => ({ name, word, bit, tcg: tcg === 'yes' })) };
}

function machines(engine: X86Engine): Listing {
  const rows = engine.rules.machines.map((m) => [m.name, m.versionMode, String(m.globals.length), m.aliasOf ?? '', m.deprecated ? 'yes' : '']);
  return { columns: ['machine', 'cpu-version', 'compat props', 'alias-of', 'deprecated'], rows,
    json: engine.rules.machines.map((m) => ({ name: m.name, 'cpu-version': m.versionMode, 'compat-props': m.globals.length, 'alias-of': m.aliasOf, deprecated: m.deprecated })) };
}

const LISTINGS: Readonly<Record<string, (e: X86Engine) => Listing>> = { models, features, machines };

export function listing(engine: X86Engine, kind: string): Result<Listing> | null {
  const make = own(LISTINGS, kind);
  return make ? ok(make(engine)) : null;
}
