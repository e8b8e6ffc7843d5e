// The control API: declared once, implemented by the core, carried over Electron IPC
// (preload) or HTTP + server-sent events (headless `serve`). Every method resolves to a
// Result; expected failures are { ok: false } and never thrown across the boundary.
import { z } from 'zod';
import type { Result } from './errors.js';
import { APPROVAL_MODES } from './approval.js';
import { AUDIT_OUTCOMES, MAX_AUDIT_PAGE, type AuditEntry, type AuditOutcome, type AuditPage, type AuditQuery } from './audit.js';
import type {
  ChatRequest,
  ClientTokenInfo,
  ChatResponse,
  ConfigDocument,
  ConfigIssue,
  ConnectionInfo,
  ImportOutcome,
  ImportPreview,
  LogLine,
  ModelInfo,
  OrchestratorStatus,
  PinChange,
  PendingQuestion,
  ProfileConfig,
  ProfileSummary,
  SearchResult,
  SecretInfo,
  ServerConfig,
  ToolInfo,
  WeatherReport,
} from './types.js';
// OAuth for remote servers (issue 21 item 6)
import type { ServerAuthInfo, SignInOutcome } from './types.js';
import type { CompletionOutcome, OutputValidation, ResourceTemplateInfo, ServerProtocolInfo } from './inspector.js';
// --- agent chat ---
import { AGENT_MAX_ROUNDS, type AgentChatRequest, type AgentChatResponse, type AgentStep } from './agent.js';

export interface ToolCallOutcome {
  isError: boolean;
  content: unknown[];
  structuredContent?: unknown;
  /** Present when the tool declares an outputSchema: structuredContent checked against it. */
  outputValidation?: OutputValidation;
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

// ---- issue 23 (inspector-b): a child's requests back to a UI tool call, and the protocol log ----
/** The requests a child may send back while serving a tool call made from the UI. */
export type PeerRequestMethod = 'sampling/createMessage' | 'elicitation/create' | 'roots/list';
/** Pushed when a child asks the UI something while running a tool the UI called. */
export interface PeerRequestEvent {
  id: string;
  /** The callTool requestId this request belongs to, when the UI gave one. */
  callRequestId?: string;
  /** The public tool name being run, and its server when the name is namespaced. */
  tool: string;
  server?: string;
  method: PeerRequestMethod;
  params: Record<string, unknown>;
}
/** The request is settled: answered (by the UI or from settings), timed out, or cancelled with its tool call. */
export interface PeerRequestDoneEvent {
  id: string;
  outcome: 'answered' | 'timeout' | 'cancelled';
}
/** How the UI answers: a result by hand, an error (decline), or (sampling only) through the router, with the user's consent. */
export type PeerAnswer = { result: Record<string, unknown> } | { error: { message: string; code?: number } } | { router: true };
const peerAnswer: z.ZodType<PeerAnswer, PeerAnswer> = z.union([
  z.object({ result: z.record(z.string(), z.unknown()) }),
  z.object({ error: z.object({ message: z.string().min(1), code: z.number().int().optional() }) }),
  z.object({ router: z.literal(true) }),
]);
export type ProtocolDirection = 'to-server' | 'from-server';
/** One JSON-RPC message between the orchestrator and a child, as the protocol log keeps it. */
export interface ProtocolEntry {
  seq: number;
  serverId: string;
  time: number;
  direction: ProtocolDirection;
  /** The method, or "response to <method>" for a reply. */
  method: string;
  id?: string | number;
  size: number;
  /** The message, redacted; cut past a display limit (then `truncated`). */
  text: string;
  truncated?: boolean;
}
export interface ProtocolLog {
  serverId: string;
  entries: ProtocolEntry[];
  /** Messages dropped (oldest first) to keep within the bounds. */
  dropped: number;
  limits: { messages: number; bytes: number };
}
// ---- end issue 23 (inspector-b) ----

export interface ConfigSaveOutcome {
  path: string;
  servers: number;
  /** Settings saved that only a restart applies (e.g. `orchestrator.port`); every other change is live. */
  needsRestart?: string[];
}

/** Marks a method's result type; results are produced by our own core, so only their type is declared. */
interface Returns<T> {
  readonly __result?: T;
}
const returns = <T>(): Returns<T> => ({});
const method = <A extends z.ZodTuple, R>(args: A, _result: Returns<R>) => ({ args, result: _result });

const id = z.string().min(1);
// Agent chat widened messages with the tool role and tool calls (function tools, OpenAI shape).
const toolCall = z.object({
  id: z.string().min(1),
  type: z.literal('function'),
  function: z.object({ name: z.string().min(1), arguments: z.string() }),
});
const chatMessage = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string(),
  tool_calls: z.array(toolCall).optional(),
  tool_call_id: z.string().optional(),
});
const chatTool = z.object({
  type: z.literal('function'),
  function: z.object({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
  }),
});
/** What a chat and an agent chat both take: the conversation and the model's settings. */
const chatBase = z.object({
  message: z.string().optional(),
  messages: z.array(chatMessage).optional(),
  vendor: z.string().optional(),
  model: z.string().optional(),
  temperature: z.number().optional(),
  max_tokens: z.number().int().positive().optional(),
});
const chatRequest: z.ZodType<ChatRequest, ChatRequest> = chatBase.extend({ tools: z.array(chatTool).optional() });
// --- agent chat: the tools come from a profile or by name, never from the request ---
const agentChatRequest: z.ZodType<AgentChatRequest, AgentChatRequest> = chatBase.extend({
  profile: z.string().min(1).optional(),
  toolNames: z.array(z.string().min(1)).max(512).optional(),
  maxRounds: z.number().int().min(1).max(AGENT_MAX_ROUNDS).optional(),
});
const units = z.enum(['metric', 'imperial']);
const globs = z.array(z.string().min(1));
/** A profile as the editor saves it (normalised keys; the name is the method's first argument). */
const profileDefinition: z.ZodType<Omit<ProfileConfig, 'name'>, Omit<ProfileConfig, 'name'>> = z.object({
  description: z.string().optional(),
  servers: z.array(id).optional(),
  tools: globs.optional(),
  exclude: globs,
  readOnly: z.boolean(),
  discovery: z.boolean(),
  pinned: globs,
  approval: z.enum(APPROVAL_MODES).optional(),
});

/** Filters and paging of the audit log (shared/audit.ts). */
const auditQuery: z.ZodType<AuditQuery, AuditQuery> = z.object({
  since: z.iso.datetime({ offset: true }).optional(),
  server: z.string().optional(),
  client: z.string().optional(),
  tool: z.string().optional(),
  outcome: z.enum(AUDIT_OUTCOMES as [AuditOutcome, ...AuditOutcome[]]).optional(),
  limit: z.number().int().positive().max(MAX_AUDIT_PAGE).optional(),
  offset: z.number().int().nonnegative().optional(),
});

// Inspector parity (issue 23): the arguments of `complete`.
const completionRef = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ref/prompt'), name: z.string().min(1) }),
  z.object({ type: z.literal('ref/resource'), uri: z.string().min(1) }),
]);
const completionArgument = z.object({ name: z.string().min(1), value: z.string() });

/**
 * The control API, written once: each method's arguments as a zod tuple (checked at the IPC and
 * HTTP boundaries) and its result type. The TypeScript interface and the method list derive from it.
 */
const CONTROL_CONTRACT = {
  getStatus: method(z.tuple([]), returns<OrchestratorStatus>()),
  startServer: method(z.tuple([id]), returns<null>()),
  // These two answer as soon as the stop or restart is under way; the status event shows its progress.
  stopServer: method(z.tuple([id]), returns<null>()),
  restartServer: method(z.tuple([id]), returns<null>()),
  startAll: method(z.tuple([]), returns<null>()),
  stopAll: method(z.tuple([]), returns<null>()),
  getLogs: method(z.tuple([id]), returns<LogLine[]>()),

  listTools: method(z.tuple([]), returns<ToolInfo[]>()),
  /** With a requestId, progress arrives as `toolProgress` events and `cancel(requestId)` stops the call. */
  callTool: method(z.tuple([z.string().min(1), z.record(z.string(), z.unknown()), id.optional()]), returns<ToolCallOutcome>()),
  listPrompts: method(z.tuple([]), returns<PromptInfo[]>()),
  getPrompt: method(z.tuple([z.string().min(1), z.record(z.string(), z.string()).optional()]), returns<PromptOutcome>()),
  listResources: method(z.tuple([]), returns<ResourceInfo[]>()),
  readResource: method(z.tuple([z.string().min(1)]), returns<ResourceOutcome>()),

  getConfig: method(z.tuple([]), returns<ConfigDocument>()),
  validateConfig: method(z.tuple([z.string()]), returns<{ valid: boolean; issues: ConfigIssue[]; servers: ServerConfig[] }>()),
  /**
   * With `base` (the text the edit started from), refuses with CONFIG_CONFLICT when the file on disk
   * is no longer that text, so an edit made meanwhile (by hand, or by another window) is not lost.
   */
  saveConfig: method(z.tuple([z.string(), z.string().optional()]), returns<ConfigSaveOutcome>()),
  /** What importConfig would do (entries, collisions, inputs to ask for, the config file's diff); writes nothing. */
  previewImport: method(z.tuple([z.string()]), returns<ImportPreview>()),
  /**
   * Adds a Claude Desktop / Cursor / VS Code / Claude Code file's servers to the config as an edit (the confirmed
   * step). The second argument gives VS Code inputs' values by input id; an input left out stays a missing key.
   */
  importConfig: method(z.tuple([z.string(), z.record(z.string(), z.string()).optional()]), returns<ImportOutcome>()),

  listSecrets: method(z.tuple([]), returns<SecretInfo[]>()),
  setSecret: method(z.tuple([z.string().min(1), z.string()]), returns<null>()),
  deleteSecret: method(z.tuple([z.string().min(1)]), returns<null>()),

  chat: method(z.tuple([id, chatRequest]), returns<ChatResponse>()),
  cancel: method(z.tuple([id]), returns<null>()),
  // --- agent chat: the model calls the picked tools in a loop; risky calls wait for approveToolCall ---
  agentChat: method(z.tuple([id, agentChatRequest]), returns<AgentChatResponse>()),
  /** Allow (true) or deny (false) one tool call that waits for approval: request id, then the call's id. */
  approveToolCall: method(z.tuple([id, z.string().min(1), z.boolean()]), returns<null>()),
  getWeather: method(z.tuple([z.string().min(1), units.optional()]), returns<WeatherReport>()),
  searchWeb: method(z.tuple([z.string().min(1), z.number().int().positive().optional()]), returns<SearchResult[]>()),
  listModels: method(z.tuple([z.string().optional()]), returns<ModelInfo[]>()),

  getConnectionInfo: method(z.tuple([]), returns<ConnectionInfo>()),
  rotateToken: method(z.tuple([]), returns<ConnectionInfo>()),
  /** Client tokens: each bound to /mcp (profile null) or one profile's endpoint, never to this API. */
  listClients: method(z.tuple([]), returns<ClientTokenInfo[]>()),
  /** Creates a client token; the result is the only time the token itself is shown. */
  addClient: method(z.tuple([z.string().min(1), z.string().min(1).nullable()]), returns<{ token: string; client: ClientTokenInfo }>()),
  revokeClient: method(z.tuple([z.string().min(1)]), returns<null>()),

  // Issue 22 pinning: changed or new tool/prompt/template definitions awaiting review, and the review itself.
  /** Every server's changes, or one server's. */
  listPinChanges: method(z.tuple([id.optional()]), returns<PinChange[]>()),
  /** Approve (re-pin; served again) or reject (stays hidden) one change by the child's own name, or all with null. */
  reviewPinChange: method(z.tuple([id, z.string().min(1).nullable(), z.enum(['approve', 'reject'])]), returns<PinChange[]>()),

  /** Configured profiles with their current size, cost and warnings. */
  listProfiles: method(z.tuple([]), returns<ProfileSummary[]>()),
  /** The tools a profile gives access to (for a discovery profile: the searchable ones). */
  profileTools: method(z.tuple([id]), returns<ToolInfo[]>()),
  /** Writes (or with null removes) one profile through the atomic config save, then applies it. */
  saveProfile: method(z.tuple([id, profileDefinition.nullable()]), returns<ProfileSummary[]>()),

  // Questions the core waits on the user for (tool-call approvals); pushed as the `questions` event.
  listQuestions: method(z.tuple([]), returns<PendingQuestion[]>()),
  answerQuestion: method(z.tuple([id, z.union([z.string(), z.record(z.string(), z.unknown())])]), returns<null>()),
  // Activity page (issue 22): the audit log read through the core, newest first, one bounded page at a time.
  listAudit: method(z.tuple([auditQuery.optional()]), returns<AuditPage>()),
  // Inspector parity (issue 23): resource templates, completion, subscriptions, a child's negotiated protocol.
  listResourceTemplates: method(z.tuple([]), returns<ResourceTemplateInfo[]>()),
  /** completion/complete through the gateway: a prompt's argument or a template's variable, with the others as context. */
  complete: method(z.tuple([completionRef, completionArgument, z.record(z.string(), z.string()).optional()]), returns<CompletionOutcome>()),
  /** Updates then arrive as `resourceUpdated` events, until unsubscribeResource or the orchestrator stops. */
  subscribeResource: method(z.tuple([z.string().min(1)]), returns<null>()),
  unsubscribeResource: method(z.tuple([z.string().min(1)]), returns<null>()),
  getServerInfo: method(z.tuple([id]), returns<ServerProtocolInfo>()),
  // issue 23 (inspector-b): answers a `peerRequest` event; with { router: true } the result is the router's answer.
  answerPeerRequest: method(z.tuple([id, peerAnswer]), returns<Record<string, unknown> | null>()),
  /** The protocol log of one server (redacted, bounded). */
  getProtocolLog: method(z.tuple([id]), returns<ProtocolLog>()),
  /** Live `protocol` events for one server while a view is open (true) until it closes (false); none are pushed otherwise. */
  watchProtocolLog: method(z.tuple([id, z.boolean()]), returns<null>()),
  // OAuth for remote servers (issue 21 item 6)
  /** Starts a sign-in: the browser is opened (Electron) or its URL returned (serve); the server reconnects once it comes back. */
  signInServer: method(z.tuple([id]), returns<SignInOutcome>()),
  /** Revokes the server's tokens where the authorization server can, forgets them, and reconnects (it will need a sign-in). */
  signOutServer: method(z.tuple([id]), returns<{ revoked: boolean }>()),
  /** Each remote server's sign-in (never a token). */
  getAuthStatus: method(z.tuple([]), returns<ServerAuthInfo[]>()),
};

type Contract = typeof CONTROL_CONTRACT;
export type ControlMethod = keyof Contract;
type ResultOf<M extends ControlMethod> = Contract[M]['result'] extends Returns<infer R> ? R : never;
type ControlArgs<M extends ControlMethod> = z.input<Contract[M]['args']>;

export type ControlApi = {
  [M in ControlMethod]: (...args: ControlArgs<M>) => Promise<Result<ResultOf<M>>>;
};

/** The runtime method list, in contract order. */
export const CONTROL_METHODS = Object.keys(CONTROL_CONTRACT) as ControlMethod[];

export function isControlMethod(name: string): name is ControlMethod {
  return Object.hasOwn(CONTROL_CONTRACT, name);
}

/**
 * Checks a call's arguments against the contract; the error names the argument by its path
 * (`args[0]`, `args[1].messages[0].role`) so a caller sees exactly what to fix.
 */
export function parseControlArgs(name: ControlMethod, args: unknown): Result<unknown[]> {
  if (!Array.isArray(args)) return { ok: false, error: { code: 'BAD_REQUEST', message: `${name}: args must be an array` } };
  const parsed = CONTROL_CONTRACT[name].args.safeParse(args);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue ? 'args' + issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') : 'args';
  return { ok: false, error: { code: 'BAD_REQUEST', message: `${name}: ${where}: ${issue?.message ?? 'invalid'}` } };
}

/** Calls one method after checking its arguments against the contract; both transports go through here. */
export async function invokeControl(api: ControlApi, method: ControlMethod, args: unknown): Promise<Result<unknown>> {
  const parsed = parseControlArgs(method, args);
  if (!parsed.ok) return parsed;
  const fn = api[method] as (...a: unknown[]) => Promise<Result<unknown>>;
  return fn(...parsed.value);
}

/** Pushed from the core to the UI. */
export interface ControlEvents {
  status: OrchestratorStatus;
  log: LogLine;
  chatChunk: { requestId: string; delta: string };
  /** `applied`: settings this reload put in effect; `needsRestart`: settings that wait for a restart. */
  configReloaded: { path: string; ok: boolean; issues: ConfigIssue[]; applied?: string[]; needsRestart?: string[] };
  toolProgress: { requestId: string; progress: number; total?: number; message?: string };
  /** The whole pending list after each change (a question asked, answered, timed out or withdrawn). */
  questions: PendingQuestion[];
  /** One audit line, once it is on disk (the Activity page appends it live). */
  audit: AuditEntry;
  /** A resource the UI subscribed to changed (its public URI); the UI re-reads it. */
  resourceUpdated: { uri: string };
  /** Agent chat: a tool step was added or changed (approval wanted, running, done). */
  agentStep: { requestId: string; step: AgentStep };
  // issue 23 (inspector-b)
  peerRequest: PeerRequestEvent;
  peerRequestDone: PeerRequestDoneEvent;
  protocol: ProtocolEntry;
}
export type ControlEventName = keyof ControlEvents;
export const CONTROL_EVENTS: ControlEventName[] = [
  'status',
  'log',
  'chatChunk',
  'configReloaded',
  'toolProgress',
  'questions',
  'audit',
  'resourceUpdated',
  'agentStep',
  'peerRequest',
  'peerRequestDone',
  'protocol',
];

export type ControlEventListener = <K extends ControlEventName>(name: K, payload: ControlEvents[K]) => void;

/** What a transport gives the renderer: the methods plus a way to receive pushes. */
export interface ControlClient extends ControlApi {
  subscribe(listener: ControlEventListener): () => void;
}

export { HTTP_API_PREFIX, IPC_EVENT_CHANNEL, IPC_INVOKE_PREFIX } from './contract-channels.js';

/** Vendors the product ships built-in servers for. */
export const BUILTIN_VENDORS = ['openai', 'groq', 'local_llama'] as const;

/** Names of gateway tools that the orchestrator serves itself (not namespaced). */
export const ROUTER_TOOLS = ['chat', 'embed', 'search_web', 'get_weather', 'list_models'] as const;

/** Separator between server id and tool name on the gateway. */
export const NAMESPACE_SEPARATOR = '__';
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
