// The SDK Client the supervisor opens to each server, and the tool count shown in its status.
import { Client, type VersionNegotiationOptions } from '../sdk/client.js';
import type { ListKind } from '../upstream/upstream.js';
import { sharedSchemaValidator } from '../runtime/schema-validator.js';
import { bridgeModernEra } from './modern-child.js';

const MAX_PAGES = 50;

/**
 * Children may ask the client for sampling, elicitation and roots; the gateway forwards those
 * to the downstream session being served (gateway/peer-bridge.ts installs the handlers), so
 * this client advertises them all. Every list_changed notification is reported.
 */
const UPSTREAM_CLIENT_CAPABILITIES = {
  sampling: {},
  elicitation: { form: {}, url: {} },
  roots: { listChanged: true },
};

export function createUpstreamClient(
  onListChanged: (kind: ListKind) => void,
  onError: (err: Error) => void,
  versionNegotiation: VersionNegotiationOptions = { mode: 'auto' },
): Client {
  const client = new Client(
    { name: 'mcp-orchestrator', version: '0.1.0' },
    {
      capabilities: UPSTREAM_CLIENT_CAPABILITIES,
      jsonSchemaValidator: sharedSchemaValidator(),
      // Both eras: a 2026-07-28 child is spoken to statelessly, its input_required rounds answered through the
      // same request handlers a 2025 child's requests reach (gateway/peer-bridge.ts), then the call retried.
      versionNegotiation,
      // A 2026-07-28 child sends list_changed only on a subscriptions/listen stream, which this option opens after
      // connect (for the lists the child says change); on a 2025 connection it is the plain notification. No
      // refetch here: the gateway and the tool count refresh on onListChanged themselves.
      listChanged: {
        tools: { autoRefresh: false, debounceMs: 0, onChanged: () => onListChanged('tools') },
        resources: { autoRefresh: false, debounceMs: 0, onChanged: () => onListChanged('resources') },
        prompts: { autoRefresh: false, debounceMs: 0, onChanged: () => onListChanged('prompts') },
      },
    },
  );
  client.onerror = onError;
  // resources/subscribe and logging/setLevel reach a 2026 child in its own terms.
  bridgeModernEra(client);
  client.setNotificationHandler('notifications/tools/list_changed', () => onListChanged('tools'));
  client.setNotificationHandler('notifications/resources/list_changed', () => onListChanged('resources'));
  client.setNotificationHandler('notifications/prompts/list_changed', () => onListChanged('prompts'));
  return client;
}

/** Number of tools the server lists (all pages, bounded); 0 when it has no tools capability. */
export async function countTools(client: Client, timeoutMs: number): Promise<number> {
  if (!client.getServerCapabilities()?.tools) return 0;
  let count = 0;
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await client.listTools(cursor ? { cursor } : undefined, { timeout: timeoutMs });
    count += res.tools.length;
    cursor = res.nextCursor;
    if (!cursor) break;
  }
  return count;
}
