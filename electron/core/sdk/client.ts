// The SDK's client (v2, `@modelcontextprotocol/client`: speaks both protocol eras, 2025 `initialize` and
// 2026-07-28 `server/discover`) and the client transports the supervisor connects children with.
// Part of the SDK seam: the only files under electron/core that import @modelcontextprotocol/*.
import { Client as SdkClient, type StandardSchemaV1 } from '@modelcontextprotocol/client';

export type { McpSubscription, PriorDiscovery, VersionNegotiationOptions } from '@modelcontextprotocol/client';
// A 2026 child's per-request log level (supervisor/modern-child.ts).
export { LOG_LEVEL_META_KEY } from '@modelcontextprotocol/client';
// The capabilities a 2026 request declares in its _meta (sdk/task-requests.ts adds the Tasks extension there).
export { CLIENT_CAPABILITIES_META_KEY as CLIENT_CAPS_META_KEY } from '@modelcontextprotocol/client';
export { SdkHttpError, SSEClientTransport, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
export { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

/** A result validator in the v1 style: only `safeParse` (the gateway's lean schemas, gateway/forward-results.ts). */
interface SafeParser {
  safeParse(data: unknown): { success: true; data: unknown } | { success: false; error: unknown };
}

const isSafeParser = (v: unknown): v is SafeParser =>
  typeof v === 'object' && v !== null && !('~standard' in v) && typeof (v as { safeParse?: unknown }).safeParse === 'function';

/** A zod error's issues as Standard Schema issues, so the SDK words the failure as it does for its own schemas. */
function issuesOf(error: unknown): StandardSchemaV1.Issue[] {
  const issues = (error as { issues?: unknown } | null)?.issues;
  if (!Array.isArray(issues)) return [{ message: String(error) }];
  return issues.map((i: { message?: unknown; path?: PropertyKey[] }) => ({ message: String(i.message), path: i.path }));
}

/** The same check as a Standard Schema, the only schema shape v2's request() recognises. */
function asStandardSchema(parser: SafeParser): StandardSchemaV1 {
  return {
    '~standard': {
      version: 1,
      vendor: 'mcp-orchestrator',
      validate: (value) => {
        const r = parser.safeParse(value);
        return r.success ? { value: r.data } : { issues: issuesOf(r.error) };
      },
    },
  };
}

/**
 * The SDK v2 Client, taking a v1-style `{ safeParse }` result schema in request() too. v2 tells a schema from the
 * options by its `~standard` key, so such a schema would be read as the options and the real ones (timeout,
 * signal: cancellation) silently dropped. Set per instance so the SDK's typings of request() stay as they are.
 */
export class Client extends SdkClient {
  constructor(...args: ConstructorParameters<typeof SdkClient>) {
    super(...args);
    const request = this.request.bind(this) as (r: unknown, s?: unknown, o?: unknown) => unknown;
    this.request = ((r: unknown, s?: unknown, o?: unknown) =>
      request(r, isSafeParser(s) ? asStandardSchema(s) : s, o)) as SdkClient['request'];
  }
}
