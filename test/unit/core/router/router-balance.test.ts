// The router's load balancing with in-process fake vendors on a fake clock: strategies spread
// vendor="auto" calls, Retry-After sets a vendor aside (without tripping its breaker), an explicit
// vendor and failover still win, and vendors() reports in-flight, calls, errors and percentiles.
import { afterEach, describe, expect, it } from 'vitest';
import { Router } from '../../../../electron/core/router/router.js';
import { silentLogger } from '../../../../electron/core/env.js';
import type { RoutingConfig } from '../../../../shared/types.js';
import { FakeClock, TestUpstreams } from '../../../helpers/fake-upstreams.js';
import { routerSettings } from '../../../helpers/test-settings.js';
import { startFakeVendor, type FakeVendor } from '../../../helpers/fake-vendors.js';

let vendors: FakeVendor[] = [];
let router: Router | undefined;

async function setup(routing: Partial<RoutingConfig>) {
  const source = new TestUpstreams();
  const clock = new FakeClock();
  vendors = await Promise.all(['openai', 'groq'].map((id) => startFakeVendor({ id })));
  for (const v of vendors) source.add(v.upstream);
  const settings = routerSettings({ chatPreference: ['openai', 'groq'], ...routing });
  router = new Router({ upstreams: source, settings: () => settings, logger: silentLogger, clock });
  const [openai, groq] = vendors;
  return { router, clock, openai, groq };
}

afterEach(async () => {
  router?.dispose();
  router = undefined;
  await Promise.all(vendors.map((v) => v.close()));
  vendors = [];
});

const chats = async (r: Router, n: number) => {
  const res = await Promise.all(Array.from({ length: n }, (_, i) => r.chat({ message: `m${i}` })));
  const counts: Record<string, number> = {};
  for (const x of res) counts[x.vendor] = (counts[x.vendor] ?? 0) + 1;
  return counts;
};

describe('Router load balancing', () => {
  it('priority (the default) sends every auto call to the first vendor', async () => {
    const { router } = await setup({});
    expect(await chats(router, 20)).toEqual({ openai: 20 });
  });

  it('round_robin splits 20 concurrent calls evenly', async () => {
    const { router, openai, groq } = await setup({ strategy: 'round_robin' });
    expect(await chats(router, 20)).toEqual({ openai: 10, groq: 10 });
    expect([openai.calls.length, groq.calls.length]).toEqual([10, 10]);
  });

  it('weighted follows the weights', async () => {
    const { router } = await setup({ strategy: 'weighted', weights: { openai: 1, groq: 3 } });
    expect(await chats(router, 20)).toEqual({ openai: 5, groq: 15 });
  });

  it('least_inflight spreads calls that run at the same time', async () => {
    const { router } = await setup({ strategy: 'least_inflight' });
    expect(await chats(router, 20)).toEqual({ openai: 10, groq: 10 });
  });

  it('sets a vendor aside for its Retry-After: its calls go elsewhere, its breaker stays closed', async () => {
    const { router, clock, openai, groq } = await setup({ strategy: 'round_robin', breakerFailures: 1 });
    openai.behavior = { fail: 'isError', retryAfterMs: 30_000 };
    const first = await router.chat({ message: 'first' });
    expect(first.vendor).toBe('groq');
    expect(first.failover).toEqual([{ vendor: 'openai', error: expect.stringContaining('503') }]);
    openai.behavior = {};
    expect(await chats(router, 10)).toEqual({ groq: 10 });
    expect(openai.calls).toHaveLength(1);
    const status = router.vendors().find((v) => v.vendor === 'openai');
    expect(status).toMatchObject({ breaker: 'closed', setAsideUntil: clock.now() + 30_000, calls: 1, errors: 1 });
    clock.advance(30_000);
    expect(await chats(router, 10)).toEqual({ openai: 5, groq: 5 });
    expect(groq.calls).toHaveLength(16);
  });

  it('an explicit vendor is used even while set aside', async () => {
    const { router, openai } = await setup({ strategy: 'round_robin' });
    openai.behavior = { fail: 'isError', retryAfterMs: 60_000 };
    await router.chat({ message: 'x' });
    openai.behavior = {};
    const res = await router.chat({ message: 'y', vendor: 'openai' });
    expect(res.vendor).toBe('openai');
  });

  it('fails over from the balanced pick to the other vendor', async () => {
    const { router, groq } = await setup({ strategy: 'weighted', weights: { openai: 0, groq: 1 } });
    groq.behavior = { fail: 'isError' };
    const res = await router.chat({ message: 'x' });
    expect(res.vendor).toBe('openai');
    expect(res.failover.map((f) => f.vendor)).toEqual(['groq']);
  });

  it('reports in-flight calls while they run, and calls, errors and percentiles after', async () => {
    const { router, clock, openai, groq } = await setup({ strategy: 'round_robin' });
    let release = () => undefined as void;
    const gate = new Promise<void>((r) => (release = r));
    let running = 0;
    // Each call takes 100 ms of fake time and waits at the gate until both are running.
    const behavior = { gate, onCall: () => (clock.advance(100), ++running === 2 && release()) };
    openai.behavior = behavior;
    groq.behavior = behavior;
    const both = chats(router, 2);
    await gate;
    expect(router.vendors().map((v) => v.inflight)).toEqual([1, 1]);
    expect(await both).toEqual({ openai: 1, groq: 1 });
    openai.behavior = { fail: 'isError', onCall: () => clock.advance(100) };
    groq.behavior = { onCall: () => clock.advance(300) };
    const third = await router.chat({ message: 'fails over' }); // openai's turn again; it fails over to groq
    expect(third.vendor).toBe('groq');
    const byVendor = Object.fromEntries(router.vendors().map((v) => [v.vendor, v]));
    expect(byVendor.openai).toMatchObject({ inflight: 0, calls: 2, errors: 1 });
    expect(byVendor.groq).toMatchObject({ inflight: 0, calls: 2, errors: 0 });
    expect(byVendor.groq.latencyP50Ms).toBeGreaterThan(0);
    expect(byVendor.groq.latencyP95Ms).toBe(300);
  });
});
