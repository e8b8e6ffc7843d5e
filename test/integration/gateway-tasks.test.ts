// The Tasks extension (SEP-2663) through the real gateway: the conformance fixture, which implements Tasks, as a
// 2026-era HTTP child of a real supervisor. A 2026 client that declares the extension gets the child's task under a
// gateway id, polls it to its result, cancels it, answers input_required inside it; another credential cannot see
// it; a client without the extension gets -32021 for tasks/* and the synchronous answer for a task-optional tool; a
// 2025 client is served as before. The SDK v2 client (2.4.0) refuses a task reply, so tasks are spoken by raw HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/client';
import type { Supervisor } from '../../electron/core/supervisor/supervisor.js';
import { Gateway } from '../../electron/core/gateway/gateway.js';
import { startConformanceFixture, type ConformanceFixture } from '../helpers/conformance-fixture.js';
import { connectClient } from '../helpers/connect-client.js';
import { call2026, TASKS_EXTENSION as TASKS, type TaskReply } from '../helpers/raw-2026.js';
import { pollFor } from '../helpers/wait.js';
import { createTestSupervisor, stdioConfig, waitForStatus } from '../fixtures/servers/supervisor-harness.js';
import { RecordingRecorder, TEST_TOKEN, testEnv, testSettings } from './gateway-helpers.js';

const OTHER_TOKEN = 'other-client-token-0123456789';
let fixture: ConformanceFixture;
let sup: Supervisor;
let gateway: Gateway;
let url: string;
const audited: { name: string }[] = [];
const closers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  fixture = await startConformanceFixture();
  sup = createTestSupervisor();
  await sup.setServers([stdioConfig('tasks', '', [], { transport: 'http', command: undefined, url: fixture.url })]);
  await waitForStatus(sup, 'tasks', (s) => s.state === 'running' || s.state === 'failed', 30_000);
  const settings = testSettings({});
  gateway = new Gateway({
    env: testEnv(),
    upstreams: sup,
    recorder: new RecordingRecorder(),
    settings: () => settings,
    getToken: () => TEST_TOKEN,
    // A second credential on the same endpoint.
    clients: { verify: async (t) => (t === OTHER_TOKEN ? { name: 'other', profile: null } : undefined) },
    audit: { record: (e) => void audited.push({ name: e.tool }) },
  });
  url = (await gateway.start()).url;
}, 60_000);

afterAll(async () => {
  await Promise.all(closers.map((c) => c.close()));
  await gateway?.stop();
  await sup?.stopAll();
  await fixture?.close();
});

interface Who {
  token?: string;
  tasks?: boolean;
}

/** One raw 2026-07-28 request to the gateway; throws the JSON-RPC error. */
const call = (who: Who, method: string, params: Record<string, unknown>): Promise<TaskReply> =>
  call2026<TaskReply>(url, method, params, {
    token: who.token ?? TEST_TOKEN,
    clientName: 'ide-2026',
    capabilities: who.tasks === false ? {} : { extensions: { [TASKS]: {} } },
  });

const ME: Who = {};
const settled = async (taskId: string, who: Who = ME): Promise<TaskReply> =>
  (await pollFor(
    async () => {
      const t = await call(who, 'tasks/get', { taskId });
      return t.status === 'working' || t.status === 'input_required' ? undefined : t;
    },
    `task ${taskId} to settle`,
    15_000,
  ))!;

async function task(name: string, args: Record<string, unknown>, who: Who = ME): Promise<string> {
  const created = await call(who, 'tools/call', { name, arguments: args });
  expect(created.resultType).toBe('task');
  return created.taskId!;
}

describe('Tasks through the gateway (2026 client, 2026 child)', () => {
  it('the gateway advertises the extension in server/discover when a child of the view does', async () => {
    const discovered = await call(ME, 'server/discover', {});
    expect((discovered.capabilities as { extensions?: Record<string, unknown> }).extensions?.[TASKS]).toEqual({});
  });

  it('a task is created under a gateway id, polled to completion with its result; the audit saw the call', async () => {
    const created = await call(ME, 'tools/call', { name: 'tasks__slow_compute', arguments: { seconds: 0, label: 'gw' } });
    expect(created).toMatchObject({ resultType: 'task', status: 'working', taskId: expect.any(String) });
    const done = await settled(created.taskId!);
    expect(done).toMatchObject({ taskId: created.taskId, status: 'completed' });
    expect(done.result?.content?.[0]?.text).toBe('computed gw after 0s');
    expect(audited.some((e) => e.name.includes('slow_compute'))).toBe(true);
  });

  it('the id is the gateway’s own: it does not reach the child as such', async () => {
    const id = await task('tasks__slow_compute', { seconds: 0 });
    // The child's ids are UUIDs; a gateway id is 24 base64url characters.
    expect(id).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });

  it('tasks/cancel cancels the child’s task', async () => {
    const id = await task('tasks__slow_compute', { seconds: 60 });
    const ack = await call(ME, 'tasks/cancel', { taskId: id });
    expect(ack.resultType).toBe('complete');
    expect((await call(ME, 'tasks/get', { taskId: id })).status).toBe('cancelled');
  });

  it('a failing job completes with isError; a protocol error fails the task', async () => {
    const failing = await settled(await task('tasks__failing_job', {}));
    expect(failing).toMatchObject({ status: 'completed', result: { isError: true } });
    const crashed = await settled(await task('tasks__protocol_error_job', {}));
    expect(crashed).toMatchObject({ status: 'failed', error: { message: 'the job crashed' } });
  });

  it('input_required inside a task is answered by tasks/update', async () => {
    const id = await task('tasks__confirm_delete', { filename: 'a.txt' });
    const asking = (await pollFor(
      async () => {
        const t = await call(ME, 'tasks/get', { taskId: id });
        return t.status === 'input_required' ? t : undefined;
      },
      'the task to ask',
      15_000,
    ))!;
    expect(Object.keys(asking.inputRequests!)).toEqual(['confirm']);
    await call(ME, 'tasks/update', { taskId: id, inputResponses: { confirm: { action: 'accept', content: { confirm: true } } } });
    expect((await settled(id)).result?.content?.[0]?.text).toBe('deleted a.txt');
  });

  it('another credential cannot see, update or cancel the task (-32602, as unknown)', async () => {
    const id = await task('tasks__slow_compute', { seconds: 60 });
    const other: Who = { token: OTHER_TOKEN };
    for (const method of ['tasks/get', 'tasks/update', 'tasks/cancel'])
      await expect(call(other, method, { taskId: id, inputResponses: {} })).rejects.toMatchObject({ code: -32602 });
    expect((await call(ME, 'tasks/get', { taskId: id })).status).toBe('working');
    await call(ME, 'tasks/cancel', { taskId: id });
  });

  it('an unknown id is -32602', async () => {
    await expect(call(ME, 'tasks/get', { taskId: 'no-such-task' })).rejects.toMatchObject({ code: -32602 });
  });

  it('without the extension: tasks/* answer -32021, a task-optional tool answers synchronously, a required one -32021', async () => {
    const plain: Who = { tasks: false };
    await expect(call(plain, 'tasks/get', { taskId: 'x' })).rejects.toMatchObject({ code: -32021 });
    const sync = await call(plain, 'tools/call', { name: 'tasks__slow_compute', arguments: { seconds: 0, label: 'sync' } });
    expect(sync.content).toEqual([{ type: 'text', text: 'computed sync after 0s' }]);
    await expect(call(plain, 'tools/call', { name: 'tasks__failing_job', arguments: {} })).rejects.toMatchObject({ code: -32021 });
  });

  it('a 2025 client is served as before: the task-optional tool answers synchronously', async () => {
    // The SDK v2 client in its default (legacy) negotiation: a 2025 session.
    const client = await connectClient(url, TEST_TOKEN, { name: 'ide-2025' });
    closers.push(client);
    expect(client.getNegotiatedProtocolVersion()).toBe(LATEST_PROTOCOL_VERSION);
    const res = await client.callTool({ name: 'tasks__slow_compute', arguments: { seconds: 0, label: 'old' } });
    expect(res.content).toEqual([{ type: 'text', text: 'computed old after 0s' }]);
  });
});
