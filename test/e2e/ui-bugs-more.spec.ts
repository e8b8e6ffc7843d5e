// Issue 23, bug 6, more of the smaller ones: the chat page offered local_llama as a vendor while no model server ran
// (it is degraded) and listed a model twice when two vendors serve the same id; a tab opened with ctrl-click lost
// the token. Real serve, openai and groq built-ins on loopback fakes that both list "shared-model", and local_llama
// with no model server to find.
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ROOT, startServe, tempDir, type ServeHandle } from '../helpers/serve-process.js';
import { startOpenAiFake, type OpenAiFake } from '../fixtures/vendors/index.js';

test.describe.configure({ mode: 'serial' });

let h: ServeHandle;
let page: Page;
let fakes: OpenAiFake[] = [];
const byId = (id: string) => page.getByTestId(id);
const builtin = (name: string, extra: Record<string, unknown>) => ({
  command: process.execPath,
  args: [path.join(ROOT, 'bin', 'mcp-orchestrator.mjs'), 'server', name],
  ...extra,
});

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  const openai = await startOpenAiFake({ apiKey: 'sk-vendors-e2e', models: ['gpt-4o-mini', 'shared-model'] });
  const groq = await startOpenAiFake({
    apiKey: 'gsk-vendors-e2e',
    models: ['shared-model', 'llama-3.1-8b-instant'],
    pathPrefix: '/openai/v1',
  });
  fakes = [openai, groq];
  const dir = await tempDir('mcp-orch-e2e-vendors-');
  const config = {
    servers: {
      openai: builtin('openai', { required_env: ['OPENAI_API_KEY'], env: { OPENAI_BASE_URL: openai.baseUrl } }),
      groq: builtin('groq', { required_env: ['GROQ_API_KEY'], env: { GROQ_BASE_URL: groq.baseUrl } }),
      // Probes Ollama's, LM Studio's and llama.cpp's loopback ports, where nothing listens here, so it runs
      // degraded: "no local model server found".
      local_llama: builtin('local_llama', {}),
    },
  };
  h = await startServe(config, { dir, env: { OPENAI_API_KEY: 'sk-vendors-e2e', GROQ_API_KEY: 'gsk-vendors-e2e' } });
  page = await (await browser.newContext()).newPage();
  await page.goto(h.uiUrl);
});

test.afterAll(async () => {
  await page?.close();
  await h?.stop();
  await Promise.all(fakes.map((f) => f.close()));
});

test('bug 6: local_llama without a model server is not offered as a vendor, and a model two vendors list is listed once', async () => {
  await byId('nav-chat').click();
  const local = byId('chat-vendor-select').locator('option[value="local_llama"]');
  await expect(local).toHaveAttribute('data-usable', 'false');
  await expect(local).toBeDisabled();
  await expect(byId('chat-vendor-select').locator('option[value="openai"]')).toBeEnabled();
  await expect(byId('chat-model-select').locator('option[value="shared-model"]')).toHaveCount(1);
  await expect(byId('chat-model-select').locator('option[value="llama-3.1-8b-instant"]')).toHaveCount(1);
  await expect(byId('chat-model-select').locator('option[value="gpt-4o-mini"]')).toHaveCount(1);
});

test('bug 6: a new tab of the UI (ctrl-click, no opener) is signed in while another tab is; alone, it asks for the token', async ({
  browser,
}) => {
  // The first page took the token from its URL; a new tab in the same browser opens a plain link to a page.
  await expect(byId('nav-servers')).toBeVisible();
  const tab = await page.context().newPage();
  try {
    await tab.goto(`${h.base}/#/servers`);
    await expect(tab.getByTestId('server-state-openai')).toBeVisible();
    await expect(tab.getByTestId('token-gate')).toHaveCount(0);
  } finally {
    await tab.close();
  }
  // Another browser profile has no tab to ask: the sign-in page, and nothing stored on disk for it.
  const stranger = await (await browser.newContext()).newPage();
  try {
    await stranger.goto(`${h.base}/#/servers`);
    await expect(stranger.getByTestId('token-gate')).toBeVisible();
    expect(await stranger.evaluate(() => Object.keys(localStorage))).toEqual([]);
  } finally {
    await stranger.close();
  }
});
