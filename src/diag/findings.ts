import type { Diagnostic, Severity, Span } from './diagnostic.js';

/**
 * A problem found in one profile. Findings with the same `key` and message
 * from several profiles become one diagnostic; the message names the
 * profiles only when not all of them have it.
 */
export interface Finding {
  code: string;
  severity: Severity;
  key: string;
  message: string;
  span?: Span;
  help?: string;
}

/** Merge per-profile findings into diagnostics, in first-seen order. */
export function mergeFindings(perProfile: ReadonlyMap<string, readonly Finding[]>): Diagnostic[] {
  const all = [...perProfile.keys()];
  const groups = new Map<string, { finding: Finding; profiles: string[] }>();
  for (const [profile, findings] of perProfile) {
    for (const f of findings) {
      const id = `${f.code}\u0000${f.key}\u0000${f.message}`;
      const group = groups.get(id) ?? { finding: f, profiles: [] };
      if (!group.profiles.includes(profile)) group.profiles.push(profile);
      groups.set(id, group);
    }
  }
  return [...groups.values()].map(({ finding: f, profiles }) => ({
    code: f.code, severity: f.severity, span: f.span, help: f.help,
    message: profiles.length === all.length ? f.message : `${f.message} (profile ${profiles.join(', ')})`,
  }));
}

