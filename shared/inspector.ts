// Types of the Inspector-parity part of the control API (resource templates, completion,
// subscriptions, a server's negotiated protocol), kept apart so contract.ts stays a method list.

/** A resource template as clients see it (its URI template namespaced as the gateway publishes it). */
export interface ResourceTemplateInfo {
  uriTemplate: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
}

/** What `completion/complete` completes: a prompt's argument or a resource template's variable. */
export type CompletionRef = { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string };

export interface CompletionOutcome {
  values: string[];
  total?: number;
  hasMore?: boolean;
}

/** The verdict on a tool result's structuredContent against the tool's declared outputSchema. */
export interface OutputValidation {
  valid: boolean;
  /** Empty when valid; the validator's messages otherwise (or why there was nothing to check). */
  errors: string[];
}

/** What a running child said about itself in `initialize`, as the orchestrator's client saw it. */
export interface ServerProtocolInfo {
  serverId: string;
  /** The protocol version the two sides agreed on; undefined if the transport did not report it. */
  protocolVersion?: string;
  serverInfo?: { name: string; version: string; title?: string };
  capabilities: Record<string, unknown>;
  instructions?: string;
}

/** MCP tool annotations (hints), as the tool declared them. */
export interface ToolAnnotationsInfo {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}
