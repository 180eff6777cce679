/**
 * `cpumodel emulator --write-launcher PATH`: an executable that libvirt can
 * run as its QEMU binary, with the options baked in (libvirt clears the
 * environment: absolute paths to node and to cpumodel).
 *
 * The launcher serves a snapshot: the rule files and the environment
 * description as they were when it was written, copied next to it into
 * `PATH.snapshot-HASH/` (HASH: of the options and the inputs), with the rule
 * cache primed there. libvirt keys its capability cache by the emulator's
 * path and ctime, so answers it cached always match the inputs the launcher
 * serves; writing the launcher again (atomically: a new file, a new ctime,
 * in a later second than the old one) makes libvirt probe again. Snapshots
 * of earlier launchers at PATH are removed.
 *
 * The snapshot's rule files are named `NNN-NAME.yaml` in their original
 * order; the emulator serving it works in the snapshot folder, so that the
 * rule files' names, and with them the rule cache's key, are the same as
 * when the cache was primed.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { locateEnvironment } from '../load/environments.js';
import { writeFileAtomic, type RuleSet } from '../index.js';
import { READY_FD, READY_MARK } from '../emulator/daemon.js';
import type { Ctx } from './context.js';
import { usageError } from './errors.js';

const RULES = 'rules';
const ENV = 'env.yaml';

/** The context of an emulator serving `--snapshot DIR`: its rules, its environment, its primed cache. */
export function snapshotContext(ctx: Ctx): Ctx {
  const dir = ctx.options.snapshot;
  if (typeof dir !== 'string') return ctx;
  if (ctx.rules) throw usageError('`--snapshot` serves the rules it holds: no `--rules` with it');
  process.chdir(dir);
  process.env.CPUMODEL_CACHE_DIR = resolve('cache');
  return { ...ctx, rules: [RULES] };
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

interface Inputs { arch: string; profile: string; rules: RuleSet; env?: { name: string; text: string } }

async function inputsOf(ctx: Ctx): Promise<Inputs> {
  const { loadRules, openProfileEngine, environmentEngine } = await import('./session.js');
  const engine = openProfileEngine(ctx);
  const rules = loadRules(ctx);
  const env = ctx.options.env;
  if (typeof env !== 'string') return { arch: engine.arch.name, profile: engine.profile.name, rules };
  await environmentEngine(ctx, env); // its diagnostics end the run here, not in libvirt's probe
  const file = locateEnvironment(rules.target.environments!.builtinDir, env)!;
  return { arch: engine.arch.name, profile: engine.profile.name, rules, env: { name: env, text: readFileSync(file, 'utf8') } };
}

function hashOf(inputs: Inputs, options: readonly string[]): string {
  const h = createHash('sha256').update(JSON.stringify(options));
  for (const s of inputs.rules.sources) h.update(`\0${s.name}\0${s.text}`);
  if (inputs.env) h.update(`\0env\0${inputs.env.text}`);
  return h.digest('hex').slice(0, 16);
}

/** Writes the snapshot folder (complete, or not at all) and primes its rule cache. */
async function writeSnapshot(dir: string, inputs: Inputs): Promise<void> {
  if (existsSync(dir)) return;
  const temp = mkdtempSync(`${dir}.tmp-`);
  chmodSync(temp, 0o755); // the QEMU user libvirt runs the launcher as must read it
  mkdirSync(join(temp, RULES));
  inputs.rules.sources.forEach((s, i) => writeFileSync(join(temp, RULES, `${String(i).padStart(3, '0')}-${basename(s.name)}`), s.text));
  if (inputs.env) writeFileSync(join(temp, ENV), inputs.env.text);
  await primeCache(temp, inputs);
  renameSync(temp, dir);
}

/** Loads the snapshot's rules once from inside it, so that the cache file is there for the emulator. */
async function primeCache(dir: string, inputs: Inputs): Promise<void> {
  const { openRules } = await import('../index.js');
  const cwd = process.cwd();
  const before = process.env.CPUMODEL_CACHE_DIR;
  try {
    process.chdir(dir);
    process.env.CPUMODEL_CACHE_DIR = join(dir, 'cache');
    openRules([RULES], inputs.arch).engine(inputs.profile);
  } finally {
    process.chdir(cwd);
    if (before === undefined) delete process.env.CPUMODEL_CACHE_DIR;
    else process.env.CPUMODEL_CACHE_DIR = before;
  }
}

/** libvirt's capability cache compares ctimes in seconds: the new launcher must not share the old one's second. */
async function laterSecond(path: string): Promise<void> {
  const old = statSync(path, { throwIfNoEntry: false });
  if (!old) return;
  const wait = Math.floor(old.ctimeMs / 1000) * 1000 + 1000 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait + 10));
}

/** An absolute path to a program found on PATH now (libvirt runs the launcher with another PATH, or none). */
function which(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/bin', '/bin'];
  return dirs.map((dir) => join(dir, name)).find((path) => path.startsWith('/') && existsSync(path));
}

/**
 * The launcher: a shell script using only the shell's builtins and absolute
 * paths (libvirt's PATH may be empty). With -daemonize it does QEMU's parent
 * part itself (one node process per start, not two): it starts the emulator
 * (in a new session when \`setsid\` exists) with the ready descriptor on a
 * pipe it reads to the end. What the emulator prints until it serves comes
 * down that pipe, then the mark: the text is printed on stderr, as QEMU
 * prints it before daemonizing; with the mark the exit status is 0, else 1.
 */
function launcherText(snapshot: string, options: readonly string[], hash: string): string {
  const entry = realpathSync(process.argv[1]!);
  const command = `${[process.execPath, ...process.execArgv, entry].map(quote).join(' ')} emulator ${options.map(quote).join(' ')} --snapshot ${quote(snapshot)} -- "$@"`;
  const setsid = which('setsid');
  return [
    '#!/bin/sh',
    '# cpumodel emulator launcher: give it to libvirt as the QEMU binary (--emulatorbin, --emulator, <emulator>).',
    `# Written by \`cpumodel emulator --write-launcher\` on ${new Date().toISOString()}; it serves the rules and`,
    `# environment saved in ${snapshot} (${hash}). Write it again after changing them.`,
    'case " $* " in',
    '*" -daemonize "*|*" --daemonize "*)',
    `  out=$(${READY_FD}=3 ${setsid ? `${quote(setsid)} ` : ''}${command} 3>&1 >/dev/null 2>/dev/null </dev/null &)`,
    `  mark=${quote(READY_MARK)}`,
    '  case $out in',
    '  "$mark") exit 0;;',
    '  *"$mark") printf \'%s\' "${out%"$mark"}" >&2; exit 0;;',
    '  "") printf \'%s\\n\' "$0: the emulator ended before serving, without a word (run this launcher without -daemonize to see why)" >&2; exit 1;;',
    '  esac',
    '  printf \'%s\\n\' "$out" >&2; exit 1;;',
    'esac',
    `exec ${command}`,
    '',
  ].join('\n');
}

function removeOldSnapshots(path: string, keep: string): void {
  const prefix = `${basename(path)}.snapshot-`;
  for (const name of readdirSync(dirname(path))) {
    if (name.startsWith(prefix) && join(dirname(path), name) !== keep) rmSync(join(dirname(path), name), { recursive: true, force: true });
  }
}

/** The options baked into the launcher (the snapshot stands for --rules and the environment's file). */
function bakedOptions(ctx: Ctx, inputs: Inputs): string[] {
  const out = ['--arch', inputs.arch, '--profile', inputs.profile];
  if (inputs.env) out.push('--env', ENV);
  if (typeof ctx.options.machine === 'string') out.push('--machine', ctx.options.machine);
  if (typeof ctx.options.qemu === 'string') out.push('--qemu', resolve(ctx.options.qemu));
  if (typeof ctx.options.log === 'string') out.push('--log', resolve(ctx.options.log));
  return out;
}

/** libvirt 11.3's own defects a user of the launcher meets (README: libvirt on top of cpumodel). */
const LIBVIRT_NOTES = [
  'note: libvirt 11.3 prints `An error occurred, but the cause is unknown` for every compare or baseline error QEMU reports; `cpumodel compare` and `cpumodel baseline` say why',
  'note: libvirt 11.3 reports QEMU\'s `subset` as incompatible, and drops the `false` features of a baseline',
  'note: a one-CPU `hypervisor-cpu-baseline` whose expansion fails (a model requiring a feature it cannot have) crashes libvirtd 11.3: check the CPU with `cpumodel expand` first',
];

/** Whether QEMU answers comparison and baseline for this architecture (libvirt's notes concern those). */
function rulesHaveRelations(inputs: Inputs): boolean {
  const r = inputs.rules.engine(inputs.profile);
  return 'engine' in r && r.engine.relations !== undefined;
}

function tryLines(path: string, inputs: Inputs): string[] {
  const virt = inputs.env ? 'kvm' : 'qemu';
  const common = `--arch ${inputs.arch} --virttype ${virt}`;
  return [
    `virsh domcapabilities --emulatorbin ${path} ${common}`,
    `virsh hypervisor-cpu-models --emulator ${path} ${common} --all`,
    `virsh hypervisor-cpu-baseline --emulator ${path} ${common} CPUS.xml [--features]`,
    ...(inputs.env ? [`virsh hypervisor-cpu-compare --emulator ${path} ${common} CPU.xml`] : []),
  ];
}

export async function writeLauncher(ctx: Ctx, target: string): Promise<number> {
  if (ctx.args.length > 0) throw usageError('`--write-launcher` takes no QEMU arguments: libvirt gives them to the launcher');
  if (ctx.options.snapshot !== undefined) throw usageError('`--snapshot` is for the launcher itself');
  const path = resolve(target);
  const inputs = await inputsOf(ctx);
  const options = bakedOptions(ctx, inputs);
  const hash = hashOf(inputs, options);
  const snapshot = `${path}.snapshot-${hash}`;
  await writeSnapshot(snapshot, inputs);
  await laterSecond(path);
  writeFileAtomic(path, launcherText(snapshot, options, hash), { mode: 0o755 });
  removeOldSnapshots(path, snapshot);
  const notes = rulesHaveRelations(inputs) ? LIBVIRT_NOTES : [];
  ctx.io.out([`${path}: a QEMU ${inputs.arch} launcher (${inputs.profile}${inputs.env ? `, environment ${inputs.env.name}, KVM` : ', TCG'})`, 'try:', ...tryLines(path, inputs).map((l) => `  ${l}`), ...notes].join('\n') + '\n');
  return 0;
}
