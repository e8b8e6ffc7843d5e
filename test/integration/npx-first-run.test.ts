// A first run of an `npx -y <pkg>` server with an empty npm cache: the package is installed first
// (state "installing", its time not counted against the start timeout), then its bin runs directly,
// with no `npm exec` wrapper beside it. An install cut short (a dependency missing) is never started:
// it is removed and installed again. The registry is the tests' own on 127.0.0.1; npm and npx are real.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { LogLine, OrchestratorStatus, ServerState, ServerStatus } from '../../shared/types.js';
import { npxCacheDir } from '../../electron/core/supervisor/npx-resolve.js';
import { startFakeRegistry, type FakeRegistry } from '../helpers/fake-npm-registry.js';
import { treeOf } from '../helpers/proc.js';
import { control, startServe, tempDir, waitFor, type ServeHandle } from '../helpers/serve-process.js';

const PKG = 'mcp-fixture-pkg@1.0.0';
const START_TIMEOUT_S = 2;
const DOWNLOAD_MS = 4_000; // longer than the start timeout

let registry: FakeRegistry;
let h: ServeHandle;
let cache: string;
let client: Client;

beforeAll(async () => {
  registry = await startFakeRegistry(['mcp-fixture-pkg', 'mcp-fixture-dep'], { name: 'mcp-fixture-pkg', ms: DOWNLOAD_MS });
  const dir = await tempDir();
  cache = path.join(dir, 'npm-cache');
  const env = {
    npm_config_registry: registry.url,
    npm_config_cache: cache,
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
  const servers = {
    pkg: { command: 'npx', args: ['-y', PKG], env, cwd: dir },
    // Its own empty cache, started by hand: stopped while it installs.
    cancel: { command: 'npx', args: ['-y', PKG], env: { ...env, npm_config_cache: path.join(dir, 'cache-2') }, cwd: dir, autostart: false },
  };
  h = await startServe({ servers, orchestrator: { default_timeout: START_TIMEOUT_S } }, { dir, ui: false, waitForChildren: false });
  client = new Client({ name: 'npx-first-run', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(h.url), { requestInit: { headers: { Authorization: `Bearer ${h.token}` } } }),
  );
}, 60_000);

afterAll(async () => {
  await client?.close();
  await h?.stop();
  await registry?.close();
});

async function pkg(id = 'pkg'): Promise<ServerStatus> {
  return (await control<OrchestratorStatus>(h, 'getStatus')).value!.servers.find((s) => s.id === id)!;
}

/** Records every state the server passes through until it is `until` (status is polled, bounded). */
async function statesUntil(until: ServerState, timeoutMs: number, id = 'pkg'): Promise<Set<ServerState>> {
  const seen = new Set<ServerState>();
  await waitFor(
    async () => {
      const s = (await pkg(id)).state;
      seen.add(s);
      return s === until;
    },
    `${id} ${until}`,
    timeoutMs,
    25,
  );
  return seen;
}

/** Command lines of serve's tree that are npm's (it names its process `npm exec ...`; npx runs as npx-cli.js). */
function npmInTree(): { npm: string[]; all: number } {
  const commands = treeOf(h.child.pid!).map((p) => readFileSync(`/proc/${p}/cmdline`, 'utf8'));
  return { npm: commands.filter((c) => /^(npm|npx)\b|np[mx]-cli\.js/.test(c)), all: commands.length };
}

const logText = async () => ((await control<LogLine[]>(h, 'getLogs', 'pkg')).value ?? []).map((l) => l.text).join('\n');

describe.runIf(process.platform === 'linux')('npx -y on a first run', () => {
  it('installs first (state installing, not held to the start timeout), then runs the bin without npm', async () => {
    const seen = await statesUntil('running', 120_000);
    expect(seen.has('installing')).toBe(true);
    expect(seen.has('crashed')).toBe(false);
    expect(registry.downloads.get('mcp-fixture-pkg')).toBe(1);
    const log = await logText();
    const took = Number(log.match(/installed mcp-fixture-pkg@1\.0\.0 in (\d+) ms/)?.[1]);
    expect(took).toBeGreaterThan(START_TIMEOUT_S * 1000);

    const s = await pkg();
    const bin = path.join(
      npxCacheDir(PKG, { env: { npm_config_cache: cache }, homedir: '', platform: 'linux' }),
      'node_modules',
      'mcp-fixture-pkg',
      'server.js',
    );
    expect(readFileSync(`/proc/${s.pid}/cmdline`, 'utf8').split('\0').slice(0, 2)).toEqual([process.execPath, bin]);
    // Nothing of npm is left in serve's tree.
    const commands = npmInTree();
    expect(commands.npm).toEqual([]);
    expect(commands.all).toBeGreaterThanOrEqual(3); // serve, the watchdog, the server

    const r = await client.callTool({ name: 'pkg__hello', arguments: {} });
    expect(r.content).toEqual([{ type: 'text', text: 'hello from a package npx installed' }]);
  }, 150_000);

  it('never starts an install cut short: it is removed and installed again', async () => {
    expect((await control(h, 'stopServer', 'pkg')).ok).toBe(true);
    await statesUntil('stopped', 15_000);
    const root = npxCacheDir(PKG, { env: { npm_config_cache: cache }, homedir: '', platform: 'linux' });
    const dep = path.join(root, 'node_modules', 'mcp-fixture-dep');
    rmSync(dep, { recursive: true });

    const start = control(h, 'startServer', 'pkg');
    const seen = await statesUntil('running', 120_000);
    expect((await start).ok).toBe(true);
    expect(seen.has('installing')).toBe(true);
    expect(seen.has('crashed')).toBe(false);
    expect(existsSync(path.join(dep, 'package.json'))).toBe(true);
    expect(await logText()).toMatch(/an incomplete earlier install was removed/);
  }, 150_000);

  it('Stop cancels an install at once: npm is gone, nothing is started', async () => {
    const start = control(h, 'startServer', 'cancel');
    await statesUntil('installing', 30_000, 'cancel');
    await waitFor(() => npmInTree().npm.length > 0, 'npm installing', 10_000, 25);
    const t0 = Date.now();
    expect((await control(h, 'stopServer', 'cancel')).ok).toBe(true);
    const seen = await statesUntil('stopped', 10_000, 'cancel');
    // Well before the download would have finished.
    expect(Date.now() - t0).toBeLessThan(DOWNLOAD_MS);
    expect(seen.has('running')).toBe(false);
    await waitFor(() => npmInTree().npm.length === 0, 'npm gone', 5_000, 25);
    expect((await start).ok).toBe(true);
    expect((await pkg('cancel')).pid).toBeNull();
  }, 60_000);
});
