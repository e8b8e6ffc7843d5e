// `secrets set` while an orchestrator runs: the key goes to that orchestrator (its control API, as the
// Servers panel sends it), which stores it and starts the servers that waited for it. Before, the CLI
// wrote the keychain behind the orchestrator's back and nothing started.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrchestratorStatus } from '../../shared/types.js';
import { orchestratorStatus, serverStatus } from '../helpers/status.js';
import { writeRuntimeFile } from '../../electron/core/config/runtime-file.js';
import { identityProof } from '../../electron/core/gateway/identity.js';
import { EVERYTHING_SERVER, control, runCli, startServe, tempDir, waitFor } from '../helpers/serve-process.js';

const requireKeyring = process.env.MCP_ORCH_REQUIRE_KEYRING === '1';

/**
 * A stand-in orchestrator on loopback: its control API records calls and answers like the core. It records itself
 * in a data folder and answers the identity challenge as the core does, or the CLI would send it no token.
 */
async function recordingOrchestrator(token: string) {
  const calls: Array<{ method: string; args: unknown[] }> = [];
  let stored = false;
  const nonce = 'cd'.repeat(32);
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/identity?')) {
      const challenge = new URL(req.url, 'http://x').searchParams.get('challenge') ?? '';
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ proof: identityProof(nonce, challenge) }));
    }
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (req.headers.authorization !== `Bearer ${token}`) return res.writeHead(401).end('{}');
      const method = (req.url ?? '').replace('/api/', '');
      const args = (JSON.parse(body || '{}') as { args?: unknown[] }).args ?? [];
      calls.push({ method, args });
      const waiting = serverStatus('needs_key', stored ? { state: 'running', pid: 4242 } : { missingEnv: ['WAITED_KEY'] });
      if (method === 'setSecret') stored = true;
      const value = method === 'getStatus' ? orchestratorStatus([waiting, serverStatus('other')]) : null;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, value }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  const dataDir = await tempDir();
  await writeRuntimeFile(dataDir, { pid: process.pid, url, configPath: '/nonexistent/config.json', nonce });
  return { calls, url, dataDir, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('secrets set with an orchestrator running', () => {
  let fake: Awaited<ReturnType<typeof recordingOrchestrator>>;
  beforeAll(async () => {
    fake = await recordingOrchestrator('tok-123');
  });
  afterAll(() => fake?.close());

  it('hands the key to the orchestrator and reports the server that waited for it', async () => {
    const env = {
      ...(process.env as Record<string, string>),
      MCP_ORCHESTRATOR_URL: fake.url,
      MCP_ORCHESTRATOR_TOKEN: 'tok-123',
      MCP_ORCHESTRATOR_DATA: fake.dataDir,
    };
    const value = 'sk-through-the-orchestrator-0001';
    const r = await runCli(['secrets', 'set', 'WAITED_KEY'], env, value + '\n');
    expect(r.code, r.stderr).toBe(0);
    expect(fake.calls.find((c) => c.method === 'setSecret')?.args).toEqual(['WAITED_KEY', value]);
    expect(r.stdout).toContain('through the orchestrator');
    expect(r.stdout).toMatch(/needs_key: running/);
    expect(r.stdout).not.toContain('other');
    expect(r.stdout + r.stderr).not.toContain(value);

    const del = await runCli(['secrets', 'delete', 'WAITED_KEY', '--json'], env);
    expect(del.code).toBe(0);
    expect(JSON.parse(del.stdout)).toMatchObject({ deleted: 'WAITED_KEY' });
    expect(fake.calls.at(-1)).toEqual({ method: 'deleteSecret', args: ['WAITED_KEY'] });
  });

  it('refuses reserved names before it asks anyone', async () => {
    const before = fake.calls.length;
    const env = {
      ...(process.env as Record<string, string>),
      MCP_ORCHESTRATOR_URL: fake.url,
      MCP_ORCHESTRATOR_TOKEN: 'tok-123',
      MCP_ORCHESTRATOR_DATA: fake.dataDir,
    };
    expect((await runCli(['secrets', 'set', 'GATEWAY_TOKEN'], env, 'x\n')).code).toBe(1);
    expect(fake.calls.length).toBe(before);
  });

  // The whole path through a real serve needs a real keychain (scripts/test.sh runs one).
  it.skipIf(!requireKeyring)(
    'a real serve starts the waiting server once the CLI stores its key',
    async () => {
      const config = {
        servers: { waiting: { command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'], required_env: ['CLI_WAIT_KEY'] } },
      };
      const h = await startServe(config, { ui: false, env: { CLI_WAIT_KEY: '' } });
      try {
        const state = async () => (await control<OrchestratorStatus>(h, 'getStatus')).value!.servers[0];
        expect((await state()).missingEnv).toEqual(['CLI_WAIT_KEY']);
        const r = await runCli(['secrets', 'set', 'CLI_WAIT_KEY'], { ...h.env, MCP_ORCHESTRATOR_DATA: h.dir }, 'value-0123456789\n');
        expect(r.code, r.stderr).toBe(0);
        await waitFor(async () => (await state()).state === 'running', 'the waiting server to start', 30_000);
      } finally {
        await h.stop();
      }
    },
    60_000,
  );
});
