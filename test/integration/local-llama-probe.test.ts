// local_llama with neither LOCAL_LLM_BASE_URL nor MODEL_PATH, under the real supervisor: degraded
// with "no local model server found (tried …)" until a probed server answers, then running, and
// the routed `chat` tool appears only then.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, describe, expect, it } from 'vitest';
import type { OrchestratorStatus, ServerStatus } from '../../shared/types.js';
import { control, startServe, waitFor, type ServeHandle } from '../helpers/serve-process.js';

function modelServer(): http.Server {
  return http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/models') return void res.end(JSON.stringify({ object: 'list', data: [{ id: 'probe-me', object: 'model' }] }));
    res.statusCode = 404;
    res.end('{}');
  });
}

describe('local_llama finds a local model server by itself', () => {
  let h: ServeHandle | undefined;
  let server: http.Server | undefined;
  let client: Client | undefined;

  afterAll(async () => {
    await client?.close().catch(() => undefined);
    await h?.stop();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
  });

  it('is degraded naming what it tried, then running once a server answers', async () => {
    // Reserve a free port, then free it: nothing listens there until the second half of the test.
    server = modelServer();
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise((r) => server!.close(r));
    const probeUrl = `http://127.0.0.1:${port}/v1`;

    h = await startServe(
      { servers: { local_llama: { builtin: 'local_llama' } }, orchestrator: { port: 0 } },
      { ui: false, env: { LOCAL_LLM_PROBE_URLS: probeUrl, LOCAL_LLM_PROBE_INTERVAL_MS: '200' } },
    );
    const local = async (): Promise<ServerStatus | undefined> =>
      (await control<OrchestratorStatus>(h!, 'getStatus')).value?.servers.find((s) => s.id === 'local_llama');
    const degraded = await waitFor(
      async () => {
        const s = await local();
        return s?.state === 'degraded' ? s : undefined;
      },
      'local_llama degraded',
      30_000,
      100,
    );
    expect(degraded?.lastError).toBe(
      `no local model server found (tried local server at ${probeUrl}); start one, or set LOCAL_LLM_BASE_URL or MODEL_PATH`,
    );

    client = new Client({ name: 'probe-test', version: '0.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(h.url), { requestInit: { headers: { authorization: `Bearer ${h.token}` } } }),
    );
    const names = async () => (await client!.listTools()).tools.map((t) => t.name);
    expect(await names()).toContain('local_llama__local_chat');
    expect(await names()).not.toContain('chat');

    server = modelServer();
    await new Promise<void>((r) => server!.listen(port, '127.0.0.1', r));
    const running = await waitFor(
      async () => {
        const s = await local();
        return s?.state === 'running' ? s : undefined;
      },
      'local_llama running after the server appeared',
      30_000,
      100,
    );
    expect(running?.lastError).toBeNull();
    await waitFor(async () => ((await names()).includes('chat') ? true : undefined), 'chat listed', 15_000);
    const models = await client.callTool({ name: 'list_models', arguments: {} });
    expect(JSON.stringify(models.content)).toContain('probe-me');
  }, 90_000);
});
