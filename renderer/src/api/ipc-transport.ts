// IPC transport for Electron: the preload exposes `window.mcpOrchestrator`; this adapts it
// to the same ControlClient the HTTP transport builds.
import type { ControlEventListener, ControlMethod } from '../../../shared/contract.js';
import type { Result } from '../../../shared/errors.js';
import { buildControlClient } from './build-client.js';
import type { TransportClient } from './build-client.js';

/** What electron/preload/preload.ts exposes through contextBridge. */
export interface OrchestratorBridge {
  invoke(method: ControlMethod, args: unknown[]): Promise<Result<unknown>>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
}

export function createIpcClient(bridge: OrchestratorBridge): TransportClient {
  const invoke = async (method: ControlMethod, args: unknown[]): Promise<Result<unknown>> => {
    try {
      return await bridge.invoke(method, args);
    } catch (err) {
      // A rejected invoke is a bug on the main side; keep the renderer's contract (never throws).
      return { ok: false, error: { code: 'INTERNAL', message: (err as Error).message } };
    }
  };
  const subscribe = (listener: ControlEventListener) =>
    bridge.onEvent((name, payload) => (listener as (n: string, p: unknown) => void)(name, payload));
  // IPC is up as long as the window exists.
  const onConnection: TransportClient['onConnection'] = (listener) => {
    listener('open');
    return () => {};
  };
  return buildControlClient('ipc', invoke, subscribe, onConnection);
}
