// Built-in MCP server: get_weather. Open-Meteo by default; OpenWeatherMap when WEATHER_API_KEY is set.
// Run: node --import tsx electron/servers/weather.ts
import { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { serveStdio } from './lib/stdio.js';
import { runTool } from './lib/tool-result.js';
import { envSecrets } from './lib/vendor-env.js';
import { getWeather } from './lib/weather-api.js';

const env = process.env;
const server = new McpServer({ name: 'weather', version: '0.1.0' });

server.registerTool(
  'get_weather',
  {
    title: 'Current weather',
    description: 'Current weather for a place name (or "lat,lon"). Metric: °C and m/s; imperial: °F and mph.',
    inputSchema: z.object({
      location: z.string().min(1).max(200).describe('City or place, e.g. "Berlin" or "Paris, FR"'),
      units: z.enum(['metric', 'imperial']).default('metric'),
    }),
    outputSchema: z.object({
      location: z.string(),
      temperature: z.number(),
      feels_like: z.number(),
      humidity: z.number(),
      wind_speed: z.number(),
      description: z.string(),
      source: z.string(),
      units: z.string().optional(),
    }),
    // Reads a public API and changes nothing: agent chat runs it without asking.
    annotations: { readOnlyHint: true, openWorldHint: true },
  },
  async ({ location, units }, ctx) =>
    runTool(envSecrets(env, ['WEATHER_API_KEY']), async () => ({ ...(await getWeather(env, location, units, ctx.mcpReq.signal)) })),
);

await serveStdio(server);
