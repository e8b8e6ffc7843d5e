// The Tasks extension (SEP-2663) on the 2026-07-28 front: a client that declares it gets a child's task, under an id
// of the gateway's task table (gateway/task-table.ts), and tasks/get, tasks/update, tasks/cancel routed to the child
// that holds it. The tools/call itself still goes through the pipeline (hooks, audit); only its reply is mapped here.
import type { Client } from '../../sdk/client.js';
import { taskMethod, TASKS_EXTENSION, type ChildTask } from '../../sdk/task-requests.js';
import type { CallToolResult } from '../../sdk/types.js';
import { CLIENT_CAPABILITIES_META_KEY, V2ProtocolError, V2ProtocolErrorCode, type V2ServerContext } from '../../sdk/v2-server.js';
import { redactDeep, redactToolResult, type Redact } from '../../wire/redaction.js';
import type { TaskTable } from '../task-table.js';
import type { GatewayView } from '../view.js';

/** What the front needs to route tasks: the table, a child's client by server id, and the gateway's redaction. */
export interface TaskRoutes {
  table: TaskTable;
  client(serverId: string): Client | undefined;
  redact: Redact;
}

interface Who {
  owner: string;
  endpoint: string;
  view: GatewayView;
}

/** Whether this request's envelope declares the extension (2026-07-28 carries the capabilities on every request). */
export function declaresTasks(ctx: V2ServerContext): boolean {
  const caps = (ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[CLIENT_CAPABILITIES_META_KEY] as
    { extensions?: Record<string, unknown> } | undefined;
  return caps?.extensions?.[TASKS_EXTENSION] !== undefined;
}

const required = () =>
  new V2ProtocolError(V2ProtocolErrorCode.MissingRequiredClientCapability, `This request needs the ${TASKS_EXTENSION} extension`, {
    requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } },
  });
const unknown = (id: string) => new V2ProtocolError(V2ProtocolErrorCode.InvalidParams, `Unknown task: ${id}`);

/** The call's onTask: binds the child's task to this credential and endpoint and shows the client its new id. */
export function taskReply(routes: TaskRoutes, who: Who) {
  return (serverId: string, task: ChildTask): Record<string, unknown> => {
    const id = routes.table.add({ server: serverId, childTaskId: task.taskId, owner: who.owner, endpoint: who.endpoint });
    if (id === undefined) {
      // Nobody could reach it: the child's task is cancelled rather than left running.
      const client = routes.client(serverId);
      if (client) void taskMethod(client, 'tasks/cancel', { taskId: task.taskId }).catch(() => undefined);
      throw new V2ProtocolError(V2ProtocolErrorCode.InternalError, 'Too many tasks at the gateway');
    }
    const shownTask: Record<string, unknown> = { ...task, taskId: id, resultType: 'task' };
    if (typeof task.statusMessage === 'string') shownTask.statusMessage = routes.redact(task.statusMessage);
    return shownTask;
  };
}

type Method = 'tasks/get' | 'tasks/update' | 'tasks/cancel';

/** One tasks/* request of a client: gated on the extension, looked up for this credential and endpoint, sent on. */
export async function routeTaskMethod(
  routes: TaskRoutes,
  who: Who,
  method: Method,
  params: Record<string, unknown> | undefined,
  ctx: V2ServerContext,
): Promise<Record<string, unknown>> {
  if (!declaresTasks(ctx)) throw required();
  const id = typeof params?.taskId === 'string' ? params.taskId : '';
  const bound = routes.table.lookup(id, who.owner, who.endpoint);
  // A task of a child this view no longer serves is as unknown as one of another credential.
  if (!bound || !(await who.view.allowsServer(bound.server))) throw unknown(id);
  const client = routes.client(bound.server);
  if (!client) throw new V2ProtocolError(V2ProtocolErrorCode.InternalError, `Server ${bound.server} is not running`);
  const out: { taskId: string; inputResponses?: Record<string, unknown> } = { taskId: bound.childTaskId };
  const answers = ctx.mcpReq.inputResponses ?? (params?.inputResponses as Record<string, unknown> | undefined);
  if (method === 'tasks/update' && answers) out.inputResponses = answers;
  const reply = await taskMethod(client, method, out, { signal: ctx.mcpReq.signal });
  const { resultType: _r, _meta: _m, ...rest } = reply;
  if (method !== 'tasks/get') return {};
  return shown(rest, id, routes.redact);
}

/** A tasks/get reply as the client sees it: its own id; the inlined result, error and questions redacted. */
function shown(reply: Record<string, unknown>, id: string, redact: Redact): Record<string, unknown> {
  const out: Record<string, unknown> = { ...reply, taskId: id };
  if (reply.result && typeof reply.result === 'object') out.result = redactToolResult(reply.result as CallToolResult, redact);
  if (reply.error) out.error = redactDeep(reply.error, redact);
  if (reply.inputRequests) out.inputRequests = redactDeep(reply.inputRequests, redact);
  if (typeof reply.statusMessage === 'string') out.statusMessage = redact(reply.statusMessage);
  return out;
}
