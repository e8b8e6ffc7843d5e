// The control API's HTTP route on a real loopback server: arguments are validated against the
// contract before the core sees them, and an ill-typed call is a 400 BAD_REQUEST naming the argument.
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { controlRoute } from '../../../../electron/core/control/http-api.js';
import { silentLogger, systemClock } from '../../../../electron/core/env.js';
import { recordingApi } from '../../../helpers/recording-api.js';

let server: http.Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  server = null;
});

async function serveRoute() {
  const { api, calls } = recordingApi();
  const route = controlRoute(api, {
    env: { logger: silentLogger, clock: systemClock },
    getServerStatus: () => ({}) as never,
    subscribe: () => () => undefined,
    onTokenRotated: () => () => undefined,
  });
  // Like the gateway: the body is read before the route sees it.
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void route.handle(req, res, Buffer.concat(chunks)));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  const post = async (method: string, body: string) => {
    const r = await fetch(`${base}/${method}`, { method: 'POST', body });
    return { status: r.status, body: (await r.json()) as unknown, nosniff: r.headers.get('x-content-type-options') };
  };
  return { post, calls };
}

describe('control API over HTTP', () => {
  it('refuses POST /api/saveConfig {"args":[null]} as BAD_REQUEST naming args[0]', async () => {
    const { post, calls } = await serveRoute();
    expect(await post('saveConfig', '{"args":[null]}')).toEqual({
      status: 400,
      nosniff: 'nosniff',
      body: { ok: false, error: { code: 'BAD_REQUEST', message: 'saveConfig: args[0]: Invalid input: expected string, received null' } },
    });
    expect((await post('getLogs', '{"args":"memory"}')).body).toMatchObject({
      error: { code: 'BAD_REQUEST', message: 'getLogs: args must be an array' },
    });
    expect((await post('getLogs', '[]')).status).toBe(400);
    expect(calls).toEqual([]);
  });

  it('passes well-typed calls through, and an absent args as no arguments', async () => {
    const { post, calls } = await serveRoute();
    expect(await post('saveConfig', '{"args":["{}"]}')).toMatchObject({ status: 200, body: { ok: true } });
    expect(await post('getStatus', '')).toMatchObject({ status: 200, body: { ok: true } });
    expect(calls).toEqual([
      { method: 'saveConfig', args: ['{}'] },
      { method: 'getStatus', args: [] },
    ]);
  });
});
