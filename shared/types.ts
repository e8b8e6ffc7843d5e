// Plain data types shared by the core, the CLI, Electron and the renderer.
import type { BuiltinName } from './builtins.js';
import type { ToolAnnotationsInfo } from './inspector.js';

export type ServerState =
  | 'stopped'
  | 'installing'
  | 'starting'
  | 'running'
  | 'degraded'
  | 'stopping'
  | 'crashed'
  | 'backoff'
  | 'failed'
  // OAuth for remote servers (issue 21 item 6): the server wants a sign-in; no retry until one happens.
  | 'needs-sign-in';
export type ExitReason = 'exited' | 'crashed' | 'killed' | 'spawn-failed' | 'ping-timeout';
export type TransportKind = 'stdio' | 'http';

/** One server entry after normalisation (both accepted file formats map to this). */
export interface ServerConfig {
  id: string;
  name: string;
  description: string;
  transport: TransportKind;
  /** A server that ships with the app, started with the running executable (config `{"builtin": name}`). */
  builtin?: BuiltinName;
  command?: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  url?: string;
  /** The remote speaks the older HTTP+SSE transport (2024-11-05): `"transport": "sse"` or VS Code's `"type": "sse"`. */
  sse?: true;
  headers: Record<string, string>;
  /** Environment names that must resolve (keychain or env) before the server may start. */
  requiredEnv: string[];
  /** Extra names passed from the orchestrator's environment (keychain first); `"*"` inherits everything. */
  envPassthrough?: string[];
  enabled: boolean;
  autostart: boolean;
  /** Tool names (un-namespaced) hidden from the gateway. */
  disabledTools: string[];
  /** Informational port from the seed format; unused for stdio children. */
  port?: number;
  /** Per-server call timeout override. */
  timeoutMs?: number;
  /** Per-server override of orchestrator.max_message_bytes. */
  maxMessageBytes?: number;
  /** Prefix of this server's public tool and prompt names; absent means `<id>__`, "" keeps the originals. */
  toolPrefix?: string;
  /** Issue 22 pinning: absent means the default (strict; off for built-ins), see shared/pinning.ts. */
  pinning?: PinningMode;
  // Sandbox (issue 22 item 6): absent means off.
  /** Run the stdio child under bubblewrap (Linux): "auto" when bwrap is installed, or an explicit policy. */
  sandbox?: SandboxSetting;
  // Approval before risky calls (issue 22 item 4).
  /** When a call to this server's tools waits for the user; absent means "never" (see shared/approval.ts). */
  approval?: ApprovalSetting;
  // OAuth for remote servers (issue 21 item 6)
  /** The remote server is signed in to with OAuth 2.1 (tokens in the keychain, never here). */
  oauth?: ServerOAuthConfig;
  // Issue 21: protocol era negotiation with the child.
  /** "legacy": 2025 `initialize` only; a version ("2026-07-28"): pinned, no fallback; absent: "auto" (probe, then fall back). */
  protocol?: string;
}

// OAuth for remote servers (issue 21 item 6)
/** A remote entry's `"oauth"`: every field optional (`true` means all defaults). */
export interface ServerOAuthConfig {
  /** Scopes to ask for when the server's challenge and metadata name none. */
  scopes?: string[];
  /** A client registered by hand with the authorization server (skips registration). */
  clientId?: string;
  /** An https URL of this client's metadata document (CIMD), used where the authorization server supports it. */
  clientMetadataUrl?: string;
  /** A fixed loopback port for the redirect (for a client registered with that exact redirect URI). */
  redirectPort?: number;
}

/** One remote server's sign-in as status, the CLI and the UI see it: never a token. */
export interface ServerAuthInfo {
  serverId: string;
  /** The entry has "oauth". A server without it is still signed in to when it answers 401 with a Bearer challenge. */
  configured: boolean;
  signedIn: boolean;
  /** When the access token expires (epoch ms), if the authorization server said. */
  expiresAt: number | null;
  scope: string | null;
  issuer: string | null;
  signInInProgress: boolean;
  /** Why the last sign-in failed (refused, timed out, issuer mismatch). */
  lastError: string | null;
}

/** What starting a sign-in gives: done already (tokens refreshed), or a URL for the browser. */
export type SignInOutcome = { status: 'signed-in' } | { status: 'browser'; url: string; opened: boolean };

// Sandbox (issue 22 item 6)
/** What a sandboxed child may reach beyond its working folder, a private /tmp and its package cache. */
export interface SandboxPolicy {
  /** Default true; false gives the child its own empty network namespace (loopback included). */
  network: boolean;
  /** Extra paths bound read-only (absolute or `~/...`). */
  read: string[];
  /** Extra paths bound read-write. */
  write: string[];
}
export type SandboxSetting = 'off' | 'auto' | SandboxPolicy;

/** How vendor="auto" spreads calls over the vendors that can serve them (failover always follows). */
export type RoutingStrategy = 'priority' | 'round_robin' | 'least_latency' | 'least_inflight' | 'weighted';

export interface RoutingConfig {
  /** Vendor preference for vendor="auto", first is tried first. */
  chatPreference: string[];
  embedPreference: string[];
  /** Default 'priority': the preference order, today's behaviour. */
  strategy: RoutingStrategy;
  /** Relative share per vendor id under 'weighted' (a vendor left out weighs 1; 0 takes no auto traffic). */
  weights: Record<string, number>;
  /** Calls in flight per vendor id above which auto routing passes it over (under any strategy). */
  maxInflight: Record<string, number>;
  breakerFailures: number;
  breakerCooldownMs: number;
  embedCacheTtlMs: number;
  embedCacheMaxEntries: number;
}

export interface OrchestratorSettings {
  host: string;
  port: number;
  defaultTimeoutMs: number;
  retryAttempts: number;
  pingIntervalMs: number;
  pingTimeoutMs: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  crashLoopMaxRestarts: number;
  crashLoopWindowMs: number;
  maxSessions: number;
  sessionIdleMs: number;
  maxBodyBytes: number;
  /** Unsent bytes one outbound stream (an MCP GET or reply stream, /api/events) may hold before its reader is dropped. */
  clientBufferBytes: number;
  /** Largest message (a result) taken from a child; a server entry's max_message_bytes overrides it. */
  maxMessageBytes: number;
  /** Size at which the audit log (audit.jsonl) is rotated to audit.jsonl.1 (three generations kept). */
  auditMaxBytes: number;
  /** How long a tool call waits for the user's approval before it fails (orchestrator.approval_timeout). */
  approvalTimeoutMs: number;
  routing: RoutingConfig;
  // issue 23 (inspector-b)
  /** Roots offered to a child that asks (roots/list) while running a tool called from the UI; none when absent. */
  roots?: RootEntry[];
}

/** One root the orchestrator offers children (a file:// URI and a display name). */
export interface RootEntry {
  uri: string;
  name?: string;
}

export interface AppConfig {
  servers: ServerConfig[];
  orchestrator: OrchestratorSettings;
  /** Named tool subsets served at /mcp/<name>; absent or empty means none. */
  profiles?: ProfileConfig[];
}

/** One entry of the `profiles` config key after normalisation. */
export interface ProfileConfig {
  name: string;
  description?: string;
  /** Server ids; absent means every server. */
  servers?: string[];
  /** Globs over public tool names; absent means every tool of the chosen servers. */
  tools?: string[];
  exclude: string[];
  /** Keep only tools annotated readOnlyHint: true. */
  readOnly: boolean;
  /** List search_tools/describe_tool/call_tool (plus pinned tools) instead of every schema. */
  discovery: boolean;
  /** Globs of tools a discovery profile still lists directly. */
  pinned: string[];
  /** Overrides the servers' approval mode for sessions on this profile's endpoint. */
  approval?: ApprovalMode;
}

/** A profile as the control API reports it. */
export interface ProfileSummary {
  name: string;
  description?: string;
  url: string;
  discovery: boolean;
  readOnly: boolean;
  /** Tools the profile gives access to. */
  tools: number;
  /** Entries of its tools/list (meta-tools and pinned ones for a discovery profile). */
  listed: number;
  /** Size of its tools/list reply and the estimated tokens (bytes / 4). */
  listBytes: number;
  estimatedTokens: number;
  /** Problems known only once tools are listed, e.g. a glob matching no tool. */
  warnings: string[];
  config: ProfileConfig;
}

export interface ExitInfo {
  reason: ExitReason;
  code: number | null;
  signal: string | null;
  at: number;
  message?: string;
}

export interface ServerStatus {
  id: string;
  name: string;
  description: string;
  transport: TransportKind;
  enabled: boolean;
  state: ServerState;
  pid: number | null;
  startedAt: number | null;
  uptimeMs: number;
  restarts: number;
  lastError: string | null;
  lastExit: ExitInfo | null;
  nextRestartAt: number | null;
  /** Presence only; values never leave the core. */
  requiredEnv: Record<string, boolean>;
  missingEnv: string[];
  /** Set when the child inherits the orchestrator's whole environment (`env_passthrough: ["*"]`). */
  envWarning?: string;
  toolCount: number;
  calls: number;
  /** The orchestrator's own model listings to this server, counted apart from calls. */
  probes?: number;
  errors: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  /** Tools/prompts of this server renamed because an earlier server (in id order) has the same name. */
  nameCollisions?: string[];
  /** Issue 22 pinning: changed or new definitions awaiting review (absent when none). */
  pinChanges?: number;
  /** Issue 22 pinning: an imported server that exposes nothing until the user approves it. */
  awaitingApproval?: true;
  // Sandbox (issue 22 item 6)
  /** True when the child runs (or would run) under bubblewrap; always set by the supervisor. */
  sandboxed?: boolean;
  /** Why it is not sandboxed although asked to be ("auto" without bwrap, not Linux, bwrap missing for a policy). */
  sandboxReason?: string;
  // OAuth for remote servers (issue 21 item 6)
  /** Why the server needs a sign-in (state "needs-sign-in"); no token ever appears here. */
  signInReason?: string;
  // Issue 21: the child's protocol era.
  /** The protocol version negotiated with the running child ("2026-07-28", "2025-11-25", ...); absent when not connected. */
  protocolVersion?: string;
}

/** One vendor server as the router sees it: what it serves and how its routed calls go. */
export interface VendorStatus {
  vendor: string;
  /** chat, embed, listModels, weather, search: what its tools offer. */
  capabilities: string[];
  breaker: 'closed' | 'open' | 'half_open';
  /** Routed calls running now. */
  inflight: number;
  /** Routed calls answered or failed (cancelled ones are not counted). */
  calls: number;
  errors: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  /** Set after a 429/503 with Retry-After: auto routing sends it nothing until then (epoch ms). */
  setAsideUntil: number | null;
}

/** One server in GET /status (the client library's getStatus). */
export interface ServerReport {
  id: string;
  name: string;
  state: ServerState;
  pid: number | null;
  uptimeMs: number;
  restarts: number;
  lastError: string | null;
  /** Public tool names, as clients call them. */
  tools: string[];
  calls: number;
  errors: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}

/** GET /status beside /mcp (admin token): per-server state and which servers serve each router tool. */
export interface StatusReport {
  startedAt: number;
  uptimeMs: number;
  servers: ServerReport[];
  /** Router tool (chat, embed, search_web, get_weather, list_models) → ids of running servers behind it. */
  capabilities: Record<string, string[]>;
  routing: { strategy: RoutingStrategy; vendors: VendorStatus[] };
}

interface OrchestratorTotals {
  servers: number;
  running: number;
  tools: number;
  calls: number;
  errors: number;
  /** Optional so older fixtures and clients stay valid; the core always sets it. */
  probes?: number;
}

export interface OrchestratorStatus {
  servers: ServerStatus[];
  totals: OrchestratorTotals;
  gateway: { url: string; port: number } | null;
  secretStore: 'keychain' | 'unavailable';
  configPath: string;
  /** File keys (`orchestrator.port`) changed since start that only a restart applies; absent when none. */
  needsRestart?: string[];
  startedAt: number;
  uptimeMs: number;
  /** Bumped on every tools/prompts/resources change of any server, so the UI knows to refetch lists. */
  listRevision?: number;
  /** Configured profiles with their current size and warnings. */
  profiles?: ProfileSummary[];
  /** The router's view of each running vendor server, and how vendor="auto" spreads calls. */
  routing?: { strategy: RoutingStrategy; vendors: VendorStatus[] };
}

export interface ToolInfo {
  /** Namespaced name as clients see it, e.g. `memory__create_entities`. */
  name: string;
  serverId: string;
  /** The child's own tool name. */
  originalName: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  enabled: boolean;
  /** The tool's annotations say readOnlyHint: true (used by read_only profiles). */
  readOnly?: boolean;
  /** Size of this tool's entry in tools/list (JSON bytes), for context-cost estimates. */
  listBytes?: number;
  /** The tool's annotations say destructiveHint: true (approval's "destructive" mode; agent chat asks first). */
  destructive?: boolean;
  // Inspector parity (issue 23): what the tool declares beyond its input, for badges and output checks.
  annotations?: ToolAnnotationsInfo;
  outputSchema?: Record<string, unknown>;
}

export interface LogLine {
  serverId: string;
  at: number;
  stream: 'stderr' | 'system';
  text: string;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  // --- function tools (agent chat): an assistant turn's calls, and a tool turn's answer to one ---
  tool_calls?: ChatToolCall[];
  tool_call_id?: string;
}

// --- function tools (agent chat), in the OpenAI wire shape ---
/** A function the model may call. `name` matches ^[a-zA-Z0-9_-]{1,64}$. */
export interface ChatTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

/** A call the model asked for; `arguments` is the JSON text the model wrote. */
export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatRequest {
  message?: string;
  messages?: ChatMessage[];
  vendor?: string;
  model?: string;
  temperature?: number;
  max_tokens?: number;
  /** Function tools the model may call (agent chat); vendors without tool calling fail over. */
  tools?: ChatTool[];
}

export interface FailoverAttempt {
  vendor: string;
  error: string;
}

export interface ChatResponse {
  message: string;
  vendor: string;
  model: string;
  usage: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null;
  latency_ms: number;
  failover: FailoverAttempt[];
  notes?: string[];
  /** The model's function calls, when it asked for some instead of (or beside) answering. */
  tool_calls?: ChatToolCall[];
}

export interface EmbedResponse {
  /** Every vector from the one vendor and model named here, all of `dimensions` numbers. */
  embeddings: number[][];
  vendor: string;
  model: string;
  dimensions: number;
  /** True when every vector came from the orchestrator's embedding cache. */
  cached: boolean;
  failover: FailoverAttempt[];
}

export interface WeatherReport {
  location: string;
  temperature: number;
  feels_like: number;
  humidity: number;
  wind_speed: number;
  description: string;
  source: string;
  units?: string;
}

export interface SearchResult {
  title: string;
  url: string;
  snippet: string;
}

export interface ModelInfo {
  vendor: string;
  id: string;
}

export interface SecretInfo {
  name: string;
  /** Where the value currently resolves from; the value itself is never returned. */
  source: 'keychain' | 'env' | 'missing';
}

export interface ConnectionInfo {
  url: string;
  token: string;
  tokenFile: string;
  /** Runs this installation's stdio bridge by absolute path: [executable, .../bin/mcp-orchestrator.mjs, 'stdio', ...]. */
  stdioCommand: string[];
  /** Environment the command needs (ELECTRON_RUN_AS_NODE=1 when the executable is the packaged app). */
  stdioEnv?: Record<string, string>;
  /** This installation's CLI by absolute path ([executable, .../bin/mcp-orchestrator.mjs]), for hints such as `... serve`. */
  cliCommand?: string[];
}

export interface ConfigDocument {
  path: string;
  text: string;
}

export interface ConfigIssue {
  /** JSON path like `servers.memory.args[1]`. */
  path: string;
  message: string;
}

/** One entry an import would add, shown for confirmation before anything is written or started. */
export interface ImportPreviewEntry {
  id: string;
  name: string;
  transport: TransportKind;
  /** The command line (key-shaped args masked) or the URL. */
  target: string;
  /** Every secret/variable name the entry references (never values). */
  secrets: string[];
  /** Literal `env` values that move into the keychain; the entry then says `${name}`. */
  movedToKeychain: Array<{ envKey: string; name: string }>;
  /** Starts as soon as the import is confirmed. */
  autostart: boolean;
  /** Name clashes: its id was taken (so it was renamed), or its tool names can shadow another server's. */
  collisions: string[];
  warnings: string[];
}

/** A VS Code input (`inputs`, `${input:id}`) an import turns into the keychain secret `name`. */
export interface ImportInput {
  id: string;
  name: string;
  description: string;
  password: boolean;
  /** Ids of the imported entries that use it. */
  usedBy: string[];
  /** Already in the keychain: left empty, that value is used; a value given replaces it. */
  stored: boolean;
}

/** What an import would do, shown before anything is written: the entries, the inputs to ask for, the file's diff. */
export interface ImportPreview {
  path: string;
  entries: ImportPreviewEntry[];
  inputs: ImportInput[];
  /** A unified diff of the config file (key-shaped literals masked); empty when nothing changes. */
  diff: string;
}

/** The confirmed import: what was added, and the input secrets stored or left missing (the entry waits for them). */
export interface ImportOutcome {
  path: string;
  servers: number;
  imported: string[];
  storedSecrets: string[];
  missingSecrets: string[];
}

/** A client token as listed (the token itself is shown once, at creation, and never stored). */
export interface ClientTokenInfo {
  name: string;
  /** null: bound to /mcp (every tool); otherwise the profile whose endpoint it may use. */
  profile: string | null;
  createdAt: number;
  lastUsedAt: number | null;
}

// --- Issue 22 pinning (trust/pins.ts): what the review shows -----------------------------------------------
/** strict: a changed or new definition is hidden until approved; warn: served but recorded; off: nothing. */
export type PinningMode = 'strict' | 'warn' | 'off';
export type PinKind = 'tool' | 'prompt' | 'template';

/** One word of a description diff: kept, added or removed. */
export interface WordDiffPart {
  op: 'same' | 'add' | 'del';
  text: string;
}

/** A definition that differs from what was approved (or is new), awaiting review. */
export interface PinChange {
  server: string;
  kind: PinKind;
  /** The child's own name. */
  name: string;
  /** 'new': never approved (a new tool, or an imported server's first list); 'changed': differs from the pin. */
  change: 'new' | 'changed';
  status: 'pending' | 'rejected';
  /** Whether clients see it now (only under "warn"). */
  served: boolean;
  seenAt: number;
  /** Word-level diff of the description (the old one empty for a new definition). */
  description: WordDiffPart[];
  /** Unified diff of the rest of the definition (schemas, annotations, title) as pretty JSON; '' when equal. */
  schemaDiff: string;
}
// ---- Approval before risky calls and the questions the core asks the user (issue 22 item 4) ----

/** always: every call asks; destructive: calls to tools not marked read-only (or marked destructive) ask; never. */
export type ApprovalMode = 'always' | 'destructive' | 'never';
/** A server's `approval`: one mode, or modes by tool-name glob (the most specific glob wins). */
export type ApprovalSetting = ApprovalMode | Record<string, ApprovalMode>;

/** How a tool call got (or did not get) past approval, as the audit log records it. */
export type ApprovalDecision = 'not-needed' | 'user' | 'client' | 'ui' | 'session' | 'denied' | 'timeout' | 'cancelled';

/** A question the core waits on the user for (a tool call's approval today). */
export interface PendingQuestion {
  id: string;
  /** What is asked; the UI picks its wording by kind. */
  kind: 'tool-approval';
  title: string;
  message: string;
  /** What the question is about (server, tool, caller, arguments with secrets redacted). */
  details: Record<string, unknown>;
  /** The answers offered; an answer must be one of their values. */
  choices: Array<{ value: string; label: string }>;
  askedAt: number;
  /** When the question times out (ms since the epoch). */
  expiresAt: number;
}
/** A choice's value; a form's content (a record) for questions that will ask for more than a choice. */
export type QuestionAnswer = string | Record<string, unknown>;
