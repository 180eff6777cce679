import { describe, expect, it } from 'vitest';
import { readCpuXml } from '../../src/interop/cpu-xml.js';
import { MAX_DEPTH, parseXml } from '../../src/util/xml.js';

/** The bounded XML reader and the `<cpu>` reader: what they read, and every malformed input as a diagnostic with file:line:col and a hint. */
describe('xml reader', () => {
  it('reads elements, attributes in both quotes, text, entities, comments, CDATA', () => {
    const r = parseXml(`<?xml version='1.0'?>\n<!-- c --><a x="1" y='&lt;&#65;&#x42;'>t&amp;u<b/><![CDATA[<raw>]]><?pi x?></a>\n`);
    if (!('root' in r)) throw new Error(r.problem.message);
    expect(r.root.name).toBe('a');
    expect(r.root.attrs.get('y')!.value).toBe('<AB');
    expect(r.root.text).toBe('t&u<raw>');
    expect(r.root.children.map((c) => c.name)).toEqual(['b']);
  });

  // [input, message, line, col]
  const BAD: [string, string, number, number][] = [
    ['', 'expected an xml element', 1, 1],
    ['<cpu>\n  <model>z14</model>\n', 'element `<cpu>` is not closed', 1, 1],
    ['<cpu>\n  <model>z14</modl>\n</cpu>', '`</modl>` does not close `<model>`', 2, 13],
    ["<cpu>\n <feature name=vx/>\n</cpu>", 'the value of attribute `name` must be quoted', 2, 16],
    ["<cpu a='1' a='2'/>", 'duplicate attribute `a`', 1, 12],
    ['<!DOCTYPE lol [<!ENTITY a "aaaa">]><cpu>&a;</cpu>', 'document type declarations are not accepted', 1, 1],
    ['<cpu>&a;</cpu>', 'unknown or unterminated entity `&a;`', 1, 6],
    ['<cpu>a & b</cpu>', 'unknown or unterminated entity `&`', 1, 8],
    ['<cpu/><cpu/>', 'unexpected content after the root element', 1, 7],
    ['<cpu><!-- open </cpu>', 'unterminated comment', 1, 6],
    ["<cpu x='<'/>", '`<` in the value of attribute `x`', 1, 9],
  ];
  for (const [input, message, line, col] of BAD) {
    it(`malformed: ${message}`, () => {
      const r = readCpuXml('g.xml', input);
      if (!('diagnostics' in r)) throw new Error('accepted');
      const [d] = r.diagnostics;
      expect(d!.code).toBe('xml/malformed');
      expect(d!.message).toBe(`malformed xml: ${message}`);
      expect([d!.span!.file, d!.span!.line, d!.span!.col]).toEqual(['g.xml', line, col]);
      expect(d!.help).toBeTruthy();
    });
  }

  it('is bounded: deep nesting is a diagnostic, not a stack overflow', () => {
    const deep = '<a>'.repeat(MAX_DEPTH + 1) + '</a>'.repeat(MAX_DEPTH + 1);
    const r = parseXml(deep);
    expect('problem' in r && r.problem.message).toBe(`elements nested deeper than ${MAX_DEPTH}`);
    expect('problem' in parseXml('<a>'.repeat(100_000))).toBe(true);
  });

  it('finds the <cpu> of a domain xml and reads its parts with defaults', () => {
    const r = readCpuXml('d.xml', "<domain><name>g</name><cpu><model>z14</model><feature name='vx'/></cpu></domain>");
    if ('diagnostics' in r) throw new Error(r.diagnostics[0]!.message);
    expect(r.cpu).toEqual({ mode: 'custom', match: 'exact', model: { name: 'z14', fallback: 'allow' }, features: [{ policy: 'require', name: 'vx' }] });
  });

  // [input, code, message, line, col]
  const INVALID: [string, string, string, number, number][] = [
    ["<cpu mode='host'/>", 'xml/invalid-attribute', 'invalid mode `host` on `<cpu>`', 1, 6],
    ["<cpu><feature policy='on' name='vx'/></cpu>", 'xml/invalid-attribute', 'invalid policy `on` on `<feature>`', 1, 15],
    ["<cpu><model fallback='yes'>z14</model></cpu>", 'xml/invalid-attribute', 'invalid fallback `yes` on `<model>`', 1, 13],
    ["<cpu>\n<feature policy='require'/></cpu>", 'xml/feature-without-name', '`<feature>` has no `name`', 2, 1],
    ['<cpu><model> </model></cpu>', 'xml/empty-model', '`<model>` names no model', 1, 6],
    ['<domain><name>g</name></domain>', 'xml/no-cpu', 'no `<cpu>` element in `<domain>`', 1, 1],
  ];
  for (const [input, code, message, line, col] of INVALID) {
    it(`invalid: ${message}`, () => {
      const r = readCpuXml('g.xml', input);
      if (!('diagnostics' in r)) throw new Error('accepted');
      const [d] = r.diagnostics;
      expect([d!.code, d!.message, d!.span!.line, d!.span!.col]).toEqual([code, message, line, col]);
      expect(d!.help).toBeTruthy();
    });
  }
});
