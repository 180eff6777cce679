import { isScalar, stringify, type Node, type Pair } from 'yaml';
import type { Case } from './format.js';

/**
 * `--update`: write actual answers into a suite file's text. Only the
 * `expect` (and `reasons`) values of the given cases change; everything else,
 * comments included, stays byte for byte, so the update reads as a diff.
 * Values are written as one-line YAML flow collections.
 */
export interface Update {
  case: Case;
  key: 'expect' | 'reasons';
  value: unknown;
}

interface Splice {
  at: number;
  end: number;
  text: string;
}

export function flowText(value: unknown): string {
  return stringify(value, { collectionStyle: 'flow', lineWidth: 0, flowCollectionPadding: false }).trimEnd();
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function splice(text: string, u: Update): Splice {
  const pairs = u.case.node.items as Pair<Node, Node>[];
  const own = pairs.find((p) => isScalar(p.key) && p.key.value === u.key);
  const value = flowText(u.value);
  if (own?.value?.range) return { at: own.value.range[0], end: own.value.range[1], text: value };
  const last = pairs.at(-1)!;
  const valueEnd = (last.value ?? last.key)!.range![1];
  if (u.case.node.flow) return { at: valueEnd, end: valueEnd, text: `, ${u.key}: ${value}` };
  // After the last value's line, so a comment at its end stays with it.
  const newline = text.indexOf('\n', valueEnd);
  const end = newline < 0 ? text.length : newline;
  const keyStart = pairs[0]!.key.range![0];
  const indent = keyStart - lineStart(text, keyStart);
  return { at: end, end, text: `\n${' '.repeat(indent)}${u.key}: ${value}` };
}

/** The file's text with the updates applied (from the end, so offsets stay valid). */
export function applyUpdates(text: string, updates: readonly Update[]): string {
  // Same place: later updates first, so they end up after the earlier ones.
  const splices = updates.map((u, i) => ({ ...splice(text, u), i })).sort((a, b) => b.at - a.at || b.i - a.i);
  let out = text;
  for (const s of splices) out = out.slice(0, s.at) + s.text + out.slice(s.end);
  return out;
}
