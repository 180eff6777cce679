/**
 * The figures before issue 15 (speed), shown beside this run's in the
 * "before" column of bench/RESULTS.md. From `npm run bench` at e184f89
 * (bench/RESULTS.md of 2026-12-02, same machine) and, for the rows that
 * bench did not have, from the bench files of this change run on e51fe67
 * (the commit before it) on the same day. Reference data, not a test.
 */
export const BEFORE: readonly [RegExp, string][] = [
  [/^model space qemu-7\.2 .*, engine$/, '52.6 ms (197×)'],
  [/^model space qemu-10\.0 .*, engine$/, '50.2 ms (143×)'],
  [/^model space qemu-7\.2 .*QMP bytes/, '44.2 µs/request'],
  [/^model space qemu-10\.0 .*QMP bytes/, '53.1 µs/request'],
  [/^x86_64 model space qemu-7\.2 .*, engine$/, '2.28 ms (140×)'],
  [/^x86_64 model space qemu-10\.0 .*, engine$/, '1.50 ms (227×)'],
  [/^x86_64 model space qemu-7\.2 .*QMP/, '69.4 µs/request'],
  [/^x86_64 model space qemu-10\.0 .*QMP/, '48.2 µs/request'],
  [/^QMP throughput, s390x all pairs.*in flight: cpumodel serve/, '38.7k req/s'],
  [/^QMP throughput, s390x all pairs.*in flight: cpumodel qmp/, '21.9k req/s'],
  [/^QMP throughput, s390x all pairs.*at once: cpumodel serve/, '43.8k req/s'],
  [/^QMP throughput, s390x all pairs.*at once: cpumodel qmp/, '14-46k req/s'],
  [/^QMP throughput, s390x, lock-step.*: cpumodel serve/, '17k req/s'],
  [/^QMP throughput, s390x, lock-step.*: cpumodel qmp/, '14k req/s'],
  [/^QMP throughput, x86_64 .*: cpumodel/, '7-15k req/s'],
  [/^cold `cpumodel compare z13 z14`/, '2.15×'],
  [/^cold `cpumodel compare Westmere Haswell`/, '2.5-3.2×'],
  [/^cold query after a rule file changed/, '4.4-4.7× (no cache)'],
  [/^s390x explainFeature/, 'p99 68.3 µs'],
  [/^s390x explainComparison/, 'p99 1.73 ms'],
  [/^s390x explainBaseline/, 'p99 278.8 µs'],
  [/^x86_64 explainFeature/, 'p99 65-79 µs'],
  [/^x86_64 explainComparison/, 'p99 5.1-10.6 ms'],
  [/^x86_64 explainBaseline/, 'p99 0.26-3.6 ms'],
  [/^peak RSS of serve/, '75 MB'],
];

/** The earlier figure of a row, if it has one. */
export function before(what: string): string {
  return BEFORE.find(([re]) => re.test(what))?.[1] ?? '';
}
