// The orchestrator's routed tools (chat, embed, search_web, get_weather, list_models) are listed
// only while a running server can serve them, and clients are told when that changes.
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenMeteoFake, type OpenMeteoFake } from '../fixtures/vendors/index.js';
import { control, EVERYTHING_SERVER, startServe, waitFor, type ServeHandle } from '../helpers/serve-process.js';
import type { OrchestratorStatus } from '../../shared/types.js';
import { connectClient } from '../helpers/connect-client.js';

const ROUTED = ['chat', 'embed', 'get_weather', 'list_models', 'search_web'];

describe('router tools follow the servers that can serve them', () => {
  let h: ServeHandle;
  let meteo: OpenMeteoFake;
  let client: Client;
  let listChanged = 0;
  const routedNow = async () =>
    (await client.listTools()).tools
      .map((t) => t.name)
      .filter((n) => ROUTED.includes(n))
      .sort();
  const state = async (id: string) => (await control<OrchestratorStatus>(h, 'getStatus')).value?.servers.find((s) => s.id === id)?.state;

  beforeAll(async () => {
    meteo = await startOpenMeteoFake();
    h = await startServe(
      {
        servers: {
          everything: { command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'] },
          weather: { builtin: 'weather', env: { OPEN_METEO_URL: meteo.baseUrl, OPEN_METEO_GEOCODING_URL: meteo.baseUrl } },
          // Configured but waiting for a key: it cannot serve chat, so chat stays hidden.
          openai: { builtin: 'openai' },
          // Running but without a search provider: it reports itself degraded, so search_web stays hidden.
          web_search: { builtin: 'web_search' },
        },
        orchestrator: { port: 0 },
      },
      { ui: false, env: { OPENAI_API_KEY: '', BRAVE_API_KEY: '', SEARXNG_URL: '' } },
    );
    await waitFor(
      async () => (await state('weather')) === 'running' && (await state('everything')) === 'running',
      'children running',
      60_000,
      100,
    );
    client = await connectClient(h.url, h.token, {
      name: 'listing-test',
      setup: (c) => c.setNotificationHandler('notifications/tools/list_changed', () => void listChanged++),
    });
  }, 90_000);

  afterAll(async () => {
    await client?.close().catch(() => undefined);
    await h?.stop();
    await meteo?.close();
  });

  it('lists get_weather (weather runs) but no chat, embed, search or models tool', async () => {
    const search = await waitFor(
      async () => {
        const s = (await control<OrchestratorStatus>(h, 'getStatus')).value?.servers.find((x) => x.id === 'web_search');
        return s?.state === 'degraded' ? s : undefined;
      },
      'web_search degraded',
      30_000,
      100,
    );
    expect(search?.lastError).toMatch(/no search provider: set BRAVE_API_KEY .* or SEARXNG_URL/);
    expect(
      await waitFor(async () => ((await routedNow()).join() === 'get_weather' ? true : undefined), 'only get_weather listed', 20_000),
    ).toBe(true);
    const r = await client.callTool({ name: 'get_weather', arguments: { location: 'Berlin' } });
    expect(JSON.stringify(r.content)).toContain('Berlin');
  });

  it('drops get_weather when weather stops and brings it back when it runs again, notifying the client', async () => {
    const before = listChanged;
    expect((await control(h, 'stopServer', 'weather')).ok).toBe(true);
    await waitFor(async () => ((await routedNow()).length === 0 ? true : undefined), 'routed tools gone', 20_000);
    await waitFor(() => (listChanged > before ? true : undefined), 'list_changed after stop', 10_000);
    const afterStop = listChanged;
    expect((await control(h, 'startServer', 'weather')).ok).toBe(true);
    await waitFor(async () => ((await routedNow()).join() === 'get_weather' ? true : undefined), 'get_weather back', 30_000);
    await waitFor(() => (listChanged > afterStop ? true : undefined), 'list_changed after start', 10_000);
  }, 60_000);
});
