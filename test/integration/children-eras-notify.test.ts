// A 2026-07-28 child has neither resources/subscribe nor logging/setLevel (issue 21): a 2025 client's subscription
// becomes a subscriptions/listen stream naming the URI, and its log level rides on each request's _meta. The
// conformance fixture as a 2026 HTTP child, a 2025 SDK client through the gateway.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import type { Supervisor } from '../../electron/core/supervisor/supervisor.js';
import { startConformanceFixture, type ConformanceFixture } from '../helpers/conformance-fixture.js';
import { createTestSupervisor, stdioConfig, waitForStatus } from '../fixtures/servers/supervisor-harness.js';
import { connectClient } from '../helpers/connect-client.js';
import { startGateway, TEST_TOKEN, type RunningGateway } from './gateway-helpers.js';

let fixture: ConformanceFixture;
let sup: Supervisor;
let gw: RunningGateway;
let client: Client;
const updates: string[] = [];
const logs: Array<{ level: string; data: unknown }> = [];
let onUpdate: (() => void) | undefined;

beforeAll(async () => {
  fixture = await startConformanceFixture();
  sup = createTestSupervisor();
  await sup.setServers([stdioConfig('modern', '', [], { transport: 'http', command: undefined, url: fixture.url })]);
  await waitForStatus(sup, 'modern', (s) => s.state === 'running' || s.state === 'failed', 30_000);
  gw = await startGateway(sup);
  // The SDK v2 client negotiates 2025 by default: a 2025 client.
  client = await connectClient(gw.url, TEST_TOKEN, {
    name: 'ide-2025',
    setup: (c) => {
      c.setNotificationHandler('notifications/resources/updated', (n) => {
        updates.push(n.params.uri);
        onUpdate?.();
      });
      c.setNotificationHandler('notifications/message', (n) => void logs.push({ level: n.params.level, data: n.params.data }));
    },
  });
}, 60_000);

afterAll(async () => {
  await client?.close();
  await gw?.gateway.stop();
  await sup?.stopAll();
  await fixture?.close();
});

describe('a 2026 child seen by a 2025 client through the gateway', () => {
  it('negotiated the 2026 era', () => {
    expect(sup.get('modern')!.client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
  });

  it('resources/subscribe: an update the child publishes arrives as notifications/resources/updated', async () => {
    const { resources } = await client.listResources();
    const watched = resources.find((r) => r.uri.endsWith('watched-resource'));
    expect(watched, 'the watched resource is listed').toBeDefined();
    await client.subscribeResource({ uri: watched!.uri });
    const arrived = new Promise<void>((resolve) => (onUpdate = resolve));
    await client.callTool({ name: 'modern__test_trigger_resource_update', arguments: {} });
    await arrived;
    expect(updates).toEqual([watched!.uri]);

    // Unsubscribed, the stream is gone: a later update reaches nobody. The next subscription proves delivery still works
    // and that the update in between was not queued for this client.
    await client.unsubscribeResource({ uri: watched!.uri });
    await client.callTool({ name: 'modern__test_trigger_resource_update', arguments: {} });
    await client.subscribeResource({ uri: watched!.uri });
    const again = new Promise<void>((resolve) => (onUpdate = resolve));
    await client.callTool({ name: 'modern__test_trigger_resource_update', arguments: {} });
    await again;
    expect(updates).toEqual([watched!.uri, watched!.uri]);
  });

  it('logging/setLevel: the child logs at the level asked for, and not below it', async () => {
    const ran = () => logs.filter((l) => l.data === 'test_logging_tool ran');
    // Its log message precedes its result on the call's stream, so it is here once the call returned.
    await client.setLoggingLevel('info');
    await client.callTool({ name: 'modern__test_logging_tool', arguments: {} });
    expect(ran()).toEqual([{ level: 'info', data: 'test_logging_tool ran' }]);

    await client.setLoggingLevel('error');
    await client.callTool({ name: 'modern__test_logging_tool', arguments: {} });
    expect(ran()).toHaveLength(1);
  });
});
