import { join } from 'node:path';

/** The recorded realize outputs: seed and count of the random -cpu specs, and where they live. */
export const REALIZE_SEED = 777;
export const REALIZE_COUNT = 150;

export function realizeFixture(arch: string, version: string): string {
  return join(import.meta.dirname, '..', 'fixtures', 'qemu', `${arch}-realize-${version}.json`);
}
