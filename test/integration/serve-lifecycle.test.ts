// Lifecycle of the real `serve` process: the gateway does not wait for slow children, a token
// rotation ends every stream and session, and a SIGKILLed serve leaves no stubborn child.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import type { OrchestratorStatus } from '../../shared/types.js';
import { writeFile } from 'node:fs/promises';
import { ROOT, control, isAlive, runCli, startServe, tempDir, waitFor, type ServeHandle } from '../helpers/serve-process.js';
import { connectClient } from '../helpers/connect-client.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'servers');
const fixture = (name: string, env: Record<string, string> = {}, extra: Record<string, unknown> = {}) => ({
  command: process.execPath,
  args: ['--import', 'tsx', path.join(FIXTURES, `${name}.ts`)],
  cwd: ROOT,
  env,
  ...extra,
});

/** Exited: no such process, or a zombie nobody has reaped yet (an orphan's new parent may be slow to). */
function gone(pid: number): boolean {
  if (!isAlive(pid)) return true;
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** Pids of processes whose command line contains `marker`. */
function pidsWith(marker: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', '--', marker], { encoding: 'utf8' }).trim().split('\n').map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

const running: ServeHandle[] = [];
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
  await Promise.all(running.splice(0).map((h) => h.stop()));
});

async function serve(servers: Record<string, unknown>, waitForChildren = true): Promise<ServeHandle> {
  const dir = await tempDir();
  const h = await startServe({ servers, orchestrator: { port: 8000 } }, { dir, ui: false, waitForChildren });
  running.push(h);
  return h;
}

async function connect(h: ServeHandle, token = h.token): Promise<Client> {
  const client = await connectClient(h.url, token, { name: 'lifecycle-test' });
  clients.push(client);
  return client;
}

async function status(h: ServeHandle): Promise<OrchestratorStatus> {
  return (await control<OrchestratorStatus>(h, 'getStatus')).value!;
}

/** Opens /api/events and resolves `ended` when the server ends the stream. */
async function openEvents(h: ServeHandle): Promise<{ first: Promise<string>; ended: Promise<boolean> }> {
  const res = await fetch(`${h.base}/api/events`, { headers: { authorization: `Bearer ${h.token}` } });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  let text = '';
  let gotFirst!: (t: string) => void;
  const first = new Promise<string>((r) => (gotFirst = r));
  const ended = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return true;
        text += new TextDecoder().decode(value);
        if (text.includes('\n\n')) gotFirst(text);
      }
    } catch {
      return true;
    }
  })();
  return { first, ended };
}

describe('serve lifecycle', () => {
  it('a child that never answers initialize delays neither /health nor MCP; a slow one joins via list_changed', async () => {
    const t0 = Date.now();
    const h = await serve({ silent: fixture('silent'), slow: fixture('slow-start', { START_DELAY_MS: '4000' }) }, false);
    const health = await fetch(`${h.base}/health`);
    expect(health.status).toBe(200);
    const client = await connect(h);
    const changed = new Promise<void>((resolve) => client.setNotificationHandler('notifications/tools/list_changed', () => resolve()));
    const names = (await client.listTools()).tools.map((t) => t.name);
    // Answered at once, with neither child's tools: the router lists only tools some running server can serve.
    expect(names.filter((n) => n.startsWith('silent__'))).toEqual([]);
    // Both children are still starting: the silent one would hold us for its whole 30 s timeout.
    const s = await status(h);
    expect(s.servers.find((x) => x.id === 'silent')!.state).toBe('starting');
    expect(Date.now() - t0).toBeLessThan(25_000);
    if (!names.includes('slow__echo')) {
      await changed;
      await waitFor(async () => (await client.listTools()).tools.some((t) => t.name === 'slow__echo'), 'slow__echo to appear', 30_000);
    }
    expect((await status(h)).servers.find((x) => x.id === 'silent')!.state).toBe('starting');
  }, 60_000);

  it('rotating the token closes /api/events streams and /mcp sessions; the new token works, the old one not', async () => {
    const h = await serve({});
    const client = await connect(h);
    await client.listTools();
    const events = await openEvents(h);
    expect(await events.first).toMatch(/^event: status/);
    const oldToken = h.token;
    const rotated = await control<{ token: string }>(h, 'rotateToken');
    expect(rotated.ok).toBe(true);
    const newToken = rotated.value!.token;
    expect(newToken).not.toBe(oldToken);
    expect(await events.ended).toBe(true);
    // The session opened with the old token is gone, not merely unauthorised on the next request.
    await expect(client.listTools()).rejects.toThrow();
    h.token = newToken;
    const fresh = await connect(h);
    expect(await fresh.ping()).toEqual({});
    expect((await fresh.listTools()).tools).toEqual([]); // no servers configured, no vendor: nothing to list
    await expect(connect(h, oldToken)).rejects.toThrow(/401|Unauthorized/i);
    const again = await fetch(`${h.base}/api/events`, { headers: { authorization: `Bearer ${oldToken}` } });
    expect(again.status).toBe(401);
  }, 60_000);

  it('a child that ignores stdin EOF and SIGTERM does not outlive a SIGKILLed serve', async () => {
    const h = await serve({ stubborn: fixture('crashy', { IGNORE_SIGTERM: '1' }) });
    const s = await status(h);
    const pid = s.servers.find((x) => x.id === 'stubborn')!.pid!;
    expect(s.servers.find((x) => x.id === 'stubborn')!.state).toBe('running');
    expect(isAlive(pid)).toBe(true);
    h.child.kill('SIGKILL');
    await h.stop();
    // The watchdog TERMs, waits 2 s, then KILLs: bounded poll well above that.
    await waitFor(() => gone(pid), `stubborn child ${pid} to be gone`, 15_000, 100);
  }, 60_000);

  it('on a taken port, serve stops a child still stuck in initialize at once instead of waiting out its timeout', async () => {
    const busy = await serve({});
    const dir = await tempDir();
    const cfgPath = path.join(dir, 'config.json');
    const marker = `--orch-silent-marker=${process.pid}-${Date.now()}`;
    const silent = { ...fixture('silent'), args: [...fixture('silent').args, marker] };
    await writeFile(
      cfgPath,
      JSON.stringify({ servers: { silent }, orchestrator: { port: Number(new URL(busy.url).port), default_timeout: 60 } }),
    );
    const t0 = Date.now();
    const r = await runCli(['serve', '--config', cfgPath, '--data-dir', dir], {
      ...busy.env,
      MCP_ORCHESTRATOR_KEYCHAIN_SERVICE: `${busy.env.MCP_ORCHESTRATOR_KEYCHAIN_SERVICE}-busy`,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already in use/);
    // Far below the 60 s start timeout: the start was cancelled, not waited for.
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(pidsWith(marker).filter((p) => !gone(p))).toEqual([]);
  }, 60_000);
});
