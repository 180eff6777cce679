import { join } from 'node:path';
import type { QemuVersion } from '../../src/oracle/binaries.js';

/** The recorded QMP fuzz inputs: a fixed seed, how many, and where QEMU's answers live. */
export const FUZZ_SEED = 20261202;
export const LIVE_CASES = 120;
export const fuzzFixture = (version: QemuVersion) => join(import.meta.dirname, '..', 'fixtures', 'qmp-protocol', `fuzz-${version}.json`);
