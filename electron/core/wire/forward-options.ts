// What a caller hands along with a request it forwards to a child: the gateway's sessions, a
// profile's view and the control API all pass it, so it lives below them.
import type { Progress } from '../sdk/types.js';
import type { Caller } from '../metrics/audit-log.js';
import type { DownstreamLink } from './downstream-link.js';

export interface ForwardOptions {
  /** Aborting it cancels the upstream request (the SDK sends notifications/cancelled). */
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /** Extra request _meta to pass upstream (never a progressToken: the SDK sets its own). */
  meta?: Record<string, unknown>;
  /** The downstream request being served, for the child's requests back (sampling, ...). */
  link?: DownstreamLink;
  /** Who is calling (the session's credential and endpoint), for the audit log; the admin on /mcp when absent. */
  caller?: Caller;
  /** The admin user acting through the control API (Tools page, CLI `call`): no approval is asked. */
  byUser?: boolean;
}
