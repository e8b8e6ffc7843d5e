// What the control API needs from the core: narrow operations, never the core's parts.
// Declared here (not imported from create-core) so control/ depends on the core only through
// this shape; the composition roots hand the core in, and tests may hand in anything that fits.
import type { ServerAuthInfo, SignInOutcome } from '../../../shared/types.js';
import type {
  ControlEventListener,
  ControlEventName,
  ControlEvents,
  PromptInfo,
  ProtocolLog,
  ResourceInfo,
} from '../../../shared/contract.js';
import type {
  AppConfig,
  ProfileConfig,
  ProfileSummary,
  ChatRequest,
  ClientTokenInfo,
  ChatResponse,
  ConnectionInfo,
  ImportOutcome,
  PinChange,
  ImportPreview,
  LogLine,
  ModelInfo,
  OrchestratorStatus,
  PendingQuestion,
  QuestionAnswer,
  SearchResult,
  SecretInfo,
  ToolInfo,
  WeatherReport,
} from '../../../shared/types.js';
import type { AuditPage, AuditQuery } from '../../../shared/audit.js';
import type { Logger, Timers } from '../env.js';
import type { CompletionRef, ResourceTemplateInfo, ServerProtocolInfo } from '../../../shared/inspector.js';
import type { DownstreamLink } from '../wire/downstream-link.js';

interface ControlCallOptions {
  signal?: AbortSignal;
  onProgress?: (p: { progress: number; total?: number; message?: string }) => void;
  /** The admin user acting through this API: the gateway asks no approval (the pipeline's approval hook, gateway/forward-hooks.ts). */
  byUser?: boolean;
  /** Who is calling, for the audit log (agent chat: `chat`); the admin when absent. */
  caller?: { client: string; profile: string | null };
  /** The UI as the call's client, for a child's requests back (sampling, elicitation, roots). */
  link?: DownstreamLink;
}

/** The gateway's catalog as clients see it. Results are MCP shapes; the control API narrows them. */
interface McpCatalogPort {
  listTools(): Promise<ToolInfo[]>;
  callTool(
    name: string,
    args: Record<string, unknown>,
    opts: ControlCallOptions,
  ): Promise<{ isError?: boolean; content?: unknown; structuredContent?: unknown }>;
  listPrompts(): Promise<PromptInfo[]>;
  getPrompt(
    name: string,
    args?: Record<string, string>,
  ): Promise<{ description?: string; messages: Array<{ role: string; content: unknown }> }>;
  listResources(): Promise<ResourceInfo[]>;
  readResource(uri: string): Promise<{ contents: unknown[] }>;
  // Inspector parity (issue 23)
  listResourceTemplates(): Promise<ResourceTemplateInfo[]>;
  complete(params: {
    ref: CompletionRef;
    argument: { name: string; value: string };
    context?: { arguments?: Record<string, string> };
  }): Promise<{ completion: { values: string[]; total?: number; hasMore?: boolean } }>;
  subscribe(subscriber: ResourceSubscriber, uri: string): Promise<void>;
  unsubscribe(subscriber: ResourceSubscriber, uri: string): Promise<void>;
}

/** Receives a subscribed resource's updates; `transport` undefined would mean it is gone. */
export interface ResourceSubscriber {
  readonly transport: unknown;
  sendResourceUpdated(params: { uri: string }): Promise<void>;
}

interface AssistantPort {
  chat(req: ChatRequest, opts: { signal?: AbortSignal; onDelta?: (delta: string) => void }): Promise<ChatResponse>;
  getWeather(location: string, units?: 'metric' | 'imperial'): Promise<WeatherReport>;
  searchWeb(query: string, numResults?: number): Promise<SearchResult[]>;
  listModels(vendor?: string): Promise<ModelInfo[]>;
}

export interface ControlCore {
  readonly env: { logger: Logger; clock: Timers };
  readonly redactor: { redact(text: string): string; redactDeep<T>(value: T, opts?: { byFieldName?: boolean }): T };
  readonly config: { readonly path: string; readonly current: AppConfig | null | undefined; readText(): Promise<string> };
  getServerStatus(): OrchestratorStatus;
  subscribe(listener: ControlEventListener): () => void;
  emit<K extends ControlEventName>(name: K, payload: ControlEvents[K]): void;
  onTokenRotated(listener: () => void): () => void;

  startServer(id: string): Promise<void>;
  /** Resolves once the stop is under way (not done): the server's state shows its progress. */
  stopServer(id: string): Promise<void>;
  /** Resolves once the restart is under way (not done): the server's state shows its progress. */
  restartServer(id: string): Promise<void>;
  startAll(): Promise<void>;
  stopAll(): Promise<void>;
  logs(id: string): LogLine[];
  /** issue 23 (inspector-b) */
  protocolLog(id: string): ProtocolLog;
  watchProtocolLog(id: string, on: boolean): void;
  mcp(): McpCatalogPort;
  assistant(): AssistantPort;
  listSecrets(): Promise<SecretInfo[]>;
  setSecret(name: string, value: string): Promise<void>;
  deleteSecret(name: string): Promise<void>;
  saveConfig(text: string, base?: string): Promise<AppConfig>;
  previewImport(source: string): Promise<ImportPreview>;
  importConfig(source: string, values?: Record<string, string>): Promise<ImportOutcome>;
  connectionInfo(): ConnectionInfo;
  /** What a running child said in `initialize` (throws SERVER_NOT_RUNNING otherwise). */
  serverInfo(id: string): ServerProtocolInfo;
  listProfiles(): Promise<ProfileSummary[]>;
  profileTools(name: string): Promise<ToolInfo[]>;
  saveProfile(name: string, profile: Omit<ProfileConfig, 'name'> | null): Promise<ProfileSummary[]>;
  rotateToken(): Promise<void>;
  listClients(): Promise<ClientTokenInfo[]>;
  addClient(name: string, profile: string | null): Promise<{ token: string; client: ClientTokenInfo }>;
  revokeClient(name: string): Promise<void>;
  // Issue 22 pinning
  listPinChanges(server?: string): Promise<PinChange[]>;
  reviewPinChange(server: string, name: string | null, decision: 'approve' | 'reject'): Promise<PinChange[]>;
  /** Questions waiting for the user (trust/questions.ts). */
  readonly questions: { pending(): PendingQuestion[]; answer(id: string, value: QuestionAnswer): void };
  /** A page of the audit log (metrics/audit-reader.ts). */
  listAudit(query: AuditQuery): Promise<AuditPage>;
  // OAuth for remote servers (issue 21 item 6)
  readonly auth: {
    signIn(id: string): Promise<SignInOutcome>;
    signOut(id: string): Promise<{ revoked: boolean }>;
    authStatus(): Promise<ServerAuthInfo[]>;
  };
}
