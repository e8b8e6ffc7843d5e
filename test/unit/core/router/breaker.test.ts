import { describe, expect, it } from 'vitest';
import { BreakerSet } from '../../../../electron/core/router/breaker.js';
import { EmbedCache, embedCacheKey } from '../../../../electron/core/router/embed-cache.js';
import { FakeClock } from '../../../helpers/fake-upstreams.js';

describe('BreakerSet', () => {
  it('opens after N consecutive failures and allows one trial after the cooldown', () => {
    const clock = new FakeClock();
    const b = new BreakerSet(clock, () => ({ failures: 2, cooldownMs: 1000 }));
    b.onFailure('v');
    expect(b.state('v')).toBe('closed');
    b.onSuccess('v');
    b.onFailure('v');
    expect(b.state('v')).toBe('closed'); // success reset the streak
    b.onFailure('v');
    expect(b.state('v')).toBe('open');
    expect(b.tryAcquire('v')).toBe(false);
    expect(b.retryInMs('v')).toBe(1000);
    clock.advance(1000);
    expect(b.tryAcquire('v')).toBe(true);
    expect(b.tryAcquire('v')).toBe(false); // only one trial in flight
    b.onFailure('v');
    expect(b.state('v')).toBe('open'); // failed trial re-opens at once
    clock.advance(1000);
    expect(b.tryAcquire('v')).toBe(true);
    b.onSuccess('v');
    expect(b.state('v')).toBe('closed');
    expect(b.failures('v')).toBe(0);
  });

  it('frees the trial slot on release (cancelled call)', () => {
    const clock = new FakeClock();
    const b = new BreakerSet(clock, () => ({ failures: 1, cooldownMs: 10 }));
    b.onFailure('v');
    clock.advance(10);
    expect(b.tryAcquire('v')).toBe(true);
    b.release('v');
    // The slot is free again: the next caller gets the trial.
    expect(b.tryAcquire('v')).toBe(true);
  });
});

describe('EmbedCache', () => {
  it('keys on vendor, model, dimensions and text without ambiguity', () => {
    expect(embedCacheKey('groq', 'm', 3, 'x')).not.toBe(embedCacheKey('openai', 'm', 3, 'x'));
    expect(embedCacheKey('a', 'bc', 3, 'x')).not.toBe(embedCacheKey('ab', 'c', 3, 'x'));
    expect(embedCacheKey('a', 'm', 2, 'x')).not.toBe(embedCacheKey('a', 'm', 3, 'x'));
    expect(embedCacheKey('a', 'b', 1, 'c')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('serves a vendor only its own vectors, and none of an older size once the size changed', () => {
    const cache = new EmbedCache(new FakeClock(), () => ({ ttlMs: 1000, maxEntries: 10 }));
    cache.store('openai', 'e3', ['x'], [[1, 2, 3]], 'e3');
    expect(cache.lookup('openai', 'e3', ['x'])[0]).toEqual({ vector: [1, 2, 3], vendor: 'openai', model: 'e3' });
    expect(cache.lookup('local', 'e3', ['x'])).toEqual([undefined]);
    expect(cache.lookup('openai', 'other', ['x'])).toEqual([undefined]);
    cache.store('openai', 'e3', ['y'], [[1, 2]], 'e3');
    expect(cache.lookup('openai', 'e3', ['x', 'y'])).toEqual([undefined, { vector: [1, 2], vendor: 'openai', model: 'e3' }]);
  });

  it('stores nothing when disabled by limits', () => {
    const cache = new EmbedCache(new FakeClock(), () => ({ ttlMs: 1000, maxEntries: 0 }));
    cache.set('k', { vector: [1], vendor: 'v', model: 'm' });
    expect(cache.size).toBe(0);
    expect(cache.get('k')).toBeUndefined();
  });
});
