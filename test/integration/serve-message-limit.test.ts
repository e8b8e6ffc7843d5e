// The message size limit (max_message_bytes) through a real serve: a result over a server's
// limit becomes an MCP error naming the server, the tool and the size, the child's connection
// stays up for the next call, and serve neither keeps the oversized result nor holds it whole on
// the way. A stdio result between the SDK's old 10 MB line limit and our default passes whole.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { messagesOf, openSession, post, type RawTarget } from '../helpers/raw-mcp.js';
import { ROOT, startServe, tempDir, type ServeHandle } from '../helpers/serve-process.js';
import { rssMb } from '../helpers/proc.js';
import { keptBytes, PROBE_NODE_ARGS } from '../helpers/heap-probe.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'servers', 'chatty.ts');
const LIMIT = 1_000_000;
const BIG = 40_000_000;

const handles: ServeHandle[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) c.kill();
  await Promise.all(handles.splice(0).map((h) => h.stop()));
});

async function call(t: RawTarget, sid: string, name: string, args: Record<string, unknown>) {
  const [reply] = await messagesOf(await post(t, sid, { jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name, arguments: args } }));
  return reply as { result?: { content: Array<{ text: string }> }; error?: { code: number; message: string } };
}

/** The fixture as a remote server over Streamable HTTP; resolves with its URL. */
async function httpChild(): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, '--http'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const port = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`http fixture exited ${code}`)));
  });
  return `http://127.0.0.1:${port}/mcp`;
}

async function serveWith(entry: Record<string, unknown>): Promise<{ h: ServeHandle; t: RawTarget; sid: string }> {
  const h = await startServe(
    { servers: { chatty: { ...entry, max_message_bytes: LIMIT } }, orchestrator: { port: 8000 } },
    { dir: await tempDir(), ui: false, nodeArgs: PROBE_NODE_ARGS },
  );
  handles.push(h);
  const t = { url: h.url, token: h.token };
  return { h, t, sid: await openSession(t) };
}

async function overLimitKeepsConnection(h: ServeHandle, t: RawTarget, sid: string): Promise<void> {
  // One ordinary call first, so that what a first call sets up is not counted against the big one.
  await call(t, sid, 'chatty__echo', { text: 'first' });
  const keptBefore = await keptBytes(h.child);
  const rssBefore = rssMb(h.child.pid!);
  const reply = await call(t, sid, 'chatty__big', { bytes: BIG });
  expect(reply.error?.message).toMatch(
    /\[chatty\] the reply to tools\/call "big" is [\d,]+ bytes, over the 1,000,000-byte limit \(max_message_bytes\)/,
  );
  // Held on the way: streaming past the result reads its bytes once, as chunks that are garbage
  // at once (at most its size, until a collection runs); holding it whole would take its bytes and
  // then its text, twice its size. The bound sits between the two.
  const grown = rssMb(h.child.pid!) - rssBefore;
  expect(grown, 'serve held the oversized result whole').toBeLessThan((1.5 * BIG) / 2 ** 20);
  // Kept: after a full collection, serve holds no more than before by as much as the limit, let
  // alone the result (measured: about 0.1 MB).
  const kept = (await keptBytes(h.child)) - keptBefore;
  expect(kept, 'serve kept (part of) the oversized result').toBeLessThan(LIMIT);
  // The same connection answers the next call.
  const next = await call(t, sid, 'chatty__echo', { text: 'still here' });
  expect(next.result?.content[0].text).toBe('still here');
  const status = await fetch(`${h.base}/api/getStatus`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
    body: '{"args":[]}',
  });
  const servers = ((await status.json()) as { value: { servers: Array<{ id: string; restarts: number; state: string }> } }).value.servers;
  expect(servers.find((s) => s.id === 'chatty')).toMatchObject({ state: 'running', restarts: 0 });
}

describe('max_message_bytes', () => {
  it('stdio: a result over the limit is an error naming server, tool and size; the child stays connected', async () => {
    const { h, t, sid } = await serveWith({ command: process.execPath, args: ['--import', 'tsx', FIXTURE], cwd: ROOT });
    await overLimitKeepsConnection(h, t, sid);
  }, 60_000);

  it('http: a result over the limit is cut off unread and answered with the same error', async () => {
    const { h, t, sid } = await serveWith({ url: await httpChild() });
    await overLimitKeepsConnection(h, t, sid);
  }, 60_000);

  it("stdio: a 12 MB result (over the SDK reader's 10 MB) passes whole under the default limit", async () => {
    const h = await startServe(
      { servers: { chatty: { command: process.execPath, args: ['--import', 'tsx', FIXTURE], cwd: ROOT } }, orchestrator: { port: 8000 } },
      { dir: await tempDir(), ui: false },
    );
    handles.push(h);
    const t = { url: h.url, token: h.token };
    const reply = await call(t, await openSession(t), 'chatty__big', { bytes: 12_000_000 });
    expect(reply.result?.content[0].text.length).toBe(12_000_000);
  }, 60_000);
});
