/** The three cumulative feature sets of a CPU definition. */
export type SetKind = 'base' | 'default' | 'full';
export const SET_KINDS: readonly SetKind[] = ['base', 'default', 'full'];

/** QEMU's name of a generation level, e.g. GEN14_GA2. */
export function levelKey(gen: number, ga: number): string {
  return `GEN${gen}_GA${ga}`;
}
