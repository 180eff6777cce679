import {
  checkRun, citedRules, explainBaseline, explainComparison, explainError, explainFeature, explainUnavailable, lintModel, qmpReply, staticInfo,
  type Because, type CpuModel, type Engine, type ModelRequest, type Result,
} from '../index.js';
import { contextRules, derivationRules } from './coverage.js';
import type { Case } from './format.js';
import { CaseError, parseModels } from './models.js';

/** What a case got: the answer, the rules its explanation cites, and every rule it exercised. */
export interface Outcome {
  answer: unknown;
  cited: string[];
  touched: string[];
}

function value<T>(engine: Engine, r: Result<T>): T | { error: { class: string; desc: string } } {
  const reply = qmpReply(r, engine.dialect);
  return 'return' in reply ? reply.return : reply;
}

/** An explanation's claim and cited rules (a failed query is explained too). */
function explained(engine: Engine, r: Result<Because>): { claim: string; cited: string[] } {
  const tree = r.ok ? r.value : explainError(engine, r.error);
  return { claim: tree.claim, cited: citedRules(tree) };
}

function baselineFold(engine: Engine, models: ModelRequest[], order: 'qmp' | 'as-given'): Outcome {
  let acc = models[0]!;
  const cited: string[] = [];
  for (const next of models.slice(1)) {
    const step = explainBaseline(engine, acc, next, order);
    cited.push(...explained(engine, step).cited);
    const a = engine.build(acc, 'modela', order);
    const b = a.ok ? engine.build(next, 'modelb', order) : a;
    const result: Result<CpuModel> = a.ok && b.ok ? engine.baselineOf(a.value, b.value) : (b as Result<CpuModel>);
    if (!result.ok) return { answer: value(engine, result), cited, touched: cited };
    const info = staticInfo(engine.rules, result.value, engine.sets(result.value).base);
    acc = { name: info.name, props: Object.entries(info.props ?? {}) };
  }
  return { answer: { model: { name: acc.name, ...(acc.props?.length ? { props: Object.fromEntries(acc.props as [string, boolean][]) } : {}) } }, cited, touched: cited };
}

function explainCase(engine: Engine, q: unknown): Outcome {
  const ask = (q ?? {}) as Record<string, unknown>;
  const keys = Object.keys(ask).sort().join(',');
  let r: { claim: string; cited: string[] };
  if (keys === 'feature,model') {
    const { models, order } = parseModels(ask.model, 1);
    r = explained(engine, explainFeature(engine, models[0]!, String(ask.feature), order));
  } else if (keys === 'compare' || keys === 'baseline') {
    const { models: [a, b], order } = parseModels(ask[keys], 2);
    r = explained(engine, (keys === 'compare' ? explainComparison : explainBaseline)(engine, a!, b!, order));
  } else if (keys === 'unavailable') {
    const because = explainUnavailable(engine, String(ask.unavailable));
    r = because ? { claim: because.claim, cited: citedRules(because) } : explained(engine, { ok: false, error: { code: 'unknown-model', name: String(ask.unavailable) } });
  } else {
    throw new CaseError('explain asks {model, feature}, {compare: [A, B]}, {baseline: [A, B]} or {unavailable: MODEL}');
  }
  return { answer: r.claim, cited: r.cited, touched: r.cited };
}

type Handler = (engine: Engine, c: Case) => Outcome;

const models = (c: Case, min: number, max = min) => parseModels(c.request, min, max);

/** The outcome of a query about models: its rules are the cited ones plus the models' derivations. */
function derive(engine: Engine, ms: readonly ModelRequest[], answer: unknown, cited: string[] = []): Outcome {
  const derived = ms.flatMap((m) => derivationRules(engine, m.name, Array.isArray(m.props) && m.props.length > 0));
  return { answer, cited, touched: [...cited, ...derived] };
}

function expandCase(engine: Engine, c: Case): Outcome {
  const { models: [m], order } = models(c, 1);
  if (c.type !== undefined && c.type !== 'static' && c.type !== 'full') throw new CaseError('`type` is static or full');
  const answer = value(engine, engine.expand(m!, (c.type ?? 'static') as 'static' | 'full', order));
  const reported = engine.rules.deprecated && 'deprecated-props' in (answer as object) ? [engine.rules.deprecated.rule.id] : [];
  const out = derive(engine, [m!], answer);
  return { ...out, touched: [...out.touched, ...reported] };
}

function definitionsCase(engine: Engine, c: Case): Outcome {
  const names = (Array.isArray(c.request) ? c.request : [c.request]).map(String);
  const entries = engine.definitions().filter((d) => names.includes(d.name)).sort((x, y) => names.indexOf(x.name) - names.indexOf(y.name));
  const cited = names.flatMap((n) => {
    const b = explainUnavailable(engine, n);
    return b ? citedRules(b) : [];
  });
  return derive(engine, names.filter((n) => engine.catalog.has(n)).map((name) => ({ name })), entries, cited);
}

function lintCase(engine: Engine, c: Case): Outcome {
  const { models: [m], order } = models(c, 1);
  const r = lintModel(engine, m!, order);
  if (!r.ok) return { answer: value(engine, r), cited: [], touched: [] };
  return derive(engine, [m!], { warnings: r.value.warnings, fixes: r.value.fixes }, citedRules(r.value.explanation));
}

function checkRunCase(engine: Engine, c: Case): Outcome {
  const { models: [m], order } = models(c, 1);
  const r = checkRun(engine, m!, order);
  if (!r.ok) return derive(engine, [], value(engine, r));
  const { runnable, warnings, error, unavailable } = r.value;
  return derive(engine, [m!], { runnable, warnings, ...(error ? { error } : {}), unavailable });
}

const HANDLERS: Record<Case['kind'], Handler> = {
  expand: expandCase,
  compare: (engine, c) => {
    const { models: [a, b], order } = models(c, 2);
    return derive(engine, [a!, b!], value(engine, engine.compare(a!, b!, order)), explained(engine, explainComparison(engine, a!, b!, order)).cited);
  },
  baseline: (engine, c) => {
    const { models: ms, order } = models(c, 2, Infinity);
    const out = baselineFold(engine, ms, order);
    return derive(engine, ms, out.answer, out.cited);
  },
  definitions: definitionsCase,
  explain: (engine, c) => explainCase(engine, c.request),
  lint: lintCase,
  'check-run': checkRunCase,
};

/** Run one case on the engine of its profile, machine and environment; a malformed request throws CaseError. */
export function runCase(engine: Engine, c: Case): Outcome {
  const out = HANDLERS[c.kind](engine, c);
  return { ...out, touched: [...out.touched, ...contextRules(engine)] };
}
