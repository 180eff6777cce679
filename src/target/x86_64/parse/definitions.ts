import { isMap, type Node } from 'yaml';
import { error } from '../../../diag/diagnostic.js';
import type { FileReader } from '../../../parse/reader.js';
import type { BitList, DefinitionDecl, Name, VersionDecl } from '../ast.js';
import { bitList, each, props, versioned, VERSIONED, type Fields, type SectionReader } from './read.js';

const DEFINITION_KEYS = ['name', 'vendor', 'family', 'model', 'stepping', 'level', 'xlevel', 'model_id', 'cache',
  'avx10_version', 'deprecation_note', 'features', 'bits', 'versions', ...VERSIONED];
const REQUIRED = ['name', 'vendor', 'family', 'model', 'stepping', 'level', 'xlevel', 'model_id', 'features', 'versions'];

/** `bits: {FEAT_VMX_EPT_VPID_CAPS: [14]}`: set bits without a property, by word. */
function wordBits(r: FileReader, node: Node | undefined): { word: Name; bits: BitList }[] {
  if (node === undefined) return [];
  if (!isMap(node)) {
    r.diags.push(error('parse/expected-map', 'expected a mapping of words to bit lists for `bits`', r.span(node)));
    return [];
  }
  return node.items.flatMap((pair) => {
    const word = r.str(pair.key as Node, 'a word of `bits`');
    return word ? [{ word, bits: bitList(r, pair.value as Node, `bits of \`${word.value}\``) }] : [];
  });
}

function versions(r: FileReader, node: Node | undefined): VersionDecl[] {
  const out: VersionDecl[] = [];
  each(r, node, 'versions', ['version', 'alias', 'note', 'cache', 'props', ...VERSIONED], ['version'], (f, item) => {
    const version = r.int(f.get('version'), 'version');
    if (!version) return;
    const v: VersionDecl = { version, props: props(r, f.get('props'), '`props`'), ...versioned(r, f), span: r.span(item) };
    const alias = r.str(f.get('alias'), 'alias');
    const note = r.str(f.get('note'), 'note');
    const cache = r.str(f.get('cache'), 'cache');
    if (alias) v.alias = alias;
    if (note) v.note = note.value;
    if (cache) v.cache = cache;
    out.push(v);
  });
  return out;
}

/** The optional fields of a definition. */
function optional(r: FileReader, f: Fields, d: DefinitionDecl): void {
  const cache = r.str(f.get('cache'), 'cache');
  const avx10 = r.int(f.get('avx10_version'), 'avx10_version');
  const note = r.str(f.get('deprecation_note'), 'deprecation_note');
  if (cache) d.cache = cache;
  if (avx10) d.avx10Version = avx10;
  if (note) d.deprecationNote = note;
}

export const definitions: SectionReader = (r, node, ast) =>
  each(r, node, 'definitions', DEFINITION_KEYS, REQUIRED, (f, item) => {
    const name = r.str(f.get('name'), 'name');
    const vendor = r.str(f.get('vendor'), 'vendor');
    const modelId = r.str(f.get('model_id'), 'model_id');
    const [family, model, stepping, level, xlevel] = ['family', 'model', 'stepping', 'level', 'xlevel'].map((k) => r.int(f.get(k), k));
    const features = r.names(f.get('features'), 'features');
    const bits = wordBits(r, f.get('bits'));
    const vs = versions(r, f.get('versions'));
    if (!name || !vendor || !modelId || !family || !model || !stepping || !level || !xlevel) return;
    const d: DefinitionDecl = { name, vendor, family, model, stepping, level, xlevel, modelId, features, bits, versions: vs,
      ...versioned(r, f), span: r.span(item) };
    optional(r, f, d);
    ast.definitions.push(d);
  });
