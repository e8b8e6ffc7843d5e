// A child's requests back to a tool call made from the UI (sampling, elicitation), and the
// protocol log of the server being looked at. Both arrive as pushes; nothing polls.
import type { PeerAnswer, PeerRequestEvent, ProtocolEntry } from '../../../shared/contract.js';
import type { SliceCreator } from './helpers.js';
import { unwrap } from './helpers.js';

/** The core keeps at most this many per server; the view keeps no more. */
export const MAX_PROTOCOL_ENTRIES = 500;

export interface ProtocolView {
  serverId: string;
  entries: ProtocolEntry[];
  dropped: number;
}

export interface PeerSlice {
  peerRequests: PeerRequestEvent[];
  onPeerRequest(event: PeerRequestEvent): void;
  onPeerRequestDone(id: string): void;
  /** Sends the answer; true when the core took it. */
  answerPeer(id: string, answer: PeerAnswer): Promise<boolean>;
  /** The protocol log being viewed (one server at a time), kept live by `protocol` pushes. */
  protocolView: ProtocolView | null;
  openProtocolLog(serverId: string): Promise<void>;
  closeProtocolLog(): void;
  onProtocolEntry(entry: ProtocolEntry): void;
}

export const createPeerSlice: SliceCreator<PeerSlice> = (client) => (set, get) => ({
  peerRequests: [],
  onPeerRequest: (event) => set((s) => ({ peerRequests: [...s.peerRequests.filter((r) => r.id !== event.id), event] })),
  onPeerRequestDone: (id) => set((s) => ({ peerRequests: s.peerRequests.filter((r) => r.id !== id) })),
  answerPeer: async (id, answer) => {
    const done = unwrap(get, await client.answerPeerRequest(id, answer), 'Answer');
    if (done === undefined) return false;
    get().onPeerRequestDone(id);
    return true;
  },
  protocolView: null,
  openProtocolLog: async (serverId) => {
    const before = get().protocolView?.serverId;
    if (before && before !== serverId) void client.watchProtocolLog(before, false);
    set({ protocolView: { serverId, entries: [], dropped: 0 } });
    // Live first, then the snapshot, so nothing falls between the two.
    if (before !== serverId) await client.watchProtocolLog(serverId, true);
    const log = unwrap(get, await client.getProtocolLog(serverId), `Protocol log of ${serverId}`);
    if (!log) return;
    set((s) => {
      if (s.protocolView?.serverId !== serverId) return {};
      // Keep pushes that arrived while the snapshot was on its way.
      const last = log.entries.at(-1)?.seq ?? 0;
      const newer = s.protocolView.entries.filter((e) => e.seq > last);
      return { protocolView: { serverId, entries: [...log.entries, ...newer].slice(-MAX_PROTOCOL_ENTRIES), dropped: log.dropped } };
    });
  },
  closeProtocolLog: () => {
    const open = get().protocolView?.serverId;
    if (open) void client.watchProtocolLog(open, false);
    set({ protocolView: null });
  },
  onProtocolEntry: (entry) =>
    set((s) => {
      const view = s.protocolView;
      if (view?.serverId !== entry.serverId) return {};
      const over = view.entries.length + 1 - MAX_PROTOCOL_ENTRIES;
      const entries = [...view.entries.slice(Math.max(0, over)), entry];
      return { protocolView: { ...view, entries, dropped: view.dropped + Math.max(0, over) } };
    }),
});
