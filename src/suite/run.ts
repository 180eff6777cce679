import { citedRules, qmpReply, type ArchEngine, type Because, type ModelRequest, type Result } from '../index.js';
import type { Case } from './format.js';
import { CaseError, parseModels } from './models.js';

/** What a case got: the answer, the rules its explanation cites, and every rule it exercised. */
export interface Outcome {
  answer: unknown;
  cited: string[];
  touched: string[];
}

type Engine = ArchEngine;

function value<T>(engine: Engine, r: Result<T>): T | { error: { class: string; desc: string } } {
  const reply = qmpReply(r, engine);
  return 'return' in reply ? reply.return : reply;
}

/** An explanation's claim and cited rules (a failed query is explained too). */
function explained(engine: Engine, r: Result<Because>): { claim: string; cited: string[] } {
  const tree = r.ok ? r.value : engine.explainError(r.error);
  return { claim: tree.claim, cited: citedRules(tree) };
}

function relations(engine: Engine) {
  if (!engine.relations) throw new CaseError(`${engine.arch.name} has no comparison or baseline (QEMU has none there)`);
  return engine.relations;
}

function baselineFold(engine: Engine, models: ModelRequest[], order: 'qmp' | 'as-given'): Outcome {
  const rel = relations(engine);
  let acc = models[0]!;
  const cited: string[] = [];
  for (const next of models.slice(1)) {
    cited.push(...explained(engine, rel.explainBaseline(acc, next, order)).cited);
    const result = rel.baselineAll([acc, next], order);
    if (!result.ok) return { answer: value(engine, result), cited, touched: cited };
    const { model } = result.value;
    acc = { name: model.name, props: Object.entries(model.props ?? {}) };
  }
  return { answer: { model: { name: acc.name, ...(acc.props?.length ? { props: Object.fromEntries(acc.props as [string, unknown][]) } : {}) } }, cited, touched: cited };
}

function explainCase(engine: Engine, q: unknown): Outcome {
  const ask = (q ?? {}) as Record<string, unknown>;
  const keys = Object.keys(ask).sort().join(',');
  let r: { claim: string; cited: string[] };
  if (keys === 'feature,model') {
    const { models, order } = parseModels(ask.model, 1);
    r = explained(engine, engine.explainFeature(models[0]!, String(ask.feature), order));
  } else if (keys === 'compare' || keys === 'baseline') {
    const { models: [a, b], order } = parseModels(ask[keys], 2);
    const rel = relations(engine);
    r = explained(engine, keys === 'compare' ? rel.explainComparison(a!, b!, order) : rel.explainBaseline(a!, b!, order));
  } else if (keys === 'unavailable') {
    const because = engine.explainUnavailable(String(ask.unavailable));
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
  const derived = ms.flatMap((m) => engine.derivationRules(m.name, Array.isArray(m.props) && m.props.length > 0));
  return { answer, cited, touched: [...cited, ...derived] };
}

function expandCase(engine: Engine, c: Case): Outcome {
  const { models: [m], order } = models(c, 1);
  if (c.type !== undefined && c.type !== 'static' && c.type !== 'full') throw new CaseError('`type` is static or full');
  const answer = value(engine, engine.expand(m!, (c.type ?? 'static') as 'static' | 'full', order));
  return derive(engine, [m!], answer);
}

function definitionsCase(engine: Engine, c: Case): Outcome {
  const names = (Array.isArray(c.request) ? c.request : [c.request]).map(String);
  const entries = engine.definitions().filter((d) => names.includes(d.name)).sort((x, y) => names.indexOf(x.name) - names.indexOf(y.name));
  const cited = names.flatMap((n) => {
    const b = engine.explainUnavailable(n);
    return b ? citedRules(b) : [];
  });
  const known = new Set(engine.modelNames());
  return derive(engine, names.filter((n) => known.has(n)).map((name) => ({ name })), entries, cited);
}

function lintCase(engine: Engine, c: Case): Outcome {
  const { models: [m], order } = models(c, 1);
  const r = engine.lint(m!, order);
  if (!r.ok) return { answer: value(engine, r), cited: [], touched: [] };
  return derive(engine, [m!], { warnings: r.value.warnings, fixes: r.value.fixes }, citedRules(r.value.explanation));
}

function checkRunCase(engine: Engine, c: Case): Outcome {
  const { models: [m], order } = models(c, 1);
  const r = engine.checkRun(m!, order);
  if (!r.ok) return derive(engine, [], value(engine, r));
  const { runnable, warnings, error, unavailable } = r.value;
  return derive(engine, [m!], { runnable, warnings, ...(error ? { error } : {}), unavailable });
}

const HANDLERS: Record<Case['kind'], Handler> = {
  expand: expandCase,
  compare: (engine, c) => {
    const { models: [a, b], order } = models(c, 2);
    const rel = relations(engine);
    return derive(engine, [a!, b!], value(engine, rel.compare(a!, b!, order)), explained(engine, rel.explainComparison(a!, b!, order)).cited);
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
  return { ...out, touched: [...out.touched, ...engine.contextRules()] };
}
