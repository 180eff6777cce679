import { NOT_AN_OBJECT, type ArchEngine, type ArchInfo, type Hosts, type Relations, type DefinitionInfo, type Dialect, type EngineOptions,
  type ExpansionInfo, type ExpansionType, type PropList, type LintReport, type Listing, type ModelError, type ModelRequest,
  type ProfileInfo, type PropOrder, type RealizeReport, type RunVerdict } from '../../types.js';
import { fail, ok, type Result } from '../../result.js';
import type { Because } from '../../../explain/because.js';
import { compareVersions } from '../../../util/version.js';
import type { ClassIR, X86Rules } from '../compile/ir.js';
import { Core } from './core.js';
import { isX86Environment } from '../host.js';
import { x86Hosts } from './hosts.js';
import { x86Relations } from './relations.js';
import { definitionInfo, definitionOrder } from './definitions.js';
import { errorClass, errorText } from './errors.js';
import { expandFeatures } from './expand.js';
import { buildInstance } from './instance.js';
import { compilePropsWriter, fullKeys, listAnswers, makeCloner, objectAnswers, staticKeys, templateWriter, valuesOf, type Cloner, type OutKey,
  type PropsWriter } from './output.js';
import { applyRequest } from './props.js';
import { cloneState, copyState, type CpuState, type Trace } from './state.js';
import * as explain from './explain.js';
import { hintFor } from './explain-error.js';
import { checkRun, lint, realize } from './realize.js';
import { listing, describeModel, describeProperty } from './listing.js';
import { contextRules, derivationRules } from './provenance.js';
import { ruleIdsByField, ruleLocations } from '../../../explain/rule-ids.js';

/** QEMU versions from this one on print QAPI paths in parameter errors (and reject non-object props). */
const QAPI_PATH_SINCE = '10.0';

/** An answer's keys (and their names), the compiled writer of the whole answer, and the cloner of its templates. */
interface Writer { keys: OutKey[]; names: string[]; write: PropsWriter; clone: Cloner; root?: PropsWriter }

/** A class's writers of its static and full answers. */
interface Both<T> { static: T; full: T }

/** A class's list answers: from an expanded state, and its own (the answer without props; the same object when nothing differs). */
interface ListWriter { write: (s: CpuState) => PropList; own: PropList }

/** What a class's answers are made from: its expanded instance, and its writers, each made on first use. */
interface ClassAnswers { base: CpuState; objects?: Both<PropsWriter>; lists?: Both<ListWriter> }

const writer = (keys: OutKey[], write: PropsWriter): Writer => ({ keys, names: keys.map((k) => k.name), write, clone: makeCloner() });

/** The model name an expansion answers with. */
const answerName = (req: ModelRequest, type: ExpansionType): string => (type === 'static' ? 'base' : req.name);

/** A class's writer of object answers over a shared key list. */
function objectWriter(shared: Writer, base: CpuState): PropsWriter {
  const w = templateWriter(shared.keys, base, (shared.root ?? shared.write)(base), objectAnswers(shared.keys, shared.clone));
  shared.root ??= w;
  return w;
}

/** A class's writer of list answers over a shared key list. */
function listWriter({ keys, names }: Writer, base: CpuState): ListWriter {
  const template = valuesOf(keys, base);
  const write = templateWriter(keys, base, template, listAnswers);
  const own = { keys: names, values: template, recurs: true };
  return {
    own,
    write: (s) => {
      const values = write(s);
      return values === template ? own : { keys: names, values, recurs: false };
    },
  };
}

/** A built instance: its class and state, before expansion. */
export interface Built {
  cls: ClassIR;
  state: CpuState;
}

/**
 * The x86_64 engine of one profile and machine. Every class's fresh instance
 * (model, versions, TCG defaults, compat globals) is built once here; a
 * request copies it, applies its props and expands.
 */
export class X86Engine implements ArchEngine {
  readonly profile: ProfileInfo;
  readonly dialect: Dialect;
  readonly machine: string;
  /** `tcg`, or the name of the described host KVM runs on. */
  readonly environment: string;
  /** Present on a described host. */
  readonly hosts?: Hosts;
  /** cpumodel's own comparison and baseline (QEMU has none on x86). */
  readonly relations: Relations;
  readonly core: Core;
  /** Per class, its instance before any prop: built on first use (a CLI run needs one or two). */
  private readonly bases: (CpuState | undefined)[];
  private readonly staticOut: OutKey[];
  private readonly writeStatic: PropsWriter;
  private readonly fullOut = new Map<string, Writer>();
  /** Writers by key list: classes with the same keys share one (one object shape, warm code). */
  private readonly writersByKeys = new Map<string, Writer>();
  private readonly staticWriter: Writer;
  /** Per class: its expanded instance and the static and full writers that patch the class's own answer. */
  private readonly patched = new Map<string, ClassAnswers>();
  /** The instance expand() works on: answers never keep it, so one per engine is enough. */
  private readonly scratch: CpuState;
  private definitionsCache?: DefinitionInfo[];

  constructor(readonly arch: ArchInfo, readonly rules: X86Rules, options: EngineOptions = {}) {
    const name = options.machine ?? rules.defaultMachine;
    const index = rules.machineIndex.get(name);
    if (index === undefined) throw new Error(`unknown machine type \`${name}\` in profile ${rules.profile.name}`);
    this.profile = rules.profile;
    this.machine = name;
    this.environment = isX86Environment(options.environment) ? options.environment.name : 'tcg';
    if (isX86Environment(options.environment)) this.hosts = x86Hosts(this, options.environment);
    this.relations = x86Relations(this);
    this.dialect = compareVersions(rules.profile.qemu, QAPI_PATH_SINCE) >= 0 ? 'qapi-path' : 'legacy';
    this.core = new Core(rules, rules.machines[index]!, this.dialect);
    this.bases = new Array<CpuState | undefined>(rules.classes.length);
    this.staticOut = staticKeys(rules);
    this.writeStatic = compilePropsWriter(this.staticOut);
    this.staticWriter = writer(this.staticOut, this.writeStatic);
    this.scratch = cloneState(this.base(rules.classes[0]!));
  }

  private base(cls: ClassIR): CpuState {
    const i = this.rules.classIndex.get(cls.name)!;
    return (this.bases[i] ??= buildInstance(this.core, cls));
  }

  errorText(e: ModelError): string { return errorText(e, this.dialect); }
  errorClass(e: ModelError): string { return errorClass(e); }
  hint(e: ModelError): string | undefined { return hintFor(this, e); }

  ruleIds(): Map<string, Set<string>> { return ruleIdsByField(this.rules); }
  ruleLocations(): Map<string, string> { return ruleLocations(this.rules); }
  derivationRules(model: string, withProps: boolean): string[] { return derivationRules(this.core, this.classOf(model), withProps); }
  contextRules(): string[] { return contextRules(this.core); }

  classOf(name: string): ClassIR | undefined {
    const i = this.rules.classIndex.get(name);
    return i === undefined ? undefined : this.rules.classes[i];
  }

  /** A fresh instance of a class (rebuilt with a trace for explanations; into `into` when given). */
  instance(cls: ClassIR, trace?: Trace, into?: CpuState): CpuState {
    if (trace) return buildInstance(this.core, cls, trace);
    const base = this.base(cls);
    return into ? copyState(base, into) : cloneState(base);
  }

  /** Instance creation and the client's props (§3.1, §3.2), not yet expanded. */
  build(req: ModelRequest, order: PropOrder = 'qmp', trace?: Trace, into?: CpuState): Result<Built> {
    const cls = this.classOf(req.name);
    if (!cls) return fail({ code: 'unknown-model', name: req.name });
    let props = req.props;
    if (props === NOT_AN_OBJECT) {
      // 7.2 ignores a `props` that is not an object; 10.x rejects it (after looking the name up).
      if (this.dialect === 'legacy') props = undefined;
      else return fail({ code: 'props-not-object', where: 'model' });
    }
    const state = this.instance(cls, trace, into);
    const error = props ? applyRequest(this.core, cls, state, props, order, trace) : null;
    return error ? fail(error) : ok({ cls, state });
  }

  /** build + expand: the instance every answer reads. */
  expanded(req: ModelRequest, order: PropOrder = 'qmp', trace?: Trace, into?: CpuState): Result<Built> {
    const built = this.build(req, order, trace, into);
    if (built.ok) expandFeatures(this.core, built.value.cls, built.value.state, trace);
    return built;
  }

  private full(cls: ClassIR): Writer {
    let out = this.fullOut.get(cls.name);
    if (!out) {
      const keys = fullKeys(this.core, cls);
      const sig = keys.map((k) => k.name).join('\u0000');
      out = this.writersByKeys.get(sig);
      if (!out) this.writersByKeys.set(sig, (out = writer(keys, compilePropsWriter(keys))));
      this.fullOut.set(cls.name, out);
    }
    return out;
  }

  fullKeys(cls: ClassIR): OutKey[] {
    return this.full(cls).keys;
  }

  expand(req: ModelRequest, type: ExpansionType, order: PropOrder = 'qmp'): Result<ExpansionInfo> {
    return this.answer(req, type, order, (cls, state) => this.objectWriters(cls)[type](state));
  }

  expandList(req: ModelRequest, type: ExpansionType): Result<{ model: { name: string; props: PropList } }> {
    const bare = this.bare(req);
    if (bare) return ok({ model: { name: answerName(req, type), props: this.listWriters(bare)[type].own } });
    return this.answer(req, type, 'qmp', (cls, state) => this.listWriters(cls)[type].write(state));
  }

  /**
   * An expansion's answer, written from the request's instance expanded; a
   * request without props takes its class's, expanded on its first answer.
   */
  private answer<P>(req: ModelRequest, type: ExpansionType, order: PropOrder, props: (cls: ClassIR, s: CpuState) => P): Result<{ model: { name: string; props: P } }> {
    const bare = this.bare(req);
    if (bare) return ok({ model: { name: answerName(req, type), props: props(bare, this.answersOf(bare).base) } });
    const built = this.expanded(req, order, undefined, this.scratch);
    if (!built.ok) return built;
    const { cls, state } = built.value;
    return ok({ model: { name: answerName(req, type), props: props(cls, state) } });
  }

  /** The class of a request without props. */
  private bare(req: ModelRequest): ClassIR | undefined {
    return req.props === undefined || (req.props !== NOT_AN_OBJECT && req.props.length === 0) ? this.classOf(req.name) : undefined;
  }

  /** A class's instance, expanded without props, and its writers (made on its first answer). */
  private answersOf(cls: ClassIR): ClassAnswers {
    let a = this.patched.get(cls.name);
    if (!a) {
      const base = this.instance(cls);
      expandFeatures(this.core, cls, base);
      this.patched.set(cls.name, (a = { base }));
    }
    return a;
  }

  /**
   * A class's object writers over the shared key lists. The first class's
   * template is written whole; every other class's template is that one
   * patched, so all templates of a key list share one object shape and one
   * clone site.
   */
  private objectWriters(cls: ClassIR): Both<PropsWriter> {
    const a = this.answersOf(cls);
    return (a.objects ??= { static: objectWriter(this.staticWriter, a.base), full: objectWriter(this.full(cls), a.base) });
  }

  /** A class's list writers: its answer without props as a list, copied and patched (the list itself when equal). */
  private listWriters(cls: ClassIR): Both<ListWriter> {
    const a = this.answersOf(cls);
    return (a.lists ??= { static: listWriter(this.staticWriter, a.base), full: listWriter(this.full(cls), a.base) });
  }

  definitions(): DefinitionInfo[] {
    this.definitionsCache ??= definitionOrder(this.rules).map((cls) => definitionInfo(this.core, cls, this.base(cls)));
    return this.definitionsCache.map((d) => ({ ...d, 'unavailable-features': [...d['unavailable-features']] }));
  }

  realize(req: ModelRequest, order: PropOrder = 'as-given'): Result<RealizeReport> { return realize(this, req, order); }
  checkRun(req: ModelRequest, order: PropOrder = 'as-given'): Result<RunVerdict> { return checkRun(this, req, order); }
  lint(req: ModelRequest, order: PropOrder = 'as-given'): Result<LintReport> { return lint(this, req, order); }

  explainFeature(req: ModelRequest, feature: string, order: PropOrder = 'qmp'): Result<Because> { return explain.explainFeature(this, req, feature, order); }
  explainUnavailable(name: string): Because | null { return explain.explainUnavailable(this, name); }
  explainError(e: ModelError): Because { return explain.explainError(this, e); }

  modelNames(): string[] { return this.rules.classes.map((c) => c.name); }

  propertyNames(): string[] {
    return [...this.rules.lookup].filter(([, t]) => t.kind === 'feature' || this.rules.properties[t.index]!.writable).map(([n]) => n);
  }

  describeModel(name: string): string { return describeModel(this, name); }
  describeProperty(name: string): string { return describeProperty(this, name); }
  listing(kind: string): Result<Listing> | null { return listing(this, kind); }
}
