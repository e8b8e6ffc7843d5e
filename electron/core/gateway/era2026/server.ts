// The SDK v2 low-level Server that answers one 2026-07-28 request for one endpoint (createMcpHandler builds one
// per HTTP request). The SDK does the era's wire work (server/discover, the _meta envelope, header checks, cache
// fields, the input_required checks, requestState verification); every handler here goes through dispatch.ts.
import { V2Server, type CacheHint, type V2ServerContext } from '../../sdk/v2-server.js';
import type { Result } from '../../sdk/types.js';
import type { ServerInfo } from '../mcp-server.js';
import type { ViewRequest } from './dispatch.js';
import { direct, withInputRounds, type RoundDeps } from './rounds.js';
import * as z from 'zod';
import { advertisedCapabilities } from '../advertised.js';
import { declaresTasks, routeTaskMethod, taskReply } from './tasks.js';

/**
 * Lists and reads depend on the endpoint and the credential (a profile, a client token's grants, pins), and they
 * change whenever a child restarts: only the requesting client may keep them, and it should revalidate
 * (list_changed comes over subscriptions/listen).
 */
const PRIVATE_NO_TTL: CacheHint = { ttlMs: 0, cacheScope: 'private' };
const CACHE_HINTS = {
  'tools/list': PRIVATE_NO_TTL,
  'prompts/list': PRIVATE_NO_TTL,
  'resources/list': PRIVATE_NO_TTL,
  'resources/templates/list': PRIVATE_NO_TTL,
  'resources/read': PRIVATE_NO_TTL,
  'server/discover': PRIVATE_NO_TTL,
};

type Handler = (request: { params?: Record<string, unknown> }, ctx: V2ServerContext) => Promise<Result>;

export function buildServer(info: ServerInfo, deps: RoundDeps, endpoint: string): V2Server {
  const server = new V2Server(info, {
    capabilities: advertisedCapabilities(deps.view, { tasks: deps.tasks !== undefined }),
    cacheHints: CACHE_HINTS,
    requestState: { verify: (state, ctx) => deps.codec.verify(state, ctx) },
  });
  // One loose signature for all: the results come from the gateway's (v1) types, which the SDK validates per era.
  const register = server.setRequestHandler.bind(server) as unknown as (method: string, handler: Handler) => void;
  const on = (method: string, handler: Handler) => register(method, handler);
  const list = (method: 'tools/list' | 'resources/list' | 'resources/templates/list' | 'prompts/list') =>
    on(method, (_req, ctx) => direct(deps, { method }, ctx));
  list('tools/list');
  list('resources/list');
  list('resources/templates/list');
  list('prompts/list');
  const rounds = (request: ViewRequest, target: string, ctx: V2ServerContext) =>
    withInputRounds(deps, request, ctx, `${endpoint} ${request.method} ${target}`);
  const tasks = deps.tasks;
  const who = { owner: deps.owner, endpoint, view: deps.view };
  on('tools/call', (req, ctx) => {
    const params = req.params as { name: string; arguments?: Record<string, unknown> };
    const request = { method: 'tools/call' as const, params: { name: params.name, arguments: params.arguments } };
    // A client that declared the Tasks extension may get a child's task back (mapped to a gateway task id).
    const extra = tasks && declaresTasks(ctx) ? { onTask: taskReply(tasks, who) } : {};
    return withInputRounds(deps, request, ctx, `${endpoint} tools/call ${params.name}`, extra);
  });
  if (tasks) {
    // tasks/update is not in the SDK's method table (2.4.0): it takes a params schema, which checks only the id here.
    const custom = server.setRequestHandler.bind(server) as unknown as (m: string, s: object, h: Handler) => void;
    const taskParams = { params: z.looseObject({ taskId: z.string() }) };
    for (const method of ['tasks/get', 'tasks/update', 'tasks/cancel'] as const)
      custom(method, taskParams, (params, ctx) => routeTaskMethod(tasks, who, method, params, ctx));
  }
  on('prompts/get', (req, ctx) => {
    const params = req.params as { name: string; arguments?: Record<string, string> };
    return rounds({ method: 'prompts/get', params: { name: params.name, arguments: params.arguments } }, params.name, ctx);
  });
  on('resources/read', (req, ctx) => {
    const uri = String(req.params?.uri);
    return rounds({ method: 'resources/read', params: { uri } }, uri, ctx);
  });
  on('completion/complete', (req, ctx) => {
    const { _meta: _ignored, ...params } = req.params ?? {};
    return direct(deps, { method: 'completion/complete', params: params as never }, ctx);
  });
  return server;
}
