// The client library as a user gets it: `npm pack` of this package, unpacked into a separate temp
// project's node_modules, then imported by plain Node (no tsx, no TypeScript) and the README's client
// example run against a real `serve` whose built-in vendor servers talk to loopback fakes.
// The package's own dependencies are linked from this checkout (the registry is not needed).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startBraveFake,
  startOpenAiFake,
  startOpenMeteoFake,
  type BraveFake,
  type OpenAiFake,
  type OpenMeteoFake,
} from '../fixtures/vendors/index.js';
import { control, ROOT, startServe, waitFor, type ServeHandle } from '../helpers/serve-process.js';
import type { OrchestratorStatus } from '../../shared/types.js';

const OPENAI_KEY = 'sk-test-package-0123456789abcdef';
const GROQ_KEY = 'gsk_test_package_0123456789abcdef';
const BRAVE_KEY = 'brave-test-package-key';

// The README's "Client library" example, as a user would paste it into a .mjs file.
const EXAMPLE = `
import { MCPClient, chat, weather } from 'mcp-orchestrator';

const answer = await chat('Explain MCP in one sentence', { vendor: 'auto' });
const client = new MCPClient({ url: process.env.MCP_ORCHESTRATOR_URL, token: process.env.MCP_ORCHESTRATOR_TOKEN });
await client.connect();
const reply = await client.chat({ messages: [{ role: 'user', content: 'hi' }], vendor: 'groq' });
const vectors = await client.embed(['first text', 'second text']);
const london = await client.getWeather('Berlin', 'metric');
const hits = await client.searchWeb('model context protocol', 5);
const models = await client.listModels();
await client.disconnect();
console.log(JSON.stringify({ answer, reply, vectors, london, hits, models, weatherHelper: typeof weather }));
`;

function run(
  cmd: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('the published package, imported from another project', () => {
  let project: string;
  let serve: ServeHandle | undefined;
  let openai: OpenAiFake;
  let groq: OpenAiFake;
  let meteo: OpenMeteoFake;
  let brave: BraveFake;

  beforeAll(async () => {
    project = path.join(os.tmpdir(), `mcp-orch-user-project-${process.pid}`);
    rmSync(project, { recursive: true, force: true });
    const modules = path.join(project, 'node_modules');
    mkdirSync(path.join(modules, 'mcp-orchestrator'), { recursive: true });
    // What `npm install <tarball>` would unpack: only the files the package publishes.
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', project], { cwd: ROOT, encoding: 'utf8' }));
    execFileSync('tar', [
      '-xzf',
      path.join(project, packed.filename),
      '-C',
      path.join(modules, 'mcp-orchestrator'),
      '--strip-components=1',
    ]);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    for (const dep of Object.keys(pkg.dependencies)) {
      mkdirSync(path.dirname(path.join(modules, dep)), { recursive: true });
      symlinkSync(path.join(ROOT, 'node_modules', dep), path.join(modules, dep), 'dir');
    }
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module' }));
    writeFileSync(path.join(project, 'example.mjs'), EXAMPLE);

    [openai, groq, meteo, brave] = await Promise.all([
      startOpenAiFake({ apiKey: OPENAI_KEY, models: ['gpt-4o-mini', 'text-embedding-3-small'] }),
      startOpenAiFake({ apiKey: GROQ_KEY, models: ['llama-3.1-8b-instant'], pathPrefix: '/openai/v1' }),
      startOpenMeteoFake(),
      startBraveFake({ apiKey: BRAVE_KEY }),
    ]);
    const config = {
      servers: {
        openai: { builtin: 'openai', env: { OPENAI_BASE_URL: openai.baseUrl } },
        groq: { builtin: 'groq', env: { GROQ_BASE_URL: groq.baseUrl } },
        weather: { builtin: 'weather', env: { OPEN_METEO_URL: meteo.baseUrl, OPEN_METEO_GEOCODING_URL: meteo.baseUrl } },
        web_search: { builtin: 'web_search', env: { BRAVE_BASE_URL: brave.baseUrl } },
      },
      orchestrator: { port: 0 },
    };
    serve = await startServe(config, { ui: false, env: { OPENAI_API_KEY: OPENAI_KEY, GROQ_API_KEY: GROQ_KEY, BRAVE_API_KEY: BRAVE_KEY } });
    await waitFor(
      async () => {
        const r = await control<OrchestratorStatus>(serve!, 'getStatus');
        return r.value?.servers.every((s) => s.state === 'running');
      },
      'vendor servers running',
      60_000,
      200,
    );
  }, 120_000);

  afterAll(async () => {
    await serve?.stop();
    await Promise.all([openai?.close(), groq?.close(), meteo?.close(), brave?.close()]);
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('ships compiled JS and .d.ts only, with exports pointing at them', () => {
    const installed = JSON.parse(readFileSync(path.join(project, 'node_modules/mcp-orchestrator/package.json'), 'utf8'));
    expect(installed.exports['.']).toEqual({ types: './dist/types/electron/client/index.d.ts', import: './dist/node/client.js' });
    const listing = execFileSync('tar', ['-tzf', path.join(project, `mcp-orchestrator-${installed.version}.tgz`)], {
      encoding: 'utf8',
    }).split('\n');
    expect(listing.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(listing).toEqual(
      expect.arrayContaining([
        'package/dist/node/client.js',
        'package/dist/types/electron/client/index.d.ts',
        'package/bin/mcp-orchestrator.mjs',
      ]),
    );
  });

  it("runs the README's client example with plain node", async () => {
    const env = { PATH: process.env.PATH ?? '', HOME: project, MCP_ORCHESTRATOR_URL: serve!.url, MCP_ORCHESTRATOR_TOKEN: serve!.token };
    const r = await run(process.execPath, ['example.mjs'], project, env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.answer).toMatchObject({ vendor: 'openai', message: 'echo: Explain MCP in one sentence' });
    expect(out.reply).toMatchObject({ vendor: 'groq', message: 'echo: hi' });
    expect(out.vectors).toMatchObject({ vendor: 'openai', embeddings: [expect.any(Array), expect.any(Array)] });
    expect(JSON.stringify(out.london)).toContain('Berlin');
    expect(out.hits.length).toBe(5);
    expect(JSON.stringify(out.models)).toContain('gpt-4o-mini');
    expect(out.weatherHelper).toBe('function');
  }, 60_000);

  it('type-checks a TypeScript user of the package through its types condition', () => {
    writeFileSync(
      path.join(project, 'use.ts'),
      "import { MCPClient, type ChatResponse } from 'mcp-orchestrator';\nconst c: MCPClient = new MCPClient({ url: 'http://127.0.0.1:1/mcp', token: 't' });\nexport const f = (r: ChatResponse): string => r.message + String(c);\n",
    );
    const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
    const args = [
      '--noEmit',
      '--strict',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2022',
      '--skipLibCheck',
      'use.ts',
    ];
    expect(() => execFileSync(tsc, args, { cwd: project, encoding: 'utf8' })).not.toThrow();
  }, 60_000);
});
