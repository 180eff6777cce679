import type { DiffReport, DiffSection } from './types.js';

/** What `--fail-on KIND` can watch; each counts the matching changes of a section. */
export const FAIL_ON: Readonly<Record<string, { help: string; count(s: DiffSection): number }>> = {
  any: { help: 'any change at all (the default)', count: (s) => s.causes.length + s.answers.changed.length + s.answers.unlisted.length },
  'base-change': { help: 'a base set of a definition in both changed (breaks migration-safe static models)', count: (s) => setCount(s, 'base') },
  'default-change': { help: 'a default set changed', count: (s) => setCount(s, 'default') },
  'full-change': { help: 'a full set changed', count: (s) => setCount(s, 'full') },
  'set-change': { help: 'any base, default or full set changed', count: (s) => s.sets.length },
  'answer-change': { help: 'an answer over the model space changed', count: (s) => s.answers.changed.length + s.answers.unlisted.length },
  'definition-change': { help: 'a definition was added, removed or changed', count: (s) => kindCount(s, 'definition-') },
  'feature-change': { help: 'a feature or group was added, removed or changed', count: (s) => kindCount(s, 'feature-') + kindCount(s, 'group-') },
};

const setCount = (s: DiffSection, set: string) => s.sets.filter((c) => c.set === set).length;
const kindCount = (s: DiffSection, prefix: string) => s.causes.filter((c) => c.kind.startsWith(prefix)).length;

/** The watched kinds that have changes; the diff fails (exit 1) when any does. */
export function failures(report: DiffReport, kinds: readonly string[]): string[] {
  return kinds.filter((k) => report.sections.some((s) => FAIL_ON[k]!.count(s) > 0));
}
