import { machineNames, resolveMachine, type Engine, type MachineView } from '../index.js';
import { positionals, print, type Ctx } from './context.js';
import { toJson } from './json.js';
import { header } from './listing.js';
import { openEngine } from './session.js';
import { table } from './table.js';

export const help = `usage: cpumodel machines [--profile NAME]

The machine types of the profile (\`-machine NAME\`, and \`--machine NAME\` for
every command), newest first: the \`qemu\` CPU model each runs with, the
featoffs it adds (features switched off in the default models from a
generation on; every older machine inherits them), its alias, and notes.
\`none\` (no CPUs) answers as the newest machine and is the default.`;

interface Row {
  name: string;
  alias?: string;
  qemu: { definition: string; features: string; 'set-by': string };
  featoffs: { from: string; features: string[]; reason: string }[];
  'inherited-featoffs': number;
  deprecated: boolean;
  'kvm-cpu-models': boolean;
  notes: string;
}

function row(engine: Engine, name: string): Row {
  const rules = engine.rules;
  const view = resolveMachine(rules, name)!;
  const own = view.featoffs.filter((a) => a.machine === view.machine).map((a) => a.featoff);
  const itemsOf = (edits: readonly { item: string }[]) => edits.map((e) => e.item);
  const levelOf = (gen: number, ga: number) => rules.levels.find((l) => l.gen === gen && l.ga === ga)?.key ?? `${gen}.${ga}`;
  const alias = name === rules.machineAlias ? view.machine?.name : undefined;
  return {
    name, ...(alias ? { alias } : {}),
    qemu: { definition: rules.definitions[view.qemu.definition]!.name, features: view.qemu.list, 'set-by': view.qemuSetBy?.name ?? 'latest_qemu_model' },
    featoffs: alias ? [] : own.map((o) => ({ from: levelOf(o.gen, o.ga), features: itemsOf(o.edits), reason: o.reason })),
    'inherited-featoffs': alias ? 0 : view.featoffs.length - own.length,
    deprecated: view.machine?.deprecated ?? false,
    'kvm-cpu-models': view.machine?.kvmCpuModels ?? true,
    notes: notes(view, alias),
  };
}

function notes(view: MachineView, alias: string | undefined): string {
  const out: string[] = [];
  if (alias) out.push(`alias of ${alias}`);
  if (!view.machine) out.push('the default: no CPUs, newest behaviour');
  if (view.machine?.deprecated && !alias) out.push('deprecated');
  if (view.machine && !view.machine.kvmCpuModels && !alias) out.push('no CPU models under KVM');
  return out.join('; ');
}

export async function run(ctx: Ctx): Promise<number> {
  positionals(ctx, 0, 0, 'no arguments');
  const engine = await openEngine(ctx);
  const rows = machineNames(engine.rules).map((name) => row(engine, name));
  if (ctx.json) return print(ctx, [toJson(rows)]);
  const cells = rows.map((r) => [r.name, `${r.qemu.definition} + ${r.qemu.features}`, r.notes || '-',
    r.featoffs.map((o) => `${o.from}: -${o.features.join(' -')}`).join('; ') || '-']);
  const head = header(ctx.color, ['name', 'qemu model', 'notes', 'featoffs']);
  return print(ctx, table([head, ...cells], { width: ctx.width }));
}
