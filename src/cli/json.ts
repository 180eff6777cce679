/** `--json` output: QEMU's QMP writer (separators, QDict key order, escapes). */
export { toJson } from '../qmp/json-write.js';
