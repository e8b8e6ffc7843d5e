// The stdio bridge driven by a real SDK client over stdio, against a real `serve`: it survives
// a gateway restart, a session eviction and a token rotation without the client noticing, and
// exits non-zero when the token it was given stops working and no new one can be found.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { pollFor } from '../helpers/wait.js';
import { BIN, ROOT, control, startServe, tempDir, type ServeHandle } from '../helpers/serve-process.js';

const ECHO = {
  command: process.execPath,
  args: ['--import', 'tsx', path.join(ROOT, 'test', 'fixtures', 'servers', 'slow-start.ts')],
  cwd: ROOT,
  env: { START_DELAY_MS: '0' },
};

const serves: ServeHandle[] = [];
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
  await Promise.all(serves.splice(0).map((h) => h.stop()));
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function serve(
  dir: string,
  port: number,
  env: Record<string, string>,
  orchestrator: Record<string, unknown> = {},
): Promise<ServeHandle> {
  const h = await startServe({ servers: { echo: ECHO }, orchestrator: { port: 8000, ...orchestrator } }, { dir, port, env, ui: false });
  serves.push(h);
  return h;
}

/** An IDE-like client that only speaks stdio, through `mcp-orchestrator stdio`; the bridge finds the token itself. */
async function bridged(h: ServeHandle): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'stdio', '--url', h.url, '--data-dir', h.dir],
    env: { ...h.env, MCP_ORCHESTRATOR_TOKEN: '' },
    stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', (d) => (err += d));
  const client = new Client({ name: 'stdio-ide', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return { client, stderr: () => err };
}

async function echo(client: Client, text: string): Promise<string> {
  const r = await client.callTool({ name: 'echo__echo', arguments: { text } });
  return (r.content as { text: string }[])[0].text;
}

describe('stdio bridge recovery', () => {
  it('survives a gateway restart: re-initializes and resends the request', async () => {
    const dir = await tempDir();
    const port = await freePort();
    const env = { MCP_ORCHESTRATOR_KEYCHAIN_SERVICE: `mcp-orch-bridge-${process.pid}-${Date.now()}` };
    const first = await serve(dir, port, env);
    const { client, stderr } = await bridged(first);
    expect(await echo(client, 'before')).toBe('before');
    await first.stop();
    serves.splice(serves.indexOf(first), 1);
    await serve(dir, port, env);
    expect(await echo(client, 'after restart')).toBe('after restart');
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('echo__echo');
    expect(stderr()).toContain('session was lost');
  }, 90_000);

  it('survives its session being evicted by another client', async () => {
    const dir = await tempDir();
    const h = await serve(dir, 0, {}, { max_sessions: 1 });
    const { client, stderr } = await bridged(h);
    expect(await echo(client, 'one')).toBe('one');
    // A second client at max_sessions: 1 evicts the bridge's idle session.
    const other = new Client({ name: 'other', version: '1.0.0' });
    await other.connect(
      new StreamableHTTPClientTransport(new URL(h.url), { requestInit: { headers: { Authorization: `Bearer ${h.token}` } } }),
    );
    clients.push(other);
    await other.listTools();
    expect(await echo(client, 'two')).toBe('two');
    expect(stderr()).toContain('session was lost');
  }, 60_000);

  it('carries on through an admin token rotation, which closes every session but does not touch its run credential', async () => {
    const dir = await tempDir();
    const h = await serve(dir, 0, {});
    const { client, stderr } = await bridged(h);
    expect(await echo(client, 'before')).toBe('before');
    expect((await control(h, 'rotateToken')).ok).toBe(true);
    expect(await echo(client, 'after')).toBe('after');
    // It re-opened its session with the same run credential (identity.ts bridgeToken), not a re-read token.
    expect(stderr()).not.toContain('token changed');
  }, 60_000);

  it('exits non-zero when its token is refused and no new one can be read', async () => {
    const dir = await tempDir();
    const h = await serve(dir, 0, {});
    // A token pinned in the environment cannot be re-read: the bridge must exit so the IDE restarts it.
    const child = spawn(process.execPath, [BIN, 'stdio', '--url', h.url], {
      env: { ...h.env, MCP_ORCHESTRATOR_TOKEN: h.token },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const send = (m: unknown) => child.stdin.write(JSON.stringify(m) + '\n');
    const reply = (id: number) => pollFor(() => out.includes(`"id":${id}`), `reply ${id}`, 20_000);
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });
    await reply(1);
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    await reply(2);
    expect((await control(h, 'rotateToken')).ok).toBe(true);
    send({ jsonrpc: '2.0', id: 3, method: 'tools/list' });
    const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 20_000))]);
    if (code === 'hung') child.kill();
    expect(code).toBe(1);
    expect(err).toMatch(/401/);
  }, 60_000);
});
