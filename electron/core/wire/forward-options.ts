// What a caller hands along with a request it forwards to a child: the gateway's sessions, a
// profile's view and the control API all pass it, so it lives below them.
import type { Server } from '../sdk/server.js';
import type { Progress } from '../sdk/types.js';
import type { Caller } from '../metrics/audit-log.js';
import type { DownstreamLink } from './downstream-link.js';

/** Everything about one forwarded request but its params and the view it is served from (gateway/view.ts adds that). */
export interface ForwardOptions {
  /**
   * Aborting it cancels the upstream request (the child gets notifications/cancelled). A context may make it only
   * when read (json-entry.ts), so the hot path reads it only where it waits or failed.
   */
  signal?: AbortSignal;
  /**
   * Hears of an abort without making `signal`: `listener` is called once, at once if the request was aborted
   * already; the returned function stops listening. Absent: listen on `signal`.
   */
  onAbort?(listener: (reason: unknown) => void): () => void;
  /** The way back to this request's client: the child's requests (sampling, ...) and progress. */
  link?: DownstreamLink;
  /** The client's progress token; read from params._meta when absent. Progress goes out on `link`. */
  progressToken?: string | number;
  /** Request _meta to pass upstream (never the progress token); read from params._meta when absent. */
  meta?: Record<string, unknown>;
  /** In-process callers without a link (control API): upstream progress, redacted. */
  onProgress?: (progress: Progress) => void;
  /** Who is calling (the session's credential and endpoint), for approval and the audit log; the admin when absent. */
  caller?: Caller;
  /** The admin user acting through the control API (Tools page, CLI `call`): no approval is asked. */
  byUser?: boolean;
  /** The long-lived session (an SDK session's Server); fronts without one cannot set levels or subscribe. */
  session?: Server;
  // Tasks extension (issue 21, item 5):
  /**
   * Set when the client declared the Tasks extension: a tools/call to a child that advertises it is sent
   * task-augmented, and a task the child creates is handed here (the child's server id and its task envelope);
   * what this returns is the call's result. Children without the extension answer as usual.
   */
  onTask?: (serverId: string, task: { taskId: string; status: string } & Record<string, unknown>) => Record<string, unknown>;
}
