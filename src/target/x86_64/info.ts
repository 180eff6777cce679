import type { ArchInfo } from '../types.js';

/** The x86_64 CPU class names end in this (`Westmere-x86_64-cpu`). */
export const TYPE_SUFFIX = '-x86_64-cpu';

/** What the x86_64 target is, without loading any of it. */
export const X86_64: ArchInfo = {
  name: 'x86_64',
  aliases: ['x86-64', 'amd64'],
  qemuBinary: 'qemu-system-x86_64',
  typeSuffix: TYPE_SUFFIX,
  listings: ['models', 'features', 'machines'],
};
