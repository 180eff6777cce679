/** What limits the targets that are missed: profiles taken while writing the benchmark (node --cpu-prof). */
export const NOTES = `## Notes

Sections: 1 in-process vs QEMU over QMP; 2 one client against \`serve\`, \`qmp\` and QEMU 10.0 (fresh
processes) per architecture, 500 requests in flight or the whole file written at once; 3 wall time
from spawn to exit, runs interleaved, medians of 21; 4 and 5 in-process, qemu-10.0; 6 fresh
processes (built code), medians of 7, and /proc/PID/status VmHWM of \`cpumodel serve\`. Timings on a
shared 2-CPU machine vary by ±20 % from run to run.

**1. Model space, engine (target ≥ 200×).** About 2.5 µs per request; QEMU answers about 2,500
requests/s. The profile of the pair loop: \`findDefinition\` (src/solve/search.ts) ~30 %, because
the base-set test allocates two bitsets per candidate definition (\`base.andNot(features).andNotIn(…)\`,
~40 candidates per baseline); \`compress\` and \`staticInfo\` ~30 % (a clone and 27 group tests per
printed set); \`Bitset.clone\` ~10 %. An allocation-free test (a word loop
\`base & ~features & ~ignored\`, allocating only on a miss, for the explanation trace) took the
qemu-10.0 baselines from 20 ms to 12.5 ms in an experiment, ~217× overall.

**1. Model space, QMP bytes in-process (target ≤ 8 µs/request).** s390x: ~6-8 µs per request (~2 µs
of it the engine), was ~25-45 µs. A fast path reads whole plain objects straight from the bytes
(src/qmp/json-fast.ts; the byte lexer reads the rest); QAPI visiting builds GLib's hash table only
when a member is unexpected; the writer gathers the pieces of a reply and joins them once (a rope of
a thousand pieces cost more to flatten than to build), remembers flat \`"key": \` prefixes and
quoted names, and writes an expansion's props as runs of 30 remembered by the pattern of their
booleans, other values written between the remembered texts (json-pieces.ts). What remains: GC
~20 %, the writer ~25 %, parsing ~10 %. x86_64 (8-10 KB replies, 400-500 props): ~4-4.5 µs, was
~25-29 (reading a 500-key props object, its QDict order, runs, join). The engine hands over a key
list and its values (optional \`expandList\`): a class's own list, copied and patched where the
state differs, or that list itself when nothing does; a request without props takes its class's
instance expanded on the class's first answer (also for \`expand\`: the engine row went from ~145×
to 230-330×). The writer (\`Members\`) orders a key list once and remembers a recurring list's text.
With props in every request (a fresh list each time, built code) ~12-14 µs, was ~28. The timed part
no longer joins all replies into one 3 MB string (that join costs ~4-6 µs per x86 request). The
bench runs src/ under tsx, where each closure made per call also costs a \`__name\` call: the same
code is ~20 % quicker from dist/.

**2. QMP throughput (target ≥ 100,000 req/s and ≥ 30× QEMU, however the client pipelines).** Before
(main's build, same bench, one run): s390x 22-39k req/s with 500 in flight, 44-46k written at once;
x86_64 7-15k. The cost was the session's (section 1) and one write per 256-byte slice of input, on
stdio a synchronous pipe write per two requests; the input queue was not (it holds the 64 KB chunks
read and drops each once fed). Now a slice ends after its last newline (whole requests, for the fast
path), and the replies to all slices fed in one go are written at once, under the same bound
(feeding stops while more than maxOutputBytes wait unread; test/server checks it): s390x 140-180k
req/s both ways, 40-60× QEMU 10.0. x86_64: was 18-24k req/s, now 42-58k (28-38× QEMU 10.0's ~1.5k;
other jobs loaded the machine): section 1, and replies copied into the write buffer as Latin-1 line
by line (they are ASCII: src/server/reply-lines.ts) instead of joined and UTF-8 encoded, which took
a third of the server's CPU. Bound by moving 10 KB per reply: of ~9 µs of server CPU per request,
the writer's join and the copy into the buffer take ~40 %, GC ~10 %, plus socket I/O; 100k req/s
would be 1 GB/s of replies through one core. Lock-step, one request at a time, is bound by the round
trip (11-12k req/s). Peak RSS of \`serve\` under 200 clients: 78 MB.

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
