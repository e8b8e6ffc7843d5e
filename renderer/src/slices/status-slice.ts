import type { OrchestratorStatus } from '../../../shared/types.js';
import type { SliceCreator } from './helpers.js';
import { unwrap } from './helpers.js';

type ServerAction = 'start' | 'stop' | 'restart';

export interface StatusSlice {
  status: OrchestratorStatus | null;
  /** Server ids with a start/stop/restart in flight, so buttons can disable. */
  busyServers: Record<string, boolean>;
  setStatus(status: OrchestratorStatus): void;
  refreshStatus(): Promise<void>;
  serverAction(id: string, action: ServerAction): Promise<void>;
  allAction(action: 'start' | 'stop'): Promise<void>;
}

export const createStatusSlice: SliceCreator<StatusSlice> = (client) => (set, get) => ({
  status: null,
  busyServers: {},
  setStatus: (status) => set({ status }),
  refreshStatus: async () => {
    const status = unwrap(get, await client.getStatus(), 'Status');
    if (status) set({ status });
  },
  serverAction: async (id, action) => {
    set((s) => ({ busyServers: { ...s.busyServers, [id]: true } }));
    const call = action === 'start' ? client.startServer(id) : action === 'stop' ? client.stopServer(id) : client.restartServer(id);
    unwrap(get, await call, `${action} ${id}`);
    set((s) => {
      const busyServers = { ...s.busyServers };
      delete busyServers[id];
      return { busyServers };
    });
  },
  allAction: async (action) => {
    unwrap(get, await (action === 'start' ? client.startAll() : client.stopAll()), `${action} all`);
  },
});
