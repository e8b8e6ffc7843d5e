// The fast path's request handlers: the same work as the Aggregator's callTool, readResource
// and getPrompt (route through the view, send to the owning child through the Aggregator's
// send: child-retry rules and the peer bridge; record, redact, map errors), minus the
// SDK's second parse. A handler returns DECLINE when the SDK path must answer instead; it
// does so before anything was sent to a child, so the SDK path sees a fresh request.
import type { ReadResourceResult } from '../sdk/types.js';
import type { Clock } from '../env.js';
import type { CallRecorder, Upstream, UpstreamSource } from '../upstream/upstream.js';
import type { Aggregator } from './aggregator.js';
import { upstreamError } from '../wire/errors.js';
import type { Caller } from '../metrics/audit-log.js';
import { LEAN_PROMPT_RESULT, LEAN_READ_RESULT, LEAN_TOOL_RESULT } from './fast-path-results.js';
import { promptRoute, resourceRoute, toolRoute } from './fast-path-routes.js';
import type { DownstreamLink } from './peer-bridge.js';
import { redactToolResult, type Redact } from '../wire/redaction.js';
import type { GatewayView } from './view.js';

export const DECLINE = Symbol('decline');
export type Outcome = object | typeof DECLINE;

type Params = Record<string, unknown>;

/** One request on its way: checked params, the session's view, its abort signal and way back. */
export interface FastCall {
  params: Params;
  view: GatewayView;
  signal: AbortSignal;
  link: DownstreamLink;
  /** The session's credential and endpoint, for the audit log. */
  caller: Caller;
}

export interface FastPathDeps {
  aggregator: Aggregator;
  upstreams: UpstreamSource;
  recorder: CallRecorder;
  clock: Clock;
  redact?: Redact;
}

const isObj = (v: unknown): v is Params => typeof v === 'object' && v !== null && !Array.isArray(v);

function onlyKeys(o: Params, allowed: readonly string[]): boolean {
  for (const k in o) if (!allowed.includes(k)) return false;
  return true;
}

/**
 * Params the fast path takes as they are. Anything else (a _meta, a task, an extra key, a wrong
 * type) goes to the SDK path, whose schemas word the error or drop what they drop.
 */
function plainParams(method: string, p: unknown): p is Params | undefined {
  if (method === 'tools/call') {
    return (
      isObj(p) && onlyKeys(p, ['name', 'arguments']) && typeof p.name === 'string' && (p.arguments === undefined || isObj(p.arguments))
    );
  }
  if (method === 'resources/read') return isObj(p) && onlyKeys(p, ['uri']) && typeof p.uri === 'string';
  if (method === 'prompts/get') {
    const args = isObj(p) ? p.arguments : undefined;
    const argsOk = args === undefined || (isObj(args) && Object.values(args).every((v) => typeof v === 'string'));
    return isObj(p) && onlyKeys(p, ['name', 'arguments']) && typeof p.name === 'string' && argsOk;
  }
  // The list calls: nothing, or a cursor (ignored, as the SDK path ignores it: lists are one page).
  return p === undefined || (isObj(p) && onlyKeys(p, ['cursor']) && (p.cursor === undefined || typeof p.cursor === 'string'));
}

export class FastHandlers {
  private readonly redact: Redact;
  private readonly handlers: Record<string, (call: FastCall) => Promise<Outcome>> = {
    'tools/call': (c) => this.callTool(c),
    'resources/read': (c) => this.readResource(c),
    'prompts/get': (c) => this.getPrompt(c),
    'tools/list': async (c) => ({ tools: await c.view.listPublicTools() }),
    'resources/list': async (c) => ({ resources: await c.view.listResources() }),
    'resources/templates/list': async (c) => ({ resourceTemplates: await c.view.listResourceTemplates() }),
    'prompts/list': async (c) => ({ prompts: await c.view.listPrompts() }),
  };

  constructor(private readonly deps: FastPathDeps) {
    this.redact = deps.redact ?? ((t) => t);
  }

  /** The handler for this request, or undefined when the SDK path must take it. */
  find(method: string, params: unknown): ((call: FastCall) => Promise<Outcome>) | undefined {
    const handler = Object.hasOwn(this.handlers, method) ? this.handlers[method] : undefined;
    return handler && plainParams(method, params) ? handler : undefined;
  }

  private send<T>(serverId: string, method: string, call: FastCall, request: (up: Upstream) => Promise<T>): Promise<T> {
    return this.deps.aggregator.send(serverId, method, { signal: call.signal, link: call.link }, request);
  }

  /** upstreamError passes our own "not running" answer on unwrapped, as the Aggregator does. */
  private mapError(serverId: string, err: unknown, signal: AbortSignal): unknown {
    return upstreamError(serverId, err, signal, this.redact);
  }

  private async callTool(call: FastCall): Promise<Outcome> {
    const route = await toolRoute(call.view, this.deps.aggregator, call.params.name as string);
    if (!route) return DECLINE;
    const params = { name: route.target, arguments: (call.params.arguments as Params | undefined) ?? {} };
    const target = { serverId: route.serverId, tool: route.target, publicName: call.params.name as string };
    const opts = { signal: call.signal, caller: call.caller, link: call.link };
    try {
      const result = await this.deps.aggregator.recordToolCall(target, params.arguments, opts, () =>
        this.send(route.serverId, 'tools/call', call, (up) =>
          up.client.request({ method: 'tools/call', params }, LEAN_TOOL_RESULT as never, { timeout: up.timeoutMs, signal: call.signal }),
        ),
      );
      return redactToolResult(result, this.redact);
    } catch (err) {
      throw this.mapError(route.serverId, err, call.signal);
    }
  }

  private async readResource(call: FastCall): Promise<Outcome> {
    const uri = call.params.uri as string;
    const route = await resourceRoute(call.view, this.deps.aggregator, uri);
    if (!route) return DECLINE;
    try {
      const result = (await this.send(route.serverId, 'resources/read', call, (up) =>
        up.client.request({ method: 'resources/read', params: { uri: route.target } }, LEAN_READ_RESULT as never, {
          timeout: up.timeoutMs,
          signal: call.signal,
        }),
      )) as ReadResourceResult;
      // Contents carry the child's URI; show the client the one it asked for (as the Aggregator does).
      const contents = result.contents.map((c) => (c.uri === route.target ? { ...c, uri } : c));
      return { ...result, contents };
    } catch (err) {
      throw this.mapError(route.serverId, err, call.signal);
    }
  }

  private async getPrompt(call: FastCall): Promise<Outcome> {
    const route = await promptRoute(call.view, this.deps.aggregator, call.params.name as string);
    if (!route || !this.deps.upstreams.get(route.serverId)) return DECLINE;
    const params = { name: route.target, arguments: call.params.arguments as Record<string, string> | undefined };
    try {
      return await this.send(route.serverId, 'prompts/get', call, (up) =>
        up.client.request({ method: 'prompts/get', params }, LEAN_PROMPT_RESULT as never, { timeout: up.timeoutMs, signal: call.signal }),
      );
    } catch (err) {
      throw this.mapError(route.serverId, err, call.signal);
    }
  }
}
