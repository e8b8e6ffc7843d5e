// Result shapes returned by the client; they mirror what the orchestrator's tools send.
import type { ChatRequest, ServerReport, StatusReport } from '../../shared/types.js';

export interface MCPClientOptions {
  /** Streamable HTTP endpoint; default http://127.0.0.1:8000/mcp. */
  url?: string;
  /** Bearer token; default process.env.MCP_ORCHESTRATOR_TOKEN. */
  token?: string;
  /** Per-request timeout; default 60 s. */
  timeoutMs?: number;
  /** Extra attempts after a transient failure (refused/reset, 502/503/504, lost session); default 2. */
  retries?: number;
}

export type { EmbedResponse, ServerReport, StatusReport, VendorStatus } from '../../shared/types.js';

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Request fields (vendor, model, temperature, max_tokens) next to the call options; they fill the request. */
export interface ChatCallOptions extends CallOptions, Omit<ChatRequest, 'message' | 'messages'> {
  /** Receives text as the vendor streams it. */
  onDelta?: (text: string) => void;
}

export interface EmbedCallOptions extends CallOptions {
  /** A vendor server id, or "auto" (default). */
  vendor?: string;
  model?: string;
}

/** One router tool and the running servers that can serve it (empty: nothing configured serves it). */
export interface CapabilityInfo {
  tool: string;
  servers: string[];
}

export interface Capabilities {
  /** Every tool with the server that provides it (router tools have server "orchestrator"). */
  tools: { name: string; description?: string; server?: string }[];
  resources: { uri: string; name: string }[];
  prompts: { name: string; description?: string }[];
  /** chat, embed, search_web, get_weather, list_models → servers behind each. */
  capabilities: Record<string, CapabilityInfo>;
}

export interface ClientStatus {
  url: string;
  /** True when GET /health answered 2xx. */
  healthy: boolean;
  /** The parsed /health body (or its text). */
  health: unknown;
  toolCount: number;
  uptimeMs: number;
  /** Every configured server: state, pid, uptime, restarts, last error, tools, latency. */
  servers: ServerReport[];
  /** The router's strategy and per-vendor in-flight, calls, errors and latency. */
  routing: StatusReport['routing'];
}

export interface ToolCallResult {
  content: unknown[];
  structuredContent?: Record<string, unknown>;
}
