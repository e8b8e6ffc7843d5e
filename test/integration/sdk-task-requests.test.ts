// The seam's Tasks requests (electron/core/sdk/task-requests.ts) against the conformance fixture, which implements
// the extension, as a real child process reached by the seam's own SDK v2 client pinned to 2026-07-28. Also the
// contract: the SDK itself still refuses a task reply, which is why the seam carries it (drop the carrier the day
// this fails).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, StreamableHTTPClientTransport } from '../../electron/core/sdk/client.js';
import { callToolAsTask, taskMethod, type ChildTask } from '../../electron/core/sdk/task-requests.js';
import { startConformanceFixture, type ConformanceFixture } from '../helpers/conformance-fixture.js';
import { pollFor } from '../helpers/wait.js';

const TASKS = 'io.modelcontextprotocol/tasks';
let fixture: ConformanceFixture;
let client: Client;

beforeAll(async () => {
  fixture = await startConformanceFixture();
  // Like the supervisor's child connection: no extension declared on the connection itself.
  client = new Client({ name: 'seam-tasks', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
  await client.connect(new StreamableHTTPClientTransport(new URL(fixture.url)));
}, 30_000);

afterAll(async () => {
  await client?.close();
  await fixture?.close();
});

type Detailed = ChildTask & { result?: { content?: { text?: string }[]; isError?: boolean }; error?: { message: string } };
const settled = async (taskId: string): Promise<Detailed> =>
  (await pollFor(
    async () => {
      const t = (await taskMethod(client, 'tasks/get', { taskId })) as Detailed;
      return t.status === 'working' || t.status === 'input_required' ? undefined : t;
    },
    `task ${taskId} to settle`,
    10_000,
  ))!;

describe('the SDK seam: Tasks toward a 2026 child', () => {
  it('contract: the SDK v2 client alone refuses a task reply (the seam carries it until the SDK supports it)', async () => {
    const plain = new Client(
      { name: 'plain', version: '1.0.0' },
      {
        capabilities: { extensions: { [TASKS]: {} } },
        versionNegotiation: { mode: { pin: '2026-07-28' } },
      },
    );
    await plain.connect(new StreamableHTTPClientTransport(new URL(fixture.url)));
    try {
      await expect(plain.callTool({ name: 'slow_compute', arguments: { seconds: 0 } })).rejects.toThrow(/Unsupported result type 'task'/);
    } finally {
      await plain.close();
    }
  });

  it('a task-augmented tools/call returns the CreateTaskResult; polled to completion with the result', async () => {
    const reply = await callToolAsTask(client, { name: 'slow_compute', arguments: { seconds: 0, label: 'seam' } });
    expect(reply.kind).toBe('task');
    const task = (reply as { task: ChildTask }).task;
    expect(task).toMatchObject({ taskId: expect.any(String), status: 'working' });
    expect(task).not.toHaveProperty('resultType');
    const done = await settled(task.taskId);
    expect(done.status).toBe('completed');
    expect(done.result?.content?.[0]?.text).toBe('computed seam after 0s');
  });

  it('tasks/cancel settles a running task as cancelled', async () => {
    const reply = await callToolAsTask(client, { name: 'slow_compute', arguments: { seconds: 60 } });
    const { taskId } = (reply as { task: ChildTask }).task;
    await taskMethod(client, 'tasks/cancel', { taskId });
    expect((await taskMethod(client, 'tasks/get', { taskId })).status).toBe('cancelled');
  });

  it('tasks/update answers input_required inside a task', async () => {
    const reply = await callToolAsTask(client, { name: 'confirm_delete', arguments: { filename: 'a.txt' } });
    const { taskId } = (reply as { task: ChildTask }).task;
    const asking = await pollFor(
      async () => {
        const t = await taskMethod(client, 'tasks/get', { taskId });
        return t.status === 'input_required' ? t : undefined;
      },
      'the task to ask',
      10_000,
    );
    expect(Object.keys(asking!.inputRequests as object)).toEqual(['confirm']);
    await taskMethod(client, 'tasks/update', { taskId, inputResponses: { confirm: { action: 'accept', content: { confirm: true } } } });
    expect((await settled(taskId)).result?.content?.[0]?.text).toBe('deleted a.txt');
  });

  it('a plain tool gives its ordinary result, and ordinary requests on the same client are untouched', async () => {
    const reply = await callToolAsTask(client, { name: 'greet', arguments: { name: 'x' } });
    expect(reply).toMatchObject({ kind: 'complete', result: { content: [{ type: 'text', text: 'Hello, x!' }] } });
    const sync = await client.callTool({ name: 'slow_compute', arguments: { seconds: 0 } });
    expect(sync.content).toEqual([{ type: 'text', text: 'computed result after 0s' }]);
  });

  it('an unknown task id is the child’s -32602', async () => {
    await expect(taskMethod(client, 'tasks/get', { taskId: 'nope' })).rejects.toMatchObject({ code: -32602 });
  });
});
