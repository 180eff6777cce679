import { describe, expect, it } from 'vitest';
import { x86Qemu } from './live/qemu.js';
import { realizeAll, realizeMismatches } from '../../src/oracle/realize.js';
import { parseCpuSpec } from '../../src/util/cpu-spec.js';
import { prng } from './live/requests.js';
import { engineFor, rulesFor, VERSIONS } from './rules.js';

/**
 * What `-cpu SPEC` prints when QEMU starts (TCG, -machine pc, paused), against
 * the engine's realize: the TCG and dependency warnings, `enforce`, and the
 * errors of a bad property, with -cpu read by the CLI's parser. Skipped
 * without the binaries unless CI is set.
 */
const FIXED = [
  'Westmere,aes=on', 'Westmere,x2apic=on', 'Westmere,vmx-ept=on', 'Westmere,vmx_ept=on', 'Cascadelake-Server-v2', 'Haswell,enforce=on',
  'Westmere,rdctl-no=on,arch-capabilities=on', 'Westmere,foo=on', 'Westmere,family=300', 'Westmere,family=x', 'Westmere,aes=maybe',
  'Westmere,level=-1', 'Westmere,intel-pt=on', 'max,vmx-ept=on', 'Westmere,kvmclock=on', 'Westmere,check=off,x2apic=on',
  'Westmere,enforce=on,vmx-ept=on', 'Westmere,lahf_lm=off', 'Westmere,sse4_1=off', 'Westmere,hv_relaxed', 'Westmere,tsc-freq=2G',
  'Westmere,memory=x', 'Westmere,vendor=abc', 'max,migratable=off,vmx-ept=on', 'SapphireRapids', 'EPYC-Genoa,enforce=on', 'max', 'base,avx=on',
  'Westmere,avx10-version=2', 'Westmere,avx10-version=2,check=off', 'GraniteRapids-v2,avx10=off', 'Westmere,model-id=abc,stepping=3',
  'Skylake-Server,vmx=on,vmx-ept=on', 'Snowridge,core-capability=off,split-lock-detect=on', 'Icelake-Server,intel-pt=on,x-intel-pt-auto-level=off',
];

function randomSpecs(version: '7.2' | '10.0', count: number, seed: number): string[] {
  const rules = rulesFor(version);
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const names = rules.classes.filter((c) => c.name !== 'host').map((c) => c.name);
  const keys = [...rules.features.map((f) => f.name), ...rules.aliases.filter((a) => a.target.kind === 'feature').map((a) => a.alias)];
  return Array.from({ length: count }, () => {
    const props = Array.from({ length: Math.floor(rnd() * 5) }, () => `${pick(keys)}=${rnd() < 0.5 ? 'on' : 'off'}`);
    return [pick(names), ...props, ...(rnd() < 0.1 ? ['enforce=on'] : [])].join(',');
  });
}

for (const version of VERSIONS) {
  const binary = x86Qemu(version);
  describe.skipIf(!binary)(`-cpu at start against QEMU ${version} (live)`, () => {
    it('warnings and errors equal QEMU\'s, line for line', async () => {
      const specs = [...FIXED, ...randomSpecs(version, 60, 2024)];
      const qemu = await realizeAll(binary!, 'pc', specs, 2);
      const differ = realizeMismatches(engineFor(version, { machine: 'pc' }), qemu, parseCpuSpec);
      console.log(`[x86 realize ${version}] ${specs.length} specs, ${specs.length - differ.length} equal`);
      expect(differ).toEqual([]);
    }, 600_000);
  });
}
