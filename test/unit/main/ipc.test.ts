// The IPC bridge through its real handlers, with a fake ipcMain and window: the sender is checked
// and every call's arguments are validated against the contract before the core sees them.
import { describe, expect, it } from 'vitest';
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { CONTROL_METHODS, IPC_INVOKE_PREFIX } from '../../../shared/contract.js';
import { registerIpc, type IpcRegistry } from '../../../electron/main/ipc.js';
import { recordingApi } from '../../helpers/recording-api.js';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

function fakeIpc() {
  const handlers = new Map<string, Handler>();
  const ipc = {
    handle: (channel: string, fn: Handler) => void handlers.set(channel, fn),
    removeHandler: (channel: string) => void handlers.delete(channel),
  } as unknown as IpcRegistry;
  return { ipc, handlers };
}

const frame = { processId: 1, routingId: 7, url: 'file:///app/dist/renderer/index.html' };
const win = { isDestroyed: () => false, webContents: { id: 3, mainFrame: frame } } as unknown as BrowserWindow;
const trusted = { sender: { id: 3 }, senderFrame: frame } as unknown as IpcMainInvokeEvent;
const stranger = { sender: { id: 3 }, senderFrame: { ...frame, url: 'https://evil.example/' } } as unknown as IpcMainInvokeEvent;

function setup() {
  const { ipc, handlers } = fakeIpc();
  const { api, calls } = recordingApi();
  const off = registerIpc(ipc, api, () => win);
  const invoke = (event: IpcMainInvokeEvent, method: string, ...args: unknown[]) =>
    handlers.get(`${IPC_INVOKE_PREFIX}${method}`)!(event, ...args);
  return { handlers, calls, off, invoke };
}

describe('registerIpc', () => {
  it('registers one handler per contract method and removes them all', () => {
    const { handlers, off } = setup();
    expect([...handlers.keys()].sort()).toEqual(CONTROL_METHODS.map((m) => `${IPC_INVOKE_PREFIX}${m}`).sort());
    off();
    expect(handlers.size).toBe(0);
  });

  it('refuses an ill-typed call with BAD_REQUEST naming the argument, and never calls the core', async () => {
    const { calls, invoke } = setup();
    expect(await invoke(trusted, 'saveConfig', null)).toEqual({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'saveConfig: args[0]: Invalid input: expected string, received null' },
    });
    expect(await invoke(trusted, 'setSecret', 'OPENAI_API_KEY', 42)).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^setSecret: args\[1\]: /) },
    });
    expect(await invoke(trusted, 'callTool', 'x__y', [])).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^callTool: args\[1\]: /) },
    });
    expect(calls).toEqual([]);
  });

  it('passes a well-typed call through to the core', async () => {
    const { calls, invoke } = setup();
    expect(await invoke(trusted, 'getWeather', 'Oslo')).toEqual({ ok: true, value: null });
    expect(await invoke(trusted, 'callTool', 'memory__read_graph', {}, 'req-1')).toEqual({ ok: true, value: null });
    expect(calls).toEqual([
      { method: 'getWeather', args: ['Oslo'] },
      { method: 'callTool', args: ['memory__read_graph', {}, 'req-1'] },
    ]);
  });

  it('answers an untrusted frame with FORBIDDEN before looking at the arguments', async () => {
    const { calls, invoke } = setup();
    expect(await invoke(stranger, 'getStatus')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(calls).toEqual([]);
  });
});
