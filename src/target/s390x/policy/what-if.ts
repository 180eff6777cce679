/** What-if edits of the s390x rules: paths into the AST (see the help text). */
import type { EditOp as Op } from '../../policy.js';
import type { RuleSetAst, DefinitionDecl } from '../parse/ast.js';
import { SET_KINDS, type SetKind } from '../levels.js';
import { didYouMean } from '../../../util/fuzzy.js';
import { addDefinition, definitionField } from './what-if-definitions.js';
import { editNames, ENTRY_KINDS } from './what-if-entries.js';

export const WHAT_IF_HELP = `  generations.GEN16_GA1.default+=appv          add to a level's base/default/full list
  generations.GEN15_GA1.remove.default-=bpb    edit a level's removal lists
  dependencies.appv+=ap                        appv requires ap (-= removes the pair)
  groups.msa9+=kimd-sha-512                    group members (also groups.msa9.members+=…)
  groups+={name: msa99, members: [km-aes-128]}  add a group (groups-=NAME removes one; groups.NAME.desc=…)
  features+={name: vxeh4, type: STFL, bit: 200, since: "10.0"}   add a feature (features-=NAME removes one)
  features.vxeh3.bit=199                       a feature's type, bit, desc, since, until
  environment_rules+={id: no-nnpa, when: {all: [{fact: hypervisor, operator: equal, value: zvm}]}, unavailable: [nnpa]}
  environment_rules.cmm-with-cmma.available+=cmma   edit a rule's available/unavailable lists (-=ID removes a rule; .when={…})
  machines.s390-ccw-virtio-7.2.featoff+={gen: 14, ga: 1, features: [vxeh2]}   switch features off (featoff-=GEN14_GA1)
  machines.s390-ccw-virtio-7.2.kvm_cpu_models=false   a machine's kvm_cpu_models, deprecated_since, since, until
  machines+={name: s390-ccw-virtio-10.1, since: "10.1"}   add a machine type (machines-=NAME removes one)
  deprecated+=vx                               features in deprecated-props
  definitions.z14.ga=2                         a definition's gen, ga, cpu_type, desc, legacy, mha_pow, hmfai, since, until
  definitions+={name: gen17c, cpu_type: 0x9177, gen: 17, ga: 1}   add a definition (after: NAME places it)
  definitions-=z900                            remove a definition`;

function level(ast: RuleSetAst, key: string) {
  const m = /^GEN(\d+)_GA(\d+)$/.exec(key);
  const found = m && ast.generations.find((g) => g.gen.value === Number(m[1]) && g.ga.value === Number(m[2]));
  if (found) return found;
  const keys = ast.generations.map((g) => `GEN${g.gen.value}_GA${g.ga.value}`);
  return `no generation level \`${key}\`${hint(key, keys)}`;
}

const hint = (word: string, known: Iterable<string>) => {
  const near = didYouMean(word, known);
  return near ? `; ${near}` : '';
};

/** generations.LEVEL.KIND or generations.LEVEL.remove.KIND */
function generations(ast: RuleSetAst, rest: string[], op: Op): string | undefined {
  const [key = '', a, b] = rest;
  const g = level(ast, key);
  if (typeof g === 'string') return g;
  const which = a === 'remove' ? 'remove' : 'add';
  const kind = (a === 'remove' ? b : a) as SetKind;
  if (!SET_KINDS.includes(kind) || rest.length !== (a === 'remove' ? 3 : 2)) {
    return `expected \`generations.${key}.base|default|full\` or \`generations.${key}.remove.base|default|full\``;
  }
  return editNames(g[which][kind], op, op.path);
}

function dependencies(ast: RuleSetAst, feature: string, op: Op): string | undefined {
  const requires = String(op.value);
  if (op.op === 'set' || !feature) return 'write `dependencies.FEATURE+=REQUIRED` or `dependencies.FEATURE-=REQUIRED`';
  const matches = (d: RuleSetAst['dependencies'][number]) => d.feature.value === feature && d.requires.value === requires;
  if (op.op === 'add') {
    const decl = { feature: { value: feature, span: op.span }, requires: { value: requires, span: op.span }, span: op.span };
    if (!ast.dependencies.some(matches)) ast.dependencies.push(decl);
    return undefined;
  }
  if (!ast.dependencies.some(matches)) return `no dependency \`${feature}\` requires \`${requires}\``;
  ast.dependencies = ast.dependencies.filter((d) => !matches(d));
  return undefined;
}

function definitions(ast: RuleSetAst, rest: string, op: Op): string | undefined {
  if (rest === '') {
    if (op.op === 'add') return addDefinition(ast, op);
    if (op.op === 'set') return 'write `definitions+={…}` to add a definition, `definitions-=NAME` to remove one';
    const i = ast.definitions.findIndex((d: DefinitionDecl) => d.name.value === String(op.value));
    if (i < 0) return `no definition \`${String(op.value)}\``;
    ast.definitions.splice(i, 1);
    return undefined;
  }
  return definitionField(ast, rest, op);
}

/** Apply one edit to the draft; a problem as text. */
export function applyOp(ast: RuleSetAst, op: Op): string | undefined {
  const [head = '', ...rest] = op.path.split('.');
  switch (head) {
    case 'generations': return generations(ast, rest, op);
    case 'dependencies': return dependencies(ast, rest.join('.'), op);
    case 'groups': case 'features': case 'environment_rules': case 'machines': return ENTRY_KINDS[head]!(ast, rest.join('.'), op);
    case 'definitions': return definitions(ast, rest.join('.'), op);
    case 'deprecated': {
      const d = ast.deprecations[0];
      return rest.length === 0 && d ? editNames(d.features, op, 'deprecated') : 'write `deprecated+=FEATURE` or `deprecated-=FEATURE` (the rules need a deprecation rule)';
    }
    default:
      return `unknown path \`${op.path}\`${hint(head, ['generations', 'dependencies', 'definitions', 'deprecated', ...Object.keys(ENTRY_KINDS)])}: see \`cpumodel what-if --help\``;
  }
}

