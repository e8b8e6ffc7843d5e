// When a request to a child may be sent again (orchestrator.retry_attempts). Only when it cannot
// have reached the child (not connected, restarting) or when the method only reads: a tools/call
// that may have run is never repeated, since tools act on the world.
import { McpErrorCode, ProtocolError } from '../sdk/types.js';
import { asMcpError } from '../sdk/client-errors.js';
import type { Upstream } from '../upstream/upstream.js';

/** Requests that change nothing on the child: safe to send again after the connection dropped. */
const READ_ONLY_METHODS: ReadonlySet<string> = new Set(['tools/list', 'resources/read', 'prompts/get', 'completion/complete', 'ping']);

export interface ChildRetry {
  /** Attempts after the first one. */
  attempts(): number;
  /**
   * Resolves true once the child is connected again (not through `stale`, the connection that just failed);
   * false when it is not coming back (stopped, failed) or the wait ran out.
   */
  awaitChild(serverId: string, signal?: AbortSignal, stale?: Upstream): Promise<boolean>;
}

export const noRetry: ChildRetry = { attempts: () => 0, awaitChild: async () => false };

/** The SDK refuses to send without a transport: the request never left us. */
function notSent(err: unknown): boolean {
  return err instanceof Error && !(err instanceof ProtocolError) && err.message === 'Not connected';
}

/** The connection went away while the request was out: it may or may not have run. */
function connectionLost(err: unknown): boolean {
  const e = asMcpError(err);
  return e instanceof ProtocolError && e.code === McpErrorCode.ConnectionClosed;
}

export interface RetryCall<T> {
  serverId: string;
  method: string;
  retry: ChildRetry;
  /** Its signal is read only when a retry is in question (a context may make it on first read). */
  cancel?: { readonly signal?: AbortSignal };
  /** The child's upstream right now, if connected. */
  upstream: () => Upstream | undefined;
  /** Thrown when the child is not connected and will not be. */
  notRunning: () => Error;
  send: (up: Upstream) => Promise<T>;
}

export async function withChildRetry<T>(call: RetryCall<T>): Promise<T> {
  const readOnly = READ_ONLY_METHODS.has(call.method);
  for (let attempt = 0; ; attempt++) {
    const more = attempt < call.retry.attempts();
    const up = call.upstream();
    if (!up) {
      const signal = call.cancel?.signal;
      if (more && !signal?.aborted && (await call.retry.awaitChild(call.serverId, signal))) continue;
      throw call.notRunning();
    }
    try {
      return await call.send(up);
    } catch (err) {
      const signal = call.cancel?.signal;
      const again = more && !signal?.aborted && (notSent(err) || (readOnly && connectionLost(err)));
      if (!again || !(await call.retry.awaitChild(call.serverId, signal, up))) throw err;
    }
  }
}
