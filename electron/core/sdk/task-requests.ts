// The Tasks extension (SEP-2663, `io.modelcontextprotocol/tasks`) toward one 2026-07-28 child. The SDK v2 client
// (2.4.0) has no task support: its result decoder refuses `resultType: "task"` ("Unsupported result type 'task'")
// before any extension point sees it. So a task reply is carried past the decoder as a JSON-RPC error with a marker
// (internals.ts, carryTaskResults) and unwrapped here. Part of the SDK seam.
import { CLIENT_CAPS_META_KEY as CLIENT_CAPABILITIES_META_KEY, type Client } from './client.js';
import { carryTaskResults, clientCapabilitiesOf, TASK_CARRIER_CODE } from './internals.js';
import { AS_IS } from './validation.js';

export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

/** The task envelope a child returns (CreateTaskResult) and tasks/get repeats, with whatever else it carries. */
export interface ChildTask extends Record<string, unknown> {
  taskId: string;
  status: string;
}

export type TaskCallReply = { kind: 'task'; task: ChildTask } | { kind: 'complete'; result: Record<string, unknown> };

type Loose = Record<string, unknown>;
type RequestFn = (r: { method: string; params?: Loose }, schema: unknown, opts?: unknown) => Promise<unknown>;

export interface TaskRequestOptions {
  signal?: AbortSignal;
  timeout?: number;
  /** The caller's request _meta (progress token excluded), merged under the extension declaration. */
  meta?: Loose;
}

/** The child connection's own capabilities plus the extension, as this request's `_meta` declares them. */
function declaringMeta(client: Client, meta: Loose | undefined): Loose {
  const own = (meta?.[CLIENT_CAPABILITIES_META_KEY] as Loose | undefined) ?? clientCapabilitiesOf(client);
  const extensions = { ...((own.extensions as Loose | undefined) ?? {}), [TASKS_EXTENSION]: {} };
  return { ...meta, [CLIENT_CAPABILITIES_META_KEY]: { ...own, extensions } };
}

function send(client: Client, method: string, params: Loose, opts: TaskRequestOptions): Promise<unknown> {
  carryTaskResults(client);
  const request = client.request.bind(client) as unknown as RequestFn;
  const options: Loose = {};
  if (opts.signal) options.signal = opts.signal;
  if (opts.timeout !== undefined) options.timeout = opts.timeout;
  return request({ method, params: { ...params, _meta: declaringMeta(client, opts.meta) } }, AS_IS, options);
}

const carried = (err: unknown): ChildTask | undefined => {
  const e = err as { code?: unknown; data?: { task?: unknown } } | null;
  return e?.code === TASK_CARRIER_CODE && e.data?.task ? (e.data.task as ChildTask) : undefined;
};

/** A task-augmented tools/call: the child's CreateTaskResult, or its ordinary result when it chose not to make a task. */
export async function callToolAsTask(
  client: Client,
  params: { name: string; arguments?: Loose },
  opts: TaskRequestOptions = {},
): Promise<TaskCallReply> {
  try {
    const result = (await send(client, 'tools/call', params, opts)) as Loose;
    return { kind: 'complete', result };
  } catch (err) {
    const task = carried(err);
    if (task) return { kind: 'task', task };
    throw err;
  }
}

/** tasks/get, tasks/update or tasks/cancel to one child, declaring the extension (the child gates them on it). */
export async function taskMethod(
  client: Client,
  method: 'tasks/get' | 'tasks/update' | 'tasks/cancel',
  params: { taskId: string; inputResponses?: Loose },
  opts: TaskRequestOptions = {},
): Promise<Loose> {
  return (await send(client, method, params, opts)) as Loose;
}
