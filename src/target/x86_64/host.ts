/**
 * What a resolved x86_64 environment is, for the engine: kept apart from the
 * parser and the resolver so that the query path loads neither.
 */
import type { X86Rules } from './compile/ir.js';

/** A resolved x86 environment: the name, the description, and the rules with KVM on this host in effect. */
export interface X86Environment {
  name: string;
  description: string;
  /** KVM on a described host; false: TCG (the rules unchanged, no host model). */
  kvm: boolean;
  rules: X86Rules;
  /** Listed features this profile does not know (a newer QEMU's), left out. */
  unknown: string[];
  file: string;
}

export function isX86Environment(v: unknown): v is X86Environment {
  return typeof v === 'object' && v !== null && 'rules' in v && 'unknown' in v;
}

