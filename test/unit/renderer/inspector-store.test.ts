// The store's Inspector plumbing against the in-memory client: completion requests carry the ref,
// the argument and the other arguments as context; a resourceUpdated event for a subscribed URI
// re-reads it and keeps the content with its time; other URIs are ignored; templates load with lists.
import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '../../../shared/errors.js';
import { connectedStore, until, type MemoryCore } from './memory-client.js';
import type { AppStore } from '../../../renderer/src/store.js';

let disconnect: (() => void) | undefined;
afterEach(() => disconnect?.());

async function setup(): Promise<{ core: MemoryCore; store: AppStore }> {
  const c = await connectedStore();
  disconnect = c.disconnect;
  return c;
}

describe('inspector slice', () => {
  it('sends completion requests with the ref, the argument and the context, and returns the values', async () => {
    const { core, store } = await setup();
    core.completions = { department: ['Engineering', 'Sales', 'Support'] };
    const ref = { type: 'ref/prompt' as const, name: 'everything__completable-prompt' };
    expect(await store.getState().complete(ref, { name: 'department', value: 'S' }, { name: 'x' })).toEqual(['Sales', 'Support']);
    expect(core.callsOf('complete').at(-1)).toEqual([ref, { name: 'department', value: 'S' }, { name: 'x' }]);
    // A failing completion is no suggestion, never an error toast.
    core.api.complete = async () => ({ ok: false, error: { code: 'BAD_REQUEST', message: 'Unknown prompt' } });
    expect(await store.getState().complete(ref, { name: 'department', value: '' })).toEqual([]);
    expect(store.getState().toasts).toEqual([]);
  });

  it('loads resource templates with the other lists', async () => {
    const { core, store } = await setup();
    core.templates = [{ uriTemplate: 'demo://resource/dynamic/text/{resourceId}', name: 'Dynamic Text Resource' }];
    await store.getState().reloadLists();
    expect(store.getState().templates).toEqual(core.templates);
  });

  it('re-reads a subscribed resource on resourceUpdated and keeps the new content with its time', async () => {
    const { core, store } = await setup();
    let version = 1;
    core.api.readResource = async (uri) => ok({ contents: [{ uri, text: `v${version}` }] });
    await store.getState().subscribeResource('demo://a');
    expect(core.subscribed.has('demo://a')).toBe(true);
    expect(store.getState().subscriptions['demo://a']).toMatchObject({ updates: 0, updatedAt: null, contents: null });

    const before = Date.now();
    version = 2;
    core.emit('resourceUpdated', { uri: 'demo://a' });
    await until(() => store.getState().subscriptions['demo://a']?.updates === 1);
    const sub = store.getState().subscriptions['demo://a'];
    expect(sub.contents).toEqual([{ uri: 'demo://a', text: 'v2' }]);
    expect(sub.updatedAt).toBeGreaterThanOrEqual(before);

    // An update for a URI the UI did not subscribe to reads nothing.
    const reads = core.callsOf('readResource').length;
    core.emit('resourceUpdated', { uri: 'demo://other' });
    core.emit('resourceUpdated', { uri: 'demo://a' });
    await until(() => store.getState().subscriptions['demo://a']?.updates === 2);
    expect(core.callsOf('readResource').length).toBe(reads + 1);

    await store.getState().unsubscribeResource('demo://a');
    expect(core.subscribed.has('demo://a')).toBe(false);
    expect(store.getState().subscriptions).toEqual({});
  });

  it('subscribes again after a reconnect, since the orchestrator may be a new process', async () => {
    const { core, store } = await setup();
    core.setConnection('open');
    await store.getState().subscribeResource('demo://a');
    core.subscribed.clear();
    core.setConnection('connecting');
    core.setConnection('open');
    await until(() => core.subscribed.has('demo://a'));
  });

  it("loads a server's protocol info", async () => {
    const { store } = await setup();
    await store.getState().loadServerInfo('memory');
    expect(store.getState().serverInfo.memory).toEqual({
      info: { serverId: 'memory', protocolVersion: '2025-11-25', capabilities: { tools: {} } },
      error: null,
    });
  });
});
