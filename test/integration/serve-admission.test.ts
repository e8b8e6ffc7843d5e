// Connection admission through a real serve: 1,000 connections that show no token (half send
// nothing, half start headers and stall) must not lock out /health, the UI or an
// authenticated client. They share a small part of the connection cap; the longest idle of
// them is closed to admit each newcomer, so the flood only churns among itself.
import { execFileSync } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { messagesOf, openSession, post } from '../helpers/raw-mcp.js';
import { ROOT, startServe, tempDir, waitFor, type ServeHandle } from '../helpers/serve-process.js';

const IDLE = 1000;
const ANSWER_MS = 250;

const handles: ServeHandle[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(handles.splice(0).map((h) => h.stop()));
});

/** Opens `n` idle connections (odd ones stall mid-headers); resolves once all connected, with a count of those the server closed. */
async function flood(port: number, n: number): Promise<{ closed: () => number }> {
  let closed = 0;
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        if (i % 2 === 1) s.write(`GET /health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Stall: `);
        resolve();
      });
      sockets.push(s);
      s.on('error', () => undefined);
      s.once('close', () => {
        closed++;
        resolve();
      });
    });
  for (let i = 0; i < n; i += 100) await Promise.all(Array.from({ length: Math.min(100, n - i) }, (_, k) => one(i + k)));
  return { closed: () => closed };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

describe('connection admission', () => {
  it('1,000 idle connections without a token lock out neither /health, the UI nor an authenticated client', async () => {
    // Our sockets, serve's, and the test runner's own: stay well inside the fd limit.
    const limit = Number(execFileSync('sh', ['-c', 'ulimit -n']).toString().trim());
    expect(limit).toBeGreaterThan(IDLE * 2 + 200);
    const chatty = {
      command: process.execPath,
      args: ['--import', 'tsx', path.join(ROOT, 'test', 'fixtures', 'servers', 'chatty.ts')],
      cwd: ROOT,
    };
    const h = await startServe({ servers: { chatty }, orchestrator: { port: 8000 } }, { dir: await tempDir() });
    handles.push(h);
    const t = { url: h.url, token: h.token };
    const sid = await openSession(t);
    const port = Number(new URL(h.base).port);

    const first = await flood(port, IDLE);
    // The attacker reopens as many again: the flood still only churns within its share.
    const second = await flood(port, IDLE);

    const health = await timed(() => fetch(`${h.base}/health`).then((r) => r.status));
    expect(health.value).toBe(200);
    expect(health.ms).toBeLessThan(ANSWER_MS);
    const ui = await timed(() => fetch(h.uiUrl.split('#')[0]).then((r) => r.status));
    expect(ui.value).toBe(200);
    expect(ui.ms).toBeLessThan(ANSWER_MS);
    const call = await timed(async () =>
      messagesOf(
        await post(t, sid, { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'chatty__echo', arguments: { text: 'in' } } }),
      ),
    );
    expect(call.value[0]).toMatchObject({ id: 3, result: { content: [{ text: 'in' }] } });
    expect(call.ms).toBeLessThan(ANSWER_MS);
    // A new client gets in too: initialize and its first call.
    const freshSid = await openSession(t);
    const fresh = await messagesOf(await post(t, freshSid, { jsonrpc: '2.0', id: 4, method: 'tools/list' }));
    expect(fresh[0]).toMatchObject({ id: 4, result: { tools: expect.any(Array) } });
    // The idle ones were closed to make room: all but the newest few of 2,000.
    await waitFor(() => first.closed() + second.closed() >= 2 * IDLE - 64, 'the flood to be closed but for its share', 10_000);
  }, 30_000);
});
