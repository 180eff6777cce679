import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';

export interface SchemaFile { $id: string; properties?: Record<string, unknown> }

/**
 * The JSON Schemas of one architecture (schema/<arch>/), each set with its own
 * validator: the architectures reuse $ids (features, machines, …).
 */
export function archSchemas(arch: string) {
  const dir = join(import.meta.dirname, '..', 'schema', arch);
  const schemas = readdirSync(dir).filter((f) => f.endsWith('.schema.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as SchemaFile);
  const ajv = new Ajv({ allErrors: true, strict: true, strictTuples: false, schemas });
  return {
    dir,
    schemas,
    schema: (name: string) => schemas.find((s) => s.$id === `${name}.schema.json`)!,
    /** The validation errors of a YAML text against the named schema, as `path message`. */
    validate(name: string, yamlText: string): string[] {
      const check = ajv.getSchema(`${name}.schema.json`)!;
      return check(parse(yamlText)) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    },
  };
}
