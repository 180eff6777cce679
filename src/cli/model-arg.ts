/**
 * A MODEL argument: QEMU's `-cpu` syntax, or libvirt's CPU XML from a file
 * (an argument with a `/` or ending in `.xml`) or from standard input (`-`):
 * a `<cpu>`, or a domain XML holding one. The architecture's libvirt mapping
 * turns the XML into the model libvirt would ask QEMU for.
 */
import { findTarget, problemDiagnostics, readCpuXml, readTextFile, FileError, type ArchEngine, type ModelRequest, type ReadCpu } from '../index.js';
import type { Ctx } from './context.js';
import { DiagnosticsError, usageError } from './errors.js';
import { parseModelSpec } from './spec.js';

/** Is the argument a file or standard input rather than a `-cpu` string (which may have a `/` in a value: `model-id=a/b`)? */
export const isXmlArg = (text: string) => text === '-' || (!text.includes('=') && (text.includes('/') || /\.xml$/i.test(text)));

interface XmlArg {
  file: string;
  text: string;
  read: ReadCpu;
}

const cache = new WeakMap<Ctx, Map<string, XmlArg>>();

function sourceText(ctx: Ctx, arg: string): { file: string; text: string } {
  if (arg === '-') {
    if (!ctx.io.stdin) throw usageError('no standard input to read a model from', 'give the model as a file or a `-cpu` string');
    return { file: '<stdin>', text: ctx.io.stdin() };
  }
  const r = readTextFile(arg);
  if ('diagnostic' in r) throw new FileError(r.diagnostic);
  return { file: arg, text: r.file.text };
}

/** The `<cpu>` of an XML argument, read once per run; malformed XML ends the run with its diagnostics (exit 2). */
export function xmlArg(ctx: Ctx, arg: string): XmlArg {
  let seen = cache.get(ctx);
  if (!seen) cache.set(ctx, (seen = new Map()));
  const hit = seen.get(arg);
  if (hit) return hit;
  const { file, text } = sourceText(ctx, arg);
  const read = readCpuXml(file, text);
  if ('diagnostics' in read) throw new DiagnosticsError(read.diagnostics, 2, new Map([[file, text]]));
  const out = { file, text, read };
  seen.set(arg, out);
  return out;
}

/** The model name an argument names (for choosing the architecture), or '' when it names none. */
export function argModelName(ctx: Ctx, arg: string): string {
  if (!isXmlArg(arg)) return arg.split(',')[0]!;
  return xmlArg(ctx, arg).read.cpu.model?.name ?? '';
}

/** A MODEL argument as the request for `engine`'s architecture; props apply left to right. */
export function requestOf(ctx: Ctx, engine: ArchEngine, arg: string): ModelRequest {
  if (!isXmlArg(arg)) {
    const spec = parseModelSpec(arg);
    return { name: spec.name, props: spec.props };
  }
  const { file, text, read } = xmlArg(ctx, arg);
  const mapping = findTarget(engine.arch.name)?.libvirt;
  if (!mapping) throw usageError(`libvirt cpu xml is not modelled for ${engine.arch.name}`, 'give the model in `-cpu` syntax');
  const r = mapping.request(engine, read.cpu);
  if ('problems' in r) throw new DiagnosticsError(problemDiagnostics(read, r.problems), 2, new Map([[file, text]]));
  return r.request;
}
