import type { XsaveComponentDecl } from '../ast.js';
import { each, oneOf, versioned, VERSIONED, type SectionReader } from './read.js';

export const STATES = ['xcr0', 'xss'] as const;

export const xsave: SectionReader = (r, node, ast) => {
  const f = r.fields(node, '`xsave`', ['words', 'requires', 'accelerator_gated', 'components'], ['words', 'requires', 'components']);
  if (!f) return;
  const w = r.fields(f.get('words'), '`words`', ['xcr0', 'xss'], ['xcr0', 'xss']);
  const requires = r.str(f.get('requires'), 'requires');
  const components: XsaveComponentDecl[] = [];
  each(r, f.get('components'), 'components', ['component', 'state', 'enabled_by', ...VERSIONED], ['component', 'state', 'enabled_by'], (g, item) => {
    const component = r.int(g.get('component'), 'component');
    const state = oneOf(r, g.get('state'), 'state', STATES);
    const enabledBy = r.names(g.get('enabled_by'), 'enabled_by');
    if (component && state) components.push({ component, state, enabledBy, ...versioned(r, g), span: r.span(item) });
  });
  const acceleratorGated = r.list(f.get('accelerator_gated'), 'accelerator_gated').flatMap((item) => {
    const g = r.fields(item, 'an entry of `accelerator_gated`', VERSIONED);
    return g ? [{ ...versioned(r, g), span: r.span(item) }] : [];
  });
  if (!w || !requires) return;
  ast.xsave.push({ words: { xcr0: r.names(w.get('xcr0'), 'xcr0'), xss: r.names(w.get('xss'), 'xss') }, requires,
    components, acceleratorGated, span: r.span(node) });
};
