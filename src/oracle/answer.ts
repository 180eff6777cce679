import type { ArchEngine, QueryRequest as QmpRequest } from '../index.js';
import { createQmpSession } from '../server/qmp-server.js';

/**
 * cpumodel's answers, end to end: each request goes as a JSON line through a
 * negotiated QMP session (parser, QAPI checks, engine, writer), exactly as a
 * client's would.
 */
export function cpumodelAnswerer(engine: ArchEngine): (request: QmpRequest) => string {
  const session = createQmpSession(engine, 'cpumodel oracle');
  session.onInput('{"execute": "qmp_capabilities"}\n');
  return (request) => {
    const lines = session.onInput(`${JSON.stringify(request)}\n`);
    if (lines.length !== 1) throw new Error(`expected one reply to ${JSON.stringify(request)}, got ${lines.length}`);
    return lines[0]!;
  };
}
