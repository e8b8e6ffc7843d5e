// Assembles exactly what electron-builder.yml ships (its `files`, the production node_modules, the
// `asarUnpack` paths moved beside the archive, `extraResources`) into a temp folder laid out like an
// installed app, then starts `serve` and all five built-in servers from there with plain `node`
// standing in for Electron's binary. Needs `npm run build` (scripts/test.sh builds first). Like
// `npm run dist`, it stages node-llama-cpp first (scripts/stage-local-models.mjs), and the packaged
// local_llama runs a tiny GGUF model with that copy, with no other node-llama-cpp reachable.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { load } from 'js-yaml';
import { minimatch } from 'minimatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrchestratorStatus } from '../../shared/types.js';
import { BUILTIN_NAMES } from '../../shared/builtins.js';
import { control, ROOT, startServe, waitFor, type ServeHandle } from '../helpers/serve-process.js';
import { writeTinyGguf } from '../helpers/tiny-gguf.js';

interface BuilderConfig {
  files: string[];
  asarUnpack: string[];
  extraMetadata: { main: string };
  extraResources: Array<{ from: string; to: string; filter?: string[] }>;
}

// electron-builder's own extraResources copy (app-builder-lib is what its CLI runs): its filter has quirks
// of its own (a node_modules folder at the top of a `from` is dropped) that a hand-written copy would miss.
const builderRequire = createRequire(path.join(ROOT, 'package.json'));
const { getFileMatchers, copyFiles } = builderRequire('app-builder-lib/out/fileMatcher.js') as {
  getFileMatchers: (config: unknown, name: string, destination: string, options: Record<string, unknown>) => unknown[] | null;
  copyFiles: (matchers: unknown[] | null, transformer: null, isUseHardLink: boolean) => Promise<void>;
};

const builder = load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const includes = builder.files.filter((p) => !p.startsWith('!'));
const excludes = builder.files.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
const match = (rel: string, pattern: string) => minimatch(rel, pattern, { dot: true });
const excluded = (rel: string) => excludes.some((p) => match(rel, p));

function walk(dir: string, base = dir, skip: (rel: string) => boolean = () => false): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, e.name);
    const rel = path.relative(base, abs).split(path.sep).join('/');
    if (skip(rel)) continue;
    if (e.isDirectory()) out.push(...walk(abs, base, skip));
    else if (e.isFile()) out.push(rel);
  }
  return out;
}

function copy(fromRoot: string, rel: string, toRoot: string): void {
  const to = path.join(toRoot, rel);
  mkdirSync(path.dirname(to), { recursive: true });
  cpSync(path.join(fromRoot, rel), to);
}

// A worktree may link node_modules from another checkout; npm ls only reads it right where it really is.
const MODULES_ROOT = path.dirname(realpathSync(path.join(ROOT, 'node_modules')));

/** Production dependencies only, as `npm prune --omit=dev` would leave them. */
function productionPackages(): string[] {
  const out = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], {
    cwd: MODULES_ROOT,
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  });
  return [...new Set(out.split('\n').filter((l) => l.includes(`${path.sep}node_modules${path.sep}`)))];
}

interface Layout {
  resources: string;
  asar: string;
  unpacked: string;
  patternHits: Map<string, number>;
}

async function assemble(into: string): Promise<Layout> {
  const resources = path.join(into, 'resources');
  const asar = path.join(resources, 'app.asar'); // a folder standing in for the archive
  const unpacked = path.join(resources, 'app.asar.unpacked');
  const patternHits = new Map<string, number>([...includes, ...builder.asarUnpack].map((p) => [p, 0]));
  const ours = walk(ROOT, ROOT, (rel) => ['node_modules', '.git', 'release', 'build'].includes(rel));
  for (const rel of ours) {
    const hit = includes.filter((p) => match(rel, p));
    if (!hit.length || excluded(rel)) continue;
    hit.forEach((p) => patternHits.set(p, patternHits.get(p)! + 1));
    copy(ROOT, rel, asar);
  }
  for (const pkg of productionPackages()) {
    const relPkg = path.relative(MODULES_ROOT, pkg).split(path.sep).join('/');
    // Nested node_modules are listed as packages of their own.
    for (const rel of walk(pkg, pkg, (r) => r === 'node_modules')) {
      const full = `${relPkg}/${rel}`;
      if (!excluded(full)) copy(MODULES_ROOT, full, asar);
    }
  }
  for (const rel of walk(asar)) {
    const hit = builder.asarUnpack.filter((p) => match(rel, p));
    if (!hit.length) continue;
    hit.forEach((p) => patternHits.set(p, patternHits.get(p)! + 1));
    mkdirSync(path.dirname(path.join(unpacked, rel)), { recursive: true });
    renameSync(path.join(asar, rel), path.join(unpacked, rel));
  }
  const options = { macroExpander: (s: string) => s, customBuildOptions: {}, globalOutDir: path.join(ROOT, 'release'), defaultSrc: ROOT };
  await copyFiles(getFileMatchers(builder, 'extraResources', resources, options), null, false);
  return { resources, asar, unpacked, patternHits };
}

/** A stand-in for Ollama's OpenAI-compatible API, so local_llama has a model server to find. */
async function fakeLocalModelServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(req.url === '/v1/models' ? JSON.stringify({ object: 'list', data: [{ id: 'tiny', object: 'model' }] }) : '{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, close: () => new Promise((r) => server.close(() => r())) };
}

describe('the packaged app layout', () => {
  let tmp: string;
  let layout: Layout;
  let serve: ServeHandle | undefined;
  let llamaServe: ServeHandle | undefined;
  let model: Awaited<ReturnType<typeof fakeLocalModelServer>>;

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, 'dist', 'servers', 'openai.mjs'))) throw new Error('dist/ is missing: run `npm run build` first');
    tmp = path.join(os.tmpdir(), `mcp-orch-packaged-${process.pid}`);
    rmSync(tmp, { recursive: true, force: true });
    // As `npm run dist` does between building and electron-builder.
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'stage-local-models.mjs')], { cwd: ROOT, stdio: 'pipe' });
    layout = await assemble(tmp);
    model = await fakeLocalModelServer();
  }, 120_000);

  afterAll(async () => {
    await serve?.stop();
    await llamaServe?.stop();
    await model?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('every files/asarUnpack pattern matches something, and nothing TypeScript or dev-only ships', () => {
    // An optional native module (keytar) may be absent: npm 11 skips it when its install script is not approved.
    const optionalAbsent = (p: string) =>
      /^node_modules\//.test(p) && !existsSync(path.join(ROOT, p.replace(/\/\*\*$/, '').replace(/\*.*$/, '')));
    const unused = [...layout.patternHits].filter(([p, n]) => n === 0 && !optionalAbsent(p)).map(([p]) => p);
    expect(unused, 'patterns in electron-builder.yml that match nothing').toEqual([]);
    expect(existsSync(path.join(layout.asar, builder.extraMetadata.main))).toBe(true);
    const shipped = [...walk(layout.asar), ...walk(layout.unpacked)];
    expect(shipped.filter((f) => !f.startsWith('node_modules/') && /\.ts$/.test(f))).toEqual([]);
    for (const devOnly of ['tsx', 'typescript', 'vitest', 'esbuild', 'electron']) {
      expect(existsSync(path.join(layout.asar, 'node_modules', devOnly)), `${devOnly} must not ship`).toBe(false);
    }
    for (const name of BUILTIN_NAMES) expect(statSync(path.join(layout.unpacked, 'dist', 'servers', `${name}.mjs`)).isFile()).toBe(true);
  });

  it('starts serve and all five built-ins from the layout with the example config', async () => {
    const example = JSON.parse(readFileSync(path.join(layout.asar, 'examples', 'config.json'), 'utf8'));
    // The built-ins only: the npx reference servers would need the network.
    const servers = Object.fromEntries(
      Object.entries(example.servers as Record<string, { builtin?: string }>).filter(([, s]) => s.builtin),
    );
    expect(Object.keys(servers).sort()).toEqual([...BUILTIN_NAMES].sort());
    serve = await startServe(
      { servers, orchestrator: { port: 0 } },
      {
        bin: path.join(layout.asar, 'bin', 'mcp-orchestrator.mjs'),
        cwd: tmp,
        env: {
          OPENAI_API_KEY: 'sk-test-packaged',
          GROQ_API_KEY: 'gsk_test_packaged',
          BRAVE_API_KEY: 'brave-test-packaged',
          LOCAL_LLM_BASE_URL: model.url,
        },
      },
    );
    const status = (await waitFor(
      async () => {
        const r = await control<OrchestratorStatus>(serve!, 'getStatus');
        return r.value && r.value.servers.every((s) => s.state === 'running') ? r.value : undefined;
      },
      'all built-ins running',
      60_000,
      200,
    )) as OrchestratorStatus;
    for (const s of status.servers) {
      expect(s.pid).toBeGreaterThan(0);
      if (process.platform !== 'linux') continue;
      // Spawned as the running executable plus the unpacked compiled file: no system node lookup, no tsx, no .ts.
      const argv = readFileSync(`/proc/${s.pid}/cmdline`, 'utf8').split('\0');
      expect(argv[0]).toBe(process.execPath);
      expect(argv.slice(1, 3)).toEqual(['--no-opt', '--max-semi-space-size=1']); // launch-command.ts BUILTIN_V8_FLAGS
      expect(argv[3]).toBe(path.join(layout.unpacked, 'dist', 'servers', `${s.id}.mjs`));
    }
    const client = new Client({ name: 'packaged-test', version: '0.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(serve.url), { requestInit: { headers: { authorization: `Bearer ${serve.token}` } } }),
    );
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'openai__openai_chat',
          'groq__groq_chat',
          'local_llama__local_chat',
          'weather__get_weather',
          'web_search__search_web',
        ]),
      );
      const models = await client.callTool({ name: 'local_llama__list_models', arguments: {} });
      expect(JSON.stringify(models.content)).toContain('tiny');
    } finally {
      await client.close();
    }
  }, 120_000);
  it('ships node-llama-cpp (CPU build for this platform only) and runs a GGUF model with it, from the layout alone', async () => {
    const staged = path.join(layout.resources, 'local-models', 'node_modules');
    expect(existsSync(path.join(staged, 'node-llama-cpp', 'package.json')), 'extraResources local-models').toBe(true);
    const prefix = { linux: 'linux', darwin: 'mac', win32: 'win' }[process.platform as string] ?? process.platform;
    const binaries = readdirSync(path.join(staged, '@node-llama-cpp'));
    expect(binaries.length).toBeGreaterThan(0);
    const arch = process.arch === 'arm' ? 'armv7l' : process.arch; // node-llama-cpp's name for 32-bit ARM
    for (const b of binaries) expect(b).toMatch(new RegExp(`^${prefix}-${arch}(-metal)?$`));
    expect(binaries.filter((b) => /cuda|vulkan/.test(b))).toEqual([]);
    expect(existsSync(path.join(staged, 'node-llama-cpp', 'llama', 'gitRelease.bundle')), 'llama.cpp sources').toBe(false);
    // Nothing else in the layout resolves node-llama-cpp: not app.asar's production node_modules, not a folder above.
    for (const from of [path.join(layout.unpacked, 'dist', 'servers'), path.join(layout.asar, 'bin')]) {
      expect(() => createRequire(path.join(from, 'x.js')).resolve('node-llama-cpp'), from).toThrow(/Cannot find module/);
    }

    const modelPath = await writeTinyGguf(path.join(tmp, 'tiny.gguf'));
    llamaServe = await startServe(
      // One thread: llama.cpp's spinning workers on a busy 2-core machine slow a tiny model down 100-fold.
      {
        servers: { local_llama: { builtin: 'local_llama', env: { MODEL_PATH: modelPath, LOCAL_LLM_THREADS: '1' } } },
        orchestrator: { port: 0 },
      },
      { bin: path.join(layout.asar, 'bin', 'mcp-orchestrator.mjs'), cwd: tmp },
    );
    const client = new Client({ name: 'packaged-gguf-test', version: '0.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(llamaServe.url), {
        requestInit: { headers: { authorization: `Bearer ${llamaServe.token}` } },
      }),
    );
    try {
      const res = await client.callTool(
        { name: 'local_llama__local_chat', arguments: { message: 'hello tiny model', max_tokens: 8 } },
        { timeout: 90_000 },
      );
      expect(res.isError, JSON.stringify(res.content)).toBeFalsy();
      const out = res.structuredContent as { message: string; model: string; finish_reason: string; usage: { completion_tokens: number } };
      expect(out).toMatchObject({ model: 'tiny.gguf', finish_reason: 'length' });
      expect(out.usage.completion_tokens).toBe(8);
      expect(out.message.trim().length).toBeGreaterThan(0);
      if (process.platform === 'linux') {
        // The llama.cpp binary the child mapped is the staged one in <resources>/local-models.
        const status = (await control<OrchestratorStatus>(llamaServe, 'getStatus')).value!;
        const pid = status.servers.find((s) => s.id === 'local_llama')!.pid!;
        const natives = readFileSync(`/proc/${pid}/maps`, 'utf8')
          .split('\n')
          .map((l) => l.slice(l.indexOf('/')))
          .filter((f) => f.endsWith('.node'));
        expect(natives.length).toBeGreaterThan(0);
        for (const f of natives) expect(f.startsWith(staged + path.sep), f).toBe(true);
      }
    } finally {
      await client.close();
    }
  }, 120_000);
});
