// The SDK v2 low-level Server that answers one 2026-07-28 request for one endpoint (createMcpHandler builds one
// per HTTP request). The SDK does the era's wire work (server/discover, the _meta envelope, header checks, cache
// fields, the input_required checks, requestState verification); every handler here goes through dispatch.ts.
import { V2Server, type CacheHint, type V2ServerContext } from '../../sdk/v2-server.js';
import type { Result } from '../../sdk/types.js';
import type { ServerInfo } from '../mcp-server.js';
import type { ViewRequest } from './dispatch.js';
import { direct, withInputRounds, type RoundDeps } from './rounds.js';
import { advertisedCapabilities } from '../advertised.js';

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
    capabilities: advertisedCapabilities(deps.view),
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
  on('tools/call', (req, ctx) => {
    const params = req.params as { name: string; arguments?: Record<string, unknown> };
    return rounds({ method: 'tools/call', params: { name: params.name, arguments: params.arguments } }, params.name, ctx);
  });
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
