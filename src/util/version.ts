/** Compare dotted versions numerically: "10.0" > "9.1" > "7.2.22". */
export function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number), y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** True when version `have` is `since` or newer (no `since`: always). */
export function atLeast(have: string, since: string | undefined): boolean {
  return since === undefined || compareVersions(have, since) >= 0;
}
