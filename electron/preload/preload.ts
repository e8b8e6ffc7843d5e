// Exposes the control API to the sandboxed renderer. Forwarding only: the main process checks
// the sender and validates the arguments against the contract (shared/contract.ts) before the core sees them.
// Bundled to one CommonJS file (sandboxed preloads cannot use ESM).
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_PREFIX } from '../../shared/contract-channels.js';
import type { ControlMethod } from '../../shared/contract.js';
import type { Result } from '../../shared/errors.js';

contextBridge.exposeInMainWorld('mcpOrchestrator', {
  invoke: (method: ControlMethod, args: unknown[]): Promise<Result<unknown>> =>
    ipcRenderer.invoke(`${IPC_INVOKE_PREFIX}${method}`, ...args),
  onEvent: (listener: (name: string, payload: unknown) => void): (() => void) => {
    const handler = (_event: IpcRendererEvent, name: string, payload: unknown) => listener(name, payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
    };
  },
});
