import type { ArchEngine as Engine } from '../index.js';
import { answerDeltas } from '../diff/space.js';
import { deltaText } from '../diff/requests-text.js';
import { requestIdentity, type Case, type SuiteFile, type Where } from './format.js';
import { CaseError } from './models.js';
import { runCase, type Outcome } from './run.js';
import type { Update } from './update.js';

/** Where a case runs; the engine, or why there is none (an unknown profile, machine or environment). */
export interface EngineKey {
  profile: string;
  machine?: string;
  env?: string;
}

export type EngineFor = (key: EngineKey) => Promise<Engine | string>;

export interface CaseResult {
  case: Case;
  label: string;
  passed: boolean;
  failures: string[];
  outcome?: Outcome;
}

export interface Problem {
  message: string;
  where: Where;
}

const at = (w: Where) => `${w.file}:${w.line}:${w.col}`;

/** File problems and duplicate requests: a suite with any is rejected before it runs. */
export function suiteProblems(files: readonly SuiteFile[], defaultProfile: string): Problem[] {
  const problems: Problem[] = files.flatMap((f) => f.problems);
  const seen = new Map<string, Case>();
  for (const c of files.flatMap((f) => f.cases)) {
    const id = requestIdentity(c, defaultProfile);
    const first = seen.get(id);
    if (first) problems.push({ message: `duplicate case: the same request as the case at ${at(first.where)}`, where: c.where });
    else seen.set(id, c);
  }
  return problems;
}

function requestText(c: Case): string {
  const show = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? v.map(show).join(' ') : JSON.stringify(v));
  return `${c.kind}${c.type ? ` --type ${c.type}` : ''} ${show(c.request)}`;
}

export function caseLabel(c: Case, defaultProfile: string): string {
  const where = [c.profile ?? defaultProfile, c.machine, c.env && `env ${c.env}`].filter(Boolean).join(', ');
  return `${c.name ?? requestText(c)} [${where}]`;
}

/** Compare an outcome with the case's expectations: the answer (semantically) and the reasons it must cite. */
function judge(c: Case, o: Outcome): string[] {
  const failures: string[] = [];
  if (!c.hasExpect) failures.push('no expected answer (`--update` records it)');
  else {
    const deltas = answerDeltas(c.expect, o.answer).map((d) => deltaText({ ...d, causes: [] }));
    if (deltas.length > 0) failures.push(`answer differs: ${deltas.slice(0, 8).join(', ')}${deltas.length > 8 ? `, … (${deltas.length})` : ''}`);
  }
  const missing = (c.reasons ?? []).filter((r) => !o.cited.includes(r));
  if (missing.length > 0) failures.push(`missing reasons: ${missing.join(', ')} (cited: ${o.cited.join(', ') || 'none'})`);
  return failures;
}

export async function runOne(c: Case, engineFor: EngineFor, defaultProfile: string): Promise<CaseResult> {
  const label = caseLabel(c, defaultProfile);
  const engine = await engineFor({ profile: c.profile ?? defaultProfile, machine: c.machine, env: c.env });
  if (typeof engine === 'string') return { case: c, label, passed: false, failures: [engine] };
  try {
    const outcome = runCase(engine, c);
    const failures = judge(c, outcome);
    return { case: c, label, passed: failures.length === 0, failures, outcome };
  } catch (e) {
    if (!(e instanceof CaseError)) throw e;
    return { case: c, label, passed: false, failures: [`invalid request: ${e.message}`] };
  }
}

/** The updates `--update` makes for a result: the actual answer, and reasons where they are kept. */
export function updatesFor(r: CaseResult): Update[] {
  if (r.passed || !r.outcome) return [];
  const out: Update[] = [];
  const answerWrong = !r.case.hasExpect || answerDeltas(r.case.expect, r.outcome.answer).length > 0;
  if (answerWrong) out.push({ case: r.case, key: 'expect', value: r.outcome.answer });
  const reasonsWrong = (r.case.reasons ?? []).some((x) => !r.outcome!.cited.includes(x));
  if (reasonsWrong || (r.case.reasons === undefined && r.case.kind === 'explain')) out.push({ case: r.case, key: 'reasons', value: [...r.outcome.cited].sort() });
  return out;
}
