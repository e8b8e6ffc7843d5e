// Result shapes returned by the client; they mirror what the orchestrator's tools send.

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

export type { EmbedResponse } from '../../shared/types.js';

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface ChatCallOptions extends CallOptions {
  /** Receives text as the vendor streams it. */
  onDelta?: (text: string) => void;
}

export interface Capabilities {
  tools: { name: string; description?: string }[];
  resources: { uri: string; name: string }[];
  prompts: { name: string; description?: string }[];
}

export interface ClientStatus {
  url: string;
  /** True when GET /health answered 2xx. */
  healthy: boolean;
  /** The parsed /health body (or its text). */
  health: unknown;
  toolCount: number;
}

export interface ToolCallResult {
  content: unknown[];
  structuredContent?: Record<string, unknown>;
}
