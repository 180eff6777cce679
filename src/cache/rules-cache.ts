/**
 * The parsed and checked rule set (AST + diagnostics) cached on disk.
 *
 * - Key: SHA-256 of the cache format, the architecture, the code that
 *   parses and checks (this module and the import closure of the target's
 *   stages module) and every rule file's display name and text. Any change
 *   rebuilds.
 * - Slot: one file per code folder (src/, dist/ or the bundle) and list of rule file
 *   names, `rules-<hash>.json`: a changed rule file replaces its entry.
 * - Place: $CPUMODEL_CACHE_DIR, else $XDG_CACHE_HOME/cpumodel, else
 *   `.cache/rules/` in the package. CPUMODEL_CACHE=off disables it.
 * - Parts: beside each slot, `rules-<hash>.parts.json` keeps every rule
 *   file's own parse (AST and diagnostics), keyed by the file's name and the
 *   SHA-256 of its text. When the slot misses, only the files whose text
 *   changed are parsed again; the parts are merged (src/parse/merge.ts) and
 *   the whole is checked. Same header, hash and atomic write as the slot.
 * - At most 32 slots, the most recently written; older ones are removed.
 * - File: a header line `{"format", "key", "sha256"}`, then the payload
 *   `{"ast", "diagnostics"}` as JSON; `sha256` is the hash of the payload's
 *   bytes. A payload that does not match its hash (edited, truncated, or
 *   damaged on disk) is never used: the rule set is parsed again and the
 *   file rewritten. The hash detects changes, it does not authenticate: who
 *   can write the cache folder can write a matching hash (keep the folder
 *   private: it is the user's cache or the package's).
 * - Read as every input is (src/load/files.ts: a regular file, at most
 *   MAX_CACHE_BYTES); written with the one atomic writer (src/load/write.ts).
 *   A file that does not parse, has another key or the wrong shape is
 *   ignored and rewritten. Failing to write (a read-only package) only costs
 *   the next run the parse.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../diag/diagnostic.js';
import { readRegular } from '../load/files.js';
import { packageRoot, type SourceText } from '../load/load.js';
import { writeFileAtomic } from '../load/write.js';
import type { Target } from '../target/types.js';
import { mergeAst } from '../parse/merge.js';
import { jsonSafe } from './json-safe.js';

export interface Parsed { ast: unknown; diagnostics: Diagnostic[] }
export type CacheStatus = 'hit' | 'miss' | 'off';

const FORMAT = 3;
const MAX_SLOTS = 32;
/** The largest cache file read: the built-in rule sets' are about 1 MiB. */
const MAX_CACHE_BYTES = 256 * 1024 * 1024;

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.CPUMODEL_CACHE === 'off') return null;
  if (env.CPUMODEL_CACHE_DIR) return env.CPUMODEL_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'cpumodel');
  return join(packageRoot(), '.cache', 'rules');
}

const codeHashes = new Map<string, string>();

/**
 * The files of the code whose output is cached: the target's stages module
 * (parse and check) and every module it imports, directly or not (relative
 * specifiers, followed in src/ or dist/ alike), with their texts.
 */
export function codeClosure(stagesModule: string): Map<string, string> {
  const self = fileURLToPath(import.meta.url);
  const ext = extname(self);
  const texts = new Map<string, string>();
  const queue = [resolve(dirname(self), '..', `${stagesModule}${ext}`)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (texts.has(file) || !existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    texts.set(file, text);
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)\.js'/g)) queue.push(resolve(dirname(file), `${m[1]}${ext}`));
  }
  return texts;
}

/**
 * This module's text and the code closure. Bundled (scripts/bundle.mjs: no
 * such files), the bundles of this folder (the CLI, the parsers) stand for the code.
 */
function codeFingerprint(stagesModule: string): string {
  const known = codeHashes.get(stagesModule);
  if (known) return known;
  const self = fileURLToPath(import.meta.url);
  const hash = createHash('sha256').update(readFileSync(self));
  const texts = codeClosure(stagesModule);
  if (texts.size === 0) for (const name of readdirSync(dirname(self)).filter((n) => n.endsWith('.cjs') && n !== basename(self)).sort()) texts.set(join(dirname(self), name), readFileSync(join(dirname(self), name), 'utf8'));
  for (const file of [...texts.keys()].sort()) hash.update(`${relative(self, file)}\0${texts.get(file)!.length}\0`).update(texts.get(file)!);
  const digest = hash.digest('hex');
  codeHashes.set(stagesModule, digest);
  return digest;
}

/** The cache key of a rule set: format, architecture, code and every file's name and text. */
export function cacheKey(target: Target, sources: readonly SourceText[]): string {
  const hash = createHash('sha256').update(`cpumodel-rules/${FORMAT}\0${target.info.name}\0${codeFingerprint(target.stagesModule)}\0`);
  for (const s of sources) hash.update(`${s.name}\0${s.text.length}\0`).update(s.text);
  return hash.digest('hex');
}

/** The cache file of a list of rule files. */
export function slotPath(dir: string, sources: readonly SourceText[]): string {
  const root = fileURLToPath(new URL('.', import.meta.url));
  const names = createHash('sha256').update([root, ...sources.map((s) => s.name)].join('\0')).digest('hex');
  return join(dir, `rules-${names.slice(0, 16)}.json`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The payload of a cache file, parsed, or undefined when the file is
 * missing, corrupt, of another format or key, or its payload does not match
 * the header's hash.
 */
function readFramed(path: string, key: string): unknown {
  try {
    const bytes = readRegular(path, path, MAX_CACHE_BYTES);
    const newline = bytes.indexOf(0x0a);
    if (newline < 0) return undefined;
    const header: unknown = JSON.parse(bytes.subarray(0, newline).toString('utf8'));
    if (!isObject(header) || header.format !== FORMAT || header.key !== key) return undefined;
    const payload = bytes.subarray(newline + 1);
    if (header.sha256 !== createHash('sha256').update(payload).digest('hex')) return undefined;
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A cache file's text: the header line, then the payload (JSON) it hashes. */
function framed(key: string, value: unknown): string {
  const payload = JSON.stringify(value, jsonSafe);
  const sha256 = createHash('sha256').update(payload, 'utf8').digest('hex');
  return `${JSON.stringify({ format: FORMAT, key, sha256 })}\n${payload}`;
}

/** The cached value, or null when the file is missing, corrupt, stale, edited or of another shape. */
function read(target: Target, path: string, key: string): Parsed | null {
  const data = readFramed(path, key);
  if (!isObject(data) || !Array.isArray(data.diagnostics) || !isObject(data.ast)) return null;
  const ast = data.ast;
  const shaped = Object.entries(target.emptyAst() as Record<string, unknown>).every(([k, v]) => Array.isArray(v) ? Array.isArray(ast[k]) : isObject(ast[k]));
  return shaped ? { ast, diagnostics: data.diagnostics as Diagnostic[] } : null;
}

/** Writes a cache file atomically; false when JSON cannot carry its value exactly or the write failed (no file then). */
function store(path: string, dir: string, key: string, value: unknown): boolean {
  try {
    const text = framed(key, value);
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(path, text, { mode: 0o644, durable: false });
    return true;
  } catch {
    return false; // the next run parses again
  }
}

/** Stores the parsed rule set in its slot, then prunes the folder. */
function write(path: string, dir: string, key: string, parsed: Parsed): void {
  if (!store(path, dir, key, { ast: parsed.ast, diagnostics: parsed.diagnostics })) return;
  try {
    prune(dir);
  } catch {
    /* pruned by a later write */
  }
}

/** Keeps the MAX_SLOTS newest entries (rule files in temporary folders make new slots), and drops abandoned temporary files. */
function prune(dir: string): void {
  const entries = readdirSync(dir).flatMap((name) => {
    try {
      return [{ name, path: join(dir, name), mtime: statSync(join(dir, name)).mtimeMs }];
    } catch {
      return []; // removed meanwhile by another process
    }
  });
  const slots = entries.filter((e) => /^rules-[0-9a-f]{16}\.json$/.test(e.name)).sort((a, b) => b.mtime - a.mtime);
  const abandoned = entries.filter((e) => e.name.endsWith('.tmp') && Date.now() - e.mtime > 600_000);
  const kept = new Set(slots.slice(0, MAX_SLOTS).map((e) => partsPath(e.path)));
  const orphans = entries.filter((e) => e.name.endsWith('.parts.json') && !kept.has(e.path));
  for (const e of [...slots.slice(MAX_SLOTS), ...abandoned, ...orphans]) rmSync(e.path, { force: true });
}

interface Part { name: string; sha256: string; ast: unknown; diagnostics: Diagnostic[] }

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const partsPath = (slot: string) => slot.replace(/\.json$/, '.parts.json');

/** The stored parts of a slot (by name and text hash), or none when missing, damaged or of other code. */
function readParts(path: string, key: string): Map<string, Part> {
  const data = readFramed(path, key);
  const parts = new Map<string, Part>();
  for (const p of Array.isArray(data) ? data : []) {
    if (isObject(p) && typeof p.name === 'string' && typeof p.sha256 === 'string' && isObject(p.ast) && Array.isArray(p.diagnostics)) parts.set(`${p.name}\0${p.sha256}`, p as unknown as Part);
  }
  return parts;
}

/**
 * The rule files parsed one by one, each from the slot's parts when its text
 * is unchanged, and merged: what `target.parse(sources)` gives.
 */
export function parseByFile(target: Target, sources: readonly SourceText[]): Parsed {
  const dir = cacheDir();
  if (dir === null) return target.parse(sources);
  const path = partsPath(slotPath(dir, sources));
  const key = sha256(`cpumodel-parts/${FORMAT}\0${target.info.name}\0${codeFingerprint(target.stagesModule)}`);
  const known = readParts(path, key);
  let parsed = 0;
  const parts = sources.map((s): Part => {
    const hash = sha256(s.text);
    const hit = known.get(`${s.name}\0${hash}`);
    if (hit) return hit;
    parsed++;
    return { name: s.name, sha256: hash, ...target.parse([s]) };
  });
  if (parsed > 0) store(path, dir, key, parts);
  return { ast: mergeAst(target.emptyAst(), parts.map((p) => p.ast)), diagnostics: parts.flatMap((p) => p.diagnostics) };
}

/** The parsed rule set from the cache, or built by `build` and stored. */
export function cachedParse(target: Target, sources: readonly SourceText[], build: () => Parsed): Parsed & { status: CacheStatus } {
  const dir = cacheDir();
  if (dir === null) return { ...build(), status: 'off' };
  const key = cacheKey(target, sources);
  const path = slotPath(dir, sources);
  const hit = read(target, path, key);
  if (hit) return { ...hit, status: 'hit' };
  const built = build();
  write(path, dir, key, built);
  return { ...built, status: 'miss' };
}
