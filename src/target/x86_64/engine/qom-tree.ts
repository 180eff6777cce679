/**
 * The QOM objects of a `qemu-system-x86_64 -machine none -qmp stdio` process
 * (recorded with qom-list, both versions), for link properties: a path
 * resolves absolutely from `/`, or partially (any object whose path ends
 * with the given components; it must be unique). A link reads back as the
 * target's canonical path.
 */
const OBJECTS: readonly [path: string, type: string][] = [
  ['', 'container'],
  ['/backend', 'container'],
  ['/machine', 'none-machine'],
  ['/machine/peripheral-anon', 'container'],
  ['/machine/peripheral', 'container'],
  ['/machine/unattached', 'container'],
  ['/machine/unattached/io[0]', 'memory-region'],
  ['/machine/unattached/system[0]', 'memory-region'],
  ['/machine/unattached/sysbus', 'System'],
  ['/objects', 'container'],
  ['/chardevs', 'container'],
  ['/chardevs/compat_monitor0', 'chardev-stdio'],
];

export type LinkResolution = { found: string } | 'wrong-type' | 'not-found' | 'ambiguous';

function matches(path: string): (readonly [string, string])[] {
  const parts = path.split('/').filter((p) => p !== '');
  const tail = parts.join('/');
  if (path.startsWith('/')) return OBJECTS.filter(([p]) => p === (tail ? `/${tail}` : ''));
  return OBJECTS.filter(([p]) => tail !== '' && p.endsWith(`/${tail}`));
}

export function resolveLink(path: string, type: string): LinkResolution {
  const found = matches(path);
  const typed = found.filter(([, t]) => t === type);
  if (typed.length === 1) return { found: typed[0]![0] };
  if (typed.length > 1) return 'ambiguous';
  return found.length ? 'wrong-type' : 'not-found';
}
