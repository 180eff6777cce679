import type { X86Rules } from '../compile/ir.js';

/**
 * The QOM properties the x86 engine itself reads or writes, by role: model
 * loading writes the definition's scalars, expansion raises the CPUID
 * levels, max/host read `migratable`, realize reads `check`/`enforce`.
 * This table is the one place that names them.
 */
const ROLE_NAMES = {
  minLevel: 'min-level', minXlevel: 'min-xlevel', minXlevel2: 'min-xlevel2',
  level: 'level', xlevel: 'xlevel', xlevel2: 'xlevel2', levelFunc7: 'level-func7',
  family: 'family', model: 'model', stepping: 'stepping', modelId: 'model-id', vendor: 'vendor',
  legacyCache: 'legacy-cache', avx10Version: 'avx10-version', migratable: 'migratable',
  apicId: 'apic-id', check: 'check', enforce: 'enforce',
} as const;

export type Role = keyof typeof ROLE_NAMES;
export type Roles = Record<Role, number | undefined>;

export function resolveRoles(rules: X86Rules): Roles {
  const out = {} as Roles;
  for (const [role, name] of Object.entries(ROLE_NAMES)) out[role as Role] = rules.propertyIndex.get(name);
  return out;
}

/**
 * Which limit a CPUID leaf's range raises: basic leaves min-level, 0x8000xxxx
 * min-xlevel, 0xC000xxxx min-xlevel2 (other ranges none).
 */
export function leafLimit(roles: Roles, leaf: number): number | undefined {
  const range = leaf >>> 28;
  return range === 0 ? roles.minLevel : range === 0x8 ? roles.minXlevel : range === 0xc ? roles.minXlevel2 : undefined;
}

/** The limits that take their minimum after expansion unless set: [limit, minimum]. */
export function levelPairs(roles: Roles): [number, number][] {
  const pairs: [number | undefined, number | undefined][] = [
    [roles.level, roles.minLevel], [roles.xlevel, roles.minXlevel], [roles.xlevel2, roles.minXlevel2],
  ];
  return pairs.filter((p): p is [number, number] => p[0] !== undefined && p[1] !== undefined);
}
