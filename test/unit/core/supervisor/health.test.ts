// The pinger alone, in virtual time: one ping per interval and never two at once, consecutive
// failures counted, latency measured on the injected clock, and a stop (a restart) that wins over
// a ping still in flight. The ping's own timeout is the SDK request's; here the fake client decides.
import type { Client } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { Pinger } from '../../../../electron/core/supervisor/health.js';
import { TestClock } from '../../../helpers/test-clock.js';

/** A client whose every ping (server/discover in the 2026 era) waits until the test answers it. */
function controlledClient(era: 'legacy' | 'modern' = 'legacy') {
  const calls: { method: string; timeout?: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  const ask = (method: string) => (opts?: { timeout?: number }) =>
    new Promise<object>((resolve, reject) => calls.push({ method, timeout: opts?.timeout, resolve: () => resolve({}), reject }));
  const client = { getProtocolEra: () => era, ping: ask('ping'), discover: ask('server/discover') } as unknown as Client;
  return { client, calls };
}

function setup(timing = { pingIntervalMs: 30_000, pingTimeoutMs: 10_000 }, era: 'legacy' | 'modern' = 'legacy') {
  const clock = new TestClock(0);
  const { client, calls } = controlledClient(era);
  const events: string[] = [];
  const pinger = new Pinger(
    client,
    () => timing,
    { onOk: (ms) => events.push(`ok ${ms}`), onFail: (n, err) => events.push(`fail ${n} ${(err as Error).message}`) },
    clock,
  );
  return { clock, calls, events, pinger };
}

describe('Pinger', () => {
  it('pings once per interval, with the ping timeout, and only after the previous ping settled', async () => {
    const { clock, calls, events, pinger } = setup();
    pinger.start();
    await clock.advance(29_999);
    expect(calls).toHaveLength(0);
    await clock.advance(1);
    expect(calls).toHaveLength(1);
    expect(calls[0].timeout).toBe(10_000);
    // Unanswered: no second ping however long it takes.
    await clock.advance(120_000);
    expect(calls).toHaveLength(1);
    expect(clock.pending()).toEqual([]);
    calls[0].resolve();
    await clock.advance(0);
    expect(events).toEqual(['ok 120000']);
    expect(clock.pending()).toEqual([30_000]);
    pinger.stop();
  });

  it('measures latency on the injected clock and counts failures in a row, reset by a success', async () => {
    const { clock, calls, events, pinger } = setup();
    pinger.start();
    await clock.advance(30_000);
    await clock.advance(6_000);
    calls[0].resolve();
    await clock.advance(30_000);
    calls[1].reject(new Error('Request timed out'));
    await clock.advance(30_000);
    calls[2].reject(new Error('Request timed out'));
    await clock.advance(30_000);
    calls[3].resolve();
    await clock.advance(30_000);
    calls[4].reject(new Error('Connection closed'));
    await clock.advance(0);
    expect(events).toEqual(['ok 6000', 'fail 1 Request timed out', 'fail 2 Request timed out', 'ok 0', 'fail 1 Connection closed']);
    pinger.stop();
  });

  it('a ping that times out after a stop (a restart in progress) reports nothing and schedules nothing', async () => {
    const { clock, calls, events, pinger } = setup();
    pinger.start();
    await clock.advance(30_000);
    expect(calls).toHaveLength(1);
    pinger.stop();
    calls[0].reject(new Error('Request timed out'));
    await clock.advance(300_000);
    expect(events).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(clock.pending()).toEqual([]);
  });

  it('stop() before the first ping cancels its timer; an interval of 0 never pings', async () => {
    const a = setup();
    a.pinger.start();
    a.pinger.stop();
    expect(a.clock.pending()).toEqual([]);
    const b = setup({ pingIntervalMs: 0, pingTimeoutMs: 10_000 });
    b.pinger.start();
    await b.clock.advance(1_000_000);
    expect(b.calls).toHaveLength(0);
  });

  // Issue 21: 2026-07-28 has no ping; the v2 client refuses to send one on a modern connection.
  it('asks a 2026-era child server/discover instead of ping, a 2025 one ping', async () => {
    for (const [era, method] of [
      ['modern', 'server/discover'],
      ['legacy', 'ping'],
    ] as const) {
      const { clock, calls, events, pinger } = setup(undefined, era);
      pinger.start();
      await clock.advance(30_000);
      expect(calls.map((c) => c.method)).toEqual([method]);
      expect(calls[0].timeout).toBe(10_000);
      calls[0].resolve();
      await clock.advance(0);
      expect(events).toEqual(['ok 0']);
      pinger.stop();
    }
  });
});
