// supervisor/modern-child.ts on its own, with the SDK v2 client against the conformance fixture over HTTP: a 2025
// connection keeps the real verbs; on a 2026 one the level rides on each request, and a caller's own level wins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { bridgeModernEra } from '../../electron/core/supervisor/modern-child.js';
import { waitFor } from '../helpers/wait.js';
import { startConformanceFixture, type ConformanceFixture } from '../helpers/conformance-fixture.js';

let fixture: ConformanceFixture;
const open: Client[] = [];

beforeAll(async () => {
  fixture = await startConformanceFixture();
}, 30_000);

afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await fixture?.close();
});

async function connect(mode: 'legacy' | 'auto'): Promise<{ client: Client; logs: unknown[] }> {
  const client = new Client({ name: 'modern-child-test', version: '1.0.0' }, { versionNegotiation: { mode } });
  const logs: unknown[] = [];
  client.setNotificationHandler('notifications/message', (n) => void logs.push(n.params.data));
  bridgeModernEra(client);
  await client.connect(new StreamableHTTPClientTransport(new URL(fixture.url)));
  open.push(client);
  return { client, logs };
}

describe('the upstream client in a child’s era', () => {
  it('2025: resources/subscribe and logging/setLevel still go to the child as themselves', async () => {
    const { client, logs } = await connect('legacy');
    expect(client.getNegotiatedProtocolVersion()).toBe('2025-11-25');
    // The fixture's handlers log what they received; the client may hand a notification to its handler after it
    // settled the reply that followed it on the stream, so wait for both logs rather than assume the order of delivery.
    await client.setLoggingLevel('info');
    await client.subscribeResource({ uri: 'test://watched-resource' });
    await waitFor(() => logs.length >= 2, 5_000, 'both logs');
    expect(logs).toEqual(['Log level set to: info', 'Subscribed to resource: test://watched-resource']);
  });

  it('2026: the level set is sent with each request, and a request that names its own level keeps it', async () => {
    const { client, logs } = await connect('auto');
    expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
    await client.callTool({ name: 'test_logging_tool', arguments: {} });
    expect(logs, 'no level asked for, no log').toEqual([]);
    await client.setLoggingLevel('info');
    await client.callTool({ name: 'test_logging_tool', arguments: {} });
    await waitFor(() => logs.length >= 1, 5_000, 'the info log');
    expect(logs).toEqual(['test_logging_tool ran']);
    await client.setLoggingLevel('error');
    await client.callTool({ name: 'test_logging_tool', arguments: {} });
    expect(logs).toHaveLength(1);
    await client.callTool({ name: 'test_logging_tool', arguments: {}, _meta: { 'io.modelcontextprotocol/logLevel': 'debug' } });
    // Had the error-level call logged, its line would stand before this one.
    await waitFor(() => logs.length >= 2, 5_000, 'the debug log');
    expect(logs).toEqual(['test_logging_tool ran', 'test_logging_tool ran']);
  });
});
