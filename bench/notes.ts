/** What limits the targets that are missed: profiles taken while writing the benchmark (node --cpu-prof). */
export const NOTES = `## Notes

Sections: 1 in-process vs QEMU over QMP; 2 one client against \`serve\`, \`qmp\` and QEMU 10.0 (fresh
processes) per architecture, 500 requests in flight or the whole file written at once; 3 wall time
from spawn to exit, runs interleaved, medians of 21; 4 and 5 in-process, qemu-10.0 (5: s390x and
x86_64); 6 fresh processes (built code), medians of 7, and /proc/PID/status VmHWM of \`cpumodel
serve\`. Timings on a shared 2-CPU machine vary by ±20 % from run to run.

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

**3. Cold CLI query (targets ≤ 1.25× \`node -e 0\` warm, ≤ 3× after a rule change).** \`bin/cpumodel\`
now starts node from a V8 startup snapshot (README "Cold start"): the bundled CLI with both
architectures' built-in rules compiled and solved. Measured from inside (performance.now at the
snapshot's main, many runs): node reaches user code at ~49 ms on this machine with or without a
snapshot of nothing (+1-3 ms); this snapshot adds ~2.4 MB of heap (code ~1.2 MB: the 450 KB
minified source and its function data; x86 rules ~0.75 MB, s390x ~0.45 MB), ~4 ms per MB to
deserialize, then ~1 ms to check the rule files' stamps and ~2 ms to answer. Tried: a bundle
holding only the query commands (-0.2 MB, no measurable gain), a smaller young generation or
flushed bytecode in the build (V8 then refuses the blob unless run with the same flags; no gain),
dropping the warm-up queries (-0.1 MB). The launcher decides with shell built-ins (0.8 ms; a
\`stat\` process cost 2.2 ms). What remains above 1.25× is the heap itself: dropping an
architecture's rules or the code not on the query path would reach it, at the cost of the other
architecture's first query. Result on a quiet machine: 1.33× (s390x) and 1.35× (x86_64), from 2.15× and
2.5-3.2×. After a rule change the snapshot's process parses only the edited file (rule cache
parts), but with a cold \`yaml\`: features.yaml (36 KB, the bench's edit) takes ~70-90 ms while its
code is still interpreted, plus ~10-30 ms of young-generation GC and ~9 ms loading the parser bundle.
Measured and not kept: a V8 code cache for the parser bundle (-6 ms); \`--always-sparkplug\`,
\`--max-lazy\`, a larger young generation (no gain); the parser inside the snapshot, warmed by a parse
during the build (+0.5 MB, CPU after an edit 227 against 234 ms: a snapshot keeps bytecode and
feedback, not optimized code). Result: 3.5×, from 4.4-4.7× (no rule cache) or 6× (ES modules, one
file edited). Cache writes are no longer flushed to disk (a damaged cache file fails its hash).

**5. Explanations (target p99 < 200 µs, every kind, both architectures).** Questions drawn before
the clock, asked through \`ArchEngine.explainFeature\` and \`Relations\` as \`--explain\` does; median of 5
rounds. Before → after (two runs each, interleaved): s390x comparison p99 ~500 µs → ~155 µs (p50
103 → 35 µs), baseline ~60 → ~30 µs; x86 comparison p99 5-6 ms → 0.3-1.1 ms (p50 ~1 ms → ~55 µs),
baseline ~260 → ~125 µs, feature ~65 → ~40 µs. An x86 comparison expanded both requests with a
trace twice per responsible feature (\`engine.explainFeature\`), and \`Trace.history\` scanned every
step's bit list per feature; the x86 baseline's dependency closure tested every kept feature against
every row (\`includes\` over 64 bits). Now each side is built once (s390x \`Subject\`, x86 \`Traced\`)
and every property is explained against it; facts that depend only on the rules (where a feature
enters the full sets, a rule's citation, the rows' cleared features) are made once. The x86
comparison still misses: it allocates ~145 KB a question (its answer holds ~75 KB, ~230 nodes), so
3,000 questions cause ~25 young-generation GCs of 0.5-1 ms on this loaded machine, ~1 % of the
samples; each question's fastest of 3 runs gives p99 ~150 µs. An allocation profile (inspector
sampling, minor-GC objects included) puts ~58 KB of the 146 KB in \`explainBits\` (each feature's
claim text and premises, i.e. the answer), ~14 KB in the comparison's side sets and ~13 KB in
\`Trace.history\`: halving it means rendering claims on demand, a change to the explanation data. Maxima (5-40 ms) are GC pauses and
preemption.`;
