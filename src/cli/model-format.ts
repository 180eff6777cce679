/**
 * `--format libvirt|cpu-spec` for commands that answer a model: libvirt's
 * `<cpu>` (src/interop/libvirt-out.ts; `--features` for every feature) or a
 * `-cpu` string that rebuilds the answer exactly (src/interop/cpu-spec.ts).
 */
import { cpuXmlOf, decompose, findTarget, type ArchEngine, type ModelInfo, type PropEntry } from '../index.js';
import type { Ctx } from './context.js';
import { queryError, usageError } from './errors.js';

export const FORMAT_HELP = `  --format libvirt   the answer as libvirt's <cpu> (what virsh hypervisor-cpu-baseline
                     prints; --features lists every feature)
  --format cpu-spec  the answer as a -cpu string that rebuilds it exactly`;

/** The chosen output format; `text` when none was asked for. */
export function modelFormat(ctx: Ctx): 'text' | 'libvirt' | 'cpu-spec' {
  const f = ctx.options.format;
  if (ctx.options.features && f !== 'libvirt') throw usageError('`--features` goes with `--format libvirt`');
  if (f === undefined || f === 'text') return 'text';
  if (f === 'libvirt' || f === 'cpu-spec') return f;
  throw usageError(`invalid --format \`${String(f)}\``, 'use `--format libvirt` or `--format cpu-spec`');
}

/**
 * An answer that is a model with props (a baseline, a cluster model) in the
 * chosen format: its static expansion, written relative to the model named.
 */
export function formattedAnswer(ctx: Ctx, engine: ArchEngine, info: ModelInfo): string[] {
  const x = engine.expand({ name: info.name, props: Object.entries(info.props ?? {}) as PropEntry[] }, 'static');
  return formattedModel(ctx, engine, x.ok ? x.value.model : info, info.name);
}

/**
 * A static expansion in the chosen format; `prefer` is the model the
 * answer is written relative to where that rebuilds it (the model asked for).
 */
export function formattedModel(ctx: Ctx, engine: ArchEngine, info: ModelInfo, prefer?: string): string[] {
  const format = modelFormat(ctx);
  if (format === 'cpu-spec') {
    const d = decompose(engine, info, prefer);
    if (!d) throw queryError('no -cpu string rebuilds this model', 'a property value has a comma, which `-cpu` cannot carry; use `--json`');
    return [d.spec];
  }
  const mapping = findTarget(engine.arch.name)?.libvirt;
  if (!mapping) throw usageError(`libvirt cpu xml is not modelled for ${engine.arch.name}`);
  const r = cpuXmlOf(engine, mapping, info, { features: ctx.options.features === true, prefer });
  if ('reason' in r) throw queryError(`no libvirt \`<cpu>\` for this model: ${r.reason}`, 'use `--format cpu-spec` or `--json`');
  return [r.xml];
}
