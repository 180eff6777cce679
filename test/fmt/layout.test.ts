import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Layout } from '../../src/fmt/layout.js';
import { S390X_LAYOUT as FILE_LAYOUT } from '../../src/target/s390x/policy/layout.js';

/**
 * The formatter's key orders are the schemas' property orders: one place to
 * look for the keys of an entry kind, and no key the formatter would put
 * after the known ones by accident.
 */
const SCHEMA = join(import.meta.dirname, '..', '..', 'schema', 's390x');
type Schema = { $ref?: string; properties?: Record<string, Schema>; items?: Schema; definitions?: Record<string, Schema> };
const load = (file: string) => JSON.parse(readFileSync(join(SCHEMA, file), 'utf8')) as Schema;
const common = load('common.schema.json');

function deref(s: Schema): Schema {
  if (!s.$ref) return s;
  const name = s.$ref.replace(/^(common\.schema\.json)?#\/definitions\//, '');
  return deref(common.definitions![name]!);
}

/** Every (path, layout order, schema keys) pair for mappings that have an order. */
function pairs(layout: Layout, schema: Schema, path: string, out: [string, readonly string[], string[]][]): void {
  const s = deref(schema);
  if (layout.items && s.items) pairs(layout.items, s.items, `${path}[]`, out);
  if (!layout.order || !s.properties) return;
  out.push([path, layout.order, Object.keys(s.properties)]);
  for (const [key, sub] of Object.entries(layout.keys ?? {})) {
    if (s.properties[key] && path.split('.').length < 8) pairs(sub, s.properties[key]!, `${path}.${key}`, out);
  }
}

describe('fmt layout and schemas agree', () => {
  const found: [string, readonly string[], string[]][] = [];
  pairs(FILE_LAYOUT, load('rules.schema.json'), 'rules', found);
  pairs({ keys: FILE_LAYOUT.keys, order: ['environment'] }, load('environment-description.schema.json'), 'environment-file', found);
  it('covers every entry kind', () => expect(found.length).toBeGreaterThanOrEqual(20));
  for (const [path, order, keys] of found) {
    if (path === 'rules' || path === 'environment-file') continue;
    it(path, () => expect([...order]).toEqual(keys));
  }
});
