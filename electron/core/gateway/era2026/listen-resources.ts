// Resource updates for a 2026 client: its subscriptions/listen names the URIs it wants (resourceSubscriptions).
// The SDK's listen router delivers `resource_updated` events to the streams that asked for that URI; the gateway
// has to subscribe at the children for as long as such a stream is open, through the same per-(child, URI)
// bookkeeping 2025 sessions use (subscriptions.ts), and publish what comes back onto the endpoint's event bus.
import type { ServerResponse } from 'node:http';
import type { Logger } from '../../env.js';
import type { ResourceSubscriber } from '../subscriptions.js';
import type { GatewayView } from '../view.js';

/** The URIs a subscriptions/listen request asks updates for (none for any other message). */
export function listenedUris(body: unknown): string[] {
  const msg = body as { method?: unknown; params?: { notifications?: { resourceSubscriptions?: unknown } } } | undefined;
  if (msg?.method !== 'subscriptions/listen') return [];
  const uris = msg.params?.notifications?.resourceSubscriptions;
  return Array.isArray(uris) ? uris.filter((u): u is string => typeof u === 'string').slice(0, 256) : [];
}

/** Subscribes at the children while `res` (the listen stream) is open; `publish` hands an update to the SDK router. */
export async function holdResourceSubscriptions(
  view: GatewayView,
  uris: string[],
  res: ServerResponse,
  publish: (uri: string) => void,
  logger: Logger,
): Promise<void> {
  let open = true;
  // subscriptions.ts drops a subscriber whose transport is gone: here, once the listen stream closed.
  const subscriber = {
    get transport() {
      return open ? ({} as ResourceSubscriber['transport']) : undefined;
    },
    sendResourceUpdated: async ({ uri }: { uri: string }) => publish(uri),
  };
  const held: string[] = [];
  res.once('close', () => {
    open = false;
    for (const uri of held) void view.unsubscribe(subscriber as never, uri).catch(() => undefined);
  });
  for (const uri of uris) {
    try {
      await view.subscribe(subscriber as never, uri);
      if (open) held.push(uri);
      else await view.unsubscribe(subscriber as never, uri);
    } catch (err) {
      // An unknown URI or a child without resources.subscribe: the stream stays, without that URI's updates.
      logger.debug('gateway: a 2026 listen could not subscribe to a resource', { uri, error: String(err) });
    }
  }
}
