import { describe, expect, it } from 'vitest';
import { cli } from './run.js';

describe('query errors: QEMU\'s text, a hint, exit 1', () => {
  it('a feature newer than the model', async () => {
    const r = await cli('expand z900,vx=on');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe("error: Feature 'vx' is not available for CPU model 'z900', it was introduced with later models.\n"
      + 'help: `vx` was introduced with `z13`\n');
  });

  it('an unknown property suggests the closest name', async () => {
    const r = await cli('expand z13,vxx=on');
    expect(r.code).toBe(1);
    expect(r.err).toBe("error: Property 'z13-s390x-cpu.vxx' not found\nhelp: did you mean `vx`?\n");
  });

  it('an unknown model suggests a close name, or where to look', async () => {
    const close = await cli('expand z14x');
    expect(close.err).toBe("error: The CPU definition 'z14x' is unknown.\nhelp: did you mean `z14`?\n");
    const far = await cli('expand nosuch');
    expect(far.code).toBe(1);
    expect(far.err).toContain("error: The CPU definition 'nosuch' is unknown.\n");
    expect(far.err).not.toContain('did you mean');
  });

  it('a -cpu value that is not a boolean word, as QEMU\'s string visitor words it', async () => {
    for (const spec of ['z13,vx=maybe', 'z13,vx=ON', 'z13,vx=']) {
      const r = await cli(`expand ${spec}`);
      expect(r.code, spec).toBe(1);
      expect(r.err, spec).toBe("error: Parameter 'vx' expects 'on' or 'off'\n");
    }
    const x86 = await cli('expand Westmere,family=on --arch x86_64');
    expect(x86.err).toMatch(/^error: Parameter 'family' expects u?int64\n/);
  });

  it('read-only properties, in either model of a comparison', async () => {
    const r = await cli('compare z13 z14,static=on');
    expect(r.code).toBe(1);
    expect(r.err).toBe("error: Property 'z14-s390x-cpu.static' is not writable\n");
  });

  it('the 7.2 profile words errors as QEMU 7.2 does', async () => {
    const r = await cli('--profile qemu-7.2 baseline z13 nosuch');
    expect(r.err).toContain("error: The CPU definition 'nosuch' is unknown.");
  });

  it('broken rule files: rendered diagnostics, exit 1', async () => {
    const r = await cli('--rules test/cli/fixtures/broken expand z13');
    expect(r.code).toBe(1);
    expect(r.err).toBe([
      'test/cli/fixtures/broken/rules.yaml:16:23: error[check/unknown-definition]: unknown CPU definition `z31`',
      '    16 | tcg_max: {definition: z31, features: MAX}',
      '       |                       ^^^',
      '  help: did you mean `z13`?',
      '1 error, 0 warnings',
      '',
    ].join('\n'));
  });
});

describe('usage errors: exit 2, no stack trace', () => {
  const cases: [string, string][] = [
    ['expand ,vx=on', 'invalid model `,vx=on`: expected a model name first'],
    ['expand =on', 'invalid model `=on`: expected a model name first'],
    ['expand +vx', 'invalid model `+vx`: expected a model name first'],
    ['expand z13,=on', 'invalid property `=on` in `z13,=on`'],
    ['expand z13,,vx', 'invalid property `` in `z13,,vx`'],
    ['expand z13,+', 'invalid property `+` in `z13,+`'],
    ['expand z13,+vx=on', 'invalid property `+vx=on`'],
    ['expand', 'missing argument: expected MODEL'],
    ['expand z13 z14', 'unexpected argument `z14`'],
    ['expand z13 --type fast', 'invalid --type `fast`'],
    ['expand z13 --type', "option '--type <value>' argument missing"],
    ['compare z13', 'missing argument: expected two models A B'],
    ['compare z13 z14 --type full', '`--type` is not an option of `compare`'],
    ['features --model z13,vx', '--model takes a model name without props'],
    ['definitions extra', 'unexpected argument `extra`'],
    ['expnd z13', 'unknown command `expnd`'],
    ['', 'missing command'],
    ['expand z13 --bogus', "unknown option '--bogus'"],
    ['expand z13 --json=yes', "option '--json' does not take an argument"],
    ['--profile qemu-9 expand z13', 'unknown profile `qemu-9`'],
  ];
  for (const [argv, message] of cases) {
    it(`\`${argv}\``, async () => {
      const r = await cli(argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toContain(`error: ${message}`);
      expect(r.err).not.toMatch(/\n\s+at /);
    });
  }

  it('hints: did-you-mean for commands and profiles, the usage line for commands', async () => {
    expect((await cli('expnd z13')).err).toContain('help: did you mean `expand`?');
    expect((await cli('--profile 7.2 expand z13')).err).toContain('help: did you mean `qemu-7.2`? known profiles: qemu-7.2, qemu-10.0');
    expect((await cli('baseline z13')).err).toMatch(/\nusage: cpumodel baseline A B \[C \.\.\.\] \[--format libvirt\|cpu-spec \[--features\]\]\n$/);
  });
});
