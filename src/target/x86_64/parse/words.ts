import type { Node } from 'yaml';
import { error } from '../../../diag/diagnostic.js';
import type { FileReader } from '../../../parse/reader.js';
import type { WordSource } from '../ast.js';
import { bitList, each, oneOf, versioned, VERSIONED, type Fields, type SectionReader } from './read.js';

export const REGISTERS = ['EAX', 'EBX', 'ECX', 'EDX'] as const;

/** `cpuid: {eax, ecx?, reg}` or `msr: index`, exactly one of them. */
function source(r: FileReader, f: Fields, item: Node): WordSource | undefined {
  const cpuid = f.get('cpuid');
  const msr = f.get('msr');
  if ((cpuid === undefined) === (msr === undefined)) {
    r.diags.push(error('parse/bad-word-source', 'a feature word needs exactly one of `cpuid` and `msr`', r.span(item),
      'write `cpuid: {eax: 0x7, ecx: 0, reg: EBX}` or `msr: 0x10a`'));
    return undefined;
  }
  if (msr !== undefined) {
    const index = r.int(msr, 'msr');
    return index && { kind: 'msr', index: index.value };
  }
  const g = r.fields(cpuid, '`cpuid`', ['eax', 'ecx', 'reg'], ['eax', 'reg']);
  if (!g) return undefined;
  const eax = r.int(g.get('eax'), 'eax');
  const ecx = r.int(g.get('ecx'), 'ecx');
  const reg = g.has('reg') ? oneOf(r, g.get('reg'), 'register', REGISTERS) : undefined;
  if (!eax || !reg) return undefined;
  return ecx ? { kind: 'cpuid', eax: eax.value, ecx: ecx.value, reg: reg.value } : { kind: 'cpuid', eax: eax.value, reg: reg.value };
}

export const featureWords: SectionReader = (r, node, ast) =>
  each(r, node, 'feature_words', ['name', 'cpuid', 'msr', 'migratable_bits', 'no_autoenable_bits', 'autoenable_vendor', ...VERSIONED], ['name'], (f, item) => {
    const name = r.str(f.get('name'), 'name');
    const src = source(r, f, item);
    const migratableBits = bitList(r, f.get('migratable_bits'), 'migratable_bits');
    const noAutoenableBits = bitList(r, f.get('no_autoenable_bits'), 'no_autoenable_bits');
    const vendor = r.str(f.get('autoenable_vendor'), 'autoenable_vendor');
    if (name && src) ast.words.push({ name, source: src, migratableBits, noAutoenableBits, ...(vendor ? { autoenableVendor: vendor } : {}), ...versioned(r, f), span: r.span(item) });
  });
