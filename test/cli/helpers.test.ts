import { describe, expect, it } from 'vitest';
import { palette, wantColor } from '../../src/cli/color.js';
import { CliError } from '../../src/cli/errors.js';
import { parseModelSpec } from '../../src/cli/spec.js';
import { table, wrap } from '../../src/cli/table.js';

describe('parseModelSpec', () => {
  it('reads -cpu syntax, keeping the order written', () => {
    expect(parseModelSpec('z14,vx=off,+msa5,-te,ri,gs=yes,cte=n,bpb=true,iep=false')).toEqual({
      name: 'z14',
      props: [['vx', false], ['msa5', true], ['te', false], ['ri', true], ['gs', true], ['cte', false], ['bpb', true], ['iep', false]],
    });
    expect(parseModelSpec('z13.2-base')).toEqual({ name: 'z13.2-base', props: [] });
  });

  it('keeps a value that is not a boolean word as text, for the engine to read', () => {
    expect(parseModelSpec('Westmere,family=6,model-id=Foo Bar,vx=maybe,vx=ON,vx=').props)
      .toEqual([['family', '6'], ['model-id', 'Foo Bar'], ['vx', 'maybe'], ['vx', 'ON'], ['vx', '']]);
  });

  it('rejects malformed specs as usage errors', () => {
    for (const bad of ['', ',vx', '=on', '-z13', 'z13,', 'z13,=on', 'z13,-', 'z13,-vx=off']) {
      let error: unknown;
      try {
        parseModelSpec(bad);
      } catch (e) {
        error = e;
      }
      expect(error, bad).toBeInstanceOf(CliError);
      expect((error as CliError).exitCode, bad).toBe(2);
    }
  });
});

describe('table', () => {
  it('aligns columns, right-aligns on request, trims trailing space', () => {
    expect(table([['a', '1', 'x'], ['bbb', '22', '']], { right: [1], indent: '  ' })).toEqual(['  a     1  x', '  bbb  22']);
  });

  it('measures widths without colour codes', () => {
    const c = palette(true);
    const lines = table([[{ text: 'a', paint: c.red }, 'x'], ['bbb', 'y']]);
    expect(lines[0]).toBe('\x1b[31ma\x1b[39m    x');
  });

  it('wraps the last column under itself', () => {
    expect(table([['key', 'one two three four']], { width: 30 })).toEqual(['key  one two three four']);
    expect(wrap('aa bb cc dd', 5)).toEqual(['aa bb', 'cc dd']);
    const lines = table([['key', Array(12).fill('word').join(' ')]], { width: 30 });
    expect(lines[0]).toBe('key  word word word word word');
    expect(lines.slice(1).every((l) => l.startsWith('     word') && l.length <= 30)).toBe(true);
  });
});

describe('wantColor', () => {
  it('needs a terminal, no NO_COLOR (empty counts as unset), no --no-color', () => {
    expect(wantColor(true, {}, false)).toBe(true);
    expect(wantColor(false, {}, false)).toBe(false);
    expect(wantColor(true, { NO_COLOR: '1' }, false)).toBe(false);
    expect(wantColor(true, { NO_COLOR: '' }, false)).toBe(true);
    expect(wantColor(true, {}, true)).toBe(false);
  });
});
