/**
 * The canonical layout of rule files and environment descriptions, as data:
 * per entry kind, the key order, flow (`{…}` on one line) or block style,
 * and how scalars are written. Keys a layout does not list keep their place
 * after the listed ones; nodes without a layout are left as written.
 */
export interface Layout {
  order?: readonly string[];
  /** `keep`: the author's choice (entries that are short in some files, long in others). */
  style?: 'flow' | 'block' | 'keep';
  /** Layouts of the values under each key (maps). */
  keys?: Readonly<Record<string, Layout>>;
  /** Layout of every item (sequences). */
  items?: Layout;
  /** quoted: a double-quoted string; plain: unquoted where YAML allows; decimal; hex with this many digits. */
  scalar?: 'quoted' | 'plain' | 'decimal' | { hex: number };
}

export const QUOTED: Layout = { scalar: 'quoted' };
export const DECIMAL: Layout = { scalar: 'decimal' };
export const hex = (digits: number): Layout => ({ scalar: { hex: digits } });
/** A list of names: `[a, b, c]`. */
export const NAMES: Layout = { style: 'flow', items: { scalar: 'plain' } };
export const NAME: Layout = { scalar: 'plain' };

export const block = (items: Layout): Layout => ({ style: 'block', items });

/** A file of several sections (a file may hold several), in the given order. */
export const fileLayout = (sections: Readonly<Record<string, Layout>>): Layout => ({ style: 'block', order: Object.keys(sections), keys: sections });
