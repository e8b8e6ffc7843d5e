// Memory stays bounded under slow consumers: paused /api/events readers and a child flooding
// stderr. The serve process's RSS is sampled throughout and must stay under a ceiling; the
// paused readers are dropped, an active one keeps receiving, and subscribers are capped.
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogLine } from '../../shared/types.js';
import { MAX_EVENT_SUBSCRIBERS } from '../../electron/core/control/http-api.js';
import { ROOT, control, startServe, tempDir, waitFor, type ServeHandle } from '../helpers/serve-process.js';
import { rssMb } from '../helpers/proc.js';

const SPAM_MB = 40;
/** Headroom over the RSS measured once serve is up; unbounded buffering of 5 paused readers x 40 MB would pass it several times over. */
const RSS_HEADROOM_MB = 120;

const handles: ServeHandle[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(handles.splice(0).map((h) => h.stop()));
});

/** A raw GET /api/events that never reads what it is sent (a paused or stuck browser tab). */
function pausedSubscriber(h: ServeHandle): Promise<Socket> {
  const { port } = new URL(h.base);
  return new Promise((resolve, reject) => {
    const s = connect(Number(port), '127.0.0.1', () => {
      s.write(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${h.token}\r\n\r\n`);
      s.pause();
      resolve(s);
    });
    s.on('error', () => undefined);
    s.once('error', reject);
    sockets.push(s);
  });
}

/** A subscriber that reads everything; resolves `sawDone` once the last spam line arrived. */
async function activeSubscriber(h: ServeHandle, controller: AbortController): Promise<{ sawDone: Promise<boolean> }> {
  const res = await fetch(`${h.base}/api/events`, { headers: { authorization: `Bearer ${h.token}` }, signal: controller.signal });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const sawDone = (async () => {
    let tail = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return false;
        tail = (tail + decoder.decode(value, { stream: true })).slice(-4096);
        if (tail.includes('"text":"spam done"')) return true;
      }
    } catch {
      return false;
    }
  })();
  return { sawDone };
}

describe('serve memory under slow consumers', () => {
  it('paused SSE readers and a child flooding stderr keep RSS bounded; slow readers are dropped', async () => {
    const dir = await tempDir();
    const spam = {
      command: process.execPath,
      args: ['--import', 'tsx', path.join(ROOT, 'test', 'fixtures', 'servers', 'stderr-spam.ts')],
      cwd: ROOT,
      env: { SPAM_MB: String(SPAM_MB) },
      autostart: false,
    };
    const h = await startServe({ servers: { spam }, orchestrator: { port: 8000 } }, { dir, ui: false });
    handles.push(h);
    const pid = h.child.pid!;
    const controller = new AbortController();
    const active = await activeSubscriber(h, controller);
    for (let i = 0; i < 5; i++) await pausedSubscriber(h);
    const baseline = rssMb(pid);
    let peak = baseline;
    expect((await control(h, 'startServer', 'spam')).ok).toBe(true);
    await waitFor(
      async () => {
        peak = Math.max(peak, rssMb(pid));
        const logs = (await control<LogLine[]>(h, 'getLogs', 'spam')).value ?? [];
        return logs.some((l) => l.text === 'spam done');
      },
      'the child to finish flooding stderr',
      180_000,
      100,
    );
    peak = Math.max(peak, rssMb(pid));
    expect(peak - baseline, `RSS went from ${baseline.toFixed(0)} MB to ${peak.toFixed(0)} MB`).toBeLessThan(RSS_HEADROOM_MB);
    // Each paused reader was cut off once its unsent bytes passed the limit.
    expect(h.stderr().match(/dropping a slow event subscriber/g)?.length).toBe(5);
    // The one that reads kept up and got everything, to the last line.
    expect(await active.sawDone).toBe(true);
    controller.abort();
    // The server's own log of that server stays within its byte budget.
    const logs = (await control<LogLine[]>(h, 'getLogs', 'spam')).value!;
    expect(logs.reduce((n, l) => n + Buffer.byteLength(l.text), 0)).toBeLessThanOrEqual(512 * 1024);
  }, 240_000);

  it(`caps /api/events subscribers at ${MAX_EVENT_SUBSCRIBERS}`, async () => {
    const dir = await tempDir();
    const h = await startServe({ servers: {}, orchestrator: { port: 8000 } }, { dir, ui: false });
    handles.push(h);
    const controller = new AbortController();
    const open = [];
    for (let i = 0; i < MAX_EVENT_SUBSCRIBERS; i++) {
      const res = await fetch(`${h.base}/api/events`, { headers: { authorization: `Bearer ${h.token}` }, signal: controller.signal });
      expect(res.status).toBe(200);
      open.push(res);
    }
    const extra = await fetch(`${h.base}/api/events`, { headers: { authorization: `Bearer ${h.token}` } });
    expect(extra.status).toBe(503);
    expect(await extra.text()).toMatch(/too many event subscribers/);
    controller.abort();
    // Closed streams free their slots.
    await waitFor(
      async () => {
        const res = await fetch(`${h.base}/api/events`, {
          headers: { authorization: `Bearer ${h.token}` },
          signal: AbortSignal.timeout(5000),
        });
        const ok = res.status === 200;
        await res.body?.cancel();
        return ok;
      },
      'a slot to free up',
      15_000,
    );
  }, 60_000);
});
