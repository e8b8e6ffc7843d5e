// Snapshot: a lazily built value, rebuilt when invalidated or when the upstreams it was built from change;
// ready() hands it out at once only while get() would return that same, finished build.
import { describe, expect, it } from 'vitest';
import { Snapshot } from '../../../../electron/core/gateway/snapshot.js';
import type { Upstream } from '../../../../electron/core/upstream/upstream.js';

const up = (id: string, client: object = {}) => ({ id, client }) as unknown as Upstream;

describe('Snapshot', () => {
  it('is ready once its build is in, for the same upstreams only, and until invalidated', async () => {
    let builds = 0;
    const snap = new Snapshot(async (ups) => ({ n: ++builds, ids: ups.map((u) => u.id) }));
    const a = up('a');
    expect(snap.ready([a])).toBeUndefined();
    const first = snap.get([a]);
    expect(snap.ready([a]), 'still building').toBeUndefined();
    await first;
    expect(snap.ready([a])).toEqual({ n: 1, ids: ['a'] });
    // Another set of upstreams, or the same id on a new client, is not what it was built from.
    expect(snap.ready([a, up('b')])).toBeUndefined();
    expect(snap.ready([up('a')])).toBeUndefined();
    snap.invalidate();
    expect(snap.ready([a])).toBeUndefined();
    await snap.get([a]);
    expect(snap.ready([a])).toEqual({ n: 2, ids: ['a'] });
  });

  it('is not ready after a failed build, which does not stick', async () => {
    let fail = true;
    const snap = new Snapshot(async () => {
      if (fail) throw new Error('no');
      return 'ok';
    });
    const a = up('a');
    await expect(snap.get([a])).rejects.toThrow('no');
    expect(snap.ready([a])).toBeUndefined();
    fail = false;
    await expect(snap.get([a])).resolves.toBe('ok');
    expect(snap.ready([a])).toBe('ok');
  });
});
