import type { Span } from '../diag/diagnostic.js';

/**
 * AST building blocks every architecture's rule language shares: a value
 * with the span it was written at, versioned entries, profiles.
 */

/** A value and where it was written. */
export interface Located<T> {
  value: T;
  span: Span;
}

export type Name = Located<string>;

/** Shared by every rule: `since` is the first QEMU version that has it, `until` the first that lacks it. */
export interface Versioned {
  since?: Located<string>;
  until?: Located<string>;
  span: Span;
}

/** A rule profile: one QEMU version the rules answer for. */
export interface ProfileDecl {
  name: Name;
  qemu: Located<string>;
  package: string;
  span: Span;
}
