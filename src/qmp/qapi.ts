/**
 * QAPI argument checking with QEMU's error texts (identical in 7.2 and 10.0,
 * all of class GenericError):
 *   Parameter 'model.name' is missing
 *   Invalid parameter type for 'model', expected: object      (also: string,
 *     boolean, integer, array; paths like 'model.name', 'enable[0]')
 *   Parameter 'type' does not accept value 'foo'   (enum; the bare member
 *     name, and 'null' for a list element: Parameter 'null' does not …)
 *   Parameter 'model.foo' is unexpected
 * Members are checked in schema order; a struct's unexpected members only
 * after all its members passed, inner structs before outer ones. Of several
 * unexpected members QEMU names the first one its GLib hash table yields.
 *
 * `props` of CpuModelInfo is 'any' here: QEMU checks its content in the
 * s390x CPU-model code, not in QAPI (live, 7.2.22 and 10.0.2):
 * - props not an object (list, string, number, null):
 *     7.2:  Invalid parameter type for 'props', expected: dict
 *     10.0: Invalid parameter type for 'model.props', expected: object
 *           ('modela.props' / 'modelb.props' for comparison and baseline)
 *   7.2 checks this before looking up the model name; 10.0 after it, so
 *   {"name": "nosuch", "props": null} gives the 'props' error in 7.2 and
 *   "The CPU definition 'nosuch' is unknown." in 10.0.
 * - a prop value that is not a bool (number, string, null), per key in QDict
 *   order, after the name lookup, interleaved with unknown-property errors
 *   (Property 'z13-s390x-cpu.foo' not found):
 *     7.2:  Invalid parameter type for 'vx', expected: boolean
 *     10.0: Invalid parameter type for 'model.props.vx', expected: boolean
 *           ('modela.props.vx' / 'modelb.props.vx')
 * - props: {} is the same as no props.
 * - comparison and baseline finish modela (props included) before modelb.
 */
import { encodeModUtf8 } from '../util/mutf8.js';
import { GStrSet } from './ghash.js';
import { qdictOrder } from '../util/qdict.js';
import type { JsonObject, JsonValue } from './json-parse.js';

export type QapiType =
  | 'str' | 'bool' | 'int' | 'any'
  | { enum: readonly string[] }
  | { struct: QapiStruct }
  | { list: QapiType };

/** Members in schema order; a name starting with '*' is optional. */
export type QapiStruct = Readonly<Record<string, QapiType>>;

const CPU_MODEL_INFO: QapiType = { struct: { name: 'str', '*props': 'any' } };

/** Argument schemas of the commands cpumodel serves. */
export const COMMAND_ARGS: Readonly<Record<string, QapiStruct>> = {
  'query-version': {},
  'query-commands': {},
  quit: {},
  qmp_capabilities: { '*enable': { list: { enum: ['oob'] } } },
  'query-cpu-definitions': {},
  'query-cpu-model-expansion': { type: { enum: ['static', 'full'] }, model: CPU_MODEL_INFO },
  'query-cpu-model-comparison': { modela: CPU_MODEL_INFO, modelb: CPU_MODEL_INFO },
  'query-cpu-model-baseline': { modela: CPU_MODEL_INFO, modelb: CPU_MODEL_INFO },
};

class QapiError extends Error {}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Checks `args` against `schema`; returns QEMU's error text, or null when valid. */
export function validateArgs(schema: QapiStruct, args: JsonObject): string | null {
  try {
    visitStruct('', schema, args);
    return null;
  } catch (e) {
    if (e instanceof QapiError) return e.message;
    throw e;
  }
}

const join = (path: string, name: string): string => (path ? `${path}.${name}` : name);
const pathOf = (parent: string, name: string | null): string => (name === null ? parent : join(parent, name));
const wrongType = (path: string, expected: string): QapiError =>
  new QapiError(`Invalid parameter type for '${path}', expected: ${expected}`);

/** A struct's members in schema order, read once per schema. */
interface Member { name: string; optional: boolean; type: QapiType }
const membersMemo = new WeakMap<QapiStruct, Member[]>();

function membersOf(schema: QapiStruct): Member[] {
  let members = membersMemo.get(schema);
  if (!members) {
    members = Object.entries(schema).map(([spec, type]) => ({ name: spec.replace(/^\*/, ''), optional: spec.startsWith('*'), type }));
    membersMemo.set(schema, members);
  }
  return members;
}

function visitStruct(path: string, schema: QapiStruct, obj: JsonObject): void {
  const members = membersOf(schema);
  let known = 0;
  for (const { name, optional, type } of members) {
    const value = obj.get(name);
    if (value === undefined) {
      if (optional) continue;
      throw new QapiError(`Parameter '${join(path, name)}' is missing`);
    }
    known++;
    visitValue(path, name, type, value);
  }
  if (known < obj.size) throw new QapiError(`Parameter '${join(path, firstUnexpected(members, obj))}' is unexpected`);
}

/** Of the members the schema does not have, the first one QEMU's GLib hash table yields. */
function firstUnexpected(members: readonly Member[], obj: JsonObject): string {
  const unvisited = new GStrSet(encodeModUtf8);
  for (const key of qdictOrder([...obj.keys()])) unvisited.insert(key);
  for (const { name } of members) if (obj.has(name)) unvisited.remove(name);
  return unvisited.first()!;
}

/**
 * The value of member `name` of the struct at `parent` (for a list element,
 * `name` is null and `parent` the element's path). `name` is the bare member
 * name, used by enum errors.
 */
function visitValue(parent: string, name: string | null, type: QapiType, value: JsonValue): void {
  if (type === 'any') return;
  const path = pathOf(parent, name);
  if (type === 'str' && typeof value !== 'string') throw wrongType(path, 'string');
  if (type === 'bool' && typeof value !== 'boolean') throw wrongType(path, 'boolean');
  if (type === 'int' && !(typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX)) {
    throw wrongType(path, 'integer');
  }
  if (typeof type === 'string') return;
  if ('enum' in type) {
    if (typeof value !== 'string') throw wrongType(path, 'string');
    if (!type.enum.includes(value)) throw new QapiError(`Parameter '${name}' does not accept value '${value}'`);
  } else if ('struct' in type) {
    if (!(value instanceof Map)) throw wrongType(path, 'object');
    visitStruct(path, type.struct, value);
  } else {
    if (!Array.isArray(value)) throw wrongType(path, 'array');
    for (let i = 0; i < value.length; i++) visitValue(`${path}[${i}]`, null, type.list, value[i]!);
  }
}
