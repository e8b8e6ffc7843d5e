// The gateway's one forwarding pipeline. Every request a client sends that the gateway answers
// by forwarding or from its indexes goes through forward(), whichever front received it (an SDK
// session's Server handlers, the session transport's JSON path, the stateless 2026 front):
//   parse (forward-params.ts) → route on the session's view (authorizes: route() refuses what
//   the view does not serve) → policy hooks (forward-hooks.ts) → send to the owning child
//   (child-retry, peer bridge, progress relabelled to the client's token, cancellation by the
//   signal) → map the reply (public URIs) → redact → the result, which the front writes.
// Child results are checked by lean stand-ins for the SDK's zod schemas (forward-results.ts).
import type { Progress } from '../sdk/types.js';
import type { Clock } from '../env.js';
import type { Upstream, UpstreamSource } from '../upstream/upstream.js';
import { ownError, notRunningError, upstreamError } from '../wire/errors.js';
import { runHooks } from './forward-hooks.js';
import { PARAM_SPECS, parseParams } from './forward-params.js';
import { COMPLETE_RESULT, LEAN_PROMPT_RESULT, LEAN_READ_RESULT, LEAN_TOOL_RESULT, type LeanSchema } from './forward-results.js';
import type { ForwardContext, ForwardHook, ForwardRequest, HookCall, RouteKind, UpstreamRoute } from './view.js';
import { redactToolResult, type Redact } from '../wire/redaction.js';
import { ProtocolError, McpErrorCode } from '../sdk/types.js';
import { callToolAsTask, TASKS_EXTENSION, type ChildTask } from '../sdk/task-requests.js';
import type { ChildLane } from './child-lane.js';

export type * from './view.js';

type Params = Record<string, unknown>;
type Result = Record<string, unknown>;

/** One request on its way: its valid params, context, and where upstream progress goes. */
interface Job {
  params: Params;
  ctx: ForwardContext;
  token: string | number | undefined;
  meta: Params | undefined;
  onprogress: ((p: Progress) => void) | undefined;
  /** Progress notifications on their way to the client. */
  sends?: Promise<void>[];
}

export interface PipelineDeps {
  upstreams: UpstreamSource;
  /** One request to one child: child-retry rules and the peer bridge (Aggregator.send). */
  send<T>(serverId: string, method: string, ctx: ForwardContext, request: (up: Upstream) => Promise<T>): Promise<T>;
  redact: Redact;
  /** Times the hooks (HookCall.startedAt, sentAt). */
  clock: Clock;
  /** The child's direct lane when it has one usable now (child-lane.ts); the SDK Client carries the request otherwise. */
  lane?: (up: Upstream) => ChildLane | undefined;
  /** Policy hooks, outermost first; each applies to the methods it names. */
  hooks: readonly ForwardHook[];
}

/** The methods forward() answers; a front hands anything else (initialize, ping) to the SDK Server. */
export const FORWARDED_METHODS: ReadonlySet<string> = new Set(Object.keys(PARAM_SPECS));

const EMPTY_COMPLETION = { completion: { values: [], hasMore: false } };
/** Marks a tools/call result that is a child's task (Tasks extension), on its way out through the hooks. */
const CHILD_TASK = Symbol('child task');

export class Pipeline {
  /** Per method that sends to a child, its hooks in order (absent: none). */
  private readonly hooks = new Map<string, readonly ForwardHook[]>();
  private readonly table: Record<string, (job: Job) => Promise<Result>> = {
    'tools/list': async (j) => ({ tools: await j.ctx.view.listPublicTools() }),
    'resources/list': async (j) => ({ resources: await j.ctx.view.listResources() }),
    'resources/templates/list': async (j) => ({ resourceTemplates: await j.ctx.view.listResourceTemplates() }),
    'prompts/list': async (j) => ({ prompts: await j.ctx.view.listPrompts() }),
    'tools/call': (j) => this.callTool(j),
    'resources/read': (j) => this.readResource(j),
    'prompts/get': (j) => this.getPrompt(j),
    'completion/complete': (j) => this.complete(j),
    'logging/setLevel': async (j) => {
      await j.ctx.view.peers.setLevel(this.session(j, 'logging/setLevel'), j.params.level as never, j.ctx.view);
      return {};
    },
    'resources/subscribe': async (j) => {
      await j.ctx.view.subscribe(this.session(j, 'resources/subscribe'), j.params.uri as string);
      return {};
    },
    'resources/unsubscribe': async (j) => {
      await j.ctx.view.unsubscribe(this.session(j, 'resources/unsubscribe'), j.params.uri as string);
      return {};
    },
  };

  constructor(private readonly deps: PipelineDeps) {
    for (const method of FORWARDED_METHODS) {
      const mine = deps.hooks.filter((h) => h.methods.includes(method));
      if (mine.length > 0) this.hooks.set(method, mine);
    }
  }

  /** Answers one request: its result, or a thrown MCP error worded for the client. */
  async forward(request: ForwardRequest, ctx: ForwardContext): Promise<Result> {
    const method = request.method;
    const spec = Object.hasOwn(PARAM_SPECS, method) ? PARAM_SPECS[method] : undefined;
    if (!spec) throw new ProtocolError(McpErrorCode.MethodNotFound, 'Method not found');
    const params = parseParams(method, request.params, spec);
    const job = this.job(params, ctx);
    const result = await this.table[method](job);
    // Progress sends finish before the result, so the last one is not lost when the reply closes the stream.
    if (job.sends) await Promise.all(job.sends);
    return result;
  }

  /** The request's progress token and _meta: from ctx, else from params._meta (read once, copied only when present). */
  private job(params: Params, ctx: ForwardContext): Job {
    let token = ctx.progressToken;
    let meta = ctx.meta;
    const m = params._meta as Params | undefined;
    if (m !== undefined && token === undefined && meta === undefined) {
      const { progressToken, ...rest } = m;
      token = progressToken as string | number | undefined;
      for (const _k in rest) {
        meta = rest;
        break;
      }
    }
    const job: Job = { params, ctx, token, meta, onprogress: undefined };
    const redact = this.deps.redact;
    const link = ctx.link;
    if (token !== undefined && link) {
      const progressToken = token;
      job.onprogress = (p) => {
        const message = p.message === undefined ? undefined : redact(p.message);
        const params = { progress: p.progress, total: p.total, message, progressToken };
        (job.sends ??= []).push(link.sendNotification({ method: 'notifications/progress', params }).catch(() => undefined));
      };
    } else if (ctx.onProgress) {
      const onProgress = ctx.onProgress;
      job.onprogress = (p) => onProgress(p.message === undefined ? p : { ...p, message: redact(p.message) });
    }
    return job;
  }

  private session(job: Job, method: string) {
    const s = job.ctx.session;
    if (!s) throw ownError(new ProtocolError(McpErrorCode.InvalidRequest, `${method} needs a session`));
    return s;
  }

  private async route(job: Job, kind: RouteKind, name: string) {
    const found = job.ctx.view.route(kind, name, job.ctx);
    const routed = found instanceof Promise ? await found : found;
    if ('refusal' in routed) throw routed.refusal;
    return routed;
  }

  /** The routed child must be connected now (the answer the SDK path always gave for these methods). */
  private running(route: UpstreamRoute): Upstream {
    const up = this.deps.upstreams.get(route.serverId);
    if (!up) throw notRunningError(route.serverId);
    return up;
  }

  private request<T>(serverId: string, method: string, params: Params, schema: LeanSchema, job: Job): Promise<T> {
    const { ctx, onprogress } = job;
    const lane = this.deps.lane;
    return this.deps.send(serverId, method, ctx, (up) => {
      // A request that wants progress stays with the SDK Client, which relays it.
      const direct = onprogress ? undefined : lane?.(up);
      if (direct) return direct.request<T>(method, params, schema, up.timeoutMs, ctx);
      return up.client.request({ method, params }, schema as never, {
        timeout: up.timeoutMs,
        signal: ctx.signal,
        onprogress,
      });
    });
  }

  /** The send to the child, inside the method's hooks. */
  private hooked<T>(method: string, route: UpstreamRoute, publicName: string, args: unknown, send: () => Promise<T>, job: Job): Promise<T> {
    const hooks = this.hooks.get(method);
    if (!hooks) return send();
    const call: HookCall = {
      method,
      serverId: route.serverId,
      originalName: route.originalName,
      publicName,
      args,
      ctx: job.ctx,
      startedAt: this.deps.clock.now(),
    };
    return runHooks(hooks, call, send, this.deps.clock);
  }

  private async callTool(job: Job): Promise<Result> {
    const name = job.params.name as string;
    const args = (job.params.arguments as Params | undefined) ?? {};
    const routed = await this.route(job, 'tool', name);
    if ('local' in routed) {
      // Its nested calls (call_tool) report progress and pass _meta as this request would.
      // The signal by name: a context may make it on first read, from a getter a spread does not copy.
      return routed.local(args, { ...job.ctx, signal: job.ctx.signal, progressToken: job.token, meta: job.meta });
    }
    const { serverId, originalName } = routed;
    const params: Params = job.meta ? { name: originalName, arguments: args, _meta: job.meta } : { name: originalName, arguments: args };
    const redact = this.deps.redact;
    try {
      const onTask = job.ctx.onTask;
      const send = onTask
        ? () => this.taskCall(serverId, params, job)
        : () => this.request<Result>(serverId, 'tools/call', params, LEAN_TOOL_RESULT, job);
      const result = await this.hooked('tools/call', routed, name, args, send, job);
      const task = result[CHILD_TASK as never] as ChildTask | undefined;
      if (onTask && task) return onTask(serverId, task);
      return redactToolResult(result as never, redact);
    } catch (err) {
      throw upstreamError(serverId, err, job.ctx.signal, redact);
    }
  }

  /** A tools/call the client would take as a task: task-augmented when the child advertises the extension. */
  private taskCall(serverId: string, params: Params, job: Job): Promise<Result> {
    const { ctx, onprogress } = job;
    return this.deps.send(serverId, 'tools/call', ctx, async (up) => {
      const opts = { timeout: up.timeoutMs, signal: ctx.signal, onprogress };
      if (!up.client.getServerCapabilities()?.extensions?.[TASKS_EXTENSION])
        return up.client.request({ method: 'tools/call', params }, LEAN_TOOL_RESULT as never, opts);
      const { _meta: meta, ...rest } = params as Params & { _meta?: Params };
      const reply = await callToolAsTask(up.client, rest as never, { timeout: up.timeoutMs, signal: ctx.signal, meta });
      return reply.kind === 'task' ? { [CHILD_TASK]: reply.task } : reply.result;
    });
  }

  private async readResource(job: Job): Promise<Result> {
    const uri = job.params.uri as string;
    const route = await this.route(job, 'resource', uri);
    if ('local' in route) throw new ProtocolError(McpErrorCode.InvalidParams, `Unknown resource: ${uri}`);
    this.running(route);
    const target = route.originalName;
    let result: { contents: { uri: string }[] };
    try {
      const send = () => this.request<typeof result>(route.serverId, 'resources/read', { uri: target }, LEAN_READ_RESULT, job);
      result = await this.hooked('resources/read', route, uri, undefined, send, job);
    } catch (err) {
      throw upstreamError(route.serverId, err, job.ctx.signal, this.deps.redact);
    }
    // Contents carry the child's URI; show the client the one it asked for.
    if (target === uri || !result.contents.some((c) => c.uri === target)) return result;
    return { ...result, contents: result.contents.map((c) => (c.uri === target ? { ...c, uri } : c)) };
  }

  private async getPrompt(job: Job): Promise<Result> {
    const name = job.params.name as string;
    const route = await this.route(job, 'prompt', name);
    if ('local' in route) throw new ProtocolError(McpErrorCode.InvalidParams, `Unknown prompt: ${name}`);
    this.running(route);
    const args = job.params.arguments;
    // No `arguments` key when the client sent none (an explicit undefined is not sent the same by every client).
    const params: Params = args === undefined ? { name: route.originalName } : { name: route.originalName, arguments: args };
    try {
      const send = () => this.request<Result>(route.serverId, 'prompts/get', params, LEAN_PROMPT_RESULT, job);
      return await this.hooked('prompts/get', route, name, args, send, job);
    } catch (err) {
      throw upstreamError(route.serverId, err, job.ctx.signal, this.deps.redact);
    }
  }

  private async complete(job: Job): Promise<Result> {
    const ref = job.params.ref as { type: string; name?: string; uri?: string };
    const byPrompt = ref.type === 'ref/prompt';
    const route = await this.route(job, byPrompt ? 'prompt' : 'template', (byPrompt ? ref.name : ref.uri) as string);
    if ('local' in route) return EMPTY_COMPLETION;
    const up = this.running(route);
    if (!up.client.getServerCapabilities()?.completions) return EMPTY_COMPLETION;
    const params = { ...job.params, ref: byPrompt ? { ...ref, name: route.originalName } : { ...ref, uri: route.originalName } };
    try {
      const send = () => this.request<Result>(route.serverId, 'completion/complete', params, COMPLETE_RESULT, job);
      return await this.hooked('completion/complete', route, (byPrompt ? ref.name : ref.uri) as string, job.params.argument, send, job);
    } catch (err) {
      throw upstreamError(route.serverId, err, job.ctx.signal, this.deps.redact);
    }
  }
}
