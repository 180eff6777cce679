import { describe, expect, it } from 'vitest';
import { openRules } from '../../src/index.js';
import { s390xEngine as builtinEngine } from '../s390x.js';

/** base/default/full sizes of every definition (QEMU 10.x; checked live by the spec's authors). */
const SIZES: Record<string, string> = {
  'z900': '26/26/33',
  'z900.2': '26/26/34',
  'z900.3': '26/26/36',
  'z800': '26/26/36',
  'z990': '43/43/53',
  'z990.2': '43/43/53',
  'z990.3': '43/43/55',
  'z890': '43/43/55',
  'z990.4': '43/43/55',
  'z890.2': '43/43/55',
  'z990.5': '43/43/55',
  'z890.3': '43/43/55',
  'z9EC': '59/65/76',
  'z9EC.2': '59/65/81',
  'z9BC': '59/65/81',
  'z9EC.3': '59/65/83',
  'z9BC.2': '59/65/83',
  'z10EC': '71/85/100',
  'z10EC.2': '71/85/102',
  'z10BC': '71/85/102',
  'z10EC.3': '71/85/124',
  'z10BC.2': '71/85/124',
  'z196': '78/182/196',
  'z196.2': '78/182/196',
  'z114': '78/182/196',
  'zEC12': '81/193/213',
  'zEC12.2': '81/193/215',
  'zBC12': '81/193/215',
  'z13': '86/201/221',
  'z13.2': '86/201/221',
  'z13s': '86/201/221',
  'z14': '91/236/262',
  'z14.2': '91/236/262',
  'z14ZR1': '91/236/262',
  'gen15a': '91/271/305',
  'gen15b': '91/271/305',
  'gen16a': '91/277/313',
  'gen16b': '91/277/313',
  'gen17a': '133/349/393',
  'gen17b': '133/349/393',};

describe('built-in rules', () => {
  it('load without any diagnostic', () => {
    const rs = openRules();
    expect(rs.diagnostics).toEqual([]);
    expect(rs.profiles).toEqual(['qemu-7.2', 'qemu-10.0']);
  });

  it.each([
    ['qemu-7.2', 312, 17, 38, 55, 78],
    ['qemu-10.0', 394, 27, 40, 116, 82],
  ])('%s has %i features, %i groups, %i definitions, %i dependency pairs, %i CPU models', (profile, f, g, d, deps, models) => {
    const e = builtinEngine(profile);
    expect([e.rules.size, e.rules.groups.length, e.rules.definitions.length, e.rules.dependencies.length, e.catalog.size])
      .toEqual([f, g, d, deps, models]);
  });

  it.each(['qemu-7.2', 'qemu-10.0'])('%s: every definition has the base/default/full sizes QEMU has', (profile) => {
    const e = builtinEngine(profile);
    for (const def of e.rules.definitions) {
      const s = e.solution.sets[def.level]!;
      let want = SIZES[def.name]!;
      if (profile === 'qemu-7.2' && def.gen === 16) want = '91/277/311'; // 7.2 lacks appv/appvi
      expect(`${s.base.count()}/${s.default.count()}/${s.full.count()}`, def.name).toBe(want);
    }
  });

  it('keeps base ⊆ default ⊆ full, and drops csske/bpb from gen15 defaults only', () => {
    const e = builtinEngine();
    const csske = e.rules.featureIndex.get('csske')!, bpb = e.rules.featureIndex.get('bpb')!;
    for (const def of e.rules.definitions) {
      const s = e.solution.sets[def.level]!;
      expect(s.default.containsAll(s.base) && s.full.containsAll(s.default), def.name).toBe(true);
      if (def.gen >= 15) expect([s.base.has(csske), s.default.has(csske), s.default.has(bpb), s.full.has(csske), s.full.has(bpb)]).toEqual([false, false, false, true, true]);
    }
  });

  it('records which rule put each feature into a set', () => {
    const e = builtinEngine();
    const z14 = e.rules.definitions[e.rules.definitionIndex.get('z14')!]!;
    const vx = e.rules.featureIndex.get('vx')!;
    const why = e.solution.why[z14.level]!.default[vx]!;
    expect(why.rule.id).toBe('GEN13_GA1/default');
    expect(why.rule.span.file).toMatch(/rules\/s390x\/generations\.yaml$/);
    expect(e.solution.why[z14.level]!.base[vx]).toBeNull();
  });

  it('the TCG max model is gen15a plus 72 features in both profiles', () => {
    for (const p of ['qemu-7.2', 'qemu-10.0']) {
      const e = builtinEngine(p);
      expect([e.max.def.name, e.max.features.count()]).toEqual(['gen15a', 72]);
    }
  });
});
