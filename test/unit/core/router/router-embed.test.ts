import { afterEach, describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../../../shared/errors.js';
import { Router } from '../../../../electron/core/router/router.js';
import { silentLogger } from '../../../../electron/core/env.js';
import type { RoutingConfig } from '../../../../shared/types.js';
import { FakeClock, TestUpstreams } from '../../../helpers/fake-upstreams.js';
import { routerSettings } from '../../../helpers/test-settings.js';
import { startFakeVendor, type FakeVendor, type FakeVendorOptions } from '../../../helpers/fake-vendors.js';

let vendors: FakeVendor[] = [];
let router: Router | undefined;

async function setup(specs: FakeVendorOptions[], routing: Partial<RoutingConfig> = {}) {
  const source = new TestUpstreams();
  const clock = new FakeClock();
  vendors = await Promise.all(specs.map(startFakeVendor));
  for (const v of vendors) source.add(v.upstream);
  const settings = routerSettings(routing);
  router = new Router({ upstreams: source, settings: () => settings, logger: silentLogger, clock });
  return { router, clock, byId: Object.fromEntries(vendors.map((v) => [v.id, v])) };
}

afterEach(async () => {
  router?.dispose();
  router = undefined;
  await Promise.all(vendors.map((v) => v.close()));
  vendors = [];
});

describe('Router.embed', () => {
  it('embeds with the preferred vendor, then serves repeats from the cache', async () => {
    const { router, byId } = await setup([
      { id: 'local', embed: true },
      { id: 'openai', embed: true },
    ]);
    const first = await router.embed('hello');
    expect(first).toEqual({
      embeddings: [[5, 6]],
      vendor: 'openai',
      model: 'text-embedding-3-small',
      dimensions: 2,
      cached: false,
      failover: [],
    });
    const again = await router.embed('hello');
    expect(again).toMatchObject({ embeddings: [[5, 6]], vendor: 'openai', cached: true });
    expect(byId.openai.calls).toHaveLength(1);
    // Only the texts not cached yet reach the vendor.
    const batch = await router.embed(['hello', 'abc']);
    expect(batch.embeddings).toEqual([
      [5, 6],
      [3, 6],
    ]);
    expect(batch.cached).toBe(false);
    expect(byId.openai.calls[1].args.input).toEqual(['abc']);
    // An explicit vendor is a different cache key.
    const local = await router.embed('hello', 'local');
    expect(local).toMatchObject({ vendor: 'local', cached: false, embeddings: [[5, 5]] });
  });

  it('expires entries after the TTL and evicts the least recently used', async () => {
    const { router, byId, clock } = await setup([{ id: 'openai', embed: true }], { embedCacheTtlMs: 1000, embedCacheMaxEntries: 2 });
    await router.embed('a');
    clock.advance(1000);
    expect((await router.embed('a')).cached).toBe(true); // fresh up to the TTL itself
    clock.advance(1);
    expect((await router.embed('a')).cached).toBe(false);
    await router.embed('b');
    expect((await router.embed('a')).cached).toBe(true); // touch a: b is now least recent
    await router.embed('c'); // evicts b
    expect((await router.embed('a')).cached).toBe(true);
    expect((await router.embed('b')).cached).toBe(false);
    expect(byId.openai.calls.map((c) => c.args.input)).toEqual(['a', 'a', 'b', 'c', 'b']);
  });

  it('fails over between embed vendors and never caches failures', async () => {
    const { router, byId } = await setup([
      { id: 'openai', embed: true },
      { id: 'backup', embed: true },
    ]);
    byId.openai.behavior.fail = 'isError';
    const res = await router.embed('x', undefined, { model: 'llama-3.1-8b-instant' });
    expect(res.vendor).toBe('backup');
    expect(res.failover).toEqual([{ vendor: 'openai', error: expect.stringContaining('503') }]);
    // A groq model name never goes to openai.
    expect(byId.openai.calls[0].args.model).toBe('text-embedding-3-small');
    byId.backup.behavior.fail = 'isError';
    const err = await router.embed('y').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(ErrorCode.ALL_VENDORS_FAILED);
  });
});

describe('Router.embed never mixes vendors', () => {
  it('retries the whole request on the next vendor after a failure, never joining two vendors’ vectors', async () => {
    const { router, byId } = await setup([
      { id: 'openai', embed: true, embedDims: 3 },
      { id: 'backup', embed: true, embedDims: 2 },
    ]);
    const first = await router.embed(['alpha']);
    expect(first).toMatchObject({ vendor: 'openai', dimensions: 3, embeddings: [[5, 6, 0]] });
    byId.openai.behavior.fail = 'isError';
    // 'alpha' is cached from openai, but openai fails on 'beta': backup embeds both.
    const mixed = await router.embed(['alpha', 'beta']);
    expect(mixed).toMatchObject({ vendor: 'backup', model: 'backup-embed', dimensions: 2, cached: false });
    expect(mixed.embeddings).toEqual([
      [5, 6],
      [4, 6],
    ]);
    expect(byId.backup.calls.map((c) => c.args.input)).toEqual([['alpha', 'beta']]);
    expect(byId.openai.calls.map((c) => c.args.input)).toEqual([['alpha'], ['beta']]);
  });

  it('answers from one vendor’s cache only, and says whose vectors they are', async () => {
    const { router, byId } = await setup([
      { id: 'openai', embed: true, embedDims: 3 },
      { id: 'backup', embed: true, embedDims: 2 },
    ]);
    byId.openai.behavior.fail = 'isError';
    await router.embed('one'); // backup's
    byId.openai.behavior.fail = undefined;
    await router.embed('two'); // openai's
    // Each text is cached, but by different vendors: openai embeds 'one' itself rather than mix.
    const both = await router.embed(['one', 'two']);
    expect(both).toMatchObject({
      vendor: 'openai',
      dimensions: 3,
      cached: false,
      embeddings: [
        [3, 6, 0],
        [3, 6, 0],
      ],
    });
    expect(byId.openai.calls.at(-1)?.args.input).toEqual(['one']);
    const again = await router.embed(['one', 'two']);
    expect(again).toMatchObject({ vendor: 'openai', model: 'text-embedding-3-small', dimensions: 3, cached: true });
    // An explicit vendor reads its own entries.
    expect(await router.embed('one', 'backup')).toMatchObject({ vendor: 'backup', dimensions: 2, cached: true, embeddings: [[3, 6]] });
  });
});

describe('Router utilities', () => {
  it('routes weather and search to servers offering them', async () => {
    const { router } = await setup([
      { id: 'weather', chat: false, weather: true },
      { id: 'web_search', chat: false, search: true },
    ]);
    const w = await router.getWeather('Paris', 'imperial');
    expect(w).toMatchObject({ location: 'Paris', temperature: 21, source: 'weather', units: 'imperial' });
    const r = await router.searchWeb('mcp', 3);
    expect(r).toHaveLength(3);
    expect(r[0]).toEqual({ title: 'mcp 0', url: 'https://example.test/0', snippet: 's' });
  });

  it('lists models across vendors, skipping one that fails', async () => {
    const { router, byId } = await setup([
      { id: 'openai', models: ['gpt-4o-mini', 'gpt-4o'] },
      { id: 'groq', models: ['llama-3.1-8b-instant'] },
      { id: 'weather', chat: false, weather: true },
    ]);
    expect(await router.listModels('groq')).toEqual([{ vendor: 'groq', id: 'llama-3.1-8b-instant' }]);
    byId.groq.behavior.fail = 'isError';
    expect(await router.listModels()).toEqual([
      { vendor: 'openai', id: 'gpt-4o-mini' },
      { vendor: 'openai', id: 'gpt-4o' },
    ]);
    const err = await router.listModels('groq').catch((e: unknown) => e);
    expect((err as AppError).code).toBe(ErrorCode.UPSTREAM_ERROR);
  });

  it('describes vendors with capabilities once discovered', async () => {
    const { router } = await setup([{ id: 'openai', embed: true, models: ['gpt-4o-mini'] }]);
    await router.listModels();
    expect(router.vendors()).toEqual([
      {
        vendor: 'openai',
        capabilities: ['chat', 'embed', 'listModels'],
        discovered: true,
        breaker: 'closed',
        consecutiveFailures: 0,
        latencyMs: null,
        inflight: 0,
        // Model listings are not routed calls.
        calls: 0,
        errors: 0,
        latencyP50Ms: null,
        latencyP95Ms: null,
        setAsideUntil: null,
      },
    ]);
  });
});
