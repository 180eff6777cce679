/** What changed in one entry: `field a → b` for scalars, `field +x -y` for lists. */
export function fieldChanges(a: Record<string, string | string[]>, b: Record<string, string | string[]>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((k) => {
    const [x, y] = [a[k] ?? '', b[k] ?? ''];
    if (Array.isArray(x) || Array.isArray(y)) {
      const [sx, sy] = [new Set(x), new Set(y)];
      const plus = [...sy].filter((v) => !sx.has(v)).map((v) => `+${v}`);
      const minus = [...sx].filter((v) => !sy.has(v)).map((v) => `-${v}`);
      return plus.length + minus.length > 0 ? [`${k} ${[...plus, ...minus].join(' ')}`] : [];
    }
    return x === y ? [] : [`${k} ${x || '(none)'} → ${y || '(none)'}`];
  });
}
