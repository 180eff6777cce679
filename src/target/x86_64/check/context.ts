import { error, withRelated, type Diagnostic } from '../../../diag/diagnostic.js';
import { emptyOutline, mayReportUnknown, type Outline } from '../../../parse/outline.js';
import { didYouMean } from '../../../util/fuzzy.js';
import { compareVersions } from '../../../util/version.js';
import type { Name, ProfileDecl, Versioned } from '../ast.js';

/**
 * What every x86_64 check shares: the profiles, the profile set of each
 * entry, and namespaces of declared names with the profiles they exist in.
 *
 * INVARIANT (profile-masks): a profile set is a bit mask over the declared
 * profiles in file order (bit i = profile i); an entry's set is its parent's
 * set narrowed by its own `since`/`until`.
 */
export type Mask = number;

export interface Decl {
  name: Name;
  mask: Mask;
}

/** Declared names of one kind, each with the profiles it exists in. */
export class Namespace {
  readonly decls = new Map<string, Decl[]>();

  /** `unknownCode` is set for the kinds rules refer to. */
  constructor(readonly what: string, readonly unknownCode = '') {}

  /** The profiles in which `name` exists (0: never). */
  mask(name: string): Mask {
    return (this.decls.get(name) ?? []).reduce((m, d) => m | d.mask, 0);
  }

  has(name: string): boolean {
    return this.decls.has(name);
  }

  names(): string[] {
    return [...this.decls.keys()];
  }
}

export class Ctx {
  readonly diags: Diagnostic[] = [];
  readonly all: Mask;
  private readonly checkedRanges = new Set<string>();

  constructor(readonly profiles: readonly ProfileDecl[], private readonly outline: Outline = emptyOutline()) {
    this.all = profiles.length >= 31 ? -1 : (1 << profiles.length) - 1;
  }

  /** The profiles of an entry: its parent's, narrowed by its since/until (checked once per entry). */
  range(v: Versioned, parent: Mask = this.all): Mask {
    this.checkRange(v);
    let mask = 0;
    this.profiles.forEach((p, i) => {
      const q = p.qemu.value;
      if ((!v.since || compareVersions(q, v.since.value) >= 0) && (!v.until || compareVersions(q, v.until.value) < 0)) mask |= 1 << i;
    });
    return mask & parent;
  }

  /** The names of the profiles in a mask. */
  profileNames(mask: Mask): string[] {
    return this.profiles.filter((_, i) => mask & (1 << i)).map((p) => `\`${p.name.value}\``);
  }

  /** Declare a name; a second declaration in overlapping profiles is a duplicate (reported unless `quiet`). */
  declare(ns: Namespace, name: Name, mask: Mask, quiet = false): boolean {
    const list = ns.decls.get(name.value) ?? [];
    const clash = list.find((d) => d.mask & mask);
    if (clash && !quiet) {
      this.diags.push(withRelated(error('check/duplicate-name', `${ns.what} \`${name.value}\` is declared twice`, name.span,
        'rename one of them, or remove the repeat'), clash.name.span, 'first declared here'));
    }
    list.push({ name, mask });
    ns.decls.set(name.value, list);
    return clash === undefined;
  }

  /** Resolve a reference made in the profiles `mask`; reports unknown names and names missing in some of them. */
  resolve(ref: Name, mask: Mask, ...pools: Namespace[]): boolean {
    const have = pools.reduce((m, ns) => m | ns.mask(ref.value), 0);
    if (!pools.some((ns) => ns.has(ref.value))) {
      if (!mayReportUnknown(this.outline, ref.value)) return false;
      const candidates = pools.flatMap((ns) => ns.names());
      this.diags.push(error(pools[0]!.unknownCode, `unknown ${pools.map((p) => p.what).join(' or ')} \`${ref.value}\``, ref.span,
        didYouMean(ref.value, candidates)));
      return false;
    }
    const missing = mask & ~have;
    if (missing) {
      this.diags.push(error('check/missing-in-profile',
        `\`${ref.value}\` is used in profile ${this.profileNames(missing).join(', ')}, where it does not exist`, ref.span,
        `it exists only in ${this.profileNames(have).join(', ') || 'no profile'}: give this entry the same \`since\`/\`until\``));
    }
    return true;
  }

  /** `since`/`until` must name a profile's QEMU version ("10.0" names 10.0.2) and leave the entry some version. */
  private checkRange(v: Versioned): void {
    if (this.profiles.length === 0) return;
    for (const bound of [v.since, v.until]) {
      if (!bound) continue;
      const key = `${bound.span.file}:${bound.span.start}`;
      if (this.checkedRanges.has(key)) continue;
      this.checkedRanges.add(key);
      if (!this.profiles.some((p) => namesVersion(bound.value, p.qemu.value))) {
        const versions = this.profiles.map((p) => p.qemu.value.split('.').slice(0, 2).join('.'));
        this.diags.push(error('check/unknown-version', `\`${bound.value}\` is not the version of any profile`, bound.span,
          didYouMean(bound.value, versions) ?? `profiles: ${this.profiles.map((p) => `\`${p.qemu.value}\``).join(', ') || 'none'}`));
      }
    }
    if (v.since && v.until && compareVersions(v.since.value, v.until.value) >= 0 && !this.checkedRanges.has(`empty:${v.span.start}:${v.span.file}`)) {
      this.checkedRanges.add(`empty:${v.span.start}:${v.span.file}`);
      this.diags.push(error('check/empty-version-range', `the entry exists in no version: \`since: "${v.since.value}"\` is not before \`until: "${v.until.value}"\``,
        v.until.span, '`until` is the first version without it: make it later than `since`'));
    }
  }
}

/** "10.0" names 10.0.2 (a dotted prefix); "10" names 10.0.2 too. */
export function namesVersion(bound: string, qemu: string): boolean {
  const a = bound.split('.'), b = qemu.split('.');
  return a.length <= b.length && a.every((x, i) => Number(x) === Number(b[i]));
}
