/** Positions in an input text: byte offsets to 1-based line and column spans. */
import type { Span } from '../diag/diagnostic.js';

export class TextPositions {
  private readonly starts: number[] = [0];

  constructor(readonly file: string, readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  /** The span of [start, end). */
  span(start: number, end = start): Span {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= start) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, col: start - this.starts[lo]! + 1, start, end: Math.max(end, start) };
  }
}
