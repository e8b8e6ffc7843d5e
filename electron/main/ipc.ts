// Bridges the control API to the renderer: one ipcMain handler per contract method, answered
// only for the app's own window, with arguments checked against the contract; core events
// are forwarded on one channel. ipcMain is passed in so the bridge is testable without Electron.
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { CONTROL_METHODS, IPC_EVENT_CHANNEL, IPC_INVOKE_PREFIX, invokeControl } from '../../shared/contract.js';
import type { ControlApi, ControlEventListener } from '../../shared/contract.js';
import { ErrorCode, fail, toErrorInfo } from '../../shared/errors.js';
import type { Result } from '../../shared/errors.js';

type GetWindow = () => BrowserWindow | null;
export type IpcRegistry = Pick<IpcMain, 'handle' | 'removeHandler'>;

/** Only our window's top frame, showing our bundled file, may call the API. */
function isTrustedSender(event: IpcMainInvokeEvent, win: BrowserWindow | null): boolean {
  if (!win || win.isDestroyed() || event.sender.id !== win.webContents.id) return false;
  const frame = event.senderFrame;
  const main = win.webContents.mainFrame;
  // Compare ids, not objects: the frame wrappers are not guaranteed to be the same instance.
  const isMainFrame = !!frame && frame.processId === main.processId && frame.routingId === main.routingId;
  return isMainFrame && frame.url.startsWith('file://');
}

export function registerIpc(ipc: IpcRegistry, api: ControlApi, getWindow: GetWindow): () => void {
  for (const method of CONTROL_METHODS) {
    ipc.handle(`${IPC_INVOKE_PREFIX}${method}`, async (event, ...args: unknown[]): Promise<Result<unknown>> => {
      if (!isTrustedSender(event, getWindow())) return fail(ErrorCode.FORBIDDEN, 'untrusted sender');
      try {
        return await invokeControl(api, method, args);
      } catch (err) {
        // The core returns expected failures as Results; a throw is a bug, still answered as a Result.
        return { ok: false, error: toErrorInfo(err) };
      }
    });
  }
  return () => {
    for (const method of CONTROL_METHODS) ipc.removeHandler(`${IPC_INVOKE_PREFIX}${method}`);
  };
}

export function forwardEvents(subscribe: (l: ControlEventListener) => () => void, getWindow: GetWindow): () => void {
  return subscribe((name, payload) => {
    const win = getWindow();
    // A hidden window still gets events so it is current when shown.
    if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, name, payload);
  });
}
