import { basename, extname } from 'node:path';
import {
  architectureOfHost, builtinRules, displayName, provenanceHeader, readEvidence, readTextFile, renderDiagnostics, writeFileAtomic, type Diagnostic,
} from '../index.js';
import { positionals, type Ctx } from './context.js';
import { CliError, DiagnosticsError, usageError } from './errors.js';
import { toJson } from './json.js';
import { archOption } from './session.js';

export const help = `usage: cpumodel host import FILE [--out ENV.yaml] [--qemu VERSION] [--arch ARCH]

Reads what you have about a real host and writes a host description, with
its provenance and what the input could not tell as comments:
  - a QMP reply to query-cpu-model-expansion of \`host\` (static or full),
    or libvirt's recorded .replies;
  - \`virsh domcapabilities\` XML (the host-model CPU), \`virsh capabilities\`
    XML (the host CPU), libvirt's QEMU capability cache (<hostCPU>);
  - a /proc/cpuinfo (IBM Z: machine type and facility bits).
Where the architecture models host environments, the result is an
environment description for --env whose host model is the recorded one;
otherwise it holds the host model as a MODEL (-cpu syntax). Without --out
the description is printed. --qemu names the QEMU version that computed the
host model when the input does not say it.`;

function fail(ctx: Ctx, diagnostics: readonly Diagnostic[], sources: Map<string, string>): CliError {
  ctx.io.err(`${renderDiagnostics(diagnostics, sources)}\n`);
  return new CliError('', 1);
}

export async function run(ctx: Ctx): Promise<number> {
  const [, file] = positionals(ctx, 2, 2, 'a host dump (import FILE)') as [string, string];
  const read = readTextFile(file, displayName(file));
  if (!('file' in read)) throw new DiagnosticsError([read.diagnostic]);
  const sources = new Map([[read.file.name, read.file.text]]);
  const ev = readEvidence(read.file.name, read.file.text);
  if ('diagnostics' in ev) throw fail(ctx, ev.diagnostics, sources);
  const arch = archOption(ctx) ?? architectureOfHost(ev.evidence);
  if (typeof arch !== 'string') throw fail(ctx, [arch], sources);
  const out = typeof ctx.options.out === 'string' ? ctx.options.out : undefined;
  const qemu = typeof ctx.options.qemu === 'string' ? ctx.options.qemu : undefined;
  if (qemu !== undefined && !/^\d+\.\d+(\.\d+)?$/.test(qemu)) throw usageError(`invalid --qemu \`${qemu}\``, 'give a version such as `9.2.0`');
  const name = basename(out ?? file, extname(out ?? file));
  const result = await builtinRules(arch).importHost(ev.evidence, { qemu, name }, ctx.profile);
  if ('diagnostics' in result) throw fail(ctx, result.diagnostics, sources);
  if (result.warnings.length) ctx.io.err(`${renderDiagnostics(result.warnings, sources)}\n`);
  const date = ctx.io.env.CPUMODEL_DATE ?? new Date().toISOString().slice(0, 10);
  const text = `${provenanceHeader(ev.evidence, result, { date, source: read.file.name })}${result.text}`;
  if (out) writeFileAtomic(out, text);
  if (ctx.json) return ctx.io.out(`${toJson({ arch, kind: result.kind, source: read.file.name, out: out ?? null, summary: result.summary, unknowns: result.unknowns, text })}\n`), 0;
  if (!out) return ctx.io.out(text), 0;
  const what = result.kind === 'environment' ? `an environment for --env ${out}` : 'a host model (MODEL)';
  ctx.io.out([`${out}: ${what}, ${arch}, from ${read.file.name}`, ...result.summary.map((l) => `  ${l}`), ''].join('\n'));
  return 0;
}
