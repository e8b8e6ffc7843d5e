// OAuth for remote servers (issue 21 item 6): the Sign in button's action. The core opens the system
// browser itself under Electron; under serve it hands back the URL, which this page opens in a new tab.
import type { SliceCreator } from './helpers.js';
import { unwrap } from './helpers.js';

interface SignInView {
  /** The authorization URL, kept so the user can open it again if a popup blocker ate the tab. */
  url: string;
  /** The server's wait it answers (its reason and last exit): a failed sign-in changes the reason, a new wait the exit. */
  reason?: string;
  exitAt?: number;
}

export interface AuthSlice {
  /** Per server id: a sign-in waiting for the browser to come back. */
  signIns: Record<string, SignInView>;
  signIn(id: string): Promise<void>;
}

export const createAuthSlice: SliceCreator<AuthSlice> = (client) => (set, get) => ({
  signIns: {},
  signIn: async (id) => {
    const out = unwrap(get, await client.signInServer(id), `Sign in to ${id}`);
    if (!out || out.status === 'signed-in') return;
    if (!out.opened) window.open(out.url, '_blank', 'noopener,noreferrer');
    const server = get().status?.servers.find((x) => x.id === id);
    const view = { url: out.url, reason: server?.signInReason, exitAt: server?.lastExit?.at };
    set((s) => ({ signIns: { ...s.signIns, [id]: view } }));
  },
});
