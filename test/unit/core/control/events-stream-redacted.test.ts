// GET /api/events on a real loopback server over a real core: the status a new stream opens with is
// the redacted one every other reader gets (it used to be built unredacted for that first event).
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../../electron/core/create-core.js';
import { createControlApi } from '../../../../electron/core/control/control-api.js';
import { controlRoute } from '../../../../electron/core/control/http-api.js';

const SECRET = 'known-secret-value-4821';
let server: http.Server | null = null;
const aborts: AbortController[] = [];

afterEach(async () => {
  for (const a of aborts.splice(0)) a.abort();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  server = null;
});

/** The first server-sent event of the stream at `url`, as {event, data}. */
async function firstEvent(url: string): Promise<{ event: string; data: unknown }> {
  const abort = new AbortController();
  aborts.push(abort);
  const res = await fetch(url, { signal: abort.signal });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes('\n\n')) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before an event: ${text}`);
    text += decoder.decode(value, { stream: true });
  }
  const block = text.slice(0, text.indexOf('\n\n'));
  const event = /^event: (.+)$/m.exec(block)?.[1] ?? '';
  const data = JSON.parse(/^data: (.+)$/m.exec(block)?.[1] ?? 'null') as unknown;
  return { event, data };
}

describe('GET /api/events', () => {
  it('opens with the redacted status', async () => {
    const core = createCore({ configPath: `/nonexistent/${SECRET}/config.json`, dataDir: '/nonexistent' });
    core.redactor.add(SECRET);
    const route = controlRoute(createControlApi(core), core);
    server = http.createServer((req, res) => void route.handle(req, res, Buffer.alloc(0)));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { event, data } = await firstEvent(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/events`);
    expect(event).toBe('status');
    expect(JSON.stringify(data)).not.toContain(SECRET);
    expect((data as { configPath: string }).configPath).toBe('/nonexistent/[redacted]/config.json');
  });
});
