import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGET, runPipeline, STAGES, type ArchEngine } from '../../src/index.js';
import { builtinRuleDirs, loadSources } from '../../src/load/load.js';

describe('the pipeline table', () => {
  const target = DEFAULT_TARGET;
  const sources = loadSources(builtinRuleDirs(target.info.name));

  it('lists the stages in order', () => {
    expect(STAGES.map((s) => s.name)).toEqual(['parse', 'check', 'compile', 'solve', 'query']);
  });

  it.each(STAGES.map((s) => s.name))('stops after %s with that stage\'s artifact and nothing later', (stage) => {
    const { artifacts, reached, diagnostics } = runPipeline(target, sources, 'qemu-10.0', stage);
    expect([reached, diagnostics]).toEqual([stage, []]);
    const produced = { parse: artifacts.ast, check: artifacts.ast, compile: artifacts.rules, solve: artifacts.solved, query: artifacts.engine };
    expect(produced[stage]).toBeDefined();
    const later = { parse: artifacts.rules, check: artifacts.rules, compile: artifacts.solved, solve: artifacts.engine, query: undefined };
    expect(later[stage]).toBeUndefined();
  });

  it('stops at the first stage that reports an error', () => {
    const broken = [{ name: 'broken.yaml', text: 'features: [{name: vx}]\n' }];
    const r = runPipeline(target, broken);
    expect(r.reached).toBe('parse');
    expect(r.diagnostics.map((d) => d.code)).toContain('parse/missing-key');
  });

  it('ends with an engine that answers like the facade', () => {
    const e: ArchEngine = runPipeline(target, sources).artifacts.engine!;
    const r = e.relations!.compare({ name: 'z14' }, { name: 'z13' });
    expect(r.ok && r.value.result).toBe('superset');
  });
});
