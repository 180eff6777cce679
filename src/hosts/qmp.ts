/**
 * QMP JSON as people keep it: one `query-cpu-model-expansion` reply
 * (`{"return": {"model": …}}` or just `{"model": …}`), or libvirt's
 * `.replies` recordings (each command followed by QEMU's answer), from
 * which the expansions of `host` and the QEMU version are taken.
 */
import { error, type Diagnostic, type Span } from '../diag/diagnostic.js';
import type { EvidenceModel, HostEvidence } from './evidence.js';
import { isObject, type Json, type JsonItem } from './json.js';

const HINT = 'give the reply QEMU sends to `query-cpu-model-expansion` with model `host` ({"return": {"model": {"name": …, "props": {…}}}})';

function modelOf(value: Json | undefined, type: EvidenceModel['type'], span: Span): EvidenceModel | Diagnostic {
  const model = isObject(value) ? value.model : undefined;
  if (!isObject(model) || typeof model.name !== 'string') return error('import/no-host-model', 'the JSON holds no CPU model (`model` with a `name`)', span, HINT);
  const props = model.props === undefined ? {} : model.props;
  if (!isObject(props)) return error('import/no-host-model', '`props` of the CPU model is not an object', span, HINT);
  return { name: model.name, props: { ...props }, type, span };
}

/** A version object of query-version: {"qemu": {"major", "minor", "micro"}}. */
function versionOf(value: Json | undefined): string | undefined {
  const q = isObject(value) && isObject(value.qemu) ? value.qemu : undefined;
  return q && [q.major, q.minor, q.micro].every((n) => typeof n === 'number') ? `${q.major}.${q.minor}.${q.micro}` : undefined;
}

/** A query-cpu-definitions reply: each model's unavailable features (entries of another shape are skipped). */
function definitionsOf(value: Json | undefined): { name: string; unavailable: string[] }[] {
  return (Array.isArray(value) ? value : []).flatMap((d) => {
    const list = isObject(d) ? d['unavailable-features'] : undefined;
    return isObject(d) && typeof d.name === 'string' && Array.isArray(list) ? [{ name: d.name, unavailable: list.filter((x): x is string => typeof x === 'string') }] : [];
  });
}

/** libvirt's .replies: the answers to `query-cpu-model-expansion` of `host` and to `query-version`. */
function fromReplies(file: string, items: readonly JsonItem[]): HostEvidence | Diagnostic {
  const evidence: HostEvidence = { kind: 'libvirt-replies', file, models: [], lines: [] };
  for (let i = 0; i + 1 < items.length; i++) {
    const cmd = items[i]!.value;
    const reply = items[i + 1]!;
    if (!isObject(cmd) || !isObject(reply.value) || !('return' in reply.value)) continue;
    const args = isObject(cmd.arguments) ? cmd.arguments : {};
    if (cmd.execute === 'query-version') evidence.qemu ??= versionOf(reply.value.return);
    if (cmd.execute === 'query-cpu-definitions') evidence.definitions ??= definitionsOf(reply.value.return);
    const asked = isObject(args.model) ? args.model.name : undefined;
    if (cmd.execute !== 'query-cpu-model-expansion' || asked !== 'host') continue;
    const m = modelOf(reply.value.return, args.type === 'full' ? 'full' : 'static', reply.span);
    if ('code' in m) return m;
    // Two rounds may be recorded (plain, then with props of the first); the first of each type is the host model.
    if (!evidence.models.some((e) => e.type === m.type)) evidence.models.push(m);
    else (evidence.variants ??= []).push(m);
  }
  evidence.models.sort((a, b) => (a.type === 'static' ? 0 : 1) - (b.type === 'static' ? 0 : 1));
  if (evidence.models.length === 0) return error('import/no-host-model', 'the recorded replies hold no expansion of `host`', items[0]!.span, HINT);
  evidence.accel = 'kvm';
  return evidence;
}

export function evidenceOfJson(file: string, items: readonly JsonItem[]): { evidence: HostEvidence } | { diagnostics: Diagnostic[] } {
  const one = items.length === 1 ? items[0]! : undefined;
  const looksLikeReplies = items.some((i) => isObject(i.value) && 'execute' in i.value);
  let r: HostEvidence | Diagnostic;
  const modelReply = looksLikeReplies ? undefined : items.find((i) => isObject(i.value) && isObject(i.value.return) && 'model' in i.value.return);
  if (!one && modelReply) return evidenceOfJson(file, [modelReply]);
  if (one && !looksLikeReplies) {
    const v = one.value;
    if (isObject(v) && 'error' in v) return { diagnostics: [error('import/qmp-error', 'the reply is a QMP error, not an expansion', one.span, HINT)] };
    const m = modelOf(isObject(v) && 'return' in v ? v.return : v, 'static', one.span);
    r = 'code' in m ? m : { kind: 'qmp-expansion', file, models: [{ ...m, type: 'expansion' }], lines: [] };
  } else r = fromReplies(file, items);
  return 'code' in r ? { diagnostics: [r] } : { evidence: r };
}
