// The control API's completion and subscription plumbing over a recording core: what reaches the
// gateway's complete() (the context wrapped as MCP's `context.arguments`), how its answer is narrowed,
// and that the UI's subscriber turns a child's update into a `resourceUpdated` event.
import { describe, expect, it } from 'vitest';
import type { ControlEventName } from '../../../../shared/contract.js';
import { ok } from '../../../../shared/errors.js';
import { createInspectorApi } from '../../../../electron/core/control/inspector-api.js';
import type { ControlCore, ResourceSubscriber } from '../../../../electron/core/control/control-core.js';

function recordingCore() {
  const completeCalls: unknown[] = [];
  const events: Array<[ControlEventName, unknown]> = [];
  const subscribers = new Map<string, ResourceSubscriber>();
  const catalog = {
    complete: async (params: unknown) => {
      completeCalls.push(params);
      return { completion: { values: ['Alice', 'Bob'], total: 2, hasMore: false } };
    },
    subscribe: async (s: ResourceSubscriber, uri: string) => void subscribers.set(uri, s),
    unsubscribe: async (_s: ResourceSubscriber, uri: string) => void subscribers.delete(uri),
    listResourceTemplates: async () => [{ uriTemplate: 'x://{a}', name: 'X', annotations: { audience: ['user'] } }],
  };
  const core = {
    mcp: () => catalog,
    emit: (name: ControlEventName, payload: unknown) => events.push([name, payload]),
  } as unknown as ControlCore;
  const run = async <T>(fn: () => Promise<T> | T) => ok(await fn());
  return { api: createInspectorApi(core, { run, mcp: run }), completeCalls, events, subscribers };
}

describe('inspector control API', () => {
  it('passes the other arguments as context.arguments, and none when there are none', async () => {
    const { api, completeCalls } = recordingCore();
    const ref = { type: 'ref/prompt' as const, name: 'everything__completable-prompt' };
    expect(await api.complete(ref, { name: 'name', value: 'A' }, { department: 'Engineering' })).toEqual(
      ok({ values: ['Alice', 'Bob'], total: 2, hasMore: false }),
    );
    await api.complete({ type: 'ref/resource', uri: 'x://{a}' }, { name: 'a', value: '' });
    expect(completeCalls).toEqual([
      { ref, argument: { name: 'name', value: 'A' }, context: { arguments: { department: 'Engineering' } } },
      { ref: { type: 'ref/resource', uri: 'x://{a}' }, argument: { name: 'a', value: '' } },
    ]);
  });

  it('lists templates with only the fields the UI uses', async () => {
    const { api } = recordingCore();
    expect(await api.listResourceTemplates()).toEqual(ok([{ uriTemplate: 'x://{a}', name: 'X' }]));
  });

  it('subscribes one live subscriber whose updates become resourceUpdated events', async () => {
    const { api, events, subscribers } = recordingCore();
    await api.subscribeResource('demo://a');
    const sub = subscribers.get('demo://a')!;
    // The gateway drops a subscriber whose transport is gone; the UI's never goes.
    expect(sub.transport).toBeTruthy();
    await sub.sendResourceUpdated({ uri: 'demo://a' });
    expect(events).toEqual([['resourceUpdated', { uri: 'demo://a' }]]);
    await api.unsubscribeResource('demo://a');
    expect(subscribers.size).toBe(0);
  });
});
