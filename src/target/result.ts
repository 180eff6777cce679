/**
 * Query results and errors as data, shared by every architecture. The text
 * QEMU prints for an error is the engine's business (`ArchEngine.errorText`):
 * it differs per architecture and per QEMU version.
 */
export type ModelError =
  | { code: 'unknown-model'; name: string }
  | { code: 'props-not-object'; where: string }
  | { code: 'prop-not-bool'; where: string; key: string }
  | { code: 'property-not-found'; typename: string; key: string }
  | { code: 'property-not-writable'; typename: string; key: string }
  | { code: 'feature-too-new'; feature: string; def: string }
  | { code: 'group-too-new'; group: string; def: string }
  | { code: 'baseline-impossible' }
  /** A property rejected the value; QEMU's text is fixed by the property's type. */
  | { code: 'object-property'; desc: string; errorClass?: string }
  /** Something QEMU does that cpumodel deliberately does not (documented divergences). */
  | { code: 'not-supported'; desc: string };

export type Result<T> = { ok: true; value: T } | { ok: false; error: ModelError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T>(error: ModelError): Result<T> => ({ ok: false, error });

/** QMP error class: GenericError except where QEMU uses another. */
export function defaultErrorClass(e: ModelError): string {
  return e.code === 'object-property' && e.errorClass ? e.errorClass : 'GenericError';
}
