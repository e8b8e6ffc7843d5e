// The pipeline's policy hooks for tools/call (see forward.ts and docs/ARCHITECTURE.md "A tool
// call"), outermost first: audit (sees every outcome, refusals included), approval (nothing is
// sent before it), metrics (times the child's own work). Pinning is not a hook: a quarantined
// tool is out of the index, so the view's route() refuses it before any hook runs.
import type { Clock } from '../env.js';
import type { AuditOutcome, AuditSink, Caller } from '../metrics/audit-log.js';
import { recordCall } from '../metrics/record-call.js';
import type { ApprovalCheck } from '../trust/approval-gate.js';
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
    async around<T>(call: HookCall, next: () => Promise<T>): Promise<T> {
      const started = clock.now();
      const record = (outcome: AuditOutcome, error?: unknown) =>
        audit.record({
          caller: call.ctx.caller ?? DIRECT_CALLER,
          server: call.serverId,
          tool: call.originalName,
          publicName: call.publicName,
          args: call.args,
          outcome,
          // An allowed call's latency is the call's own, not the time the user took to answer.
          latencyMs: clock.now() - (call.sentAt ?? started),
          error,
          ...(call.approval && { approval: call.approval }),
        });
      let result: T;
      try {
        result = await next();
      } catch (err) {
        const refused = call.approval !== undefined && call.sentAt === undefined;
        const cancelled = refused ? call.approval === 'cancelled' : call.ctx.signal?.aborted === true;
        record(cancelled ? 'cancelled' : 'error', err);
        throw err;
      }
      // A tool's own failure (isError): its content is the result, which the log never holds.
      record((result as { isError?: unknown } | null)?.isError === true ? 'error' : 'ok');
      return result;
    },
  };
}

/** Asks the approval gate; a refusal is thrown before anything reaches the child. */
export function approvalHook(
  approval: ApprovalCheck,
  clock: Clock,
  hints: (publicName: string) => Promise<ToolInfo | undefined>,
): ForwardHook {
  return {
    name: 'approval',
    methods: TOOL_CALL,
    async around<T>(call: HookCall, next: () => Promise<T>): Promise<T> {
      const { ctx } = call;
      const result = await approval.check({
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
      call.approval = result.decision;
      if (result.refusal) throw result.refusal;
      call.sentAt = clock.now();
      return next();
    },
  };
}

/** The server's call metrics (latency, ok/error); our own "not running" answer is not the server's failure. */
export function metricsHook(recorder: CallRecorder, clock: Clock): ForwardHook {
  return {
    name: 'metrics',
    methods: TOOL_CALL,
    around: (call, next) =>
      recordCall(
        recorder,
        clock,
        {
          serverId: call.serverId,
          notTheServers: isNotRunningError,
          // Read only when the call failed.
          get signal() {
            return call.ctx.signal;
          },
        },
        next,
      ),
  };
}

/** Runs `hooks[i..]` around `send`; one closure per hook per call, none when a method has no hooks. */
export function runHooks<T>(hooks: readonly ForwardHook[], call: HookCall, send: () => Promise<T>, i = 0): Promise<T> {
  if (i === hooks.length) return send();
  return hooks[i].around(call, () => runHooks(hooks, call, send, i + 1));
}
