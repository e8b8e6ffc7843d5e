// A byte budget per client: a real serve, a chatty child, 10 sessions whose GET stream stopped
// reading and 10 tools/call reply streams that stopped reading. Each is dropped once its
// unsent bytes pass orchestrator.client_buffer_bytes (1 MiB by default), serve's RSS stays
// bounded, its sessions survive, and /health and a tools/call still answer quickly.
import type { Socket } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSession, pausedRequest, post, messagesOf, type RawTarget } from '../helpers/raw-mcp.js';
import { ROOT, startServe, tempDir, waitFor, type ServeHandle } from '../helpers/serve-process.js';
import { rssMb } from '../helpers/proc.js';

const STREAMS = 10;
const RSS_GROWTH_MB = 64;
const ANSWER_MS = 250;

const handles: ServeHandle[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(handles.splice(0).map((h) => h.stop()));
});

const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

describe('slow clients against a chatty child', () => {
  it('drops paused GET and reply streams at their budget; RSS stays bounded and the gateway answers', async () => {
    const dir = await tempDir();
    const chatty = {
      command: process.execPath,
      args: ['--import', 'tsx', path.join(ROOT, 'test', 'fixtures', 'servers', 'chatty.ts')],
      cwd: ROOT,
    };
    const h = await startServe({ servers: { chatty }, orchestrator: { port: 8000 } }, { dir, ui: false });
    handles.push(h);
    const pid = h.child.pid!;
    const t: RawTarget = { url: h.url, token: h.token };
    const baseline = rssMb(pid);
    let peak = baseline;
    const sample = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
    try {
      const getSessions: string[] = [];
      for (let i = 0; i < STREAMS; i++) {
        const sid = await openSession(t, 'debug');
        getSessions.push(sid);
        const { head } = await pausedRequest(t, 'GET', sid, undefined, sockets);
        expect(head).toMatch(/^HTTP\/1\.1 200/);
      }
      // ~3 MB/s of log notifications to every session that asked for logs, for 10 s: a flood that ends, so the
      // measure is what the paused streams cost, not how far V8 lets its heap grow under a steady flow.
      const chatter = { every_ms: 10, burst: 4, bytes: 8192, seconds: 10 };
      const started = await messagesOf(
        await post(t, await openSession(t), {
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'chatty__chatter', arguments: chatter },
        }),
      );
      expect(started[0]).toMatchObject({ result: { content: [{ text: 'chattering' }] } });
      for (let i = 0; i < STREAMS; i++) {
        const sid = await openSession(t);
        const call = {
          jsonrpc: '2.0',
          id: 7,
          method: 'tools/call',
          // ~13 MB of progress notifications per call: past the budget plus what the kernel buffers.
          params: { name: 'chatty__work', arguments: { count: 400, bytes: 32_768 }, _meta: { progressToken: `p${i}` } },
        };
        const { head } = await pausedRequest(t, 'POST', sid, call, sockets);
        expect(head).toMatch(/^HTTP\/1\.1 200/);
        expect(head.toLowerCase()).toContain('text/event-stream');
      }
      // Every paused stream is cut at its budget; none of them buffers without limit.
      await waitFor(
        () => count(h.stderr(), /dropping a GET stream/g) >= STREAMS && count(h.stderr(), /dropping a reply stream/g) >= STREAMS,
        'every paused stream to be dropped',
        20_000,
      );
      peak = Math.max(peak, rssMb(pid));
      expect(peak - baseline, `RSS went from ${baseline.toFixed(0)} MB to ${peak.toFixed(0)} MB`).toBeLessThanOrEqual(RSS_GROWTH_MB);

      // The gateway still answers at once while the child keeps chattering.
      const health = await timed(() => fetch(`${h.base}/health`).then((r) => r.status));
      expect(health.value).toBe(200);
      expect(health.ms).toBeLessThan(ANSWER_MS);
      const sid = await openSession(t);
      const call = await timed(async () =>
        messagesOf(
          await post(t, sid, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'chatty__echo', arguments: { text: 'hi' } } }),
        ),
      );
      expect(call.value[0]).toMatchObject({ id: 2, result: { content: [{ type: 'text', text: 'hi' }] } });
      expect(call.ms).toBeLessThan(ANSWER_MS);

      // A dropped stream's session survives: its client opens a new GET stream and hears the child again.
      const again = new AbortController();
      const res = await fetch(h.url, {
        headers: {
          authorization: `Bearer ${h.token}`,
          accept: 'text/event-stream',
          'mcp-session-id': getSessions[0],
          'mcp-protocol-version': '2025-06-18',
        },
        signal: again.signal,
      });
      expect(res.status).toBe(200);
      const chirp = { every_ms: 20, burst: 1, bytes: 16, seconds: 1 };
      await messagesOf(
        await post(t, sid, { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'chatty__chatter', arguments: chirp } }),
      );
      const reader = res.body!.getReader();
      const first = await reader.read();
      expect(new TextDecoder().decode(first.value)).toContain('notifications/message');
      again.abort();
    } finally {
      clearInterval(sample);
    }
  }, 30_000);
});
