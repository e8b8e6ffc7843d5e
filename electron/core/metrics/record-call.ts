// One way to record a call to a server (ok, error, kind): the gateway's metrics hook records its tool
// calls' outcomes here, and the router's direct vendor calls and the core's routeRequest are timed here too.
import type { Clock } from '../env.js';
import type { CallKind, CallRecorder } from '../upstream/upstream.js';

export interface RecordedCall {
  serverId: string;
  /** 'probe' for the orchestrator's own metadata calls; default 'call'. */
  kind?: CallKind;
  /** Failures that are not the server's (our own "not running" answer): thrown on, not recorded. */
  notTheServers?: (err: unknown) => boolean;
  /**
   * The caller's cancel signal. A call the user stopped still reached the server, so it counts as a call (the
   * server's count matches what it saw), but it is not the server's failure.
   */
  signal?: AbortSignal;
}

/** Records one finished call that took `ms`: `failed` with the error thrown, else its result (`isError: true` is a failure). */
export function recordOutcome(recorder: CallRecorder, call: RecordedCall, ms: number, failed: boolean, outcome: unknown): void {
  if (!failed) recorder.record(call.serverId, ms, (outcome as { isError?: unknown } | null)?.isError !== true, call.kind);
  else if (call.signal?.aborted) recorder.record(call.serverId, ms, true, call.kind);
  else if (!call.notTheServers?.(outcome)) recorder.record(call.serverId, ms, false, call.kind);
}

/** Runs `run`, records its latency and outcome, and passes it on. */
export async function recordCall<T>(recorder: CallRecorder, clock: Clock, call: RecordedCall, run: () => Promise<T>): Promise<T> {
  const started = clock.now();
  let result: T;
  try {
    result = await run();
  } catch (err) {
    recordOutcome(recorder, call, clock.now() - started, true, err);
    throw err;
  }
  recordOutcome(recorder, call, clock.now() - started, false, result);
  return result;
}
