// Supervisor with a remote (Streamable HTTP) server on 127.0.0.1: headers with ${VAR}, session end on stop.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Supervisor } from '../../electron/core/supervisor/supervisor.js';
import { createFixture } from '../fixtures/servers/common.js';
import { createTestSupervisor, stdioConfig, waitForStatus } from '../fixtures/servers/supervisor-harness.js';

const TOKEN = 'tok-' + randomUUID();
let http: Server;
let url: string;
let sessions: Map<string, NodeStreamableHTTPServerTransport>;
let closedSessions: string[];
let sup: Supervisor | undefined;

beforeEach(async () => {
  sessions = new Map();
  closedSessions = [];
  http = createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end();
    const sid = req.headers['mcp-session-id'];
    let transport = typeof sid === 'string' ? sessions.get(sid) : undefined;
    if (!transport) {
      const t = new NodeStreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => void sessions.set(id, t),
        onsessionclosed: (id) => void closedSessions.push(id),
      });
      transport = t;
      void createFixture('remote').connect(t);
    }
    void transport.handleRequest(req, res);
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
});

afterEach(async () => {
  await sup?.stopAll();
  sup = undefined;
  http.closeAllConnections();
  await new Promise((r) => http.close(r));
});

const remote = (headers: Record<string, string>) =>
  stdioConfig('remote', '', [], { transport: 'http', command: undefined, url, headers, requiredEnv: ['REMOTE_TOKEN'] });

describe('Supervisor remote servers', () => {
  it('connects with substituted headers and ends the session on stop', async () => {
    sup = createTestSupervisor({
      resolveEnv: async (names) => Object.fromEntries(names.map((n) => [n, n === 'REMOTE_TOKEN' ? TOKEN : undefined])),
    });
    await sup.setServers([remote({ Authorization: 'Bearer ${REMOTE_TOKEN}' })]);
    const s = sup.status('remote');
    expect(s.state, s.lastError ?? '').toBe('running');
    expect(s.pid).toBeNull();
    expect(s.toolCount).toBe(1);
    // A session-based Streamable HTTP server answers the server/discover probe with 400: a 2025 child.
    expect(s.protocolVersion).toBe('2025-11-25');
    const res = await sup.get('remote')!.client.callTool({ name: 'echo', arguments: { text: 'over http' } });
    expect(res.content).toEqual([{ type: 'text', text: 'over http' }]);
    expect(sessions.size).toBe(1);
    await sup.stop('remote');
    expect(sup.status('remote').state).toBe('stopped');
    expect(closedSessions).toEqual([...sessions.keys()]);
    expect(sup.list()).toEqual([]);
  });

  it('treats a rejected connection as a failure and backs off', async () => {
    sup = createTestSupervisor({ resolveEnv: async (names) => Object.fromEntries(names.map((n) => [n, 'wrong'])) });
    await sup.setServers([remote({ Authorization: 'Bearer ${REMOTE_TOKEN}' })]);
    const s = await waitForStatus(sup, 'remote', (st) => st.lastExit !== null);
    expect(s.lastError).toMatch(/connect failed/);
    expect(['backoff', 'starting', 'crashed', 'failed']).toContain(s.state);
    expect(sup.get('remote')).toBeUndefined();
  });
});
