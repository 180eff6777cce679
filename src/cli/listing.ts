import type { Palette } from './color.js';
import type { Cell } from './table.js';

/** A header row in bold. */
export const header = (c: Palette, names: readonly string[]): Cell[] => names.map((text) => ({ text, paint: c.bold }));

export const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** `0x2064` */
export const hex = (n: number) => `0x${n.toString(16)}`;
