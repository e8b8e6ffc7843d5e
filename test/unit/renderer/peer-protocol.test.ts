// The renderer side of issue 23's peer requests and protocol log: pushes land in the store, an
// answered or withdrawn request leaves it, the protocol view follows only its server and stays
// bounded, and the filter and export work on what is shown.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProtocolEntry } from '../../../shared/contract.js';
import type { AppStore } from '../../../renderer/src/store.js';
import { MAX_PROTOCOL_ENTRIES } from '../../../renderer/src/slices/peer-slice.js';
import { exportJson, filterEntries } from '../../../renderer/src/features/servers/protocol-filter.js';
import { connectedStore, type MemoryCore } from './memory-client.js';

let core: MemoryCore;
let store: AppStore;
let disconnect: () => void;
beforeEach(async () => {
  ({ core, store, disconnect } = await connectedStore());
});
afterEach(() => disconnect());

const entry = (seq: number, over: Partial<ProtocolEntry> = {}): ProtocolEntry => ({
  seq,
  serverId: 'everything',
  time: seq,
  direction: 'to-server',
  method: 'tools/call',
  size: 10,
  text: `{"n":${seq}}`,
  ...over,
});

describe('peer requests in the store', () => {
  it('a pushed request is listed until it is answered or withdrawn', async () => {
    const request = { id: 'peer-1', tool: 'x__t', method: 'sampling/createMessage' as const, params: {} };
    core.emit('peerRequest', request);
    core.emit('peerRequest', { ...request, id: 'peer-2' });
    expect(store.getState().peerRequests.map((r) => r.id)).toEqual(['peer-1', 'peer-2']);
    expect(await store.getState().answerPeer('peer-1', { result: { action: 'decline' } })).toBe(true);
    core.emit('peerRequestDone', { id: 'peer-2', outcome: 'cancelled' });
    expect(store.getState().peerRequests).toEqual([]);
  });
});

describe('the protocol view', () => {
  it('takes pushes for its own server only, and keeps at most the core bound', async () => {
    await store.getState().openProtocolLog('everything');
    core.emit('protocol', entry(1, { serverId: 'memory' }));
    for (let i = 1; i <= MAX_PROTOCOL_ENTRIES + 5; i++) core.emit('protocol', entry(i));
    const view = store.getState().protocolView!;
    expect(view.entries).toHaveLength(MAX_PROTOCOL_ENTRIES);
    expect(view.entries[0].seq).toBe(6);
    expect(view.dropped).toBe(5);
    store.getState().closeProtocolLog();
    core.emit('protocol', entry(9999));
    expect(store.getState().protocolView).toBeNull();
    // The core pushes a server's entries only while a view watches it.
    expect(core.callsOf('watchProtocolLog')).toEqual([
      ['everything', true],
      ['everything', false],
    ]);
  });

  it('filters by direction, method and text, and exports what is shown', () => {
    const all = [
      entry(1, { method: 'initialize' }),
      entry(2, { direction: 'from-server', method: 'sampling/createMessage', text: '{"prompt":"Paris"}' }),
      entry(3, { method: 'response to sampling/createMessage' }),
    ];
    expect(filterEntries(all, { direction: 'all', method: 'sampling', text: '' }).map((e) => e.seq)).toEqual([2, 3]);
    expect(filterEntries(all, { direction: 'from-server', method: 'sampling', text: '' }).map((e) => e.seq)).toEqual([2]);
    expect(filterEntries(all, { direction: 'all', method: '', text: 'paris' }).map((e) => e.seq)).toEqual([2]);
    const doc = JSON.parse(exportJson('everything', all.slice(1, 2), 3)) as { serverId: string; dropped: number; entries: ProtocolEntry[] };
    expect(doc).toMatchObject({ serverId: 'everything', dropped: 3, entries: [{ seq: 2 }] });
  });
});
