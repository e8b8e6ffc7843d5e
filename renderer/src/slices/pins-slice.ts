// Issue 22 pinning: the definitions a server changed since the user approved them, and the review itself.
import type { PinChange } from '../../../shared/types.js';
import type { SliceCreator } from './helpers.js';
import { unwrap } from './helpers.js';

export interface PinsSlice {
  /** Per server id, its changes as last loaded (absent: not loaded). */
  pinChanges: Record<string, PinChange[]>;
  loadPinChanges(server: string): Promise<void>;
  /** One change by the child's own name, or every change with null. Resolves true when it went through. */
  reviewPinChange(server: string, name: string | null, decision: 'approve' | 'reject'): Promise<boolean>;
}

export const createPinsSlice: SliceCreator<PinsSlice> = (client) => (set, get) => ({
  pinChanges: {},
  loadPinChanges: async (server) => {
    const changes = unwrap(get, await client.listPinChanges(server), 'Changes awaiting review');
    if (changes) set((s) => ({ pinChanges: { ...s.pinChanges, [server]: changes } }));
  },
  reviewPinChange: async (server, name, decision) => {
    const changes = unwrap(get, await client.reviewPinChange(server, name, decision), decision === 'approve' ? 'Approve' : 'Reject');
    if (!changes) return false;
    set((s) => ({ pinChanges: { ...s.pinChanges, [server]: changes } }));
    return true;
  },
});
