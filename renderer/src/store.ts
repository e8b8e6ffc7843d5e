// The one renderer store, composed from slices. Actions live next to their state; pushes from
// the transport are wired by connectStore, outside React, so components only read and act.
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { ControlEvents } from '../../shared/contract.js';
import type { OrchestratorStatus, ServerState } from '../../shared/types.js';
import type { TransportClient } from './api/build-client.js';
import { createChatSlice, AUTO_VENDOR } from './slices/chat-slice.js';
import type { ChatSlice } from './slices/chat-slice.js';
import { saveChats } from './slices/chat-persist.js';
import { vendorOptions } from './slices/vendors.js';
import type { VendorOption } from './slices/vendors.js';
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
import { createUiSlice, viewFromHash } from './slices/ui-slice.js';
import type { UiSlice } from './slices/ui-slice.js';
import { createWeatherSlice } from './slices/weather-slice.js';
import { createProfilesSlice } from './slices/profiles-slice.js';
import type { ProfilesSlice } from './slices/profiles-slice.js';
import type { WeatherSlice } from './slices/weather-slice.js';
// Issue 22 pinning
import { createPinsSlice, type PinsSlice } from './slices/pins-slice.js';
// Pending approvals (issue 22 item 4).
import { createQuestionsSlice } from './slices/questions-slice.js';
import type { QuestionsSlice } from './slices/questions-slice.js';
// Activity page (issue 22): the audit log, live.
import { createActivitySlice } from './slices/activity-slice.js';
import type { ActivitySlice } from './slices/activity-slice.js';
// Inspector parity (issue 23)
import { createInspectorSlice } from './slices/inspector-slice.js';
import type { InspectorSlice } from './slices/inspector-slice.js';
// issue 23 (inspector-b)
import { createPeerSlice, type PeerSlice } from './slices/peer-slice.js';
// OAuth for remote servers (issue 21 item 6)
import { createAuthSlice, type AuthSlice } from './slices/auth-slice.js';

export type AppState = StatusSlice &
  LogsSlice &
  ChatSlice &
  WeatherSlice &
  ConfigSlice &
  ToolsSlice &
  SecretsSlice &
  ConnectionSlice &
  UiSlice &
  ProfilesSlice &
  PinsSlice &
  QuestionsSlice &
  ActivitySlice &
  InspectorSlice &
  PeerSlice &
  AuthSlice;
export type AppStore = StoreApi<AppState>;

export { AUTO_VENDOR };
export { MAX_LOG_LINES } from './slices/logs-slice.js';
export type { ChatTurn } from './slices/chat-slice.js';
export type { Theme, Toast, ViewName } from './slices/ui-slice.js';
export { VIEWS } from './slices/ui-slice.js';
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
    ...createPinsSlice(client)(...a),
    ...createQuestionsSlice(client)(...a),
    ...createActivitySlice(client)(...a),
    ...createInspectorSlice(client)(...a),
    ...createPeerSlice(client)(...a),
    ...createAuthSlice(client)(...a),
  }));
}

/**
 * Wires transport pushes into the store and does the one initial fetch of each resource.
 * Afterwards everything arrives as events; nothing polls. Returns a disposer.
 */
export function connectStore(store: AppStore, client: TransportClient): () => void {
  const s = () => store.getState();
  let wasOpen = false;
  let listsKey: string | null = null;
  // Tools, prompts, resources and models change when a child starts, stops or reports a list change;
  // refetch exactly then (the initial fetch below covers the first status).
  const onStatus = (next: OrchestratorStatus) => {
    s().setStatus(next);
    const key = listsKeyOf(next);
    if (listsKey !== null && key !== listsKey) void s().reloadLists();
    listsKey = key;
  };
  const offEvents = client.subscribe((name, payload) => {
    if (name === 'status') onStatus(payload as ControlEvents['status']);
    else if (name === 'toolProgress') s().onToolProgress(payload as ControlEvents['toolProgress']);
    else if (name === 'log') s().appendLog(payload as ControlEvents['log']);
    else if (name === 'chatChunk') {
      const chunk = payload as ControlEvents['chatChunk'];
      s().appendChunk(chunk.requestId, chunk.delta);
    } else if (name === 'agentStep') {
      const ev = payload as ControlEvents['agentStep'];
      s().onAgentStep(ev.requestId, ev.step);
    } else if (name === 'configReloaded') s().onConfigReloaded(payload as ControlEvents['configReloaded']);
    else if (name === 'questions') s().setQuestions(payload as ControlEvents['questions']);
    else if (name === 'audit') s().onAudit(payload as ControlEvents['audit']);
    else if (name === 'resourceUpdated') void s().onResourceUpdated((payload as ControlEvents['resourceUpdated']).uri);
    // issue 23 (inspector-b)
    else if (name === 'peerRequest') s().onPeerRequest(payload as ControlEvents['peerRequest']);
    else if (name === 'peerRequestDone') s().onPeerRequestDone((payload as ControlEvents['peerRequestDone']).id);
    else if (name === 'protocol') s().onProtocolEntry(payload as ControlEvents['protocol']);
  });
  const offConnection = client.onConnection((state) => {
    s().setConnection(state);
    // Events may have been missed while the stream was down (or the orchestrator restarted): resync once.
    if (state === 'open' && wasOpen) {
      void s()
        .refreshStatus()
        .then(() => s().reloadLists());
      void s().loadSecrets();
      void s().loadConnectionInfo();
      void s().loadQuestions();
      void s().resubscribeAll();
      // Unsaved edits stay; the save-time check catches a file that changed meanwhile.
      if (s().configText === s().savedText) void s().loadConfig();
      // Audit lines written while the stream was down were never pushed.
      if (s().activityLoaded) void s().loadActivity();
    }
    if (state === 'open') wasOpen = true;
  });
  void Promise.all([
    s()
      .refreshStatus()
      .then(() => {
        const st = s().status;
        if (st && listsKey === null) listsKey = listsKeyOf(st);
      }),
    s().reloadLists(),
    s().loadSecrets(),
    s().loadConfig(),
    s().loadConnectionInfo(),
    s().loadQuestions(),
  ]);
  // Back/forward and hand-edited URLs move between pages.
  const onHash = () => {
    const view = viewFromHash(window.location.hash);
    if (view !== s().view) store.setState({ view });
  };
  if (typeof window !== 'undefined') window.addEventListener('popstate', onHash);
  // Conversations persist outside React: save whenever they change.
  const offPersist = store.subscribe((st, prev) => {
    if (st.conversations !== prev.conversations || st.conversationId !== prev.conversationId) {
      saveChats({ conversations: st.conversations, currentId: st.conversationId });
    }
  });
  return () => {
    offEvents();
    offConnection();
    offPersist();
    if (typeof window !== 'undefined') window.removeEventListener('popstate', onHash);
  };
}

/** What the lists depend on: the core's list revision and which servers are serving. */
function listsKeyOf(st: OrchestratorStatus): string {
  const serving = st.servers.filter((x) => x.state === 'running' || x.state === 'degraded').map((x) => x.id);
  return `${st.listRevision ?? ''}|${serving.sort().join(',')}`;
}

// ---- Named selectors -------------------------------------------------------------------

export type Health = 'ok' | 'warn' | 'stopped' | 'unknown';
const PROBLEM_STATES: ServerState[] = ['degraded', 'crashed', 'backoff', 'failed', 'needs-sign-in'];

/** Green when everything enabled runs, amber when anything is unhealthy, grey when idle. */
export function healthOf(status: OrchestratorStatus | null): Health {
  if (!status) return 'unknown';
  const servers = status.servers.filter((x) => x.enabled);
  if (servers.some((x) => PROBLEM_STATES.includes(x.state))) return 'warn';
  if (servers.some((x) => x.state === 'running' || x.state === 'starting' || x.state === 'installing')) return 'ok';
  return 'stopped';
}

export const selectHealth = (st: AppState): Health => (st.connectionLost ? 'unknown' : healthOf(st.status));
/** True while the orchestrator cannot be reached: shown state is stale and actions are off. */
export const selectOffline = (st: AppState): boolean => st.connectionLost;
/** A stable empty list before the first status: a new [] per call would make React render in a loop (error #185). */
export const selectServers = (st: AppState) => st.status?.servers ?? EMPTY;
export const selectServer = (id: string) => (st: AppState) => st.status?.servers.find((x) => x.id === id);
export const selectServerLogs = (id: string) => (st: AppState) => st.logs[id] ?? EMPTY;
export const selectToolsForServer = (id: string) => (st: AppState) => st.tools.filter((t) => t.serverId === id);
/**
 * The one tool count every page shows: the tools a client can call now (enabled, from serving
 * servers, the orchestrator's own included). Two counts of different things disagreed (issue 23).
 */
export const selectToolCount = (st: AppState): number => st.tools.reduce((n, t) => n + (t.enabled ? 1 : 0), 0);
export const selectSelectedTool = (st: AppState) => st.tools.find((t) => t.name === st.selectedTool);
export const selectVendors = (st: AppState): string[] => [AUTO_VENDOR, ...Array.from(new Set(st.models.map((m) => m.vendor))).sort()];
export type { VendorOption };
/** Every configured vendor with whether it can answer now; memoised on its inputs for stable renders. */
let vendorMemo: { status: AppState['status']; models: AppState['models']; value: VendorOption[] } | null = null;
export const selectVendorOptions = (st: AppState): VendorOption[] => {
  if (vendorMemo && vendorMemo.status === st.status && vendorMemo.models === st.models) return vendorMemo.value;
  vendorMemo = { status: st.status, models: st.models, value: vendorOptions(st.status, st.models) };
  return vendorMemo.value;
};
/** The servers page's words for the header dot: "6 of 7 running". */
export function healthText(status: OrchestratorStatus | null): string {
  if (!status) return 'Connecting…';
  const enabled = status.servers.filter((x) => x.enabled);
  const running = enabled.filter((x) => x.state === 'running' || x.state === 'degraded').length;
  const problems = enabled.filter((x) => PROBLEM_STATES.includes(x.state)).map((x) => `${x.id} ${x.state}`);
  const head = running === enabled.length ? `All ${running} running` : `${running} of ${enabled.length} running`;
  return problems.length ? `${head}; ${problems.join(', ')}` : head;
}
/** Model ids the picker offers: under "auto", two vendors may list the same id, which is one choice. */
export const selectModelsForVendor = (st: AppState): string[] => [
  ...new Set(st.models.filter((m) => st.chatVendor === AUTO_VENDOR || m.vendor === st.chatVendor).map((m) => m.id)),
];
export const selectPendingChat = (st: AppState) => st.chatTurns.find((t) => t.pending);
export const selectConfigDirty = (st: AppState) => st.configText !== st.savedText;
export const selectCanSave = (st: AppState) => st.configValid === true && !st.configSaving && st.configText !== st.savedText;
export const selectSecretSource = (name: string) => (st: AppState) => st.secrets.find((x) => x.name === name)?.source ?? 'missing';
export const selectToasts = (st: AppState) => st.toasts;
export const selectQuestions = (st: AppState) => st.questions;

const EMPTY: never[] = [];
