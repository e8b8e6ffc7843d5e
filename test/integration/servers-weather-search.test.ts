// Weather and web-search servers as real children against loopback fakes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  firstText,
  spawnBuiltinServer,
  startBraveFake,
  startOpenMeteoFake,
  startOpenWeatherFake,
  startSearxngFake,
  type BraveFake,
  type OpenMeteoFake,
  type OpenWeatherFake,
  type SearxngFake,
  type SpawnedServer,
} from '../fixtures/vendors/index.js';

const OWM_KEY = 'owmkey0123456789abcdef';
const BRAVE_KEY = 'BSAbraveKey0123456789';
let meteo: OpenMeteoFake;
let owm: OpenWeatherFake;
let brave: BraveFake;
let searx: SearxngFake;
const servers: SpawnedServer[] = [];

async function spawn(file: string, env: Record<string, string>): Promise<SpawnedServer> {
  const s = await spawnBuiltinServer(file, env);
  servers.push(s);
  return s;
}

beforeAll(async () => {
  [meteo, owm, brave, searx] = await Promise.all([
    startOpenMeteoFake(),
    startOpenWeatherFake({ apiKey: OWM_KEY }),
    startBraveFake({ apiKey: BRAVE_KEY }),
    startSearxngFake(),
  ]);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await Promise.all([meteo?.close(), owm?.close(), brave?.close(), searx?.close()]);
});

describe('weather server', () => {
  it('geocodes then reads current weather from Open-Meteo', async () => {
    const s = await spawn('weather.ts', { OPEN_METEO_URL: meteo.baseUrl, OPEN_METEO_GEOCODING_URL: meteo.baseUrl });
    const res = await s.client.callTool({ name: 'get_weather', arguments: { location: 'Berlin' } });
    expect(res.isError).toBeFalsy();
    expect(res.structuredContent).toEqual({
      location: 'Berlin, Land Berlin, Germany',
      temperature: 12.3,
      feels_like: 10.1,
      humidity: 71,
      wind_speed: 4.2,
      description: 'overcast',
      source: 'open-meteo',
      units: 'metric',
    });
    expect(JSON.parse(firstText(res))).toEqual(res.structuredContent);
    const [geo, forecast] = meteo.requests.slice(-2);
    expect(geo).toMatchObject({ path: '/v1/search', query: { name: 'Berlin', count: '1' } });
    expect(forecast.path).toBe('/v1/forecast');
    expect(forecast.query.current).toBe('temperature_2m,apparent_temperature,relative_humidity_2m,wind_speed_10m,weather_code');

    const imperial = await s.client.callTool({ name: 'get_weather', arguments: { location: 'Tokyo', units: 'imperial' } });
    expect(imperial.structuredContent).toMatchObject({ temperature: 69.8, wind_speed: 4.5, description: 'clear sky', units: 'imperial' });

    const missing = await s.client.callTool({ name: 'get_weather', arguments: { location: 'Atlantis' } });
    expect(missing.isError).toBe(true);
    expect(firstText(missing)).toBe('location not found: Atlantis');
  });

  it('uses OpenWeatherMap when WEATHER_API_KEY is set, without leaking the key', async () => {
    const s = await spawn('weather.ts', { WEATHER_API_KEY: OWM_KEY, OPENWEATHER_BASE_URL: owm.baseUrl });
    const res = await s.client.callTool({ name: 'get_weather', arguments: { location: 'London', units: 'metric' } });
    expect(res.structuredContent).toEqual({
      location: 'London, GB',
      temperature: 10.3,
      feels_like: 9.4,
      humidity: 87,
      wind_speed: 4.63,
      description: 'light rain',
      source: 'openweathermap',
      units: 'metric',
    });
    expect(owm.requests.at(-1)!.query).toMatchObject({ q: 'London', units: 'metric', appid: OWM_KEY });
    const missing = await s.client.callTool({ name: 'get_weather', arguments: { location: 'Nowhere' } });
    expect(firstText(missing)).toBe('location not found: Nowhere');

    const wrong = 'owmWRONG0123456789';
    const bad = await spawn('weather.ts', { WEATHER_API_KEY: wrong, OPENWEATHER_BASE_URL: owm.baseUrl });
    const denied = await bad.client.callTool({ name: 'get_weather', arguments: { location: 'London' } });
    expect(denied.isError).toBe(true);
    expect(firstText(denied)).toMatch(/^invalid API key for OpenWeatherMap/);
    expect(JSON.stringify(denied)).not.toContain(wrong);
  });
});

describe('web search server', () => {
  it('searches Brave with the subscription token header', async () => {
    const s = await spawn('web-search.ts', { BRAVE_API_KEY: BRAVE_KEY, BRAVE_BASE_URL: brave.baseUrl });
    const res = await s.client.callTool({ name: 'search_web', arguments: { query: 'mcp servers', num_results: 3 } });
    const { results } = res.structuredContent as { results: Array<{ title: string; url: string; snippet: string }> };
    expect(results).toHaveLength(3);
    expect(results[0]).toEqual({
      title: 'Result 1 for mcp servers',
      url: 'https://example.com/mcp%20servers/1',
      snippet: 'Snippet 1 about mcp servers & more.',
    });
    const req = brave.requests.at(-1)!;
    expect(req.headers['x-subscription-token']).toBe(BRAVE_KEY);
    expect(req.query).toEqual({ q: 'mcp servers', count: '3' });
  });

  it('falls back to SearXNG JSON and trims to num_results', async () => {
    const s = await spawn('web-search.ts', { SEARXNG_URL: searx.baseUrl });
    const res = await s.client.callTool({ name: 'search_web', arguments: { query: 'typescript' } });
    const { results } = res.structuredContent as { results: unknown[] };
    expect(results).toHaveLength(5);
    expect(results[1]).toEqual({
      title: 'SearX 2: typescript',
      url: 'https://searx.example/typescript/2',
      snippet: 'Content 2 for typescript',
    });
    expect(searx.requests.at(-1)!.query).toEqual({ q: 'typescript', format: 'json' });
  });

  it('explains how to configure a provider when none is set', async () => {
    const s = await spawn('web-search.ts', {});
    const res = await s.client.callTool({ name: 'search_web', arguments: { query: 'x' } });
    expect(res.isError).toBe(true);
    expect(firstText(res)).toContain('set BRAVE_API_KEY');
    expect(firstText(res)).toContain('SEARXNG_URL');
  });

  it('rejects out-of-range num_results through the input schema', async () => {
    const s = await spawn('web-search.ts', { SEARXNG_URL: searx.baseUrl });
    const res = await s.client.callTool({ name: 'search_web', arguments: { query: 'x', num_results: 99 } });
    expect(res.isError).toBe(true);
    expect(firstText(res)).toMatch(/num_results/);
  });
});
