import type { Because } from './because.js';

/** An indented tree; `maxDepth` cuts deeper premises with a count of what was left out. */
export function renderTree(root: Because, maxDepth = Infinity): string {
  const lines: string[] = [];
  const walk = (b: Because, prefix: string, childPrefix: string, depth: number) => {
    const rule = b.rule ? `  [${b.rule.id} @ ${b.rule.at}]` : '';
    lines.push(`${prefix}${b.claim}${rule}`);
    const kids = b.premises ?? [];
    if (depth >= maxDepth && kids.length > 0) {
      lines.push(`${childPrefix}└─ … ${kids.length} more`);
      return;
    }
    kids.forEach((k, i) => {
      const last = i === kids.length - 1;
      walk(k, `${childPrefix}${last ? '└─ ' : '├─ '}`, `${childPrefix}${last ? '   ' : '│  '}`, depth + 1);
    });
  };
  walk(root, '', '', 0);
  return lines.join('\n');
}
