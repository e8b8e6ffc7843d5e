// Scoped authority, through a real `serve`: a client token reaches exactly the one MCP endpoint it is bound to and
// never the control API (which writes the config, and so could start any command); it cannot ride another
// credential's session; it is stored only as a hash; revoking it ends it. And the CLI and the stdio bridge send no
// token to a listener that cannot prove it is this orchestrator.
import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientTokenInfo } from '../../shared/types.js';
import { readRuntimeFile } from '../../electron/core/config/runtime-file.js';
import { bridgeToken } from '../../electron/core/gateway/identity.js';
import { BIN, control, referenceServers, runCli, startServe, tempDir, type ServeHandle } from '../helpers/serve-process.js';

const config = (dir: string) => ({
  servers: referenceServers(dir),
  profiles: { notes: { servers: ['memory'] }, other: { servers: ['everything'] } },
});

function rpc(h: ServeHandle, urlPath: string, token: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${h.base}${urlPath}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
};

async function connect(h: ServeHandle, urlPath: string, token: string): Promise<Client> {
  const client = new Client({ name: 'ide', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(h.base + urlPath), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
  );
  return client;
}

describe('client tokens: one endpoint each, never the control API', () => {
  let h: ServeHandle;
  let token: string;

  beforeAll(async () => {
    const dir = await tempDir();
    h = await startServe(config(dir), { dir, ui: false });
    const added = await control<{ token: string; client: ClientTokenInfo }>(h, 'addClient', 'cursor', 'notes');
    expect(added.ok).toBe(true);
    token = added.value!.token;
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('serves its own profile endpoint and refuses /mcp, other profiles and unknown ones with 403', async () => {
    const client = await connect(h, '/mcp/notes', token);
    const tools = (await client.listTools()).tools.map((t) => t.name);
    expect(tools.length).toBeGreaterThan(0);
    expect(tools.every((n) => n.startsWith('memory__'))).toBe(true);
    await client.close();
    for (const p of ['/mcp', '/mcp/other', '/mcp/nope']) {
      const res = await rpc(h, p, token, initialize);
      expect(res.status, p).toBe(403);
      expect(await res.text()).toContain('bound to /mcp/notes');
    }
  });

  it('cannot reach the control API: no status, and no saveConfig that would start a command', async () => {
    const before = await readFile(h.configPath, 'utf8');
    const evil = JSON.stringify({ servers: { pwn: { command: 'sh', args: ['-c', 'touch /tmp/pwned-by-client-token'] } } });
    for (const [method, args] of [
      ['getStatus', []],
      ['saveConfig', [evil]],
      ['addClient', ['escalate', null]],
    ] as const) {
      const res = await rpc(h, `/api/${method}`, token, { args });
      expect(res.status, method).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    }
    expect(await readFile(h.configPath, 'utf8')).toBe(before);
    const clients = await control<ClientTokenInfo[]>(h, 'listClients');
    expect(clients.value!.map((c) => c.name)).toEqual(['cursor']);
  });

  it('cannot use a session another credential opened, even on its own endpoint', async () => {
    const admin = await rpc(h, '/mcp/notes', h.token, initialize);
    const sessionId = admin.headers.get('mcp-session-id')!;
    expect(sessionId).toBeTruthy();
    const res = await rpc(
      h,
      '/mcp/notes',
      token,
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' },
    );
    expect(res.status).toBe(404);
  });

  it('the admin token still works on /mcp, and the log says once how to move IDEs to client tokens', async () => {
    for (let i = 0; i < 2; i++) {
      const c = await connect(h, '/mcp', h.token);
      expect((await c.listTools()).tools.length).toBeGreaterThan(0);
      await c.close();
    }
    expect(h.stderr().split('an MCP client used the admin token').length - 1).toBe(1);
    expect(h.stderr()).toContain('mcp-orchestrator clients add <name>');
  });

  it("the stdio bridge's run credential reaches every MCP endpoint and never the control API", async () => {
    const info = (await readRuntimeFile(h.dir))!;
    const bridge = bridgeToken(info.nonce);
    for (const p of ['/mcp', '/mcp/notes', '/mcp/other']) {
      const c = await connect(h, p, bridge);
      expect((await c.listTools()).tools.length, p).toBeGreaterThan(0);
      await c.close();
    }
    expect((await rpc(h, '/api/getStatus', bridge, { args: [] })).status).toBe(403);
    // It is this run's: derived from a nonce that only the owner-only runtime file holds.
    expect((await stat(path.join(h.dir, 'orchestrator.json'))).mode & 0o777).toBe(0o600);
    expect((await rpc(h, '/mcp', bridgeToken('ab'.repeat(32)), initialize)).status).toBe(401);
  });

  it('keeps only a hash, in a 0600 file, and lists name, endpoint and last use', async () => {
    const file = path.join(h.dir, 'client-tokens.json');
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(token);
    expect(text).toContain('"cursor"');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const listed = (await control<ClientTokenInfo[]>(h, 'listClients')).value!;
    expect(listed[0]).toMatchObject({ name: 'cursor', profile: 'notes' });
    expect(listed[0].lastUsedAt).toBeGreaterThan(0);
  });

  it('the CLI adds, lists and revokes; a revoked token is refused and its open session ends', async () => {
    const added = await runCli(['clients', 'add', 'vscode'], h.env);
    expect(added.code).toBe(0);
    const cliToken = added.stdout.trim();
    expect(cliToken).toMatch(/^mcpo_[A-Za-z0-9_-]{43}$/);
    expect(added.stderr).toContain('/mcp only');
    const list = await runCli(['clients', 'list'], h.env);
    expect(list.stdout).toMatch(/vscode {2}\/mcp {2}created/);
    const open = await connect(h, '/mcp', cliToken);
    expect((await open.listTools()).tools.length).toBeGreaterThan(0);
    // A raw GET stream of its own session, to see it end when the token is revoked.
    const init = await rpc(h, '/mcp', cliToken, initialize);
    const sid = init.headers.get('mcp-session-id')!;
    const stream = await fetch(`${h.base}/mcp`, {
      headers: {
        authorization: `Bearer ${cliToken}`,
        accept: 'text/event-stream',
        'mcp-session-id': sid,
        'mcp-protocol-version': '2025-11-25',
      },
    });
    expect(stream.status).toBe(200);
    const ended = (async () => {
      const reader = stream.body!.getReader();
      while (!(await reader.read().catch(() => ({ done: true }))).done);
      return true;
    })();
    const revoked = await runCli(['clients', 'revoke', 'vscode'], h.env);
    expect(revoked.code).toBe(0);
    expect(await ended).toBe(true);
    expect((await rpc(h, '/mcp', cliToken, initialize)).status).toBe(401);
    await expect(open.listTools()).rejects.toThrow();
    await open.close().catch(() => undefined);
    const again = await runCli(['clients', 'revoke', 'vscode'], h.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('no client named "vscode"');
  });
});

/** A plain HTTP listener that records every request it gets, as a process that grabbed the port would. */
async function foreignListener(port = 0): Promise<{ server: Server; port: number; seen: { url: string; headers: IncomingHttpHeaders }[] }> {
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"proof":"' + '0'.repeat(64) + '"}');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

describe('no token for a listener that cannot prove it is this orchestrator', () => {
  it('a port taken after serve died (stale runtime file) gets only the challenge, from the CLI and the bridge', async () => {
    const dir = await tempDir();
    const h = await startServe({ servers: {} }, { dir, ui: false });
    const port = Number(new URL(h.url).port);
    // kill -9: no clean shutdown, so the runtime file stays behind; then someone else takes the port.
    h.child.kill('SIGKILL');
    await new Promise((r) => h.child.once('exit', r));
    const foreign = await foreignListener(port);
    try {
      const status = await runCli(['status', '--url', h.url], h.env);
      expect(status.code).toBe(1);
      expect(status.stderr).toContain('did not prove it is the orchestrator');
      const bridge = spawn(process.execPath, [BIN, 'stdio', '--url', h.url], { env: h.env, stdio: ['pipe', 'pipe', 'pipe'] });
      let err = '';
      bridge.stderr.on('data', (d) => (err += d));
      const code = await new Promise<number | null>((r) => bridge.once('exit', (c) => r(c)));
      expect(code).not.toBe(0);
      expect(err).toContain('refusing to send it the token');
      expect(foreign.seen.length).toBeGreaterThanOrEqual(2);
      for (const r of foreign.seen) {
        expect(r.url).toMatch(/^\/identity\?challenge=[0-9a-f]{64}$/);
        expect(r.headers.authorization).toBeUndefined();
        expect(JSON.stringify(r)).not.toContain(h.token);
      }
    } finally {
      foreign.server.close();
    }
  }, 60_000);

  it('with no orchestrator running on the data folder, nothing at all is sent, even a pinned token', async () => {
    const dir = await tempDir();
    const foreign = await foreignListener();
    try {
      const env = {
        ...(process.env as Record<string, string>),
        MCP_ORCHESTRATOR_DATA: dir,
        MCP_ORCHESTRATOR_TOKEN: 'pinned-secret-value-123456',
      };
      const r = await runCli(['status', '--url', `http://127.0.0.1:${foreign.port}/mcp`], env);
      expect(r.code).toBe(3); // EXIT.UNREACHABLE: nothing that could be checked runs there
      expect(r.stderr).toContain('no orchestrator is running with the data folder');
      expect(foreign.seen).toEqual([]);
    } finally {
      foreign.server.close();
    }
  });
});
