/** What limits the targets that are missed: profiles taken while writing the benchmark (node --cpu-prof). */
export const NOTES = `## Notes

Sections: 1 in-process vs QEMU over QMP; 2 one client, three servers, fresh processes; 3 wall time
from spawn to exit, runs interleaved, medians of 21; 4 and 5 in-process, qemu-10.0; 6 fresh
processes (built code), medians of 7, and /proc/PID/status VmHWM of \`cpumodel serve\`. Timings on a
shared 2-CPU machine vary by ±20 % from run to run.

**1. Model space, engine (target ≥ 200×).** About 2.5 µs per request; QEMU answers about 2,500
requests/s. The profile of the pair loop: \`findDefinition\` (src/solve/search.ts) ~30 %, because
the base-set test allocates two bitsets per candidate definition (\`base.andNot(features).andNotIn(…)\`,
~40 candidates per baseline); \`compress\` and \`staticInfo\` ~30 % (a clone and 27 group tests per
printed set); \`Bitset.clone\` ~10 %. An allocation-free test (a word loop
\`base & ~features & ~ignored\`, allocating only on a miss, for the explanation trace) took the
qemu-10.0 baselines from 20 ms to 12.5 ms in an experiment, ~217× overall. Through the QMP layer
(bytes in, bytes out) a request costs ~25 µs: GC ~20 %, \`TextEncoder.encode\` ~13 % (QDict key
hashing in modified UTF-8 and string output), token decoding, QAPI visiting and the writer; the
engine is ~10 % of it.

**3. Cold CLI query (target ≤ 1.5× \`node -e 0\`).** Before this work a cold \`compare\` took
about 4.5× (\`yaml\` parsing every rule file: 110 ms, plus loading \`yaml\` and \`json-rules-engine\`:
~40 ms). Now the parsed and checked rules come from a cache (src/cache/rules-cache.ts) and the
parser, \`yaml\` and \`json-rules-engine\` load only on a miss or for an environment. What remains
over \`node -e 0\` (~52 ms): ~8 ms the CLI floor (launcher, main.js, parseArgs: \`--version\`),
~18-20 ms importing the ~50 modules of the facade and the compare command (Node 20's ESM loader:
resolve, asynchronous file reads and compilation per module; the modules' own top-level code is
<1 ms), ~5 ms reading the rules and the cache (loading node:crypto 2 ms, hashing 240 KB of rule and
parser code, JSON.parse of 380 KB), ~4.5 ms compile + solve + catalog, <1 ms query and output.
Reaching 1.5× needs fewer modules on the path (src/index.ts re-exports every query and explanation
module statically; a bundled build of the CLI measured ~12 ms less) or caching the compiled rules
and solution as well; Node 22's module compile cache would help too.

**5. explainComparison (target p99 < 1 ms).** The median is ~0.2 ms, but for two distant models
(e.g. zEC12 against gen17b) there are 200-300 responsible properties, and for each one
\`explainComparison\` calls \`explainFeature(engine, request, …)\` twice, which rebuilds the model
from the request every time (src/query/explain-compare.ts \`side\`): 500+ model builds per question.
Explaining against the two models built once would make it linear in the properties. The
maxima (~10-20 ms) of every kind are young-generation GC pauses.`;
