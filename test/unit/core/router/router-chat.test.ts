import { afterEach, describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../../../shared/errors.js';
import { Router } from '../../../../electron/core/router/router.js';
import { DISCOVERY_RETRY_MS } from '../../../../electron/core/router/capabilities.js';
import { silentLogger } from '../../../../electron/core/env.js';
import type { RoutingConfig } from '../../../../shared/types.js';
import { z } from 'zod';
import { connectInProcess, FakeClock, TestUpstreams } from '../../../helpers/fake-upstreams.js';
import { routerSettings } from '../../../helpers/test-settings.js';
import { startFakeVendor, type FakeVendor, type FakeVendorOptions } from '../../../helpers/fake-vendors.js';
import { waitFor } from '../../../helpers/wait.js';

let vendors: FakeVendor[] = [];
let router: Router | undefined;

async function setup(specs: FakeVendorOptions[], routing: Partial<RoutingConfig> = {}) {
  const source = new TestUpstreams();
  const clock = new FakeClock();
  vendors = await Promise.all(specs.map(startFakeVendor));
  for (const v of vendors) source.add(v.upstream);
  const settings = routerSettings(routing);
  router = new Router({ upstreams: source, settings: () => settings, logger: silentLogger, clock });
  const byId = Object.fromEntries(vendors.map((v) => [v.id, v]));
  return { router, source, clock, byId };
}

afterEach(async () => {
  router?.dispose();
  router = undefined;
  await Promise.all(vendors.map((v) => v.close()));
  vendors = [];
});

const rejectsWith = async (p: Promise<unknown>, code: string) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
};

describe('Router.vendors', () => {
  it('leaves out a server whose tools serve no routed capability (it is no vendor), once its tools are known', async () => {
    const { router, source } = await setup([{ id: 'openai' }]);
    const notes = await connectInProcess('notes', (server) =>
      server.registerTool('add_note', { inputSchema: z.object({ text: z.string() }) }, () => ({
        content: [{ type: 'text' as const, text: 'ok' }],
      })),
    );
    source.add(notes.upstream);
    router.vendors();
    await waitFor(() => router.vendors().every((v) => v.discovered));
    expect(router.vendors().map((v) => v.vendor)).toEqual(['openai']);
    await notes.close();
  });
});

describe('Router.chat', () => {
  it('picks the first preferred running vendor in auto mode', async () => {
    const { router, byId } = await setup([{ id: 'local_llama', models: ['llama3.2:3b'] }, { id: 'groq' }, { id: 'openai' }], {
      chatPreference: ['groq', 'openai'],
    });
    const res = await router.chat({ message: 'hi' });
    expect(res.vendor).toBe('groq');
    expect(res.message).toBe('hello from groq');
    expect(res.failover).toEqual([]);
    expect(res.usage?.total_tokens).toBe(5);
    expect(byId.groq.calls[0].args).toMatchObject({ messages: [{ role: 'user', content: 'hi' }], model: 'llama-3.1-8b-instant' });
    expect(byId.openai.calls).toHaveLength(0);
  });

  it('fails over within one call from an isError vendor and reports it', async () => {
    const { router, byId } = await setup([{ id: 'openai' }, { id: 'groq' }]);
    byId.openai.behavior.fail = 'isError';
    const res = await router.chat({ message: 'hi' });
    expect(res.vendor).toBe('groq');
    expect(res.failover).toEqual([{ vendor: 'openai', error: expect.stringContaining('503') }]);
  });

  it('fails over from a vendor that times out, and the timed-out call is cancelled upstream', async () => {
    const { router, byId } = await setup([{ id: 'openai', timeoutMs: 150 }, { id: 'groq' }]);
    byId.openai.behavior.fail = 'hang';
    const res = await router.chat({ message: 'hi' });
    expect(res.vendor).toBe('groq');
    expect(res.failover[0].vendor).toBe('openai');
    expect(res.failover[0].error).toMatch(/timed out/i);
    await waitFor(() => byId.openai.aborted);
  });

  it('uses only the explicit vendor and explains when it is missing or incapable', async () => {
    const { router, byId } = await setup([{ id: 'openai' }, { id: 'groq' }, { id: 'weather', chat: false, weather: true }]);
    const res = await router.chat({ message: 'hi', vendor: 'groq' });
    expect(res.vendor).toBe('groq');
    expect(byId.openai.calls).toHaveLength(0);
    const missing = await rejectsWith(router.chat({ message: 'hi', vendor: 'anthropic' }), ErrorCode.VENDOR_UNAVAILABLE);
    expect(missing.message).toContain('"anthropic" is not running');
    const incapable = await rejectsWith(router.chat({ message: 'hi', vendor: 'weather' }), ErrorCode.VENDOR_UNAVAILABLE);
    expect(incapable.message).toContain('does not offer chat');
    byId.groq.behavior.fail = 'isError';
    const failed = await rejectsWith(router.chat({ message: 'hi', vendor: 'groq' }), ErrorCode.UPSTREAM_ERROR);
    expect(failed.message).toContain('503');
    expect(byId.openai.calls).toHaveLength(0);
  });

  it('throws ALL_VENDORS_FAILED listing every vendor error', async () => {
    const { router, byId } = await setup([{ id: 'openai' }, { id: 'groq' }]);
    byId.openai.behavior.fail = 'isError';
    byId.groq.behavior.fail = 'throw';
    const err = await rejectsWith(router.chat({ message: 'hi' }), ErrorCode.ALL_VENDORS_FAILED);
    expect(err.message).toContain('openai:');
    expect(err.message).toContain('groq: ');
    expect(err.message).toContain('groq exploded');
  });

  it('opens the breaker, skips the vendor, then half-opens after the cooldown', async () => {
    const { router, byId, clock } = await setup([{ id: 'openai' }, { id: 'groq' }], { breakerFailures: 2, breakerCooldownMs: 10_000 });
    byId.openai.behavior.fail = 'isError';
    await router.chat({ message: '1' });
    await router.chat({ message: '2' });
    expect(router.vendors().find((v) => v.vendor === 'openai')?.breaker).toBe('open');
    byId.openai.behavior.fail = undefined;
    const skipped = await router.chat({ message: '3' });
    expect(skipped.vendor).toBe('groq');
    expect(skipped.failover).toEqual([]);
    expect(byId.openai.calls).toHaveLength(2);
    clock.advance(10_000);
    expect(router.vendors().find((v) => v.vendor === 'openai')?.breaker).toBe('half_open');
    const trial = await router.chat({ message: '4' });
    expect(trial.vendor).toBe('openai');
    expect(router.vendors().find((v) => v.vendor === 'openai')).toMatchObject({ breaker: 'closed', consecutiveFailures: 0 });
  });

  it('reports an explicit vendor with an open circuit as unavailable', async () => {
    const { router, byId } = await setup([{ id: 'openai' }], { breakerFailures: 1 });
    byId.openai.behavior.fail = 'isError';
    await rejectsWith(router.chat({ message: 'x', vendor: 'openai' }), ErrorCode.UPSTREAM_ERROR);
    const err = await rejectsWith(router.chat({ message: 'x', vendor: 'openai' }), ErrorCode.VENDOR_UNAVAILABLE);
    expect(err.message).toMatch(/circuit open; retry in 30s/);
  });

  it('adapts parameters per vendor and reports notes', async () => {
    const { router, byId } = await setup([
      { id: 'groq', noTemperature: true },
      { id: 'local_llama', models: ['llama3.2:3b', 'qwen2:7b'] },
    ]);
    const res = await router.chat({ message: 'hi', vendor: 'groq', model: 'gpt-4o-mini', temperature: 3, max_tokens: 50_000 });
    expect(byId.groq.calls[0].args).toEqual({
      messages: [{ role: 'user', content: 'hi' }],
      model: 'llama-3.1-8b-instant',
      max_tokens: 8192,
    });
    expect(res.notes).toEqual([
      'groq: model "gpt-4o-mini" belongs to openai; using "llama-3.1-8b-instant"',
      'groq: temperature 3 clamped to 2',
      'groq: max_tokens 50000 capped to 8192',
      'groq: parameter "temperature" is not supported and was dropped',
    ]);
    const local = await router.chat({ message: 'hi', vendor: 'local_llama', temperature: 0.5 });
    expect(local.notes).toBeUndefined();
    expect(local.model).toBe('llama3.2:3b');
    expect(byId.local_llama.calls.at(-1)?.args).toMatchObject({ model: 'llama3.2:3b', temperature: 0.5 });
    const own = await router.chat({ message: 'hi', vendor: 'local_llama', model: 'qwen2:7b' });
    expect(own.model).toBe('qwen2:7b');
    expect(own.notes).toBeUndefined();
  });

  it('streams deltas from progress notifications', async () => {
    const { router, byId } = await setup([{ id: 'openai' }]);
    byId.openai.behavior.deltas = ['Hel', 'lo', ' there'];
    const seen: string[] = [];
    const res = await router.chat({ message: 'hi' }, { onDelta: (d) => seen.push(d) });
    expect(seen).toEqual(['Hel', 'lo', ' there']);
    expect(res.message).toBe('Hello there');
    expect(byId.openai.calls[0].args.stream).toBe(true);
    // Deltas lost in transit (or a vendor that does not stream): the rest arrives as one delta.
    byId.openai.behavior = { deltas: ['Hel'], reply: 'Hello again' };
    const tail: string[] = [];
    await router.chat({ message: 'hi' }, { onDelta: (d) => tail.push(d) });
    expect(tail).toEqual(['Hel', 'lo again']);
  });

  it('propagates cancellation to the vendor tool and does not fail over', async () => {
    const { router, byId } = await setup([{ id: 'openai' }, { id: 'groq' }]);
    byId.openai.behavior.fail = 'hang';
    const ac = new AbortController();
    const pending = router.chat({ message: 'hi' }, { signal: ac.signal });
    await waitFor(() => byId.openai.calls.length === 1);
    ac.abort();
    await rejectsWith(pending, ErrorCode.CANCELLED);
    await waitFor(() => byId.openai.aborted);
    expect(byId.groq.calls).toHaveLength(0);
    expect(router.vendors().find((v) => v.vendor === 'openai')?.consecutiveFailures).toBe(0);
  });

  it('orders unlisted vendors by recent latency and rediscovers tools after a change', async () => {
    const { router, byId, clock, source } = await setup([{ id: 'slow' }, { id: 'fast' }], { chatPreference: [] });
    byId.slow.behavior.onCall = () => clock.advance(500);
    byId.fast.behavior.onCall = () => clock.advance(20);
    await router.chat({ message: 'a', vendor: 'slow' });
    await router.chat({ message: 'a', vendor: 'fast' });
    const res = await router.chat({ message: 'b' });
    expect(res.vendor).toBe('fast');
    expect(router.vendors().map((v) => [v.vendor, v.latencyMs])).toEqual([
      ['slow', 500],
      ['fast', 20],
    ]);
    source.remove('fast');
    expect((await router.chat({ message: 'c' })).vendor).toBe('slow');
  });
  it('keeps the caller-supplied cancellation reason', async () => {
    const { router, byId } = await setup([{ id: 'openai' }]);
    byId.openai.behavior.fail = 'hang';
    const ac = new AbortController();
    const pending = router.chat({ message: 'hi' }, { signal: ac.signal });
    await waitFor(() => byId.openai.calls.length === 1);
    ac.abort(new AppError(ErrorCode.CANCELLED, 'cancelled by the user'));
    const err = await rejectsWith(pending, ErrorCode.CANCELLED);
    expect(err.message).toBe('cancelled by the user');
  });

  it('routes around a server whose tool list cannot be read, and retries discovery later', async () => {
    const { router, byId, clock } = await setup([{ id: 'broken' }, { id: 'openai' }], { chatPreference: ['broken', 'openai'] });
    await byId.broken.upstream.client.close();
    expect((await router.chat({ message: 'hi' })).vendor).toBe('openai');
    expect(router.vendors().find((v) => v.vendor === 'broken')).toMatchObject({ discovered: true, capabilities: [] });
    clock.advance(DISCOVERY_RETRY_MS);
    expect(router.vendors().find((v) => v.vendor === 'broken')?.discovered).toBe(false);
  });
});
