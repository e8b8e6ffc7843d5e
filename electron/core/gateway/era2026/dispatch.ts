// The one place the 2026-07-28 front hands a request to the gateway's routing: the view's entries, each of which
// is one forward() of the pipeline (gateway/forward.ts) with this view, so both eras meet the same routing, hooks
// (approval, audit, metrics) and redaction. Lists are read from the view as the pipeline's own list methods do.
import type { Progress, Result } from '../../sdk/types.js';
import type { CompleteRequest } from '../../sdk/types.js';
import type { Caller } from '../../metrics/audit-log.js';
import type { ForwardOptions } from '../view.js';
import type { DownstreamLink } from '../peer-bridge.js';
import type { GatewayView } from '../view.js';

/** What one forwarded request carries besides itself. */
export interface DispatchContext {
  signal?: AbortSignal;
  /** How the child's questions and notifications reach this client (era2026/rounds.ts for a 2026 client). */
  link?: DownstreamLink;
  onProgress?: (progress: Progress) => void;
  /** Request _meta for the child (no progressToken: the child connection sets its own). */
  meta?: Record<string, unknown>;
  caller?: Caller;
  /** Tasks extension: where a child's task goes (era2026/tasks.ts maps its id). */
  onTask?: ForwardOptions['onTask'];
}

/** The requests a 2026 client can make of a view. */
export type ViewRequest =
  | { method: 'tools/list' | 'resources/list' | 'resources/templates/list' | 'prompts/list' }
  | { method: 'tools/call'; params: { name: string; arguments?: Record<string, unknown> } }
  | { method: 'resources/read'; params: { uri: string } }
  | { method: 'prompts/get'; params: { name: string; arguments?: Record<string, string> } }
  | { method: 'completion/complete'; params: CompleteRequest['params'] };

function optionsOf(ctx: DispatchContext): ForwardOptions {
  const o: ForwardOptions = {};
  if (ctx.signal) o.signal = ctx.signal;
  if (ctx.link) o.link = ctx.link;
  if (ctx.onProgress) o.onProgress = ctx.onProgress;
  if (ctx.meta && Object.keys(ctx.meta).length > 0) o.meta = ctx.meta;
  if (ctx.caller) o.caller = ctx.caller;
  if (ctx.onTask) o.onTask = ctx.onTask;
  return o;
}

export async function dispatch(view: GatewayView, request: ViewRequest, ctx: DispatchContext): Promise<Result> {
  switch (request.method) {
    case 'tools/list':
      return { tools: await view.listPublicTools() };
    case 'resources/list':
      return { resources: await view.listResources() };
    case 'resources/templates/list':
      return { resourceTemplates: await view.listResourceTemplates() };
    case 'prompts/list':
      return { prompts: await view.listPrompts() };
    case 'tools/call':
      return view.callTool(request.params.name, request.params.arguments ?? {}, optionsOf(ctx));
    case 'resources/read':
      return view.readResource(request.params.uri, optionsOf(ctx));
    case 'prompts/get':
      return view.getPrompt(request.params.name, request.params.arguments, optionsOf(ctx));
    case 'completion/complete':
      return view.complete(request.params, optionsOf(ctx));
  }
}
