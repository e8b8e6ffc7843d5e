// resources/subscribe across the gateway: one upstream subscription per (child, URI) however
// many sessions want it, `notifications/resources/updated` fanned out to exactly the sessions
// that subscribed, each under the public URI it used. A restarted child is re-subscribed.
import type { Client } from '../sdk/client.js';
import type { Server } from '../sdk/server.js';
import { McpErrorCode, ProtocolError } from '../sdk/types.js';
import type { Logger } from '../env.js';
import type { Upstream } from '../upstream/upstream.js';
import type { RoutedUri } from './indexes.js';

/**
 * Who receives updates: a client session's SDK Server, or the control API's own subscriber (the UI).
 * `transport` undefined means the session is gone.
 */
export type ResourceSubscriber = Pick<Server, 'transport' | 'sendResourceUpdated'>;

/** child URI → subscriber → the public URI that subscriber used. */
type PerChild = Map<string, Map<ResourceSubscriber, string>>;

export class Subscriptions {
  private readonly byChild = new Map<string, PerChild>();
  private readonly attached = new WeakSet<Client>();

  constructor(private readonly logger: Logger) {}

  async subscribe(server: ResourceSubscriber, up: Upstream, route: RoutedUri, publicUri: string): Promise<void> {
    if (!up.client.getServerCapabilities()?.resources?.subscribe) {
      throw new ProtocolError(
        McpErrorCode.MethodNotFound,
        `[${up.id}] does not support resource subscriptions (resources.subscribe capability)`,
      );
    }
    this.attach(up);
    let perChild = this.byChild.get(up.id);
    if (!perChild) this.byChild.set(up.id, (perChild = new Map()));
    const subscribers = perChild.get(route.uri) ?? new Map<ResourceSubscriber, string>();
    if (subscribers.size === 0) await up.client.subscribeResource({ uri: route.uri }, { timeout: up.timeoutMs });
    subscribers.set(server, publicUri);
    perChild.set(route.uri, subscribers);
  }

  async unsubscribe(server: ResourceSubscriber, up: Upstream, route: RoutedUri): Promise<void> {
    const subscribers = this.byChild.get(up.id)?.get(route.uri);
    if (!subscribers?.delete(server) || subscribers.size > 0) return;
    this.byChild.get(up.id)?.delete(route.uri);
    if (up.client.getServerCapabilities()?.resources?.subscribe) {
      await up.client.unsubscribeResource({ uri: route.uri }, { timeout: up.timeoutMs });
    }
  }

  /** Listens for updates on a child's client; a new client of a known child is re-subscribed. */
  attach(up: Upstream): void {
    if (this.attached.has(up.client)) return;
    this.attached.add(up.client);
    up.client.setNotificationHandler('notifications/resources/updated', (n) => this.onUpdated(up, n.params.uri));
    for (const uri of this.byChild.get(up.id)?.keys() ?? []) {
      up.client.subscribeResource({ uri }, { timeout: up.timeoutMs }).catch((err: unknown) => {
        this.logger.warn('gateway: re-subscribing after a restart failed', { serverId: up.id, uri, error: String(err) });
      });
    }
  }

  private onUpdated(up: Upstream, uri: string): void {
    const subscribers = this.byChild.get(up.id)?.get(uri);
    if (!subscribers) return;
    for (const [server, publicUri] of subscribers) {
      // A session that went away stops counting; the last one leaving unsubscribes upstream.
      if (!server.transport) {
        void this.unsubscribe(server, up, { serverId: up.id, uri }).catch(() => undefined);
        continue;
      }
      server.sendResourceUpdated({ uri: publicUri }).catch(() => undefined);
    }
  }
}
