import { describe, expect, it } from 'vitest';
import { FileReader } from '../../src/parse/reader.js';
import { formatYaml } from '../../src/fmt/format.js';
import { builtinRules } from '../../src/index.js';

/**
 * YAML syntax errors in cpumodel's words, at the real problem: the unclosed
 * `{`, `[` or `"` (not the line after it), the tab itself, the first
 * character of an indented line. The parser and fmt share the mapping.
 */
const CASES: [string, string, string, string][] = [
  ['an unclosed flow mapping', 'features:\n  - {name: vx, type: STFL, bit: 129}\n  - {name: vxeh, type: STFL, bit: 135\n  - {name: msa, bit: 17}\n',
    '3:5', 'this `{` is never closed: the flow mapping needs a `}` before the next entry'],
  ['an unclosed flow mapping at the end', 'features:\n  - {name: vx, type: STFL, bit: 129\n', '2:5', 'this `{` is never closed'],
  ['an unclosed flow list', 'a: [1, 2\nb: 1\n', '1:4', 'this `[` is never closed: the flow list needs a `]`'],
  ['an unclosed string', 'a: "abc\nb: 1\n', '1:4', 'this `"` opens a string that is never closed'],
  ['a tab', 'features:\n\t- {name: vx}\n', '2:1', 'a tab indents this line: YAML indents with spaces only'],
  ['a repeated key', 'a: 1\na: 2\n', '2:1', 'this key is repeated in the same mapping'],
  ['a key inside a value', 'a: b: c\n', '1:4', 'a `key:` inside this value'],
  ['a bad escape', 'a: "\\q"\n', '1:5', 'invalid escape sequence `\\q` in a "…" string'],
  ['a line between two indents', 'features:\n  - name: vx\n   type: STFL\n', '3:4', 'this line does not line up with the keys of the entry above'],
  ['a key out of line', 'a:\n  b: 1\n c: 2\n', '3:2', 'this key does not line up with the keys above it'],
];

describe('YAML syntax errors: place and words', () => {
  it.each(CASES)('%s', (_, text, place, words) => {
    const r = new FileReader('f.yaml', text);
    const first = r.diags[0]!;
    expect(first.code).toBe('parse/yaml-syntax');
    expect(`${first.span!.line}:${first.span!.col}`).toBe(place);
    expect(first.message).toContain(words);
    expect(new Set(r.diags.map((d) => d.span!.start)).size, 'one diagnostic per place').toBe(r.diags.length);
    const fmt = formatYaml(text, builtinRules('s390x').target.policy.layout, 'f.yaml');
    expect('diagnostics' in fmt && fmt.diagnostics[0]!.message, 'fmt says the same').toBe(first.message);
  });
});
