// A real, in-memory ControlClient for store tests: it keeps its own state, records every
// call, and pushes events the way the core does. Chat replies can be held open so tests
// can stream chunks before the final response.
import type { ControlApi, ControlEventName, ControlEvents, ControlEventListener, ControlMethod } from '../../../shared/contract.js';
import { auditMatches, type AuditEntry } from '../../../shared/audit.js';
import { fail, ok, ErrorCode } from '../../../shared/errors.js';
import type { Result } from '../../../shared/errors.js';
import type { ChatResponse, PendingQuestion, SecretInfo, ServerStatus, ToolInfo } from '../../../shared/types.js';
import type { ResourceTemplateInfo } from '../../../shared/inspector.js';
import type { AgentChatResponse } from '../../../shared/agent.js';
import { buildControlClient } from '../../../renderer/src/api/build-client.js';
import { connectStore, createAppStore, type AppStore } from '../../../renderer/src/store.js';
import type { ConnectionState, TransportClient } from '../../../renderer/src/api/build-client.js';

import { orchestratorStatus, serverStatus } from '../../helpers/status.js';

interface PendingChat {
  resolve: (r: Result<ChatResponse>) => void;
}

export class MemoryCore {
  readonly calls: Array<{ method: ControlMethod; args: unknown[] }> = [];
  servers: ServerStatus[] = [serverStatus('memory', { state: 'running', toolCount: 1 })];
  tools: ToolInfo[] = [
    { name: 'memory__read_graph', serverId: 'memory', originalName: 'read_graph', inputSchema: { type: 'object' }, enabled: true },
  ];
  secrets = new Map<string, string>();
  /** Audit lines, oldest first (as in the file). */
  audit: AuditEntry[] = [];
  /** Inspector parity: templates listed, completion candidates per argument name, the UI's subscriptions. */
  templates: ResourceTemplateInfo[] = [];
  completions: Record<string, string[]> = {};
  readonly subscribed = new Set<string>();
  configText = '{"servers":{}}';
  questions: PendingQuestion[] = [];
  readonly chats = new Map<string, PendingChat>();
  private listeners = new Set<ControlEventListener>();
  private connectionListeners = new Set<(s: ConnectionState) => void>();

  emit<K extends ControlEventName>(name: K, payload: ControlEvents[K]): void {
    for (const l of this.listeners) l(name, payload);
  }

  setConnection(state: ConnectionState): void {
    for (const l of this.connectionListeners) l(state);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  callsOf(method: ControlMethod): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  /** The API behind the client; each method answers from the in-memory state. */
  readonly api: ControlApi = {
    getStatus: async () => ok(orchestratorStatus(this.servers)),
    startServer: async (id) => this.setState(id, 'running'),
    stopServer: async (id) => this.setState(id, 'stopped'),
    restartServer: async (id) => this.setState(id, 'running'),
    startAll: async () => ok(null),
    stopAll: async () => ok(null),
    getLogs: async (id) => ok([{ serverId: id, at: 1, stream: 'stderr', text: 'history' }]),
    listTools: async () => ok(this.tools),
    callTool: async (name, args) =>
      name === 'missing'
        ? fail(ErrorCode.TOOL_NOT_FOUND, 'no such tool')
        : ok({ isError: false, content: [{ type: 'text', text: JSON.stringify(args) }] }),
    listPrompts: async () => ok([]),
    getPrompt: async (name) => fail(ErrorCode.BAD_REQUEST, `Unknown prompt: ${name}`),
    listResources: async () => ok([]),
    readResource: async (uri) => fail(ErrorCode.BAD_REQUEST, `Unknown resource: ${uri}`),
    getConfig: async () => ok({ path: '/tmp/config.json', text: this.configText }),
    validateConfig: async (text) => {
      const doc = JSON.parse(text) as { servers?: unknown };
      const valid = typeof doc.servers === 'object' && doc.servers !== null;
      return ok({ valid, issues: valid ? [] : [{ path: 'servers', message: 'Required' }], servers: [] });
    },
    saveConfig: async (text, base) => {
      if (base !== undefined && base !== this.configText) return fail(ErrorCode.CONFIG_CONFLICT, 'config.json changed on disk');
      this.configText = text;
      return ok({ path: '/tmp/config.json', servers: 0 });
    },
    previewImport: async () => ok({ path: '/tmp/config.json', entries: [], inputs: [], diff: '' }),
    importConfig: async () => ok({ path: '/tmp/config.json', servers: 1, imported: ['x'], storedSecrets: [], missingSecrets: [] }),
    listSecrets: async () => ok([...this.secrets.keys()].map((name): SecretInfo => ({ name, source: 'keychain' }))),
    setSecret: async (name, value) => {
      this.secrets.set(name, value);
      return ok(null);
    },
    deleteSecret: async (name) => {
      this.secrets.delete(name);
      return ok(null);
    },
    chat: (requestId) => new Promise((resolve) => this.chats.set(requestId, { resolve })),
    cancel: async (requestId) => {
      this.chats.get(requestId)?.resolve(fail(ErrorCode.CANCELLED, 'cancelled'));
      return ok(null);
    },
    // Agent chat is held open like chat; tests push agentStep events, then resolve it.
    agentChat: (requestId) =>
      new Promise<Result<AgentChatResponse>>((resolve) => this.chats.set(requestId, { resolve: resolve as PendingChat['resolve'] })),
    approveToolCall: async () => ok(null),
    getWeather: async (location, units) =>
      ok({ location, temperature: 20, feels_like: 19, humidity: 50, wind_speed: 3, description: 'clear', source: 'memory', units }),
    searchWeb: async () => ok([]),
    listModels: async () =>
      ok([
        { vendor: 'openai', id: 'gpt-x' },
        { vendor: 'groq', id: 'llama-y' },
      ]),
    getConnectionInfo: async () =>
      ok({
        url: 'http://127.0.0.1:1/mcp',
        token: 'tok',
        tokenFile: '/tmp/t',
        stdioCommand: ['/usr/bin/node', '/opt/mcp-orchestrator/bin/mcp-orchestrator.mjs', 'stdio'],
      }),
    rotateToken: async () => ok({ url: 'http://127.0.0.1:1/mcp', token: 'tok2', tokenFile: '/tmp/t', stdioCommand: [] }),
    listClients: async () => ok([]),
    addClient: async (name, profile) => ok({ token: 'mcpo_test', client: { name, profile, createdAt: 0, lastUsedAt: null } }),
    revokeClient: async () => ok(null),
    listPinChanges: async () => ok([]),
    reviewPinChange: async () => ok([]),
    listProfiles: async () => ok([]),
    profileTools: async () => ok([]),
    saveProfile: async () => ok([]),
    listQuestions: async () => ok(this.questions),
    answerQuestion: async () => ok(null),
    // Newest first, like the core's reader; paging by offset and limit.
    listAudit: async (q = {}) => {
      const matching = this.audit.filter((e) => auditMatches(e, q)).reverse();
      const offset = q.offset ?? 0;
      const limit = q.limit ?? 500;
      return ok({ entries: matching.slice(offset, offset + limit), more: matching.length > offset + limit });
    },
    listResourceTemplates: async () => ok(this.templates),
    complete: async (_ref, argument) => ok({ values: (this.completions[argument.name] ?? []).filter((v) => v.startsWith(argument.value)) }),
    subscribeResource: async (uri) => (this.subscribed.add(uri), ok(null)),
    unsubscribeResource: async (uri) => (this.subscribed.delete(uri), ok(null)),
    getServerInfo: async (id) => ok({ serverId: id, protocolVersion: '2025-11-25', capabilities: { tools: {} } }),
    // issue 23 (inspector-b)
    answerPeerRequest: async () => ok(null),
    watchProtocolLog: async () => ok(null),
    getProtocolLog: async (id) => ok({ serverId: id, entries: [], dropped: 0, limits: { messages: 500, bytes: 1048576 } }),
    // OAuth for remote servers (issue 21 item 6)
    signInServer: async () => ok({ status: 'signed-in' as const }),
    signOutServer: async () => ok({ revoked: false }),
    getAuthStatus: async () => ok([]),
  };

  private async setState(id: string, state: ServerStatus['state']): Promise<Result<null>> {
    const server = this.servers.find((s) => s.id === id);
    if (!server) return fail(ErrorCode.SERVER_NOT_FOUND, `no server ${id}`);
    server.state = state;
    this.emit('status', orchestratorStatus(this.servers));
    return ok(null);
  }

  /** The client the store talks to, built the same way the real transports are. */
  client(): TransportClient {
    return buildControlClient(
      'ipc',
      async (method, args) => {
        this.calls.push({ method, args });
        const fn = this.api[method] as (...a: unknown[]) => Promise<Result<unknown>>;
        return fn(...args);
      },
      (listener) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
      (listener) => {
        this.connectionListeners.add(listener);
        return () => this.connectionListeners.delete(listener);
      },
    );
  }
}

/** Waits for a condition driven by promises (no timers): bounded number of microtask turns. */
export async function until(cond: () => boolean, turns = 200): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (cond()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error('condition not met');
}

/** A store connected to a fresh MemoryCore, once its initial fetches (all from memory) have landed. */
export async function connectedStore(): Promise<{ core: MemoryCore; store: AppStore; disconnect: () => void }> {
  const core = new MemoryCore();
  const client = core.client();
  const store = createAppStore(client);
  const disconnect = connectStore(store, client);
  await until(() => store.getState().status !== null && store.getState().connectionInfo !== null && store.getState().configValid !== null);
  return { core, store, disconnect };
}
