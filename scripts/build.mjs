#!/usr/bin/env node
// `npm run build`: compiles everything that runs to dist/, so nothing needs a TypeScript loader at run time.
//   dist/node/     the CLI and core (bundled with their dependencies, code-split so `--help` loads only the entry), the client library and the embeddable core (core.js)
//   dist/servers/  each built-in MCP server as one self-contained file (no node_modules needed beside it)
//   dist/types/    .d.ts for the client library (the package's `types` condition)
//   dist/app/      the Electron main process (tsc) and preload (vite); dist/renderer/ the web UI (vite)
// Options: --if-stale (skip when dist/ is newer than every source), --only=node,servers,types,electron,renderer.
// Plain .mjs on purpose: it runs before anything is compiled and after `npm prune --omit=dev` (then it only checks).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ALL = ['node', 'servers', 'types', 'electron', 'renderer'];
const SOURCES = ['electron', 'shared', 'renderer', 'package.json', 'scripts/build.mjs', 'vite.config.ts', 'tsconfig.json'];

/** Built-in server name → source file; the output is dist/servers/<name>.mjs. Keep in step with shared/builtins.ts. */
export const SERVER_ENTRIES = {
  openai: 'electron/servers/openai.ts',
  groq: 'electron/servers/groq.ts',
  local_llama: 'electron/servers/local-llama.ts',
  weather: 'electron/servers/weather.ts',
  web_search: 'electron/servers/web-search.ts',
};

// ESM bundles of CommonJS packages (ajv in the SDK) still call require().
const REQUIRE_BANNER = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

function newestMtime(p) {
  let st;
  try {
    st = statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(p)) {
    if (name === 'node_modules' || name === 'dist') continue;
    max = Math.max(max, newestMtime(path.join(p, name)));
  }
  return max;
}

const stampPath = (target) => path.join(ROOT, 'dist', `.built-${target}`);

function stampTime(target) {
  try {
    return statSync(stampPath(target)).mtimeMs;
  } catch {
    return 0;
  }
}

/** True when a target was never built or a source changed after it was. */
export function isStale(targets = ALL) {
  const newest = Math.max(...SOURCES.map((s) => newestMtime(path.join(ROOT, s))));
  return targets.some((t) => stampTime(t) < newest);
}

// Not bundled: native modules (their .node files are found relative to their own package) and the
// optional node-llama-cpp. Everything else is bundled into the CLI: one module graph of a few files
// starts about twice as fast as loading the SDK, ajv and zod file by file from node_modules.
const NATIVE = ['keytar', '@napi-rs/keyring', 'node-llama-cpp'];

async function buildNode(esbuild) {
  rmSync(path.join(ROOT, 'dist', 'node'), { recursive: true, force: true });
  const common = {
    absWorkingDir: ROOT,
    outdir: 'dist/node',
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  };
  // The CLI and core, code-split so `--help` and `status` load only what they use.
  await esbuild.build({
    ...common,
    entryPoints: { cli: 'electron/cli/index.ts' },
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    external: NATIVE,
    // jsonc-parser's `main` is a UMD build whose inner require('./impl/...') calls a bundle cannot follow; its ESM build bundles.
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
    banner: { js: REQUIRE_BANNER },
    // Bundled CommonJS packages (write-file-atomic) also read __filename, which ESM lacks.
    define: { __filename: 'import.meta.filename', __dirname: 'import.meta.dirname' },
    minifySyntax: true,
    minifyWhitespace: true,
  });
  // The client library keeps its dependencies external: it must share the user's SDK and zod.
  await esbuild.build({ ...common, entryPoints: { client: 'electron/client/index.ts' }, packages: 'external' });
  // The core for embedding (`mcp-orchestrator/core`), likewise on the user's own dependencies.
  await esbuild.build({ ...common, entryPoints: { core: 'electron/core/index.ts' }, packages: 'external' });
}

async function buildServers(esbuild) {
  rmSync(path.join(ROOT, 'dist', 'servers'), { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(Object.entries(SERVER_ENTRIES)),
    outdir: 'dist/servers',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Self-contained: a built-in starts from one file wherever it is unpacked. node-llama-cpp is an
    // optional, user-installed native package loaded only when MODEL_PATH is set.
    external: ['node-llama-cpp'],
    banner: { js: REQUIRE_BANNER },
    minifySyntax: true,
    minifyWhitespace: true,
    logLevel: 'warning',
  });
}

function run(cmd, args) {
  const bin = path.join(ROOT, 'node_modules', '.bin', cmd);
  const r = spawnSync(bin, args, { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})`);
}

const STEPS = {
  node: async () => buildNode(await import('esbuild')),
  servers: async () => buildServers(await import('esbuild')),
  types: async () => run('tsc', ['-p', 'tsconfig.types.json']),
  electron: async () => {
    run('tsc', ['-p', 'tsconfig.electron.json']);
    run('vite', ['build', '--mode', 'preload', '--logLevel', 'warn']);
  },
  renderer: async () => run('vite', ['build', '--logLevel', 'warn']),
};

async function main(argv) {
  const only = argv.find((a) => a.startsWith('--only='));
  const targets = only ? only.slice('--only='.length).split(',').filter(Boolean) : ALL;
  const unknown = targets.filter((t) => !ALL.includes(t));
  if (unknown.length) throw new Error(`unknown build target(s): ${unknown.join(', ')} (known: ${ALL.join(', ')})`);
  const wanted = argv.includes('--if-stale') ? targets.filter((t) => isStale([t])) : targets;
  if (!wanted.length) return;
  const t0 = performance.now();
  for (const t of wanted) {
    await STEPS[t]();
    mkdirSync(path.join(ROOT, 'dist'), { recursive: true });
    writeFileSync(stampPath(t), new Date().toISOString());
  }
  process.stderr.write(`built ${wanted.join(', ')} in ${Math.round(performance.now() - t0)} ms\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`build failed: ${err.message}\n`);
    process.exitCode = 1;
  });
}
