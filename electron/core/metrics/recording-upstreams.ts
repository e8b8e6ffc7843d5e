// The router calls vendor servers' tools directly (not through the gateway), so those calls
// would be missing from the per-server Calls/p50 figures. This view of the upstreams records
// every callTool made through it, the same way the gateway records its own.
import type { Clock } from '../env.js';
import { recordCall } from './record-call.js';
import type { Client } from '../sdk/client.js';
import type { CallRecorder, Upstream, UpstreamChange, UpstreamSource } from '../upstream/upstream.js';

const MODEL_LISTING_TOOL = 'list_models';

export class RecordingUpstreams implements UpstreamSource {
  // Keyed by the child's client so an upstream keeps one identity until it reconnects.
  private wrapped = new WeakMap<Client, Upstream>();

  constructor(
    private readonly inner: UpstreamSource,
    private readonly recorder: CallRecorder,
    private readonly clock: Clock,
  ) {}

  list(): Upstream[] {
    return this.inner.list().map((u) => this.wrap(u));
  }

  get(id: string): Upstream | undefined {
    const u = this.inner.get(id);
    return u && this.wrap(u);
  }

  onChange(listener: (change: UpstreamChange) => void): () => void {
    return this.inner.onChange(listener);
  }

  private wrap(u: Upstream): Upstream {
    // In-process upstreams (the router itself) are not servers with figures of their own.
    if (u.namespace === null) return u;
    const known = this.wrapped.get(u.client);
    if (known && known.disabledTools === u.disabledTools && known.timeoutMs === u.timeoutMs) return known;
    const { recorder, clock } = this;
    // Model listings are the router's own discovery, not work a user asked the vendor for.
    const callTool: Client['callTool'] = (...args) =>
      recordCall(
        recorder,
        clock,
        { serverId: u.id, kind: args[0]?.name === MODEL_LISTING_TOOL ? 'probe' : 'call', signal: args[1]?.signal },
        () => u.client.callTool(...args),
      );
    const client = new Proxy(u.client, {
      get: (target, prop, receiver) => (prop === 'callTool' ? callTool : Reflect.get(target, prop, receiver)),
    });
    const out = { ...u, client };
    this.wrapped.set(u.client, out);
    return out;
  }
}
