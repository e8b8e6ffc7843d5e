// The way back to the client whose call is being served: what a child's request (sampling,
// elicitation, roots) or an approval question needs from it. Here, below the gateway, because
// trust/ and control/ hold links too (gateway/peer-bridge.ts routes them).
import type { Server } from '../sdk/server.js';
import type { RequestOptions } from '../sdk/shared.js';
import type { Notification, Request, Result } from '../sdk/types.js';
import type { StandardSchemaV1 } from '../sdk/validation.js';

/**
 * Who a downstream request came from: a session's SDK Server, or the UI's peer (control/ui-peer.ts),
 * which is no MCP session but answers the same requests. It names the session (the ambiguity rule)
 * and tells what that client declared.
 */
export type PeerSession = Pick<Server, 'getClientCapabilities'>;

/** One downstream request being served: how to reach its client on its own stream. */
export interface DownstreamLink {
  server: PeerSession;
  /** `inputKey`: the key a 2026 child gave this question in its inputRequests, for a 2026 client to see unchanged. */
  sendRequest: (request: Request, schema: StandardSchemaV1, options?: RequestOptions & { inputKey?: string }) => Promise<Result>;
  sendNotification: (notification: Notification) => Promise<void>;
  /** Told when the client lacks the capability a child's request needs (a 2026 client's call then fails with -32021). */
  refuse?: (method: string, params: Request['params']) => void;
}
