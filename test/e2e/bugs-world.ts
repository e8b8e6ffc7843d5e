// A smaller world for the issue-23 bug tests: memory and everything as real children, the weather
// and openai built-ins pointed at loopback fakes. Unlike startWorld it can stop its `serve` and start
// a new one on the same port, data dir and keychain service, as a user restarting the app would.
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { ROOT, referenceServers, startServe, type ServeHandle } from '../helpers/serve-process.js';
import { DEFAULT_PLACES, startOpenAiFake, startOpenMeteoFake, type OpenAiFake, type OpenMeteoFake } from '../fixtures/vendors/index.js';
import { LONDON, OPENAI_KEY } from './ui-setup.js';

export const RUNNING_IDS = ['memory', 'everything', 'openai', 'weather'];

export interface BugsWorld {
  h: ServeHandle;
  openai: OpenAiFake;
  meteo: OpenMeteoFake;
  /** Stops the current serve (SIGINT, as Ctrl-C would) and waits for it to exit. */
  stopServe(): Promise<void>;
  /** Starts a new serve on the same port, data dir and keychain; `h` then points at it. */
  restartServe(): Promise<ServeHandle>;
  close(): Promise<void>;
}

function builtin(name: string, extra: Record<string, unknown>) {
  return { command: process.execPath, args: [path.join(ROOT, 'bin', 'mcp-orchestrator.mjs'), 'server', name], ...extra };
}

export async function startBugsWorld(dir: string): Promise<BugsWorld> {
  const openai = await startOpenAiFake({ apiKey: OPENAI_KEY });
  const meteo = await startOpenMeteoFake([...DEFAULT_PLACES, LONDON]);
  const fast = { HTTP_MAX_ATTEMPTS: '1', HTTP_TIMEOUT_MS: '10000' };
  const config = {
    servers: {
      ...referenceServers(dir),
      // One disabled tool, so a count of every listed tool and a count of the callable ones differ.
      everything: { ...referenceServers(dir).everything, disabled_tools: ['get-env'] },
      openai: builtin('openai', { name: 'OpenAI', required_env: ['OPENAI_API_KEY'], env: { ...fast, OPENAI_BASE_URL: openai.baseUrl } }),
      weather: builtin('weather', { name: 'Weather', env: { OPEN_METEO_URL: meteo.baseUrl, OPEN_METEO_GEOCODING_URL: meteo.baseUrl } }),
    },
    orchestrator: { port: 8000 },
  };
  const closeFakes = () => Promise.all([openai.close(), meteo.close()]).then(() => undefined);
  let h: ServeHandle;
  try {
    h = await startServe(config, { dir, env: { OPENAI_API_KEY: OPENAI_KEY } });
  } catch (err) {
    await closeFakes();
    throw err;
  }
  const world: BugsWorld = {
    h,
    openai,
    meteo,
    stopServe: async () => {
      await world.h.stop();
    },
    restartServe: async () => {
      const port = Number(new URL(world.h.base).port);
      // The same env carries the same keychain service, so the token (and the page's session) stays valid.
      world.h = await startServe(config, { dir, env: world.h.env, port });
      return world.h;
    },
    close: async () => {
      await world.h.stop();
      await closeFakes();
    },
  };
  return world;
}

/** Opens the UI signed in and waits until every server is running. */
export async function openSignedIn(page: Page, h: ServeHandle): Promise<void> {
  await page.goto(h.uiUrl);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
  await page.getByTestId('nav-servers').click();
  for (const id of RUNNING_IDS) {
    await expect(page.getByTestId(`server-state-${id}`)).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  }
}
