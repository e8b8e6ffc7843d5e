// A 2026-07-28 child has no resources/subscribe and no logging/setLevel: updates come on a subscriptions/listen
// stream whose filter names the URIs, and a request's log messages come at the level its `_meta` asks for. The
// gateway speaks the 2025 verbs to every child (gateway/subscriptions.ts, peer-bridge.ts), so this makes the
// upstream client answer them in the child's era: one place, the gateway stays era-blind.
import { LOG_LEVEL_META_KEY, type Client, type McpSubscription } from '../sdk/client.js';
import type { LoggingLevel } from '../sdk/types.js';

/** The first stateless revision; versions are dates, so a later one compares greater. */
const FIRST_MODERN_VERSION = '2026-07-28';

type RequestFn = (request: { method: string; params?: Record<string, unknown> }, ...rest: unknown[]) => Promise<unknown>;
type Options = { timeout?: number; signal?: AbortSignal } | undefined;

function isModernEra(client: Pick<Client, 'getNegotiatedProtocolVersion'>): boolean {
  const version = client.getNegotiatedProtocolVersion();
  return version !== undefined && version >= FIRST_MODERN_VERSION;
}

/** Makes subscribeResource, unsubscribeResource and setLoggingLevel work on a 2026 connection; 2025 ones are untouched. */
export function bridgeModernEra(client: Client): void {
  const uris = new Set<string>();
  let listening: McpSubscription | undefined;
  let level: LoggingLevel | undefined;
  // URI set changes apply one at a time, so two subscribes never leave two streams open.
  let queue: Promise<void> = Promise.resolve();

  /** Opens a stream for the current URIs, then closes the old one: no gap in which an update is lost. */
  const relisten = (options: Options) => {
    const run = queue.then(async () => {
      const old = listening;
      listening = uris.size > 0 ? await client.listen({ resourceSubscriptions: [...uris] }, options) : undefined;
      await old?.close();
    });
    queue = run.catch(() => undefined);
    return run;
  };

  const subscribe = client.subscribeResource.bind(client);
  client.subscribeResource = async (params, options) => {
    if (!isModernEra(client)) return subscribe(params, options);
    uris.add(params.uri);
    await relisten(options).catch((err: unknown) => {
      uris.delete(params.uri);
      throw err;
    });
    return {};
  };

  const unsubscribe = client.unsubscribeResource.bind(client);
  client.unsubscribeResource = async (params, options) => {
    if (!isModernEra(client)) return unsubscribe(params, options);
    if (uris.delete(params.uri)) await relisten(options);
    return {};
  };

  const setLevel = client.setLoggingLevel.bind(client);
  client.setLoggingLevel = async (wanted, options) => {
    if (!isModernEra(client)) return setLevel(wanted, options);
    level = wanted;
    return {};
  };

  // The level rides on every request's _meta (a caller's own logLevel wins); listen streams carry no logs.
  const request = client.request.bind(client) as RequestFn;
  client.request = (req: Parameters<RequestFn>[0], ...rest: unknown[]) => {
    if (level === undefined || req.method === 'subscriptions/listen' || !isModernEra(client)) return request(req, ...rest);
    const params = req.params ?? {};
    const meta = (params._meta as Record<string, unknown> | undefined) ?? {};
    return request({ ...req, params: { ...params, _meta: { [LOG_LEVEL_META_KEY]: level, ...meta } } }, ...rest);
  };
}
