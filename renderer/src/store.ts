// The one renderer store, composed from slices. Actions live next to their state; pushes from
// the transport are wired by connectStore, outside React, so components only read and act.
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { ControlEvents } from '../../shared/contract.js';
import type { OrchestratorStatus, ServerState } from '../../shared/types.js';
import type { TransportClient } from './api/build-client.js';
import { createChatSlice, AUTO_VENDOR } from './slices/chat-slice.js';
import type { ChatSlice } from './slices/chat-slice.js';
import { createConfigSlice } from './slices/config-slice.js';
import type { ConfigSlice } from './slices/config-slice.js';
import { createConnectionSlice } from './slices/connection-slice.js';
import type { ConnectionSlice } from './slices/connection-slice.js';
import { createLogsSlice } from './slices/logs-slice.js';
import type { LogsSlice } from './slices/logs-slice.js';
import { createSecretsSlice } from './slices/secrets-slice.js';
import type { SecretsSlice } from './slices/secrets-slice.js';
import { createStatusSlice } from './slices/status-slice.js';
import type { StatusSlice } from './slices/status-slice.js';
import { createToolsSlice } from './slices/tools-slice.js';
import type { ToolsSlice } from './slices/tools-slice.js';
import { createUiSlice } from './slices/ui-slice.js';
import type { UiSlice } from './slices/ui-slice.js';
import { createWeatherSlice } from './slices/weather-slice.js';
import { createProfilesSlice } from './slices/profiles-slice.js';
import type { ProfilesSlice } from './slices/profiles-slice.js';
import type { WeatherSlice } from './slices/weather-slice.js';

export type AppState = StatusSlice &
  LogsSlice &
  ChatSlice &
  WeatherSlice &
  ConfigSlice &
  ToolsSlice &
  SecretsSlice &
  ConnectionSlice &
  UiSlice &
  ProfilesSlice;
export type AppStore = StoreApi<AppState>;

export { AUTO_VENDOR };
export { MAX_LOG_LINES } from './slices/logs-slice.js';
export type { ChatTurn } from './slices/chat-slice.js';
export type { Toast, ViewName } from './slices/ui-slice.js';
export { VIEWS } from './slices/ui-slice.js';
export type { ServerAction } from './slices/status-slice.js';
export type { Units } from './slices/weather-slice.js';
export type { ToolCallState } from './slices/tools-slice.js';

export function createAppStore(client: TransportClient): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createStatusSlice(client)(...a),
    ...createLogsSlice(client)(...a),
    ...createChatSlice(client)(...a),
    ...createWeatherSlice(client)(...a),
    ...createConfigSlice(client)(...a),
    ...createToolsSlice(client)(...a),
    ...createSecretsSlice(client)(...a),
    ...createConnectionSlice(client)(...a),
    ...createUiSlice(client)(...a),
    ...createProfilesSlice(client)(...a),
  }));
}

/**
 * Wires transport pushes into the store and does the one initial fetch of each resource.
 * Afterwards everything arrives as events; nothing polls. Returns a disposer.
 */
export function connectStore(store: AppStore, client: TransportClient): () => void {
  const s = () => store.getState();
  let wasOpen = false;
  const offEvents = client.subscribe((name, payload) => {
    if (name === 'status') {
      const next = payload as ControlEvents['status'];
      const before = s().status;
      s().setStatus(next);
      // Tools and models change when children start or stop; refetch only then.
      if (!before || before.totals.tools !== next.totals.tools) {
        void s().loadTools();
        void s().loadModels();
      }
    } else if (name === 'log') s().appendLog(payload as ControlEvents['log']);
    else if (name === 'chatChunk') {
      const chunk = payload as ControlEvents['chatChunk'];
      s().appendChunk(chunk.requestId, chunk.delta);
    } else if (name === 'configReloaded') s().onConfigReloaded(payload as ControlEvents['configReloaded']);
  });
  const offConnection = client.onConnection((state) => {
    s().setConnection(state);
    // Events may have been missed while the stream was down: resync status once.
    if (state === 'open' && wasOpen) void s().refreshStatus();
    if (state === 'open') wasOpen = true;
  });
  void Promise.all([
    s().refreshStatus(),
    s().loadTools(),
    s().loadSecrets(),
    s().loadModels(),
    s().loadConfig(),
    s().loadConnectionInfo(),
  ]);
  return () => {
    offEvents();
    offConnection();
  };
}

// ---- Named selectors -------------------------------------------------------------------

export type Health = 'ok' | 'warn' | 'stopped' | 'unknown';
const PROBLEM_STATES: ServerState[] = ['degraded', 'crashed', 'backoff', 'failed'];

/** Green when everything enabled runs, amber when anything is unhealthy, grey when idle. */
export function healthOf(status: OrchestratorStatus | null): Health {
  if (!status) return 'unknown';
  const servers = status.servers.filter((x) => x.enabled);
  if (servers.some((x) => PROBLEM_STATES.includes(x.state))) return 'warn';
  if (servers.some((x) => x.state === 'running' || x.state === 'starting')) return 'ok';
  return 'stopped';
}

export const selectHealth = (st: AppState): Health => healthOf(st.status);
export const selectServers = (st: AppState) => st.status?.servers ?? [];
export const selectServer = (id: string) => (st: AppState) => st.status?.servers.find((x) => x.id === id);
export const selectServerLogs = (id: string) => (st: AppState) => st.logs[id] ?? EMPTY;
export const selectToolsForServer = (id: string) => (st: AppState) => st.tools.filter((t) => t.serverId === id);
export const selectSelectedTool = (st: AppState) => st.tools.find((t) => t.name === st.selectedTool);
export const selectVendors = (st: AppState): string[] => [
  AUTO_VENDOR,
  ...Array.from(new Set(st.models.map((m) => m.vendor))).sort(),
];
export const selectModelsForVendor = (st: AppState): string[] =>
  st.models.filter((m) => st.chatVendor === AUTO_VENDOR || m.vendor === st.chatVendor).map((m) => m.id);
export const selectChatTurn = (requestId: string) => (st: AppState) =>
  st.chatTurns.find((t) => t.requestId === requestId);
export const selectPendingChat = (st: AppState) => st.chatTurns.find((t) => t.pending);
export const selectConfigDirty = (st: AppState) => st.configText !== st.savedText;
export const selectCanSave = (st: AppState) =>
  st.configValid === true && !st.configSaving && st.configText !== st.savedText;
export const selectSecretSource = (name: string) => (st: AppState) =>
  st.secrets.find((x) => x.name === name)?.source ?? 'missing';
export const selectToasts = (st: AppState) => st.toasts;
export const selectConnection = (st: AppState) => st.connection;

const EMPTY: never[] = [];
