// Profiles in the web UI: create one in the editor (checkboxes, read-only toggle, live count),
// then see it in the Connect page's picker with its own URL and count, and on the Tools page.
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { test, expect, type Page } from '@playwright/test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { referenceServers, startServe, tempDir, type ServeHandle } from '../helpers/serve-process.js';

test.describe.configure({ mode: 'serial' });

let h: ServeHandle;
let page: Page;
const byId = (id: string) => page.getByTestId(id);

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  const dir = await tempDir('mcp-orch-e2e-profiles-');
  h = await startServe(
    {
      servers: referenceServers(dir),
      orchestrator: { port: 8000 },
    },
    { dir },
  );
  // axe-core/playwright needs a page from an explicit context.
  page = await (await browser.newContext()).newPage();
  page.on('pageerror', (err) => console.log(`[page error] ${err.message}`));
});

test.afterAll(async () => {
  await page?.close();
  await h?.stop();
});

test('bug 5: Escape leaves the profile editor like Cancel, and focus goes back to the button that opened it', async () => {
  await page.goto(h.uiUrl);
  await expect(byId('connection-state')).toHaveAttribute('data-state', 'open');
  await byId('nav-connect').click();
  await byId('profile-new').click();
  await expect(byId('profile-editor')).toBeVisible();
  await byId('profile-name').fill('never-saved');
  await page.keyboard.press('Escape');
  await expect(byId('profile-editor')).toHaveCount(0);
  await expect(byId('profile-new')).toBeFocused();
  await expect(byId('connect-profile').locator('option', { hasText: 'never-saved' })).toHaveCount(0);
});

test('a profile created in the editor appears in Connect with its URL and count', async () => {
  await page.goto(h.uiUrl);
  await expect(byId('connection-state')).toHaveAttribute('data-state', 'open');
  await byId('nav-connect').click();
  await expect(byId('connect-url')).toHaveText(h.url);
  await byId('profile-new').click();
  await expect(byId('profile-editor')).toBeVisible();
  await byId('profile-name').fill('readers');
  await byId('profile-server-memory').check();
  await expect(byId('profile-count')).toHaveText('9');
  const allTokens = Number(await byId('profile-tokens').textContent());
  await byId('profile-readonly').check();
  await expect(byId('profile-count')).toHaveText('3');
  expect(Number(await byId('profile-tokens').textContent())).toBeLessThan(allTokens);
  // One more tool from another server, then unticked again: the count follows every click.
  await byId('profile-tool-everything__echo').check();
  await expect(byId('profile-count')).toHaveText('4');
  await byId('profile-tool-everything__echo').uncheck();
  await expect(byId('profile-count')).toHaveText('3');
  const estimate = await byId('profile-tokens').textContent();
  await page.screenshot({ path: 'test-results/screenshots/profiles-editor.png', fullPage: true });
  // The editor is only on screen here, so the page-by-page axe scan never sees it.
  const scan = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(scan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await byId('profile-save').click();

  await expect(byId('profile-editor')).toHaveCount(0);
  await expect(byId('connect-profile')).toHaveValue('readers');
  await expect(byId('connect-url')).toHaveText(`${h.url}/readers`);
  await expect(byId('connect-profile-summary')).toContainText('3 tools listed');
  // The editor's live estimate is the size the gateway then reports for the saved profile.
  await expect(byId('connect-profile-summary')).toContainText(`≈${estimate} tokens`);
  for (const id of ['cursor', 'vscode', 'claude-code']) await expect(byId(`snippet-${id}`)).toContainText(`${h.url}/readers`);
  await expect(byId('snippet-claude-desktop')).toContainText(`${h.url}/readers`);

  // Saved through the config file, and served at once.
  const file = JSON.parse(await readFile(h.configPath, 'utf8'));
  expect(file.profiles.readers).toEqual({ servers: ['memory'], read_only: true });
  const client = new Client({ name: 'e2e-ide', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${h.url}/readers`), { requestInit: { headers: { Authorization: `Bearer ${h.token}` } } }),
  );
  expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual([
    'memory__open_nodes',
    'memory__read_graph',
    'memory__search_nodes',
  ]);
  await client.close();

  await page.screenshot({ path: 'test-results/screenshots/profiles-connect.png', fullPage: true });
  await byId('connect-profile').selectOption('');
  await expect(byId('connect-url')).toHaveText(h.url);
});

test("the Tools page shows one profile's view", async () => {
  await byId('nav-tools').click();
  await expect(byId('tools-profile')).toBeVisible();
  await byId('tools-profile').selectOption('readers');
  await expect(byId('tools-count')).toHaveText('3 in profile readers');
  await expect(byId('tool-select').locator('option')).toHaveCount(4); // the placeholder + 3 tools
  await byId('tools-profile').selectOption('');
  await expect(byId('tools-count')).toContainText('tools from running servers');
});

test('a client token for a profile: created in Connect, filled into the snippets, bound to that endpoint, revoked', async () => {
  await byId('nav-connect').click();
  await byId('connect-profile').selectOption('readers');
  await expect(byId('client-create')).toContainText('/mcp/readers');
  await byId('client-name').fill('cursor-e2e');
  await byId('client-create').click();
  const token = (await byId('client-created-token').textContent())!.trim();
  expect(token).toMatch(/^mcpo_/);
  await expect(byId('snippet-cursor')).toContainText(`Bearer ${token}`);
  await expect(byId('snippet-cursor')).toContainText(`${h.url}/readers`);
  await expect(byId('snippet-cursor')).not.toContainText(h.token);
  await expect(byId('client-cursor-e2e')).toContainText('/mcp/readers');
  await page.screenshot({ path: 'test-results/screenshots/connect-client-token.png', fullPage: true });

  // The token works where it is bound and nowhere else.
  const client = new Client({ name: 'e2e-cursor', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${h.url}/readers`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
  );
  expect((await client.listTools()).tools.length).toBe(3);
  await client.close();
  const api = await fetch(`${h.base}/api/getStatus`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{"args":[]}',
  });
  expect(api.status).toBe(403);

  // Picking another endpoint puts the placeholder back: that token would not work there.
  await byId('connect-profile').selectOption('');
  await expect(byId('snippet-cursor')).toContainText('<client token>');

  page.once('dialog', (d) => void d.accept());
  await byId('client-revoke-cursor-e2e').click();
  await expect(byId('client-cursor-e2e')).toHaveCount(0);
  await expect(byId('client-created')).toHaveCount(0);
  const after = await fetch(`${h.url}/readers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
    }),
  });
  expect(after.status).toBe(401);
});
