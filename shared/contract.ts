// The control API: declared once, implemented by the core, carried over Electron IPC
// (preload) or HTTP + server-sent events (headless `serve`). Every method resolves to a
// Result; expected failures are { ok: false } and never thrown across the boundary.
import type { Result } from './errors.js';
import type {
  ChatRequest,
  ChatResponse,
  ConfigDocument,
  ConfigIssue,
  ConnectionInfo,
  ImportPreviewEntry,
  LogLine,
  ModelInfo,
  OrchestratorStatus,
  ProfileConfig,
  ProfileSummary,
  SearchResult,
  SecretInfo,
  ServerConfig,
  ToolInfo,
  WeatherReport,
} from './types.js';

export interface ToolCallOutcome {
  isError: boolean;
  content: unknown[];
  structuredContent?: unknown;
}

/** A prompt or resource as the UI browses them (namespaced names/URIs, as clients see them). */
export interface PromptInfo {
  name: string;
  title?: string;
  description?: string;
  arguments?: Array<{ name: string; description?: string; required?: boolean }>;
}
export interface ResourceInfo {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
}
export interface PromptOutcome {
  description?: string;
  messages: Array<{ role: string; content: unknown }>;
}
export interface ResourceOutcome {
  contents: unknown[];
}

export interface ConfigSaveOutcome {
  path: string;
  servers: number;
}

export interface ControlApi {
  getStatus(): Promise<Result<OrchestratorStatus>>;
  startServer(id: string): Promise<Result<null>>;
  stopServer(id: string): Promise<Result<null>>;
  restartServer(id: string): Promise<Result<null>>;
  startAll(): Promise<Result<null>>;
  stopAll(): Promise<Result<null>>;
  getLogs(id: string): Promise<Result<LogLine[]>>;

  listTools(): Promise<Result<ToolInfo[]>>;
  /** With a requestId, progress arrives as `toolProgress` events and `cancel(requestId)` stops the call. */
  callTool(name: string, args: Record<string, unknown>, requestId?: string): Promise<Result<ToolCallOutcome>>;
  listPrompts(): Promise<Result<PromptInfo[]>>;
  getPrompt(name: string, args?: Record<string, string>): Promise<Result<PromptOutcome>>;
  listResources(): Promise<Result<ResourceInfo[]>>;
  readResource(uri: string): Promise<Result<ResourceOutcome>>;

  getConfig(): Promise<Result<ConfigDocument>>;
  validateConfig(text: string): Promise<Result<{ valid: boolean; issues: ConfigIssue[]; servers: ServerConfig[] }>>;
  saveConfig(text: string): Promise<Result<ConfigSaveOutcome>>;
  /** What importConfig would add (commands/URLs, referenced secrets, keys moved to the keychain); writes nothing. */
  previewImport(text: string): Promise<Result<{ entries: ImportPreviewEntry[] }>>;
  /** Parse a Claude Desktop / Cursor / VS Code config text and merge its servers in (the confirmed step). */
  importConfig(text: string): Promise<Result<ConfigSaveOutcome & { imported: string[] }>>;

  listSecrets(): Promise<Result<SecretInfo[]>>;
  setSecret(name: string, value: string): Promise<Result<null>>;
  deleteSecret(name: string): Promise<Result<null>>;

  chat(requestId: string, request: ChatRequest): Promise<Result<ChatResponse>>;
  cancel(requestId: string): Promise<Result<null>>;
  getWeather(location: string, units?: 'metric' | 'imperial'): Promise<Result<WeatherReport>>;
  searchWeb(query: string, numResults?: number): Promise<Result<SearchResult[]>>;
  listModels(vendor?: string): Promise<Result<ModelInfo[]>>;

  getConnectionInfo(): Promise<Result<ConnectionInfo>>;
  rotateToken(): Promise<Result<ConnectionInfo>>;

  /** Configured profiles with their current size, cost and warnings. */
  listProfiles(): Promise<Result<ProfileSummary[]>>;
  /** The tools a profile gives access to (for a discovery profile: the searchable ones). */
  profileTools(name: string): Promise<Result<ToolInfo[]>>;
  /** Writes (or with null removes) one profile through the atomic config save, then applies it. */
  saveProfile(name: string, profile: Omit<ProfileConfig, 'name'> | null): Promise<Result<ProfileSummary[]>>;
}

export type ControlMethod = keyof ControlApi;

/** The runtime method list. `satisfies` makes the compiler reject a missing or extra name. */
export const CONTROL_METHODS = Object.keys({
  getStatus: 1,
  startServer: 1,
  stopServer: 1,
  restartServer: 1,
  startAll: 1,
  stopAll: 1,
  getLogs: 1,
  listTools: 1,
  callTool: 1,
  listPrompts: 1,
  getPrompt: 1,
  listResources: 1,
  readResource: 1,
  getConfig: 1,
  validateConfig: 1,
  saveConfig: 1,
  previewImport: 1,
  importConfig: 1,
  listSecrets: 1,
  setSecret: 1,
  deleteSecret: 1,
  chat: 1,
  cancel: 1,
  getWeather: 1,
  searchWeb: 1,
  listModels: 1,
  getConnectionInfo: 1,
  rotateToken: 1,
  listProfiles: 1,
  profileTools: 1,
  saveProfile: 1,
} satisfies Record<ControlMethod, 1>) as ControlMethod[];

/** Pushed from the core to the UI. */
export interface ControlEvents {
  status: OrchestratorStatus;
  log: LogLine;
  chatChunk: { requestId: string; delta: string };
  configReloaded: { path: string; ok: boolean; issues: ConfigIssue[] };
  toolProgress: { requestId: string; progress: number; total?: number; message?: string };
}
export type ControlEventName = keyof ControlEvents;
export const CONTROL_EVENTS: ControlEventName[] = ['status', 'log', 'chatChunk', 'configReloaded', 'toolProgress'];

export type ControlEventListener = <K extends ControlEventName>(name: K, payload: ControlEvents[K]) => void;

/** What a transport gives the renderer: the methods plus a way to receive pushes. */
export interface ControlClient extends ControlApi {
  subscribe(listener: ControlEventListener): () => void;
}

/** HTTP mapping used by `serve`: POST {prefix}/{method} with body {args: [...]}; SSE at {prefix}/events. */
export const HTTP_API_PREFIX = '/api';
/** IPC channel names used by Electron. */
export const IPC_INVOKE_PREFIX = 'control:';
export const IPC_EVENT_CHANNEL = 'control:event';

/** Vendors the product ships built-in servers for. */
export const BUILTIN_VENDORS = ['openai', 'groq', 'local_llama'] as const;

/** Names of gateway tools that the orchestrator serves itself (not namespaced). */
export const ROUTER_TOOLS = ['chat', 'embed', 'search_web', 'get_weather', 'list_models'] as const;

/** Separator between server id and tool name on the gateway. */
export const NAMESPACE_SEPARATOR = '__';
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
