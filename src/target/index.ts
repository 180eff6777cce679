/**
 * The table of architectures: the one place that lists them. Shared code
 * finds a target here by name (or alias) and talks to it through
 * src/target/types.ts; the first entry is the default.
 */
import { s390xTarget } from './s390x/index.js';
import { x86Target } from './x86_64/index.js';
import type { Target } from './types.js';

export const TARGETS: readonly Target[] = [s390xTarget as Target, x86Target as Target];

/** The architecture used when none is asked for or declared. */
export const DEFAULT_TARGET: Target = TARGETS[0]!;

/** The target of an architecture name or alias (`x86_64`, `x86-64`, `amd64`, `s390x`, `s390`). */
export function findTarget(name: string): Target | undefined {
  return TARGETS.find((t) => t.info.name === name || t.info.aliases.includes(name));
}

/** Every accepted architecture name, for messages. */
export function targetNames(): string[] {
  return TARGETS.map((t) => t.info.name);
}
