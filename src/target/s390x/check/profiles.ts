import { error, warning, type Diagnostic } from '../../../diag/diagnostic.js';
import type { Name, ProfileDecl, RuleSetAst, Versioned } from '../parse/ast.js';
import { atLeast } from '../../../util/version.js';
import { didYouMean } from '../../../util/fuzzy.js';
import { levelKey } from '../levels.js';

/**
 * Profiles and version ranges. `since`/`until` are QEMU versions (they may
 * fall between profiles), but an entry must exist in some profile, and a
 * rule may only use names that exist in every profile the rule is in:
 * the compiler drops a name absent from a profile without a word.
 */
type Profiles = ReadonlySet<string>;

/** The profiles an entry with this range is in. */
function profilesOf(ast: RuleSetAst, v: Partial<Versioned>, within?: Profiles): Set<string> {
  return new Set(ast.profiles.filter((p) => (!within || within.has(p.name.value)) &&
    atLeast(p.qemu.value, v.since?.value) && (v.until === undefined || !atLeast(p.qemu.value, v.until.value))).map((p) => p.name.value));
}

const list = (names: Iterable<string>) => [...names].map((n) => `\`${n}\``).join(', ');
const profileWord = (names: readonly string[]) => (names.length === 1 ? 'profile' : 'profiles');

/** A profile's version as a `since` would name it: "10.0" for 10.0.2. */
const shortVersion = (p: ProfileDecl) => p.qemu.value.split('.').slice(0, 2).join('.');

/**
 * A `since` later than every profile: the entry exists in none (an error at
 * the bound, suggesting a profile's version). An `until` before every
 * profile is history (old machine types), not a mistake.
 */
function checkReachable(ast: RuleSetAst, what: string, v: Versioned, diags: Diagnostic[]): void {
  const since = v.since;
  if (!since || ast.profiles.length === 0 || ast.profiles.some((p) => atLeast(p.qemu.value, since.value))) return;
  const versions = ast.profiles.map(shortVersion);
  diags.push(error('check/in-no-profile', `${what} exists in no profile: \`since: "${since.value}"\` is later than ${list(ast.profiles.map((p) => p.name.value))}`,
    since.span, didYouMean(since.value, versions) ?? `the profiles are QEMU ${versions.join(' and ')}: name one of them or an earlier version`));
}

/**
 * Names a rule adds in profiles where they do not exist (the compiler drops
 * them there without a word): one warning per rule, naming those profiles.
 * Lists that only take away (unavailable, remove, featoff, deprecated) are
 * exempt: taking away what a profile lacks loses nothing.
 */
function checkUses(what: string, refs: readonly Name[], used: Profiles, exists: ReadonlyMap<string, Profiles>, diags: Diagnostic[]): void {
  // A name in no profile at all is check/in-no-profile, reported at the name.
  const lacking = refs.filter((r) => exists.get(r.value)?.size && [...used].some((p) => !exists.get(r.value)!.has(p)));
  if (lacking.length === 0) return;
  const missing = [...used].filter((p) => lacking.some((r) => !exists.get(r.value)!.has(p)));
  const names = [...new Set(lacking.map((r) => r.value))];
  diags.push(warning('check/missing-in-profile',
    `${what} uses ${list(names)} in ${profileWord(missing)} ${list(missing)}, where ${names.length === 1 ? 'it does' : 'they do'} not exist: the rule silently drops ${names.length === 1 ? 'it' : 'them'} there`,
    lacking[0]!.span, `give the rule a \`since\` as late as the names', or drop their \`since\` if they exist in ${list(missing)} too`));
}

/** Every versioned entry exists in some profile (structural: `checkRules`). */
export function checkProfiles(ast: RuleSetAst, diags: Diagnostic[]): void {
  for (const f of ast.features) checkReachable(ast, `feature \`${f.name.value}\``, f, diags);
  for (const g of ast.groups) checkReachable(ast, `group \`${g.name.value}\``, g, diags);
  for (const g of ast.generations) checkReachable(ast, `generation level \`${levelKey(g.gen.value, g.ga.value)}\``, g, diags);
  for (const d of ast.dependencies) checkReachable(ast, `the dependency \`${d.feature.value}\` requires \`${d.requires.value}\``, d, diags);
  for (const l of ast.qemuLists) checkReachable(ast, `qemu feature list \`${l.name.value}\``, l, diags);
  for (const r of ast.envRules) checkReachable(ast, `environment rule \`${r.id.value}\``, r, diags);
  for (const d of ast.definitions) checkReachable(ast, `CPU definition \`${d.name.value}\``, d, diags);
  for (const m of ast.machines) checkReachable(ast, `machine type \`${m.name.value}\``, m, diags);
  for (const d of ast.deprecations) checkReachable(ast, 'the deprecation list', d, diags);
  for (const d of ast.searchIgnores) checkReachable(ast, 'the definition search exemption', d, diags);
}

/** `check/missing-in-profile` (warning, a policy check): names a rule adds in profiles that lack them. */
export function missingInProfile(ast: RuleSetAst): Diagnostic[] {
  const diags: Diagnostic[] = [];
  const names = new Map<string, Profiles>([...ast.features, ...ast.groups].map((d) => [d.name.value, profilesOf(ast, d)]));
  const uses = (v: Versioned, what: string, adds: readonly Name[]) => checkUses(what, adds, profilesOf(ast, v), names, diags);
  for (const g of ast.groups) uses(g, `group \`${g.name.value}\``, g.members);
  for (const g of ast.generations) uses(g, `generation level \`${levelKey(g.gen.value, g.ga.value)}\``, Object.values(g.add).flat());
  for (const d of ast.dependencies) uses(d, `the dependency \`${d.feature.value}\` requires \`${d.requires.value}\``, [d.feature, d.requires]);
  for (const l of ast.qemuLists) uses(l, `qemu feature list \`${l.name.value}\``, l.add);
  for (const r of ast.envRules) uses(r, `environment rule \`${r.id.value}\``, r.available);
  return diags;
}
