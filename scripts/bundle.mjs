#!/usr/bin/env node
/**
 * Bundles the CLI for the warm-start snapshot (src/cli/snapshot-entry.ts; README
 * "Cold start"). Runs after `tsc` in `npm run build`.
 *
 *   dist/bundle/cli.cjs     the whole CLI as one CommonJS script (a V8
 *                           startup snapshot can only be built from one)
 *   dist/bundle/stages.cjs  the rule parsers and checkers (with `yaml`):
 *                           required only when rules must be parsed, so the
 *                           snapshot does not carry them
 *
 * The ES modules load the parser, the query side and the policy hooks on
 * first use with a top-level `await lazyModule(…)` (src/load/lazy.ts), which
 * CommonJS cannot express. In the bundle each such line becomes a getter:
 * a static import, or for `./stages.js` the stages bundle, required once.
 * The build fails when a target's lazy modules are not the expected ones.
 */
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'bundle');
const LAZY = /const (\w+) = await lazyModule<typeof import\('(\.\/[\w/.-]+)'\)>\(import\.meta\.url, '\2'\);/g;
const TARGET_INDEX = /src\/target\/(\w+)\/index\.ts$/;

/** `const stages = await lazyModule<…>(import.meta.url, './stages.js');` → a getter over the bundle's copy. */
function staticLazies(text, arch, file) {
  const imports = [];
  let count = 0;
  const body = text.replace(LAZY, (_, name, spec) => {
    count++;
    if (spec === './stages.js') return `const ${name} = () => __cpumodelStages()[${JSON.stringify(arch)}];`;
    if (spec === './runtime.js') {
      imports.push(`import * as __lazy_${name} from '${spec}';`);
      return `const ${name} = () => __lazy_${name};`;
    }
    // A bundled `require` of an ES module initializes it on first call.
    return `const ${name} = () => require('${spec}');`;
  });
  if (count !== 4 || /await lazyModule/.test(body)) throw new Error(`${file}: expected 4 lazy modules (stages, runtime, policy, libvirt), found ${count}`);
  return `${imports.join('\n')}\n${body}`;
}

const lazyModules = {
  name: 'cpumodel-lazy-modules',
  setup(b) {
    b.onLoad({ filter: TARGET_INDEX }, (args) => ({ contents: staticLazies(readFileSync(args.path, 'utf8'), args.path.match(TARGET_INDEX)[1], args.path), loader: 'ts' }));
    b.onLoad({ filter: /src\/cli\/main\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const entry = 'if (isEntry()) await runProcess();';
      if (!text.includes(entry)) throw new Error(`${args.path}: the entry line \`${entry}\` is missing`);
      return { contents: text.replace(entry, ''), loader: 'ts' };
    });
  },
};

const common = {
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, legalComments: 'none', logLevel: 'warning',
  // Every module of a bundle shares the bundle's URL: dist/bundle/ is as deep as dist/cli/, so `../../package.json` still resolves.
  define: { 'import.meta.url': '__cpumodelUrl' },
};

// A snapshot's `require` knows only node's built-in modules: the stages bundle is required through createRequire.
const banner = [
  'var __cpumodelUrl = require("node:url").pathToFileURL(__filename).href;',
  'var require = require("node:module").createRequire(__filename);',
  'var __cpumodelStagesModule;',
  'function __cpumodelStages() { return __cpumodelStagesModule ??= require("node:module").createRequire(__filename)("./stages.cjs"); }',
  'function __cpumodelStagesLoaded() { return __cpumodelStagesModule !== undefined; }',
].join('\n');

const cli = await build({ ...common, external: ['yaml', 'immer', 'json-rules-engine'], entryPoints: [join(root, 'src', 'cli', 'snapshot-entry.ts')], outfile: join(out, 'cli.cjs'), plugins: [lazyModules], banner: { js: banner }, metafile: true });
if (process.env.BUNDLE_SIZES) console.log(sizes(cli.metafile));
// The stages bundle exports each target's stages module under the target's folder name.
const targets = readdirSync(join(root, 'src', 'target'), { withFileTypes: true }).filter((e) => e.isDirectory() && existsSync(join(root, 'src', 'target', e.name, 'stages.ts'))).map((e) => e.name);
const stagesEntry = targets.map((t) => `export * as ${t} from './${t}/stages.js';`).join('\n');
await build({
  ...common, stdin: { contents: stagesEntry, resolveDir: join(root, 'src', 'target'), loader: 'ts', sourcefile: 'stages-bundle.ts' },
  outfile: join(out, 'stages.cjs'), banner: { js: 'var __cpumodelUrl = require("node:url").pathToFileURL(__filename).href;' },
});

/** Bytes of the bundle per package or source folder (BUNDLE_SIZES=1). */
function sizes(metafile) {
  const by = {};
  for (const output of Object.values(metafile.outputs)) {
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      const key = file.split('/').slice(0, file.startsWith('node_modules') ? 2 : 3).join('/');
      by[key] = (by[key] ?? 0) + bytesInOutput;
    }
  }
  return Object.entries(by).sort((a, b) => b[1] - a[1]).slice(0, 25);
}
