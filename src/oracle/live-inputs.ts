/**
 * What a request generator draws from, asked of a live QEMU (nothing here
 * knows an architecture): the model names (query-cpu-definitions), the CPU
 * object's QOM properties (qom-list-properties of a named model's type), the
 * features (the static expansion's boolean keys that are dynamic properties,
 * i.e. have no default value), the writable properties (full expansion's
 * keys) and the property aliases (a property outside the static keys that
 * another property follows, found by setting it both ways).
 */
import { parseExact, putMember, writeExact } from './exact-json.js';
import type { QemuProcess } from './qemu-process.js';

export interface GeneratorInputs {
  models: string[];
  features: string[];
  aliases: { alias: string; target: string }[];
  properties: { name: string; type: string; writable: boolean }[];
  ownFeatures: Record<string, string[]>;
}

interface Definition { name: string; typename: string; static: boolean; 'migration-safe': boolean }
interface QomProperty { name: string; type: string; 'default-value'?: unknown }
type Props = Record<string, unknown>;

async function ask(qemu: QemuProcess, requests: readonly unknown[]): Promise<unknown[]> {
  return (await qemu.batchLines(requests.map(writeExact))).map(parseExact);
}

const expansion = (type: string, name: string, props?: Props) =>
  ({ execute: 'query-cpu-model-expansion', arguments: { type, model: props ? { name, props } : { name } } });

function propsOf(reply: unknown): Props | null {
  const r = reply as { return?: { model: { props: Props } } };
  return r.return?.model.props ?? null;
}

/** Two values of a QOM type a probe can set (none for types it cannot). */
function probeValues(type: string): [unknown, unknown] | null {
  if (type === 'bool') return [true, false];
  if (/^u?int/.test(type)) return [0n, 1n];
  return null;
}

const same = (a: unknown, b: unknown) => writeExact(a) === writeExact(b);

/**
 * The keys that take both probe values with `p` (null when the probe cannot
 * tell: no probe values, an error, or `p` itself reads otherwise).
 */
async function followers(qemu: QemuProcess, model: string, p: QomProperty, allowed: Allowed): Promise<string[] | null> {
  const values = probeValues(p.type);
  if (!values || !values.every((v) => allowed(p.name, v))) return null;
  const runs = (await ask(qemu, values.map((v) => {
    const props: Props = {};
    putMember(props, p.name, v);
    return expansion('full', model, props);
  }))).map(propsOf);
  const follows = (key: string) => values.every((v, i) => runs[i] !== null && same(runs[i]![key], v));
  if (!follows(p.name)) return null;
  return Object.keys(runs[0]!).filter((key) => key !== p.name && follows(key));
}

/**
 * The aliases among the writable properties outside the static keys: P is an
 * alias of Q when Q follows P and Q is a static key (a feature) or P follows
 * Q too (so a property whose default merely tracks another, like a level
 * limit tracking its minimum, is not one; a mutual pair is listed both
 * ways). When the probe cannot tell (the target reads the same either way),
 * a static key spelled with `-` for `_`.
 */
async function findAliases(qemu: QemuProcess, model: string, candidates: QomProperty[], staticKeys: Set<string>,
  allowed: Allowed): Promise<GeneratorInputs['aliases']> {
  const follow = new Map<string, string[] | null>();
  for (const p of candidates) follow.set(p.name, await followers(qemu, model, p, allowed));
  return candidates.flatMap((p) => {
    const keys = follow.get(p.name);
    const spelled = p.name.replace(/_/g, '-');
    const fallback = spelled !== p.name && staticKeys.has(spelled) ? [spelled] : [];
    const targets = keys ? keys.filter((q) => staticKeys.has(q) || follow.get(q)?.includes(p.name)) : fallback;
    const target = targets.find((q) => staticKeys.has(q)) ?? targets[0];
    return target ? [{ alias: p.name, target }] : [];
  });
}

/** False for a property value QEMU must not be sent (it would realize the CPU or abort). */
export type Allowed = (key: string, value: unknown) => boolean;

export async function liveInputs(qemu: QemuProcess, allowed: Allowed): Promise<GeneratorInputs> {
  const [defsReply] = await ask(qemu, [{ execute: 'query-cpu-definitions' }]);
  const defs = (defsReply as { return: Definition[] }).return;
  const models = defs.map((d) => d.name);
  const named = defs.find((d) => !d.static && d['migration-safe']) ?? defs[0]!;
  const [qomReply, fullReply, ...statics] = await ask(qemu, [
    { execute: 'qom-list-properties', arguments: { typename: named.typename } },
    expansion('full', named.name),
    ...models.map((m) => expansion('static', m)),
  ]);
  const qom = (qomReply as { return: QomProperty[] }).return;
  const writable = new Set(Object.keys(propsOf(fullReply) ?? {}));
  const staticProps = statics.map(propsOf);
  const staticKeys = new Set(Object.keys(staticProps.find((p) => p !== null) ?? {}));
  const dynamicBools = new Set(qom.filter((p) => p.type === 'bool' && !('default-value' in p) && !('description' in p)).map((p) => p.name));
  const features = [...staticKeys].filter((k) => dynamicBools.has(k));
  const candidates = qom.filter((p) => !staticKeys.has(p.name) && writable.has(p.name));
  const aliases = await findAliases(qemu, named.name, candidates, staticKeys, allowed);
  const featureSet = new Set(features);
  const ownFeatures = Object.fromEntries(models.map((m, i) =>
    [m, Object.entries(staticProps[i] ?? {}).filter(([k, v]) => v === true && featureSet.has(k)).map(([k]) => k)]));
  return {
    models, features, aliases, ownFeatures,
    properties: qom.map((p) => ({ name: p.name, type: p.type, writable: writable.has(p.name) })),
  };
}
