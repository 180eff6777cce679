import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from '../util/fuzzy.js';
import { palette, wantColor } from './color.js';
import { processIo, type CommandModule, type Ctx, type Io, type OptionValues } from './context.js';
import { CliError, DiagnosticsError, usageError } from './errors.js';
import { fileDiagnostic, FileError, renderDiagnostics, summaryLine, targetNames, type Diagnostic } from '../index.js';

type Options = NonNullable<ParseArgsConfig['options']>;

interface Command {
  summary: string;
  /** How many leading arguments are models (`-cpu` syntax): they pick the architecture when --arch is absent. */
  models?: number;
  /** Options of this command besides the global ones. */
  options: Options;
  load(): Promise<CommandModule>;
}

const GLOBAL: Options = {
  arch: { type: 'string' },
  profile: { type: 'string' },
  json: { type: 'boolean' },
  rules: { type: 'string', multiple: true },
  machine: { type: 'string' },
  env: { type: 'string' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
};

/** `--explain` (with `--depth N`) on the query commands. */
const EXPLAIN: Options = { explain: { type: 'boolean' }, depth: { type: 'string' } };

/** `--format libvirt|cpu-spec [--features]` on the commands that answer a model. */
const FORMAT: Options = { format: { type: 'string' }, features: { type: 'boolean' } };

/** The subcommands; each module is imported only when its command runs. */
const COMMANDS: Readonly<Record<string, Command>> = {
  expand: { summary: 'expand a model (query-cpu-model-expansion)', models: 1, options: { type: { type: 'string' }, ...FORMAT }, load: () => import('./expand.js') },
  compare: { summary: 'compare two models (query-cpu-model-comparison, or cpumodel\'s own where QEMU has none)', models: 2, options: EXPLAIN, load: () => import('./compare.js') },
  baseline: { summary: 'baseline of two or more models (query-cpu-model-baseline)', models: Infinity, options: { ...EXPLAIN, ...FORMAT }, load: () => import('./baseline.js') },
  definitions: { summary: 'list the models as query-cpu-definitions does', options: EXPLAIN, load: () => import('./definitions.js') },
  host: { summary: 'the host model of an environment (KVM); `host import FILE` reads a real host', options: { type: { type: 'string' }, out: { type: 'string' }, qemu: { type: 'string' }, ...EXPLAIN, ...FORMAT }, load: () => import('./host.js') },
  'check-run': { summary: 'can a VM start with MODEL (under TCG, or in an environment: --env)', models: 1, options: EXPLAIN, load: () => import('./check-run.js') },
  migrate: { summary: 'can a guest with MODEL move --from ENV --to ENV', models: 1, options: { from: { type: 'string' }, to: { type: 'string' }, depth: { type: 'string' } }, load: () => import('./migrate.js') },
  cluster: { summary: 'the model that runs on every host of a cluster', options: { ...EXPLAIN, ...FORMAT }, load: () => import('./cluster.js') },
  environments: { summary: 'list the built-in environments', options: {}, load: () => import('./environments.js') },
  explain: { summary: 'why a feature is enabled or disabled in a model', models: 1, options: { depth: { type: 'string' } }, load: () => import('./explain.js') },
  'lint-model': { summary: 'check a model against the feature dependencies', models: 1, options: { depth: { type: 'string' } }, load: () => import('./lint-model.js') },
  models: { summary: 'list the models with their definition and set sizes', options: {}, load: () => import('./models.js') },
  features: { summary: 'list the features [--model NAME]', options: { model: { type: 'string' } }, load: () => import('./features.js') },
  machines: { summary: 'list the machine types: qemu model, featoffs, alias', options: {}, load: () => import('./machines.js') },
  groups: { summary: 'list the feature groups and their members', options: {}, load: () => import('./groups.js') },
  qmp: { summary: 'speak QMP on stdin/stdout like qemu-system-ARCH -qmp stdio', options: { 'x-relations': { type: 'boolean' } }, load: () => import('./qmp.js') },
  serve: {
    summary: 'serve QMP on unix and TCP sockets, a session per connection',
    options: { qmp: { type: 'string', multiple: true }, 'allow-remote': { type: 'boolean' }, 'max-request': { type: 'string' }, 'max-output': { type: 'string' }, 'max-clients': { type: 'string' }, 'max-buffered': { type: 'string' }, 'idle-timeout': { type: 'string' }, 'request-timeout': { type: 'string' }, 'x-relations': { type: 'boolean' } },
    load: () => import('./serve.js'),
  },
  emulator: {
    summary: 'behave as QEMU for libvirt (-- QEMU-ARGS), or --write-launcher PATH',
    options: { 'write-launcher': { type: 'string' }, qemu: { type: 'string' }, snapshot: { type: 'string' }, log: { type: 'string' } },
    load: () => import('./emulator.js'),
  },
  check: { summary: 'check rule files: every problem, with the policy checks', options: { format: { type: 'string' }, environments: { type: 'string', multiple: true } }, load: () => import('./check.js') },
  fmt: { summary: 'write rule files in the canonical layout (--check, --write)', options: { check: { type: 'boolean' }, write: { type: 'boolean' } }, load: () => import('./fmt.js') },
  agreement: { summary: 'the main job: agreement with the live QEMU 7.2 and 10.0 binaries of each architecture', options: { count: { type: 'string' }, seed: { type: 'string' } }, load: () => import('./agreement.js') },
  diff: { summary: 'semantic regression report between two rule sets or profiles', options: { format: { type: 'string' }, 'fail-on': { type: 'string', multiple: true } }, load: () => import('./diff.js') },
  'what-if': { summary: 'the diff an edit to the rules would cause, in memory', options: { patch: { type: 'string' }, set: { type: 'string', multiple: true }, base: { type: 'string' }, format: { type: 'string' }, 'fail-on': { type: 'string', multiple: true } }, load: () => import('./what-if.js') },
  snapshot: { summary: 'build the warm-start snapshots bin/cpumodel starts from (--status)', options: { mode: { type: 'string' }, status: { type: 'boolean' } }, load: () => import('./snapshot.js') },
  test: { summary: 'run regression suites of cases (default: the built-in suites/)', options: { update: { type: 'boolean' }, coverage: { type: 'boolean' } }, load: () => import('./test.js') },
};

const GLOBAL_HELP = `global options (anywhere on the line):
  --arch ARCH      the architecture: ${targetNames().join(' or ')} (default: the one the rules
                   declare, else the one that knows the model named, else ${targetNames()[0]})
  --profile NAME   answer as this QEMU profile (default: the newest)
  --json           print the QMP-shaped value
  --rules PATH     read rule files from PATH instead of the built-in ones (repeatable)
  --machine NAME   answer as on this machine type (\`cpumodel machines\` lists them;
                   default: -machine none)
  --env ENV        answer under a host environment: a built-in name (see \`cpumodel environments\`) or a .yaml file
  --no-color       no colour (also: NO_COLOR set, or stdout not a terminal)
  -h, --help       this help, or a command's help
  --version        print the version`;

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const list = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  return ['usage: cpumodel COMMAND [ARGS] [OPTIONS]', '', 'commands:', ...list, '', GLOBAL_HELP].join('\n');
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Options may come anywhere: parse with every command's options, check ownership later. */
function parseCommandLine(argv: readonly string[]): { values: OptionValues; positionals: string[] } {
  const options: Options = { ...GLOBAL };
  for (const c of Object.values(COMMANDS)) Object.assign(options, c.options);
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values: values as OptionValues, positionals };
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) throw e;
    const text = (e as Error).message.split('. ')[0]!;
    throw usageError(text.charAt(0).toLowerCase() + text.slice(1), 'run `cpumodel --help` for the options');
  }
}

function lookup(name: string, values: OptionValues): Command {
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) throw usageError(`unknown command \`${name}\``, didYouMean(name, Object.keys(COMMANDS)) ?? 'run `cpumodel --help` for the commands');
  const foreign = Object.keys(values).find((k) => !Object.hasOwn(GLOBAL, k) && !Object.hasOwn(command.options, k));
  if (foreign) throw usageError(`\`--${foreign}\` is not an option of \`${name}\``, `run \`cpumodel ${name} --help\``);
  return command;
}

function context(io: Io, args: string[], values: OptionValues, command: Command): Ctx {
  return {
    io, args, options: values, models: [...args.slice(0, command.models ?? 0), ...(typeof values.model === 'string' ? [values.model] : [])],
    json: values.json === true,
    color: palette(wantColor(io.isTTY, io.env, values['no-color'] === true)),
    profile: values.profile as string | undefined,
    rules: values.rules as string[] | undefined,
    width: io.columns ?? 100,
  };
}

function write(io: Io, text: string): number {
  io.out(`${text}\n`);
  return 0;
}

async function dispatch(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(argv);
  if (values.version) return write(io, `cpumodel ${version()}`);
  const [name, ...args] = positionals;
  if (name === undefined) {
    if (values.help) return write(io, mainHelp());
    throw usageError('missing command', 'run `cpumodel --help` for the commands');
  }
  const command = lookup(name, values);
  const mod = await command.load();
  if (values.help) return write(io, `${mod.help}\n\n${GLOBAL_HELP}`);
  try {
    return await mod.run(context(io, args, values, command));
  } catch (e) {
    if (e instanceof CliError && e.exitCode === 2) e.usage ??= mod.help.split('\n')[0];
    throw e;
  }
}

/**
 * A file-system failure that reached the top: a FileError (src/load/files.ts)
 * or any errno exception with a path, as a diagnostic (never `internal error`).
 */
function fileFailure(e: unknown): Diagnostic | undefined {
  if (e instanceof FileError) return e.diagnostic;
  const errno = e as Partial<NodeJS.ErrnoException> | null;
  if (!(e instanceof Error) || typeof errno?.code !== 'string' || !/^E[A-Z]+$/.test(errno.code)) return undefined;
  const writing = ['EROFS', 'ENOSPC', 'EDQUOT'].includes(errno.code) || /^(write|rename|mkdir|unlink|fsync|chmod|fchmod|rmdir|copyfile)$/.test(errno.syscall ?? '');
  return fileDiagnostic(e, errno.path ?? 'a file', writing ? 'write' : 'read');
}

/** Does the command line ask for JSON (`--json`, `--format json`)? Read from the raw words: usage errors come before parsing. */
function wantsJson(argv: readonly string[]): boolean {
  return argv.some((a, i) => a === '--json' || a === '--format=json' || (a === '--format' && argv[i + 1] === 'json'));
}

/** The codes of `{"error": …}`: they name kinds of failure, not diagnostics (those are listed inside). */
const FAILURE = { usage: 'cli/usage', query: 'cli/query', diagnostics: 'cli/diagnostics', internal: 'cli/internal' } as const;

/** The failure that ended a run, as data: the shape of `{"error": …}` (docs/json.md). */
export interface ErrorJson {
  code: (typeof FAILURE)[keyof typeof FAILURE];
  message: string;
  help?: string;
  usage?: string;
  diagnostics?: Diagnostic[];
}

function failure(e: unknown): { exit: number; error: ErrorJson; text: () => string } {
  const file = fileFailure(e);
  const diags = file ? [file] : e instanceof DiagnosticsError ? [...e.diagnostics] : undefined;
  if (diags) {
    const sources = e instanceof DiagnosticsError ? e.sources : new Map<string, string>();
    const errors = diags.filter((d) => d.severity === 'error');
    const message = errors.length === 1 ? errors[0]!.message : summaryLine(diags);
    return { exit: file ? 2 : (e as DiagnosticsError).exitCode, error: { code: FAILURE.diagnostics, message, diagnostics: diags }, text: () => `${renderDiagnostics(diags, sources)}\n` };
  }
  if (!(e instanceof CliError)) {
    const message = `internal error: ${e instanceof Error ? e.message : String(e)}`;
    return { exit: 1, error: { code: FAILURE.internal, message }, text: () => `${message}\n` };
  }
  const error: ErrorJson = { code: e.exitCode === 2 ? FAILURE.usage : FAILURE.query, message: e.message, ...(e.help ? { help: e.help } : {}), ...(e.usage ? { usage: e.usage } : {}) };
  const lines = [e.message && `error: ${e.message}`, e.help && `help: ${e.help}`, e.usage];
  return { exit: e.exitCode, error, text: () => lines.filter(Boolean).map((l) => `${l}\n`).join('') };
}

/**
 * Run the CLI: returns the exit status (0 ok, 1 query or rule errors, 2 usage
 * errors and unreadable files). A failure is text on stderr, or with `--json`
 * / `--format json` one `{"error": {code, message, help?, usage?, diagnostics?}}` on stdout.
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (e) {
    const f = failure(e);
    if (wantsJson(argv)) io.out(`${JSON.stringify({ error: f.error }, null, 2)}\n`);
    else io.err(f.text());
    return f.exit;
  }
}

/** Entry point of the process: argv, exit status, quiet on a closed pipe. */
export async function runProcess(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(0);
  });
  process.exitCode = await main(argv);
}

function isEntry(): boolean {
  try {
    return process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}

if (isEntry()) await runProcess();
