// The balancer's pure choice of who goes first, on a fake clock: each strategy, set-aside after
// Retry-After, max_inflight, and the failover order behind the pick.
import { describe, expect, it } from 'vitest';
import { Balancer } from '../../../../electron/core/router/balancer.js';
import { VendorStats } from '../../../../electron/core/router/vendor-stats.js';
import type { RoutingConfig } from '../../../../shared/types.js';
import { FakeClock } from '../../../helpers/fake-upstreams.js';
import { routerSettings } from '../../../helpers/test-settings.js';

function setup(routing: Partial<RoutingConfig>, latencies: Record<string, number | null> = {}) {
  const clock = new FakeClock();
  const config = routerSettings(routing).routing;
  const balancer = new Balancer(clock, () => config);
  const order = (items = ['openai', 'groq', 'local_llama']) =>
    balancer.order({ cap: 'chat', items, vendorOf: (v) => v, latency: (v) => latencies[v] ?? null });
  /** First choice of n successive calls, counted per vendor. */
  const spread = (n: number, items?: string[]) => {
    const counts: Record<string, number> = {};
    for (let i = 0; i < n; i++) {
      const first = order(items)[0];
      counts[first] = (counts[first] ?? 0) + 1;
    }
    return counts;
  };
  return { clock, balancer, order, spread };
}

describe('Balancer', () => {
  it('priority keeps the preference order (the default)', () => {
    const { order, spread } = setup({});
    expect(order()).toEqual(['openai', 'groq', 'local_llama']);
    expect(spread(10)).toEqual({ openai: 10 });
  });

  it('round_robin takes turns and keeps the others behind the pick in preference order', () => {
    const { order } = setup({ strategy: 'round_robin' });
    expect([order(), order(), order(), order()]).toEqual([
      ['openai', 'groq', 'local_llama'],
      ['groq', 'openai', 'local_llama'],
      ['local_llama', 'openai', 'groq'],
      ['openai', 'groq', 'local_llama'],
    ]);
  });

  it('weighted follows the weights exactly and evenly (smooth weighted round-robin)', () => {
    const { order, spread } = setup({ strategy: 'weighted', weights: { openai: 3, groq: 1, local_llama: 0 } });
    expect([0, 1, 2, 3].map(() => order()[0])).toEqual(['openai', 'openai', 'groq', 'openai']);
    expect(spread(100)).toEqual({ openai: 75, groq: 25 });
  });

  it('weighted gives a vendor without a weight 1, and a 0-weight vendor only failover', () => {
    const { order, spread } = setup({ strategy: 'weighted', weights: { openai: 2, local_llama: 0 } });
    expect(spread(30)).toEqual({ openai: 20, groq: 10 });
    expect(order().at(-1)).toBe('local_llama');
  });

  it('least_latency picks the fastest, measuring unknown vendors first', () => {
    expect(setup({ strategy: 'least_latency' }, { openai: 120, groq: 40, local_llama: 300 }).order()).toEqual([
      'groq',
      'openai',
      'local_llama',
    ]);
    expect(setup({ strategy: 'least_latency' }, { openai: 120, groq: 40 }).order()[0]).toBe('local_llama');
  });

  it('least_latency probes a vendor it has passed over for 10 turns, so an old bad figure is measured again', () => {
    const { order } = setup({ strategy: 'least_latency' }, { openai: 120, groq: 40 });
    const firsts = Array.from({ length: 12 }, () => order(['openai', 'groq'])[0]);
    expect(firsts).toEqual([...new Array<string>(10).fill('groq'), 'openai', 'groq']);
  });

  it('least_inflight picks the vendor with the fewest calls running', () => {
    const { order, balancer } = setup({ strategy: 'least_inflight' });
    balancer.acquire('openai');
    balancer.acquire('openai');
    balancer.acquire('groq');
    expect(order()[0]).toBe('local_llama');
    balancer.acquire('local_llama');
    balancer.acquire('local_llama');
    expect(order()[0]).toBe('groq');
    balancer.release('openai');
    balancer.release('openai');
    expect(order()[0]).toBe('openai');
    expect(balancer.inflight('openai')).toBe(0);
  });

  it('sets a vendor aside for exactly its Retry-After, then takes it back', () => {
    const { order, balancer, clock } = setup({ strategy: 'round_robin' });
    balancer.setAside('groq', 5000);
    expect(balancer.asideUntilMs('groq')).toBe(clock.now() + 5000);
    const firsts = [0, 1, 2, 3].map(() => order()[0]);
    expect(firsts).not.toContain('groq');
    // Still a last resort for failover when every other vendor fails.
    expect(order().at(-1)).toBe('groq');
    clock.advance(4999);
    expect(balancer.asideUntilMs('groq')).not.toBeNull();
    clock.advance(1);
    expect(balancer.asideUntilMs('groq')).toBeNull();
    expect([0, 1, 2].map(() => order()[0]).sort()).toEqual(['groq', 'local_llama', 'openai']);
  });

  it('a shorter second Retry-After does not shorten the first', () => {
    const { balancer, clock } = setup({});
    balancer.setAside('openai', 10_000);
    balancer.setAside('openai', 1000);
    expect(balancer.asideUntilMs('openai')).toBe(clock.now() + 10_000);
  });

  it('under priority, a set-aside first choice yields to the next', () => {
    const { order, balancer } = setup({});
    balancer.setAside('openai', 1000);
    expect(order()).toEqual(['groq', 'local_llama', 'openai']);
  });

  it('passes over a vendor at its max_inflight, under any strategy', () => {
    const { order, balancer } = setup({ maxInflight: { openai: 2 } });
    balancer.acquire('openai');
    expect(order()[0]).toBe('openai');
    balancer.acquire('openai');
    expect(order()).toEqual(['groq', 'local_llama', 'openai']);
  });

  it('reports every change of the in-flight counts (status pushes them)', () => {
    let changes = 0;
    const balancer = new Balancer(
      new FakeClock(),
      () => routerSettings().routing,
      () => changes++,
    );
    balancer.acquire('openai');
    balancer.release('openai');
    expect(changes).toBe(2);
  });

  it('keeps the given order when every vendor is held back', () => {
    const { order, balancer } = setup({ strategy: 'round_robin' });
    for (const v of ['openai', 'groq', 'local_llama']) balancer.setAside(v, 1000);
    expect(order()).toEqual(['openai', 'groq', 'local_llama']);
  });
});

describe('VendorStats', () => {
  it('follows a vendor that got faster within a few calls (moving average), and keeps p50/p95 over the window', () => {
    const stats = new VendorStats();
    for (let i = 0; i < 20; i++) stats.record('openai', 1000);
    for (let i = 0; i < 5; i++) stats.record('openai', 20);
    expect(stats.latency('openai')).toBeLessThan(200);
    stats.recordError('openai');
    expect(stats.summary('openai')).toEqual({ calls: 26, errors: 1, p50: 1000, p95: 1000 });
    expect(stats.summary('groq')).toEqual({ calls: 0, errors: 0, p50: null, p95: null });
    expect(stats.latency('groq')).toBeNull();
  });
});
