import type { ArchInfo } from '../types.js';

/** What the s390x target is, without loading any of it. */
export const S390X: ArchInfo = {
  name: 's390x',
  aliases: ['s390'],
  qemuBinary: 'qemu-system-s390x',
  typeSuffix: '-s390x-cpu',
  listings: ['models', 'features', 'groups', 'machines'],
};
