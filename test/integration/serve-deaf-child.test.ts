// A stdio child that stops reading its stdin must cost serve a bounded amount of memory: once what
// waits unread for it passes its max_message_bytes, a further call is refused at once with an
// error that says so, instead of being queued behind the others without limit.
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { messagesOf, openSession, post } from '../helpers/raw-mcp.js';
import { ROOT, startServe, tempDir, type ServeHandle } from '../helpers/serve-process.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'servers', 'deaf.ts');
const LIMIT = 1_000_000;
const TEXT = 200_000;
const CALLS = 12;

const handles: ServeHandle[] = [];
afterEach(async () => {
  await Promise.all(handles.splice(0).map((h) => h.stop()));
});

type Reply = { result?: { content: Array<{ text: string }> }; error?: { message: string } };

it('a child that stops reading gets at most its max_message_bytes queued; later calls are refused, saying why', async () => {
  const h = await startServe(
    {
      servers: { deaf: { command: process.execPath, args: ['--import', 'tsx', FIXTURE], cwd: ROOT, max_message_bytes: LIMIT, timeout: 3 } },
      orchestrator: { port: 8000 },
    },
    { dir: await tempDir(), ui: false },
  );
  handles.push(h);
  const t = { url: h.url, token: h.token };
  const sid = await openSession(t);
  const call = async (id: number, name: string, args: Record<string, unknown>) =>
    (await messagesOf(await post(t, sid, { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } })))[0] as Reply;

  expect((await call(1, 'deaf__stop_reading', {})).result?.content[0].text).toBe('not listening any more');
  const replies = await Promise.all(Array.from({ length: CALLS }, (_, i) => call(10 + i, 'deaf__echo', { text: 'x'.repeat(TEXT) })));
  const messages = replies.map((r) => r.error?.message ?? 'a result');
  const refused = messages.filter((m) => m.includes('is not reading its input'));
  const timedOut = messages.filter((m) => m === '[deaf] Request timed out');
  // Every call got an error: those written before the bound time out (3 s), the rest are refused at once.
  expect(refused.length + timedOut.length, JSON.stringify(messages.map((m) => m.slice(0, 100)))).toBe(CALLS);
  expect(refused[0]).toMatch(
    /^\[deaf\] the server is not reading its input: [\d,]+ bytes sent to it are still unread, and this message would take that past its 1,000,000-byte limit \(max_message_bytes\); it was not sent$/,
  );
  // Written (and so held by serve) before the refusals began: no more than the limit's worth, plus one message.
  expect(timedOut.length).toBeGreaterThan(0);
  expect(timedOut.length).toBeLessThanOrEqual(Math.ceil(LIMIT / TEXT) + 1);
}, 60_000);
