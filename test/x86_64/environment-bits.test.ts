/**
 * `supports_bits` in an x86 environment description: bits without a
 * property name the host offers (EPT write-back, MSR 48CH bit 14). Without
 * it a model whose table sets the bit cannot run there; a malformed entry is
 * a diagnostic at its place.
 */
import { describe, expect, it } from 'vitest';
import { openRules, type PropEntry } from '../../src/index.js';
import { parseX86Environment } from '../../src/target/x86_64/parse/environment.js';

const HOST = (bits: string) => `environment:
  accelerator: kvm
  host: {vendor: "GenuineIntel"}
  supports: [fpu, vme, de, pse, tsc, msr, pae, mce, cx8, apic, sep, mtrr, pge, mca, cmov, pat, pse36, clflush, mmx, fxsr, sse, sse2,
    pni, ssse3, cx16, sse4.1, sse4.2, popcnt, x2apic, tsc-deadline, aes, xsave, avx, pclmulqdq, hypervisor, syscall, nx, rdtscp, lm, lahf-lm,
    vmx, vmx-secondary-ctls, vmx-ept, vmx-ept-execonly, vmx-page-walk-4, vmx-ept-2mb, vmx-invept, vmx-invept-all-context, vmx-invept-single-context]
${bits}`;

async function runs(bits: string): Promise<string[]> {
  const rules = openRules(undefined, 'x86_64');
  const solved = rules.solution();
  if ('diagnostics' in solved) throw new Error('rules');
  const env = await rules.target.environments!.resolve(solved.solved, { name: 'h.yaml', text: HOST(bits) }, 'h.yaml');
  if ('diagnostics' in env) throw new Error(env.diagnostics[0]!.message);
  const e = rules.engine(undefined, { environment: env.environment });
  if ('diagnostics' in e) throw new Error('engine');
  const props = ['vmx', 'vmx-secondary-ctls', 'vmx-ept', 'vmx-ept-execonly', 'vmx-page-walk-4', 'vmx-ept-2mb', 'vmx-invept', 'vmx-invept-all-context', 'vmx-invept-single-context']
    .map((f): PropEntry => [f, true]);
  // Westmere's table sets EPT write-back (no name) next to its vmx-ept features; `vmx=on` keeps them.
  const v = e.engine.checkRun({ name: 'Westmere', props: props.slice(0, 1) }, 'qmp');
  return v.ok ? v.value.warnings.filter((x) => x.includes('MSR(48CH)')) : ['error'];
}

describe('supports_bits', () => {
  it('EPT write-back is missing without it and offered with it', async () => {
    expect(await runs('')).toContain("host doesn't support requested feature: MSR(48CH) [bit 14]");
    expect(await runs('  supports_bits: [{word: FEAT_VMX_EPT_VPID_CAPS, bits: [14]}]\n')).not.toContain("host doesn't support requested feature: MSR(48CH) [bit 14]");
  }, 60_000);

  it('a malformed entry is a diagnostic with its place', () => {
    const r = parseX86Environment({ name: 'h.yaml', text: HOST('  supports_bits: [{word: FEAT_VMX_EPT_VPID_CAPS}]\n') }, 'h');
    expect(r.env).toBeNull();
    expect(r.diagnostics.map((d) => [d.code, d.span?.line])).toEqual([['parse/missing-key', 7]]);
  });
});
