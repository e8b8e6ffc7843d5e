// Shared setup for the browser tests: loopback vendor fakes, a config that points the
// built-in servers at them, one `serve` process, and a screenshot check that proves the page
// is not blank.
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { EVERYTHING_SERVER, MEMORY_SERVER, ROOT, startServe, type ServeHandle } from '../helpers/serve-process.js';
import { DEFAULT_PLACES, startOpenAiFake, startOpenMeteoFake, type OpenAiFake, type OpenMeteoFake } from '../fixtures/vendors/index.js';

export const OPENAI_KEY = 'sk-e2e-openai-key-0001';
export const LONDON = {
  name: 'London',
  latitude: 51.50853,
  longitude: -0.12574,
  country: 'United Kingdom',
  admin1: 'England',
  temperature: 17.4,
  apparent: 16.2,
  humidity: 64,
  wind: 3.5,
  weatherCode: 2,
};
const SCREENSHOT_DIR = path.join(ROOT, 'test-results', 'screenshots');

export interface UiWorld {
  h: ServeHandle;
  openai: OpenAiFake;
  local: OpenAiFake;
  groq: OpenAiFake;
  meteo: OpenMeteoFake;
  groqKey: string;
  close(): Promise<void>;
}

/** A built-in server entry, run by this checkout's CLI under the current Node. */
function builtin(name: string, extra: Record<string, unknown> = {}) {
  return { command: process.execPath, args: [path.join(ROOT, 'bin', 'mcp-orchestrator.mjs'), 'server', name], ...extra };
}

export async function startWorld(dir: string): Promise<UiWorld> {
  const groqKey = `gsk-e2e-${Math.random().toString(36).slice(2, 12)}`;
  const openai = await startOpenAiFake({ apiKey: OPENAI_KEY });
  const local = await startOpenAiFake({ apiKey: '', models: ['llama3.2'] });
  const groq = await startOpenAiFake({ apiKey: groqKey, models: ['llama-3.1-8b-instant'], pathPrefix: '/openai/v1' });
  const meteo = await startOpenMeteoFake([...DEFAULT_PLACES, LONDON]);
  // One attempt per HTTP call, so a failing vendor fails over at once instead of retrying.
  const fast = { HTTP_MAX_ATTEMPTS: '1', HTTP_TIMEOUT_MS: '10000' };
  const config = {
    servers: {
      memory: {
        name: 'Memory',
        command: process.execPath,
        args: [MEMORY_SERVER],
        env: { MEMORY_FILE_PATH: path.join(dir, 'memory.jsonl') },
      },
      everything: { name: 'Everything', command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'] },
      openai: builtin('openai', { name: 'OpenAI', required_env: ['OPENAI_API_KEY'], env: { ...fast, OPENAI_BASE_URL: openai.baseUrl } }),
      groq: builtin('groq', { name: 'Groq', required_env: ['GROQ_API_KEY'], env: { ...fast, GROQ_BASE_URL: groq.baseUrl } }),
      local_llama: builtin('local_llama', {
        name: 'Local llama',
        env: { ...fast, LOCAL_LLM_BASE_URL: local.baseUrl, LOCAL_LLM_MODEL: 'llama3.2' },
      }),
      weather: builtin('weather', { name: 'Weather', env: { OPEN_METEO_URL: meteo.baseUrl, OPEN_METEO_GEOCODING_URL: meteo.baseUrl } }),
    },
    orchestrator: { port: 8000 },
  };
  // GROQ_API_KEY must not leak in from the developer's shell: the test sets it through the UI.
  const env: Record<string, string> = { OPENAI_API_KEY: OPENAI_KEY, GROQ_API_KEY: '' };
  const closeFakes = () => Promise.all([openai.close(), local.close(), groq.close(), meteo.close()]).then(() => undefined);
  let h: ServeHandle;
  try {
    h = await startServe(config, { dir, env });
  } catch (err) {
    await closeFakes();
    throw err;
  }
  return {
    h,
    openai,
    local,
    groq,
    meteo,
    groqKey,
    close: async () => {
      await h.stop();
      await closeFakes();
    },
  };
}

/** Full-page screenshot to test-results/screenshots/<name>.png, checked for real content. */
export async function snap(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  expect((await stat(file)).size, `${name}.png size`).toBeGreaterThan(10 * 1024);
  const text = await page.evaluate(() => document.body.innerText);
  expect(text.trim().length, `${name} visible text`).toBeGreaterThan(50);
}
