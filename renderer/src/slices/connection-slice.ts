import type { ClientTokenInfo, ConnectionInfo } from '../../../shared/types.js';
import type { ConnectionState, ControlTransportKind } from '../api/build-client.js';
import type { SliceCreator } from './helpers.js';
import { unwrap } from './helpers.js';

export interface ConnectionSlice {
  connection: ConnectionState;
  /**
   * The push channel was open and is not any more: the orchestrator stopped or is unreachable.
   * Everything shown is stale and no action can reach it, so the UI says so and disables them.
   */
  connectionLost: boolean;
  transport: ControlTransportKind;
  connectionInfo: ConnectionInfo | null;
  setConnection(state: ConnectionState): void;
  loadConnectionInfo(): Promise<void>;
  /** Returns the new info so an HTTP page can switch to the new token. */
  rotateToken(): Promise<ConnectionInfo | undefined>;
  /** Client tokens for IDEs (names, endpoints, last use; never the tokens). */
  clients: ClientTokenInfo[];
  loadClients(): Promise<void>;
  /** Creates one; resolves with the token, which is shown this once. */
  addClient(name: string, profile: string | null): Promise<string | undefined>;
  revokeClient(name: string): Promise<boolean>;
}

export const createConnectionSlice: SliceCreator<ConnectionSlice> = (client) => (set, get) => ({
  connection: 'closed',
  connectionLost: false,
  transport: client.transport,
  connectionInfo: null,
  setConnection: (connection) =>
    set((s) => ({
      connection,
      // 'closed' is our own teardown and 'unauthorized' has its own page; only a lost stream counts.
      connectionLost: connection === 'connecting' ? s.connectionLost || s.connection === 'open' : false,
    })),
  loadConnectionInfo: async () => {
    const info = unwrap(get, await client.getConnectionInfo(), 'Connection info');
    if (info) set({ connectionInfo: info });
  },
  rotateToken: async () => {
    const info = unwrap(get, await client.rotateToken(), 'Rotate token');
    if (info) set({ connectionInfo: info });
    return info;
  },
  clients: [],
  loadClients: async () => {
    const clients = unwrap(get, await client.listClients(), 'Client tokens');
    if (clients) set({ clients });
  },
  addClient: async (name, profile) => {
    const added = unwrap(get, await client.addClient(name, profile), 'Create client token');
    if (!added) return undefined;
    await get().loadClients();
    return added.token;
  },
  revokeClient: async (name) => {
    const done = unwrap(get, await client.revokeClient(name), 'Revoke client token') !== undefined;
    if (done) await get().loadClients();
    return done;
  },
});
