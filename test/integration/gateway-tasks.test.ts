// The Tasks extension (SEP-2663) through the real gateway, as far as it goes today: the conformance fixture, which
// implements Tasks, as a 2026-era HTTP child of a real supervisor. The gateway's child connection does not declare the
// extension (and its SDK v2 client could not take a CreateTaskResult: test/integration/fixture-tasks.test.ts), so the
// child falls back: a task-optional tool answers synchronously to 2025 and 2026 clients alike, and a task-required
// tool's -32021 (naming the extension) reaches the client unchanged; the gateway itself has no tasks/* yet. What is
// missing is in README, Protocol eras.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client as Client2025 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as Transport2025 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import * as z from 'zod';
import type { Supervisor } from '../../electron/core/supervisor/supervisor.js';
import { startConformanceFixture, type ConformanceFixture } from '../helpers/conformance-fixture.js';
import { createTestSupervisor, stdioConfig, waitForStatus } from '../fixtures/servers/supervisor-harness.js';
import { startGateway, TEST_TOKEN, type RunningGateway } from './gateway-helpers.js';

const TASKS = 'io.modelcontextprotocol/tasks';
let fixture: ConformanceFixture;
let sup: Supervisor;
let gw: RunningGateway;
const closers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  fixture = await startConformanceFixture();
  sup = createTestSupervisor();
  await sup.setServers([stdioConfig('tasks', '', [], { transport: 'http', command: undefined, url: fixture.url })]);
  await waitForStatus(sup, 'tasks', (s) => s.state === 'running' || s.state === 'failed', 30_000);
  gw = await startGateway(sup);
}, 60_000);

afterAll(async () => {
  await Promise.all(closers.map((c) => c.close()));
  await gw?.gateway.stop();
  await sup?.stopAll();
  await fixture?.close();
});

const headers = { Authorization: `Bearer ${TEST_TOKEN}` };

async function modern(): Promise<Client> {
  const client = new Client(
    { name: 'ide-2026', version: '1.0.0' },
    { capabilities: { extensions: { [TASKS]: {} } }, versionNegotiation: { mode: { pin: '2026-07-28' } } },
  );
  await client.connect(new StreamableHTTPClientTransport(new URL(gw.url), { requestInit: { headers } }));
  closers.push(client);
  return client;
}

async function legacy(): Promise<Client2025> {
  const client = new Client2025({ name: 'ide-2025', version: '1.0.0' });
  await client.connect(new Transport2025(new URL(gw.url), { requestInit: { headers } }));
  closers.push(client);
  return client;
}

describe('a Tasks child behind the gateway', () => {
  it('the child is reached in the 2026 era and speaks Tasks itself', () => {
    const child = sup.get('tasks')!.client;
    expect(child.getServerCapabilities()?.extensions?.[TASKS]).toEqual({});
  });

  it('a task-optional tool answers synchronously to a 2025 client and to a 2026 client', async () => {
    const want = [{ type: 'text', text: 'computed gw after 0s' }];
    const args = { name: 'tasks__slow_compute', arguments: { seconds: 0, label: 'gw' } };
    expect((await (await legacy()).callTool(args)).content).toEqual(want);
    const viaModern = await (await modern()).callTool(args);
    expect(viaModern.content).toEqual(want);
    expect(viaModern).not.toHaveProperty('taskId');
  });

  it("a task-required tool's -32021 reaches the client with the extension it names", async () => {
    const client = await modern();
    await expect(client.callTool({ name: 'tasks__failing_job', arguments: {} })).rejects.toMatchObject({
      code: -32021,
      data: { requiredCapabilities: { extensions: { [TASKS]: {} } } },
    });
  });

  it('the gateway does not advertise the extension, and tasks/get, tasks/update, tasks/cancel are unknown there', async () => {
    const client = await modern();
    expect(client.getServerCapabilities()?.extensions?.[TASKS]).toBeUndefined();
    for (const method of ['tasks/get', 'tasks/update', 'tasks/cancel']) {
      const request = client.request({ method, params: { taskId: 'x', inputResponses: {} } } as never, z.looseObject({}) as never);
      // The SDK's per-request entry answers an unknown method with HTTP 404 and -32601 in the body.
      await expect(request).rejects.toMatchObject({ data: { status: 404, text: expect.stringContaining('"code":-32601') } });
    }
  });
});
