/** `[#######.......] 12/60 cases` */
export function progressBar(done: number, total: number, width = 30): string {
  const filled = total === 0 ? width : Math.round((width * done) / total);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} cases`;
}

/**
 * A progress bar on a terminal: it shows up only once a run has taken longer
 * than `delayMs` (short runs never flash it), redraws at most every 50 ms,
 * and erases itself at the end. Disabled, it writes nothing.
 */
export class Progress {
  private readonly start: number;
  private last = -Infinity;
  private shown = false;

  constructor(private readonly write: (text: string) => void, private readonly enabled: boolean,
    private readonly now: () => number = Date.now, private readonly delayMs = 300) {
    this.start = now();
  }

  tick(done: number, total: number): void {
    if (!this.enabled) return;
    const t = this.now();
    if (t - this.start < this.delayMs || (t - this.last < 50 && done < total)) return;
    this.write(`\r${progressBar(done, total)}`);
    this.last = t;
    this.shown = true;
  }

  end(): void {
    if (this.shown) this.write('\r\x1b[K');
  }
}
