// The pipeline's policy hooks for tools/call (see forward.ts and docs/ARCHITECTURE.md "A tool
// call"), outermost first: audit (sees every outcome, refusals included), approval (nothing is
// sent before it), metrics (times the child's own work). Pinning is not a hook: a quarantined
// tool is out of the index, so the view's route() refuses it before any hook runs.
import type { Clock } from '../env.js';
import type { AuditOutcome, AuditSink, Caller } from '../metrics/audit-log.js';
import type { ApprovalCheck, ApprovalResult } from '../trust/approval-gate.js';
import { recordOutcome } from '../metrics/record-call.js';
import type { CallRecorder } from '../upstream/upstream.js';
import { isNotRunningError } from '../wire/errors.js';
import type { ForwardHook, HookCall } from './view.js';
import type { ToolInfo } from '../../../shared/types.js';

/** The control API's calls (the UI's playground) come with the admin credential and no session. */
const DIRECT_CALLER: Caller = { client: 'admin', profile: null };

const TOOL_CALL = ['tools/call'] as const;

/** Every tools/call to the audit log: who, what, the approval decision, how it went (arguments hashed there). */
export function auditHook(audit: AuditSink, clock: Clock): ForwardHook {
  return {
    name: 'audit',
    methods: TOOL_CALL,
    after(call, failed, outcome) {
      let result: AuditOutcome;
      if (failed) {
        const refused = call.approval !== undefined && call.sentAt === undefined;
        const cancelled = refused ? call.approval === 'cancelled' : call.ctx.signal?.aborted === true;
        result = cancelled ? 'cancelled' : 'error';
      } else {
        // A tool's own failure (isError): its content is the result, which the log never holds.
        result = (outcome as { isError?: unknown } | null)?.isError === true ? 'error' : 'ok';
      }
      audit.record({
        caller: call.ctx.caller ?? DIRECT_CALLER,
        server: call.serverId,
        tool: call.originalName,
        publicName: call.publicName,
        args: call.args,
        outcome: result,
        // An allowed call's latency is the call's own, not the time the user took to answer.
        latencyMs: clock.now() - (call.sentAt ?? call.startedAt),
        error: failed ? outcome : undefined,
        ...(call.approval && { approval: call.approval }),
      });
    },
  };
}

/** Asks the approval gate; a refusal is thrown before anything reaches the child. Waits only when someone is asked. */
export function approvalHook(approval: ApprovalCheck, hints: (publicName: string) => Promise<ToolInfo | undefined>): ForwardHook {
  const decided = (call: HookCall, result: ApprovalResult) => {
    call.approval = result.decision;
    if (result.refusal) throw result.refusal;
  };
  return {
    name: 'approval',
    methods: TOOL_CALL,
    before(call) {
      const { ctx } = call;
      const result = approval.check({
        serverId: call.serverId,
        tool: call.originalName,
        publicName: call.publicName,
        args: call.args,
        caller: ctx.caller ?? DIRECT_CALLER,
        byUser: ctx.byUser === true,
        link: ctx.link,
        // Read only when the user is asked.
        get signal() {
          return ctx.signal;
        },
        hints: () => hints(call.publicName),
      });
      if (result instanceof Promise) return result.then((r) => decided(call, r));
      decided(call, result);
    },
  };
}

/** The server's call metrics (latency, ok/error); our own "not running" answer is not the server's failure. */
export function metricsHook(recorder: CallRecorder, clock: Clock): ForwardHook {
  return {
    name: 'metrics',
    methods: TOOL_CALL,
    after(call, failed, outcome) {
      const recorded = {
        serverId: call.serverId,
        notTheServers: isNotRunningError,
        // Read only when the call failed.
        get signal() {
          return call.ctx.signal;
        },
      };
      recordOutcome(recorder, recorded, clock.now() - (call.sentAt ?? call.startedAt), failed, outcome);
    },
  };
}

/**
 * Runs `hooks` around `send`: their `before`s in order (waiting only on those that return a promise), the send,
 * then the `after`s of every hook reached, in reverse order. One async frame for the lot.
 */
export async function runHooks<T>(hooks: readonly ForwardHook[], call: HookCall, send: () => Promise<T>, clock: Clock): Promise<T> {
  let reached = 0;
  let result: T;
  try {
    for (; reached < hooks.length; reached++) {
      const waiting = hooks[reached].before?.(call);
      if (waiting) await waiting;
    }
    call.sentAt = clock.now();
    result = await send();
  } catch (err) {
    for (let i = reached - 1; i >= 0; i--) hooks[i].after?.(call, true, err);
    throw err;
  }
  for (let i = hooks.length - 1; i >= 0; i--) hooks[i].after?.(call, false, result);
  return result;
}
