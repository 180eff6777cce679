/** A malformed MODEL string: the message and a hint. */
export class ModelSpecError extends Error {
  constructor(message: string, readonly help: string) {
    super(message);
  }
}

const specError = (message: string, help: string) => new ModelSpecError(message, help);

/**
 * A MODEL argument in QEMU's `-cpu` syntax: `z14,vx=off,msa5=on`, `+vx`/`-vx`,
 * or a bare `vx` meaning on. Props stay in the order written. A value that is
 * one of QEMU's boolean words is a boolean; any other (`family=6`,
 * `model-id=...`) stays text, for the engine to read as the property's type.
 */
export interface ModelSpec {
  name: string;
  props: [string, boolean | string][];
}

/** The words QEMU's string input visitor accepts for a bool. */
const BOOL_WORDS: ReadonlyMap<string, boolean> = new Map([
  ['on', true], ['yes', true], ['true', true], ['y', true],
  ['off', false], ['no', false], ['false', false], ['n', false],
]);

/** A boolean word as QEMU reads it, or undefined. */
export function parseBoolText(text: string): boolean | undefined {
  return BOOL_WORDS.get(text);
}

export function parseCpuSpec(text: string): ModelSpec {
  const [name = '', ...parts] = text.split(',');
  if (name === '' || /^[+-]|=/.test(name)) {
    throw specError(`invalid model \`${text}\`: expected a model name first`, 'write MODEL as NAME[,PROP=on|off]..., e.g. `z14,vx=off`');
  }
  return { name, props: parts.map((part) => parseProp(part, text)) };
}

function parseProp(part: string, spec: string): [string, boolean | string] {
  const sign = /^[+-]/.test(part) ? part[0] : undefined;
  const eq = part.indexOf('=');
  const key = sign ? part.slice(1) : eq >= 0 ? part.slice(0, eq) : part;
  if (key === '' || (sign && eq >= 0)) {
    throw specError(`invalid property \`${part}\` in \`${spec}\``, 'write a property as `PROP=on`, `PROP=off`, `+PROP` or `-PROP`');
  }
  if (sign) return [key, sign === '+'];
  if (eq < 0) return [key, true];
  const word = part.slice(eq + 1);
  return [key, BOOL_WORDS.get(word) ?? word];
}
