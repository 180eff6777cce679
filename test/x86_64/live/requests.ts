import type { X86Rules } from '../../../src/target/x86_64/index.js';

/** QMP request texts for the live differential test. */
const expansion = (type: string, model: Record<string, unknown>) =>
  JSON.stringify({ execute: 'query-cpu-model-expansion', arguments: { type, model } });

export const DEFINITIONS = JSON.stringify({ execute: 'query-cpu-definitions' });

/** Static and full expansion of every model name. */
export function everyModel(rules: X86Rules): string[] {
  return rules.classes.flatMap((c) => [expansion('static', { name: c.name }), expansion('full', { name: c.name })]);
}

/** Values of every JSON type, and the edges of QEMU's integer visitors. */
const BIG = '9223372036854775808', HUGE = '18446744073709551616';
const VALUES: readonly string[] = ['"x"', '"on"', '1.5', '-1', '0', '5', '63', '64', '256', '4294967296', BIG, HUGE, 'null', 'true', 'false', '[1]', '{}', '""'];

/** Appendix E.1 and the QOM types: every non-feature property × every kind of value, on Westmere and max. */
export function cornerCases(rules: X86Rules): string[] {
  const out: string[] = [];
  const raw = (type: string, name: string, props: string) => `{"execute": "query-cpu-model-expansion", "arguments": {"type": "${type}", "model": {"name": "${name}", "props": ${props}}}}`;
  for (const p of rules.properties) {
    for (const v of VALUES) {
      // QEMU aborts on a non-integer lbr-fmt and on realizing an instance with an apic-id.
      if (p.setter === 'lbr-fmt' && (!/^-?\d+$/.test(v) || v === HUGE)) continue;
      if (p.name === 'apic-id') continue;
      out.push(raw('full', 'Westmere', `{"${p.name}": ${v}}`));
    }
  }
  for (const name of ['Foo', 'westmere', 'Westmere-x86_64-cpu', '', 'Westmere-IBRS', 'base', 'max', 'host']) {
    out.push(expansion('static', { name }), expansion('static', { name, props: { foo: true } }), expansion('full', { name, props: [1] }), expansion('static', { name, props: null }));
  }
  for (const props of ['[1]', '"aes"', 'null', '{"aes": "on"}', '{"aes": 1}', '{"aes": null}', '{"sse3": false, "pni": true}', '{"pni": false, "sse3": true}',
    '{"vmx-ept": true}', '{"vmx": true}', '{"avx": true}', '{"kvmclock": true}', '{"hv_relaxed": true}', '{"migratable": false}', '{"lbr_fmt": 5}', '{"lbr_fmt": 64}',
    '{"hv-apicv": true}', '{"hv-apicv": 1}', '{"model-id": "aéééééééééééééééééééééééééééééé"}', '{"model-id": "a\\u0000b"}', '{"vendor": "éééééé"}',
    '{"memory": "system[0]"}', '{"memory": "/machine"}', '{"memory": "sysbus"}', '{"memory": "unattached/io[0]"}', '{"memory": "/"}', '{"memory": "nope"}',
    '{"tsc-frequency": 2500000123}', '{"level": 20}', '{"min-level": 20}', '{"level-func7": 3}', '{"xlevel": 5}', '{"full-cpuid-auto-level": false}',
    '{"intel-pt": true}', '{"intel-pt": true, "x-intel-pt-auto-level": false}', '{"svm": false}', '{"xsave": false, "avx": true}']) {
    out.push(raw('static', 'Westmere', props), raw('full', 'Westmere', props), raw('static', 'max', props));
  }
  out.push(raw('static', 'Icelake-Server-v4', '{"arch-capabilities": false}'), raw('full', 'max', '{"migratable": false}'), raw('static', 'host', '{"migratable": false}'));
  return out;
}

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random requests: features of all kinds with booleans and junk, aliases, colliding spellings, QOM properties, unknown names. */
export function randomRequests(rules: X86Rules, count: number, seed: number): string[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const names = [...rules.classes.map((c) => c.name), 'Westmere-v9', 'Skylake', 'qemu65'];
  const features = rules.features.map((f) => f.name);
  // QEMU aborts on a non-integer lbr-fmt (under either name) and on realizing an instance.
  const crashes = (t: { kind: string; index: number }) => t.kind === 'prop' && ['lbr-fmt', 'realize'].includes(rules.properties[t.index]!.setter ?? '');
  const aliases = rules.aliases.filter((a) => !crashes(a.target)).map((a) => a.alias);
  const props = rules.properties.filter((p) => p.name !== 'apic-id' && !crashes({ kind: 'prop', index: p.index })).map((p) => p.name);
  const key = () => {
    const r = rnd();
    return r < 0.6 ? pick(features) : r < 0.75 ? pick(aliases) : r < 0.95 ? pick(props) : pick(['foo', 'hv_relaxed', 'AES', 'sse4_3']);
  };
  const value = () => (rnd() < 0.85 ? (rnd() < 0.5 ? 'true' : 'false') : pick(VALUES));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = Math.floor(rnd() * 5);
    const entries = new Map<string, string>();
    for (let k = 0; k < n; k++) entries.set(key(), value());
    const body = [...entries].map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ');
    out.push(`{"execute": "query-cpu-model-expansion", "arguments": {"type": "${rnd() < 0.5 ? 'static' : 'full'}", "model": {"name": ${JSON.stringify(pick(names))}, "props": {${body}}}}}`);
  }
  return out;
}
