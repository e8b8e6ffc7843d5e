// The headless product end to end: `serve` as a real process, an IDE-style SDK client over
// Streamable HTTP, the CLI commands against it, the stdio bridge, hot reload and clean exit.
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { OrchestratorStatus } from '../../shared/types.js';
import {
  BIN,
  MEMORY_SERVER,
  referenceServers,
  control,
  isAlive,
  runCli,
  startServe,
  tempDir,
  waitFor,
  type ServeHandle,
} from '../helpers/serve-process.js';
import { connectClient } from '../helpers/connect-client.js';

const baseConfig = (dir: string) => ({
  servers: referenceServers(dir),
  orchestrator: { port: 8000 },
});

/** Pids of processes whose command line contains `marker`. */
function childrenWith(marker: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', '--', marker], { encoding: 'utf8' }).trim().split('\n').map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

async function connect(h: ServeHandle): Promise<Client> {
  return connectClient(h.url, h.token, { name: 'ide-under-test' });
}

describe('serve + CLI', () => {
  let h: ServeHandle;
  let client: Client;
  let cliEnv: Record<string, string>;

  beforeAll(async () => {
    const dir = await tempDir();
    h = await startServe(baseConfig(dir), { dir });
    client = await connect(h);
    cliEnv = { ...h.env, MCP_ORCHESTRATOR_URL: h.url, MCP_ORCHESTRATOR_TOKEN: h.token };
  }, 60_000);

  afterAll(async () => {
    await client?.close().catch(() => undefined);
    await h?.stop();
  });

  it('aggregates both children with namespaced tools', async () => {
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('memory__create_entities');
    expect(names).toContain('everything__echo');
    // No vendor server is configured here, so the routed tools (chat, embed, ...) are not offered.
    expect(names).not.toContain('chat');
    for (const n of names) expect(n).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
  });

  it('routes a call to the owning child', async () => {
    const r = await client.callTool({ name: 'everything__echo', arguments: { message: 'routed' } });
    expect(JSON.stringify(r.content)).toContain('routed');
  });

  it('the status, tools and call commands talk to the running gateway', async () => {
    const status = await runCli(['status'], cliEnv);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/memory\s+running/);
    const tools = await runCli(['tools'], cliEnv);
    expect(tools.stdout).toContain('everything__echo');
    const call = await runCli(['call', 'everything__echo', '--arg', 'message=from-cli'], cliEnv);
    expect(call.code).toBe(0);
    expect(call.stdout).toContain('from-cli');
    const bad = await runCli(['call', 'nope__missing'], cliEnv);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/nope__missing/);
  }, 120_000); // four CLI processes, each compiling TypeScript on start: slow on a loaded machine

  it('a stdio-only client reaches the gateway through the stdio bridge', async () => {
    const bridged = new Client({ name: 'stdio-ide', version: '1.0.0' });
    await bridged.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, 'stdio'], env: cliEnv }));
    try {
      const names = (await bridged.listTools()).tools.map((t) => t.name);
      expect(names).toContain('memory__read_graph');
      const r = await bridged.callTool({ name: 'everything__echo', arguments: { message: 'bridged' } });
      expect(JSON.stringify(r.content)).toContain('bridged');
    } finally {
      await bridged.close();
    }
  });

  it('the control API answers bad calls with Results and pushes status over server-sent events', async () => {
    const auth = { authorization: `Bearer ${h.token}` };
    const unknown = await fetch(`${h.base}/api/nope`, { method: 'POST', headers: auth, body: '{}' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect((await fetch(`${h.base}/api/getStatus`, { headers: auth })).status).toBe(405);
    const bad = await fetch(`${h.base}/api/getStatus`, { method: 'POST', headers: auth, body: '{not json' });
    expect(bad.status).toBe(400);
    const nullConfig = await fetch(`${h.base}/api/saveConfig`, { method: 'POST', headers: auth, body: '{"args":[null]}' });
    expect(nullConfig.status).toBe(400);
    expect(await nullConfig.json()).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('args[0]') },
    });
    const missing = await control(h, 'startServer', 'no-such-server');
    expect(missing).toMatchObject({ ok: false, error: { code: 'SERVER_NOT_FOUND' } });

    const controller = new AbortController();
    const events = await fetch(`${h.base}/api/events`, { headers: auth, signal: controller.signal });
    expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = events.body!.getReader();
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    expect(text).toMatch(/^event: status\ndata: /);
    const status = JSON.parse(text.split('\n')[1].slice('data: '.length)) as OrchestratorStatus;
    expect(status.servers.map((x) => x.id).sort()).toEqual(['everything', 'memory']);
    expect(text).not.toContain(h.token);
  });

  it('hot reload restarts only the changed server and tells clients', async () => {
    const before = (await control<OrchestratorStatus>(h, 'getStatus')).value!;
    const pid = (id: string) => before.servers.find((s) => s.id === id)!.pid;
    const changed = new Promise<void>((resolve) => client.setNotificationHandler('notifications/tools/list_changed', () => resolve()));
    const cfg = JSON.parse(await readFile(h.configPath, 'utf8'));
    cfg.servers.everything.env = { TOUCHED: '1' };
    await writeFile(h.configPath, JSON.stringify(cfg, null, 2));
    await changed;
    const after = await waitFor(async () => {
      const s = (await control<OrchestratorStatus>(h, 'getStatus')).value!;
      const ev = s.servers.find((x) => x.id === 'everything')!;
      return ev.state === 'running' && ev.pid !== pid('everything') ? s : null;
    }, 'everything to restart');
    expect(after!.servers.find((s) => s.id === 'memory')!.pid).toBe(pid('memory'));
  });

  it('an invalid edit is refused with a clear error and the running set is kept', async () => {
    const up = (x: { state: string }) => x.state === 'running' || x.state === 'degraded';
    const snapshot = async () =>
      (await control<OrchestratorStatus>(h, 'getStatus')).value!.servers.map((x) => ({ id: x.id, pid: x.pid, up: up(x), state: x.state }));
    const before = await waitFor(async () => {
      const list = await snapshot();
      return list.every((x) => x.up) ? list : null;
    }, 'every server to be up before the edit');
    const good = await readFile(h.configPath, 'utf8');
    await writeFile(h.configPath, JSON.stringify({ servers: { memory: { command: 42 } } }));
    // writeFile truncates then writes, so the watcher may first see an empty file (also
    // rejected); wait for the rejection that names the bad field.
    await waitFor(() => /config change rejected.*servers\.memory\.command/.test(h.stderr()), 'the rejection to be logged', 30_000);
    expect(h.stderr()).toContain(h.configPath);
    // The same processes keep running: nothing was stopped or restarted.
    const after = await snapshot();
    expect(after.map(({ id, pid, up }) => ({ id, pid, up }))).toEqual(before!.map(({ id, pid }) => ({ id, pid, up: true })));
    await writeFile(h.configPath, good);
  });

  it('config validate names the file, the path and the problem', async () => {
    const dir = await tempDir();
    const file = `${dir}/bad.json`;
    await writeFile(file, JSON.stringify({ mcpServers: { a__b: { command: 'x' } } }));
    const r = await runCli(['config', 'validate', file], cliEnv);
    expect(r.code).toBe(5); // README "Exit codes": 5 is an invalid config
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('a__b');
  });

  it('a taken port is a clear error, and the children it started are stopped', async () => {
    const dir = await tempDir();
    const cfgPath = `${dir}/config.json`;
    // A marker in the child's command line lets us look for it after serve has given up.
    const marker = `--orch-test-marker=${process.pid}-${Date.now()}`;
    const port = Number(new URL(h.url).port);
    const servers = { memory: { command: process.execPath, args: [MEMORY_SERVER, marker], env: { MEMORY_FILE_PATH: `${dir}/m.jsonl` } } };
    await writeFile(cfgPath, JSON.stringify({ servers, orchestrator: { port } }));
    const env = { ...h.env, MCP_ORCHESTRATOR_KEYCHAIN_SERVICE: `${h.env.MCP_ORCHESTRATOR_KEYCHAIN_SERVICE}-busy` };
    const r = await runCli(['serve', '--config', cfgPath, '--data-dir', dir], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`port ${port}`);
    expect(childrenWith(marker)).toEqual([]);
  });

  it('Ctrl-C stops every child: no orphans', async () => {
    const dir = await tempDir();
    const other = await startServe(baseConfig(dir), { dir, ui: false });
    const status = (await control<OrchestratorStatus>(other, 'getStatus')).value!;
    const pids = status.servers.map((s) => s.pid!).filter(Boolean);
    expect(pids.length).toBe(2);
    expect(await other.stop()).toBe(0);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
  });
});
