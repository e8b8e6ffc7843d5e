// One way to time a call to a server and record it (ok, error, kind): the gateway's tool calls,
// the router's direct vendor calls and the core's routeRequest all go through here.
import type { Clock } from '../env.js';
import type { CallKind, CallRecorder } from '../upstream/upstream.js';

export interface RecordedCall {
  serverId: string;
  /** 'probe' for the orchestrator's own metadata calls; default 'call'. */
  kind?: CallKind;
  /** Failures that are not the server's (our own "not running" answer): thrown on, not recorded. */
  notTheServers?: (err: unknown) => boolean;
  /** The caller's cancel signal: a call the user stopped is not the server's failure, so it is not recorded. */
  signal?: AbortSignal;
}

/** Runs `run`, records its latency and outcome (a result with `isError: true` is a failure), and passes it on. */
export async function recordCall<T>(recorder: CallRecorder, clock: Clock, call: RecordedCall, run: () => Promise<T>): Promise<T> {
  const started = clock.now();
  const done = (ok: boolean) => recorder.record(call.serverId, clock.now() - started, ok, call.kind);
  let result: T;
  try {
    result = await run();
  } catch (err) {
    if (!call.notTheServers?.(err) && !call.signal?.aborted) done(false);
    throw err;
  }
  done((result as { isError?: unknown } | null)?.isError !== true);
  return result;
}
