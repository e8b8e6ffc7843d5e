import type { ConnectionInfo } from '../../../shared/types.js';
import type { ConnectionState, TransportKind } from '../api/build-client.js';
import type { SliceCreator } from './helpers.js';
import { unwrap } from './helpers.js';

export interface ConnectionSlice {
  connection: ConnectionState;
  transport: TransportKind;
  connectionInfo: ConnectionInfo | null;
  setConnection(state: ConnectionState): void;
  loadConnectionInfo(): Promise<void>;
  /** Returns the new info so an HTTP page can switch to the new token. */
  rotateToken(): Promise<ConnectionInfo | undefined>;
}

export const createConnectionSlice: SliceCreator<ConnectionSlice> = (client) => (set, get) => ({
  connection: 'closed',
  transport: client.transport,
  connectionInfo: null,
  setConnection: (connection) => set({ connection }),
  loadConnectionInfo: async () => {
    const info = unwrap(get, await client.getConnectionInfo(), 'Connection info');
    if (info) set({ connectionInfo: info });
  },
  rotateToken: async () => {
    const info = unwrap(get, await client.rotateToken(), 'Rotate token');
    if (info) set({ connectionInfo: info });
    return info;
  },
});
