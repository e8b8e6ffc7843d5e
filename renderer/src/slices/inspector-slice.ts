// Inspector parity (issue 23): resource templates, completion, the UI's resource subscriptions with
// their latest content, and each running child's side of `initialize`. Updates arrive as
// `resourceUpdated` events (wired in store.ts); nothing here polls.
import type { CompletionRef, ResourceTemplateInfo, ServerProtocolInfo } from '../../../shared/inspector.js';
import type { ErrorInfo } from '../../../shared/errors.js';
import type { SliceCreator } from './helpers.js';
import { unwrap } from './helpers.js';

export interface SubscriptionState {
  uri: string;
  /** Updates received since subscribing; the content shown is from the last re-read. */
  updates: number;
  updatedAt: number | null;
  contents: unknown[] | null;
  error: ErrorInfo | null;
}

export interface InspectorSlice {
  templates: ResourceTemplateInfo[];
  subscriptions: Record<string, SubscriptionState>;
  serverInfo: Record<string, { info: ServerProtocolInfo | null; error: ErrorInfo | null }>;
  loadTemplates(): Promise<void>;
  /** Completion values for one argument; an error is an empty list (completion is a hint, never a blocker). */
  complete(ref: CompletionRef, argument: { name: string; value: string }, context?: Record<string, string>): Promise<string[]>;
  subscribeResource(uri: string): Promise<void>;
  unsubscribeResource(uri: string): Promise<void>;
  /** A `resourceUpdated` event: re-read the resource and keep the new content with its time. */
  onResourceUpdated(uri: string): Promise<void>;
  /** After a reconnect the orchestrator may be a new process: subscribe again to what the UI shows. */
  resubscribeAll(): Promise<void>;
  loadServerInfo(id: string): Promise<void>;
}

export const createInspectorSlice: SliceCreator<InspectorSlice> = (client) => (set, get) => ({
  templates: [],
  subscriptions: {},
  serverInfo: {},
  loadTemplates: async () => {
    const r = await client.listResourceTemplates();
    set({ templates: r.ok ? r.value : [] });
  },
  complete: async (ref, argument, context) => {
    const r = await client.complete(ref, argument, context);
    return r.ok ? r.value.values : [];
  },
  subscribeResource: async (uri) => {
    if (unwrap(get, await client.subscribeResource(uri), 'Subscribe') === undefined) return;
    set((s) => ({ subscriptions: { ...s.subscriptions, [uri]: { uri, updates: 0, updatedAt: null, contents: null, error: null } } }));
  },
  unsubscribeResource: async (uri) => {
    // Forget it locally even if the orchestrator no longer knows it (a restart dropped it).
    await client.unsubscribeResource(uri);
    set((s) => {
      const next = { ...s.subscriptions };
      delete next[uri];
      return { subscriptions: next };
    });
  },
  onResourceUpdated: async (uri) => {
    if (!get().subscriptions[uri]) return;
    const at = Date.now();
    const r = await client.readResource(uri);
    set((s) => {
      const cur = s.subscriptions[uri];
      if (!cur) return {};
      const next: SubscriptionState = {
        ...cur,
        updates: cur.updates + 1,
        updatedAt: at,
        contents: r.ok ? r.value.contents : cur.contents,
        error: r.ok ? null : r.error,
      };
      return { subscriptions: { ...s.subscriptions, [uri]: next } };
    });
  },
  resubscribeAll: async () => {
    await Promise.all(Object.keys(get().subscriptions).map((uri) => client.subscribeResource(uri)));
  },
  loadServerInfo: async (id) => {
    const r = await client.getServerInfo(id);
    set((s) => ({ serverInfo: { ...s.serverInfo, [id]: r.ok ? { info: r.value, error: null } : { info: null, error: r.error } } }));
  },
});
