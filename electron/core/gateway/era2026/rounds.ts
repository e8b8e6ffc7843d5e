// A 2026 client's tools/call, prompts/get or resources/read, run across input_required rounds: the first request
// starts the routed call; whenever its child asks the client something, the request is answered with input_required
// (the questions, and a sealed requestState naming the parked call); the retry carrying the answers resumes it.
import {
  CLIENT_CAPABILITIES_META_KEY,
  inputRequired,
  MissingRequiredClientCapabilityError,
  V2ProtocolError,
  V2ProtocolErrorCode,
} from '../../sdk/v2-server.js';
import type { RequestStateCodec, V2ServerContext } from '../../sdk/v2-server.js';
import type { ClientCapabilities, LoggingLevel, Request, Result } from '../../sdk/types.js';
import { withCallerInputResponses } from '../../sdk/modern-requests.js';
import type { Timers } from '../../env.js';
import type { Caller } from '../../metrics/audit-log.js';
import type { DownstreamLink } from '../peer-bridge.js';
import type { TaskRoutes } from './tasks.js';
import type { GatewayView } from '../view.js';
import { dispatch, type DispatchContext, type ViewRequest } from './dispatch.js';
import type { HeldCall } from './held-call.js';
import type { HeldCalls } from './held-calls.js';

/** What requestState carries, sealed (HMAC, with expiry) by the codec: the parked call and the round. */
export interface HeldState {
  held: string;
  round: number;
}

export interface RoundDeps {
  view: GatewayView;
  held: HeldCalls;
  codec: RequestStateCodec<HeldState>;
  clock: Timers;
  owner: string;
  caller: Caller;
  /** Tasks extension routing (era2026/tasks.ts); absent: the front has no task table. */
  tasks?: TaskRoutes;
}

const RESERVED_META = 'io.modelcontextprotocol/';

/**
 * The request's _meta for the child: without progressToken or the 2026 envelope, which describes the gateway's
 * client, but for the capabilities the client declared: a 2026 child asks only for what the client can answer (the
 * gateway relays its questions). The seam's client drops that key again for a 2025 child (sdk/modern-requests.ts).
 */
/**
 * What of the client's capabilities the gateway can relay: the questions (elicitation, sampling, roots). Not the
 * extensions (Tasks): the gateway does not pass them through, so a child told of them would answer in a way the
 * gateway cannot carry.
 */
function relayable(caps: ClientCapabilities): ClientCapabilities {
  const out: ClientCapabilities = {};
  if (caps.elicitation) out.elicitation = caps.elicitation;
  if (caps.sampling) out.sampling = caps.sampling;
  if (caps.roots) out.roots = caps.roots;
  return out;
}

function childMeta(meta: Record<string, unknown> | undefined, caps?: ClientCapabilities): Record<string, unknown> | undefined {
  const out = Object.fromEntries(Object.entries(meta ?? {}).filter(([k]) => k !== 'progressToken' && !k.startsWith(RESERVED_META)));
  if (caps) out[CLIENT_CAPABILITIES_META_KEY] = relayable(caps);
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The client capabilities this request declared in its envelope. */
const declaredCaps = (ctx: V2ServerContext) =>
  (ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined;

const isHeldState = (v: unknown): v is HeldState => typeof v === 'object' && v !== null && typeof (v as HeldState).held === 'string';

function invalidState(): V2ProtocolError {
  return new V2ProtocolError(V2ProtocolErrorCode.InvalidParams, 'Invalid or expired requestState', { reason: 'invalid_request_state' });
}

/** The capability a child's question needs of the client, in the shape of MissingRequiredClientCapabilityError's data. */
function requiredFor(method: string, params: Request['params']): ClientCapabilities {
  if (method === 'sampling/createMessage') return { sampling: {} };
  if (method === 'roots/list') return { roots: {} };
  return { elicitation: params?.mode === 'url' ? { url: {} } : { form: {} } };
}

/** A child's question as the client sees it: without the child's own progressToken, which means nothing to the client. */
function shown(request: Request): Request {
  const meta = request.params?._meta;
  if (!meta || !('progressToken' in meta)) return request;
  const { progressToken: _dropped, ...rest } = meta;
  return { method: request.method, params: { ...request.params, _meta: rest } };
}

/** The call's way back to its client: questions become input_required rounds, notifications go to the latest round. */
function linkOf(call: HeldCall<Result>, caps: () => ClientCapabilities | undefined): DownstreamLink {
  return {
    server: { getClientCapabilities: caps },
    sendRequest: (request, _schema, options) =>
      call.ask(shown(request), { signal: options?.signal, timeoutMs: options?.timeout, key: options?.inputKey }),
    sendNotification: async (n) => call.emit(n),
    refuse: (method, params) => {
      const required = requiredFor(method, params);
      const message = `a server behind this gateway needs the client capability ${Object.keys(required)[0]} to go on (${method}), and this request did not declare it`;
      call.refuseClient(new MissingRequiredClientCapabilityError({ requiredCapabilities: required }, message));
    },
  };
}

/** `scope` names the request (endpoint, method, target) so a requestState cannot resume another call. */
export async function withInputRounds(
  deps: RoundDeps,
  request: ViewRequest,
  ctx: V2ServerContext,
  scope: string,
  extra: Pick<DispatchContext, 'onTask'> = {},
): Promise<Result> {
  const state: unknown = ctx.mcpReq.requestState();
  let caps = declaredCaps(ctx);
  let call: HeldCall<Result>;
  if (isHeldState(state)) {
    const found = deps.held.take<Result>(state.held, deps.owner, scope);
    if (!found || found.round !== state.round) throw invalidState();
    call = found;
    call.answer(ctx.mcpReq.inputResponses);
  } else {
    call = deps.held.create<Result>(deps.owner, scope);
    const link = linkOf(call, () => caps);
    const meta = ctx.mcpReq._meta;
    const progressToken = meta?.progressToken;
    const dctx: DispatchContext = { link, caller: deps.caller, ...extra };
    const forChild = childMeta(meta, caps);
    if (forChild) dctx.meta = forChild;
    if (progressToken !== undefined) {
      dctx.onProgress = (p) => call.emit({ method: 'notifications/progress', params: { ...p, progressToken } });
    }
    // Answers the client sent with its first request are the child's to read (a 2026 child's keys are kept).
    const answers = ctx.mcpReq.inputResponses;
    call.start((signal) => withCallerInputResponses(answers, () => dispatch(deps.view, request, { ...dctx, signal })));
  }
  // Capabilities and the notification stream are the latest round's.
  caps = declaredCaps(ctx);
  const sends: Promise<void>[] = [];
  call.setSink((n) => {
    // Log messages go through the SDK's gate: only when this request asked for a level in its envelope, and at or above it.
    const p = n.params as { level?: LoggingLevel; data?: unknown; logger?: string } | undefined;
    const send = n.method === 'notifications/message' && p?.level ? ctx.mcpReq.log(p.level, p.data, p.logger) : ctx.mcpReq.notify(n);
    sends.push(send.catch(() => undefined));
  });
  let step;
  try {
    step = await call.next(deps.clock, deps.held.limits.gatherMs, ctx.mcpReq.signal);
  } catch (err) {
    // The client went away mid-call (its cancellation in this era): the child's call is cancelled too.
    deps.held.drop(call, 'the client cancelled the request');
    throw err;
  } finally {
    call.setSink(() => undefined);
  }
  await Promise.all(sends);
  if (step.kind === 'done') return step.value;
  if (step.kind === 'failed') throw step.error;
  deps.held.park(call);
  call.round += 1;
  const requestState = await deps.codec.mint({ held: call.id, round: call.round });
  return inputRequired({ inputRequests: step.inputRequests as never, requestState });
}

/** Requests no child question can interrupt (lists, completion): a plain dispatch with the request's signal. */
export function direct(deps: RoundDeps, request: ViewRequest, ctx: V2ServerContext): Promise<Result> {
  return dispatch(deps.view, request, { signal: ctx.mcpReq.signal, caller: deps.caller });
}
