import type { ClassIR, DefinitionIR } from '../compile/ir.js';
import type { Core } from './core.js';
import { applyAssign, setFeature } from './props.js';
import { setting, type CpuState, type Trace } from './state.js';

export function freshState(core: Core): CpuState {
  return {
    f: new Uint32Array(core.slots), user: new Uint32Array(core.slots), filtered: new Uint32Array(core.slots),
    values: core.initialValues.slice(), minLevelFunc7: 0,
  };
}

/** The version an unversioned name, a versioned name or a version alias loads; 'legacy': none at all. */
export function resolvedVersion(core: Core, cls: ClassIR, def: DefinitionIR): number | 'legacy' {
  if (typeof cls.version === 'number') return cls.version;
  switch (core.machine.versionMode) {
    case 'legacy': return 'legacy';
    case 'latest': return def.versions[def.versions.length - 1]!.version;
    default: return 1;
  }
}

function set(s: CpuState, prop: number | undefined, value: unknown, trace?: Trace, def?: DefinitionIR): void {
  if (prop === undefined) return;
  s.values[prop] = value;
  if (trace && def) trace.prop(prop, value, { kind: 'model', text: `the model table of \`${def.name}\` sets it`, rule: def.rule });
}

/**
 * Model loading (x86_cpu_load_model): the table's scalars and raw words, the
 * hypervisor bit, then the version props v1..vN cumulatively; afterwards no
 * bit counts as set by the user.
 */
/** The bits a model table sets, listed once per definition (every traced instance of the model records them). */
const tableBitsCache = new WeakMap<DefinitionIR, readonly number[]>();

function tableBits(def: DefinitionIR): readonly number[] {
  let bits = tableBitsCache.get(def);
  if (!bits) tableBitsCache.set(def, (bits = def.features.toArray()));
  return bits;
}

function loadModel(core: Core, cls: ClassIR, s: CpuState, def: DefinitionIR, trace?: Trace): void {
  const { roles } = core;
  for (const [role, value] of [[roles.minLevel, def.level], [roles.minXlevel, def.xlevel], [roles.family, def.family],
    [roles.model, def.model], [roles.stepping, def.stepping], [roles.modelId, def.modelId]] as const) set(s, role, value, trace, def);
  s.f.set(def.features.words);
  trace?.bits(tableBits(def), true, { kind: 'model', text: `the model table of \`${def.name}\` sets it`, rule: def.rule });
  for (const l of core.rules.setOnLoad) setFeature(core, s, l.feature, true, trace, { kind: 'load', text: 'every named model gets it when loaded', rule: l.rule });
  set(s, roles.vendor, def.vendor, trace, def);
  set(s, roles.avx10Version, def.avx10Version ?? 0, trace, def);
  const version = resolvedVersion(core, cls, def);
  let cache = def.cache;
  if (version !== 'legacy') {
    for (const v of def.versions) {
      if (v.version > version) break;
      if (v.cache) cache = v.cache;
      for (const a of v.props) applyAssign(core, cls, s, a, trace, { kind: 'version', valued: true, text: `${def.name}-v${v.version} sets ${setting(a.key, a.value)}`, rule: a.rule });
    }
  }
  set(s, roles.legacyCache, cache === undefined, trace, def);
  s.user.fill(0);
}


/**
 * A fresh instance of a class under the engine's machine (§3.1): model
 * loading and the accelerator's defaults for named models, the special
 * model's own init otherwise, then the machine's compat globals that match
 * the class (driver `*` or its exact name), as user settings.
 */
export function buildInstance(core: Core, cls: ClassIR, trace?: Trace): CpuState {
  const s = freshState(core);
  if (cls.definition !== undefined) {
    loadModel(core, cls, s, core.rules.definitions[cls.definition]!, trace);
    for (const a of core.rules.accel.modelDefaults) applyAssign(core, cls, s, a, trace, { kind: 'accel-default', valued: true, text: `${core.rules.accel.label} sets ${setting(a.key, a.value)} on every named model`, rule: a.rule });
    const { accel } = core.rules;
    for (const a of (accel.hostValues ?? []).filter((h) => accel.modelsTakeHost.includes(h.key))) {
      applyAssign(core, cls, s, a, trace, { kind: 'accel-default', valued: true, text: `every named model takes ${setting(a.key, a.value)} from ${accel.label}`, rule: a.rule });
    }
  } else {
    for (const a of cls.special!.init) applyAssign(core, cls, s, a, trace, { kind: 'init', valued: true, text: `\`${cls.name}\` sets ${setting(a.key, a.value)} when created`, rule: a.rule });
    if (cls.special!.autoenable) {
      for (const a of core.rules.accel.hostModelDefaults) applyAssign(core, cls, s, a, trace, { kind: 'init', valued: true, text: `${core.rules.accel.label} sets ${setting(a.key, a.value)} on \`${cls.name}\``, rule: a.rule });
      for (const a of core.rules.accel.hostValues ?? []) applyAssign(core, cls, s, a, trace, { kind: 'init', valued: true, text: `\`${cls.name}\` takes ${setting(a.key, a.value)} from ${core.rules.accel.label}`, rule: a.rule });
    }
  }
  for (const g of core.machine.globals) {
    if (g.driver !== '*' && g.driver !== cls.name) continue;
    if (g.assign.target.kind === 'prop' && !core.classHas(cls, g.assign.target.index)) continue;
    applyAssign(core, cls, s, g.assign, trace, { kind: 'machine', valued: true, text: `machine \`${core.machine.name}\` sets ${setting(g.assign.key, g.assign.value)} on ${g.driver === '*' ? 'every CPU' : `\`${g.driver}\``}`, rule: g.assign.rule });
  }
  return s;
}
