import type { AcceleratorDecl } from '../ast.js';
import { bitList, each, props, versioned, VERSIONED, type SectionReader } from './read.js';

export const accelerators: SectionReader = (r, node, ast) =>
  each(r, node, 'accelerators', ['name', 'unsupported_warning', 'supports', 'supports_bits', 'model_defaults', 'host_model_defaults', 'models_take_host', 'emulated', 'zero_words', 'zero_words_unless', 'property_limits', ...VERSIONED], ['name'], (f, item) => {
    const name = r.str(f.get('name'), 'name');
    const acc: Omit<AcceleratorDecl, 'name'> = {
      supports: [], supportsBits: [], modelDefaults: [], hostModelDefaults: [], propertyLimits: [], zeroWords: r.names(f.get('zero_words'), 'zero_words'),
      modelsTakeHost: r.names(f.get('models_take_host'), 'models_take_host'), emulated: r.names(f.get('emulated'), 'emulated'),
      ...versioned(r, f), span: r.span(item),
    };
    const unless = r.str(f.get('zero_words_unless'), 'zero_words_unless');
    if (unless) acc.zeroWordsUnless = unless;
    const warning = r.str(f.get('unsupported_warning'), 'unsupported_warning');
    if (warning) acc.unsupportedWarning = warning;
    each(r, f.get('supports'), 'supports', ['features', ...VERSIONED], ['features'], (g, entry) => {
      acc.supports.push({ features: r.names(g.get('features'), 'features'), ...versioned(r, g), span: r.span(entry) });
    });
    each(r, f.get('supports_bits'), 'supports_bits', ['word', 'bits', 'reason', ...VERSIONED], ['word', 'bits'], (g, entry) => {
      const word = r.str(g.get('word'), 'word');
      const reason = r.str(g.get('reason'), 'reason')?.value;
      const bits = bitList(r, g.get('bits'), 'bits');
      if (word) acc.supportsBits.push({ word, bits, ...(reason ? { reason } : {}), ...versioned(r, g), span: r.span(entry) });
    });
    each(r, f.get('model_defaults'), 'model_defaults', ['props', ...VERSIONED], ['props'], (g, entry) => {
      acc.modelDefaults.push({ props: props(r, g.get('props'), '`props`'), ...versioned(r, g), span: r.span(entry) });
    });
    each(r, f.get('host_model_defaults'), 'host_model_defaults', ['props', ...VERSIONED], ['props'], (g, entry) => {
      acc.hostModelDefaults.push({ props: props(r, g.get('props'), '`props`'), ...versioned(r, g), span: r.span(entry) });
    });
    each(r, f.get('property_limits'), 'property_limits', ['property', 'max', 'warning', ...VERSIONED], ['property', 'max', 'warning'], (g, entry) => {
      const property = r.str(g.get('property'), 'property');
      const max = r.int(g.get('max'), 'max');
      const warning = r.str(g.get('warning'), 'warning');
      if (property && max && warning) acc.propertyLimits.push({ property, max, warning: warning.value, ...versioned(r, g), span: r.span(entry) });
    });
    if (name) ast.accelerators.push({ name, ...acc });
  });
