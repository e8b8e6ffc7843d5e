// The web UI end to end: a real `serve` process with real child servers (built-ins pointed at
// loopback vendor fakes), driven through Debian's Chromium. One serve for the file; the tests
// run in order and build on each other (groq gets its key in the secrets test, and so on).
import { readFile } from 'node:fs/promises';
import { test, expect, type Page } from '@playwright/test';
import { control, tempDir, type ServeHandle } from '../helpers/serve-process.js';
import { snap, startWorld, type UiWorld } from './ui-setup.js';

test.describe.configure({ mode: 'serial' });

const SERVER_IDS = ['memory', 'everything', 'openai', 'groq', 'local_llama', 'weather'];

let world: UiWorld;
let h: ServeHandle;
let page: Page;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  world = await startWorld(await tempDir('mcp-orch-e2e-'));
  h = world.h;
  page = await browser.newPage();
  // Surface page crashes in the test output instead of a silent timeout.
  page.on('pageerror', (err) => console.log(`[page error] ${err.message}`));
});

test.afterAll(async () => {
  // The key went to a per-run keychain service; remove it so no keyring keeps test entries.
  if (h) await control(h, 'deleteSecret', 'GROQ_API_KEY').catch(() => undefined);
  await page?.close();
  await world?.close();
});

const byId = (id: string) => page.getByTestId(id);

async function openView(view: string): Promise<void> {
  await byId(`nav-${view}`).click();
  await expect(byId(`view-${view}`)).toBeVisible();
}

test('opens signed in, live, with every server in its state', async () => {
  await page.goto(h.uiUrl);
  await expect(byId('connection-state')).toHaveAttribute('data-state', 'open');
  await expect(byId('connection-state')).toHaveText('live');
  await expect(byId('token-gate')).toHaveCount(0);
  // The token moves from the fragment into session storage and leaves the address bar.
  expect(page.url()).not.toContain('token=');

  await openView('servers');
  for (const id of SERVER_IDS) await expect(byId(`server-row-${id}`)).toBeVisible();
  for (const id of ['memory', 'everything', 'openai', 'local_llama', 'weather']) {
    await expect(byId(`server-state-${id}`)).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  }
  await expect(byId('server-state-groq')).toHaveAttribute('data-state', 'stopped');
  await expect(byId('server-row-groq')).toContainText('Missing: GROQ_API_KEY');
  await expect(byId('header-totals')).toContainText('5/6 running');
  await expect(byId('health-dot')).toHaveAttribute('data-health', 'ok');
  await snap(page, '01-servers-initial');
});

test('chat answers through openai, then fails over to local_llama when openai breaks', async () => {
  await openView('chat');
  await expect(byId('chat-vendor-select')).toHaveValue('auto');
  const turns = byId('chat-conversation').locator('article.turn');

  await byId('chat-input').fill('hello');
  await byId('chat-send').click();
  const first = turns.nth(0);
  await expect(first.getByTestId('chat-answer')).toHaveAttribute('data-done', 'true', { timeout: 30_000 });
  await expect(first.getByTestId('chat-answer')).toContainText('echo: hello');
  await expect(first.getByTestId('chat-vendor')).toHaveText('openai');
  await expect(first.getByTestId('chat-latency')).toHaveText(/\d/);
  await expect(first.getByTestId('chat-tokens')).toContainText(/\d+ in · \d+ out · \d+ total tokens/);
  await expect(first.getByTestId('chat-failover')).toHaveCount(0);

  world.openai.setMode('500');
  try {
    await byId('chat-input').fill('still there?');
    await byId('chat-send').click();
    const second = turns.nth(1);
    await expect(second.getByTestId('chat-answer')).toHaveAttribute('data-done', 'true', { timeout: 30_000 });
    await expect(second.getByTestId('chat-vendor')).toHaveText('local_llama');
    await expect(second.getByTestId('chat-answer')).toContainText('echo: still there?');
    await expect(second.getByTestId('chat-failover')).toContainText('openai');
    expect(world.local.requests.some((r) => r.path.endsWith('/chat/completions'))).toBe(true);
    await snap(page, '02-chat-failover');
  } finally {
    world.openai.setMode('ok');
  }
});

test('weather for London shows the fake forecast', async () => {
  await openView('weather');
  await byId('weather-input').fill('London');
  await byId('weather-submit').click();
  await expect(byId('weather-card')).toBeVisible({ timeout: 30_000 });
  await expect(byId('weather-location')).toContainText('London');
  await expect(byId('weather-temp')).toHaveText('17.4°C');
  await expect(byId('weather-feels')).toHaveText('16.2°C');
  await expect(byId('weather-humidity')).toHaveText('64%');
  await expect(byId('weather-source')).toContainText('open-meteo');
  await expect(byId('weather-error')).toHaveCount(0);
  expect(world.meteo.requests.some((r) => r.path === '/v1/forecast')).toBe(true);
  await snap(page, '03-weather');
});

test('stopping and starting a server updates its badge', async () => {
  await openView('servers');
  const state = byId('server-state-everything');
  await expect(state).toHaveAttribute('data-state', 'running');
  await byId('server-stop-everything').click();
  await expect(state).toHaveAttribute('data-state', 'stopped');
  await expect(byId('server-start-everything')).toBeEnabled();
  await byId('server-start-everything').click();
  await expect(state).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  await expect(byId('server-uptime-everything')).not.toHaveText('—');
  await snap(page, '04-servers-restarted');
});

test('a key saved in the UI starts groq and is never shown back', async () => {
  await openView('servers');
  await byId('server-expand-groq').click();
  const status = byId('env-status-groq-GROQ_API_KEY');
  const input = byId('env-input-groq-GROQ_API_KEY');
  await expect(status).toHaveAttribute('data-present', 'false');
  await expect(input).toHaveAttribute('type', 'password');

  await input.fill(world.groqKey);
  await byId('env-save-groq-GROQ_API_KEY').click();
  await expect(status).toHaveAttribute('data-present', 'true');
  await expect(status).toContainText('keychain');
  await expect(input).toHaveValue('');
  await expect(byId('server-state-groq')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });

  const html = await page.content();
  const text = await page.evaluate(() => document.body.innerText);
  expect(html).not.toContain(world.groqKey);
  expect(text).not.toContain(world.groqKey);
  const apiStatus = await control(h, 'getStatus');
  expect(apiStatus.ok).toBe(true);
  expect(JSON.stringify(apiStatus)).not.toContain(world.groqKey);
  // The key really reached the child: groq lists models from its fake with it.
  const listed = await control(h, 'callTool', 'groq__list_models', {});
  expect(JSON.stringify(listed)).toContain('llama-3.1-8b-instant');
  expect(JSON.stringify(listed)).not.toContain(world.groqKey);
  await snap(page, '05-secrets-groq');
});

test('an invalid config is reported with its path and never reaches the file', async () => {
  const before = await readFile(h.configPath);
  await openView('config');
  const editor = byId('config-editor');
  const issues = byId('config-issues');
  await expect(issues).toHaveAttribute('data-valid', 'true');
  await expect(byId('config-path')).toContainText(h.configPath);
  const doc = JSON.parse(await editor.inputValue()) as { servers: Record<string, Record<string, unknown>> };

  doc.servers.everything.command = 42;
  await editor.fill(JSON.stringify(doc, null, 2));
  await expect(issues).toHaveAttribute('data-valid', 'false');
  await expect(issues).toContainText(/everything.*command/);
  await expect(byId('config-save')).toBeDisabled();

  await editor.fill('{\n  "servers": {\n    "memory": {,\n  }\n}');
  await expect(issues).toHaveAttribute('data-valid', 'false');
  await expect(issues).toContainText(/JSON|syntax/i);
  await expect(byId('config-save')).toBeDisabled();
  await snap(page, '06-config-invalid');

  expect((await readFile(h.configPath)).equals(before)).toBe(true);
  // Leave the editor clean for whoever comes next (Revert asks first: accept).
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Revert' }).click();
  await expect(issues).toHaveAttribute('data-valid', 'true');
  expect((await readFile(h.configPath)).equals(before)).toBe(true);
});

test('the tools explorer calls everything__echo', async () => {
  await openView('tools');
  await byId('tool-filter').fill('echo');
  await byId('tool-select').selectOption('everything__echo');
  await expect(byId('tool-description')).not.toBeEmpty();
  await expect(byId('tool-schema')).toContainText('message');
  // The form is generated from the schema; the raw JSON view shows the same arguments.
  await byId('arg-message').fill('e2e');
  await byId('tool-args-mode').click();
  await expect(byId('tool-args')).toHaveValue(/"message": "e2e"/);
  await byId('tool-call').click();
  await expect(byId('tool-result')).toContainText('e2e', { timeout: 30_000 });
  await expect(byId('tool-result')).toHaveAttribute('data-is-error', 'false');
  await expect(byId('tool-error')).toHaveCount(0);
  // The call went through the core and was counted against its server.
  const status = await control<{ servers: Array<{ id: string; calls: number }> }>(h, 'getStatus');
  expect(status.value?.servers.find((s) => s.id === 'everything')?.calls).toBeGreaterThanOrEqual(1);
  await snap(page, '07-tools-echo');
});

test('the connect panel shows the endpoint, keeps the admin token masked and out of every snippet', async () => {
  await openView('connect');
  await expect(byId('connect-url')).toHaveText(h.url);
  for (const id of ['cursor', 'vscode', 'claude-code']) {
    await expect(byId(`snippet-${id}`)).toContainText(h.url);
    await expect(byId(`snippet-${id}`)).toContainText('<client token>');
  }
  await expect(byId('snippet-claude-desktop')).toContainText('mcpServers');
  await expect(byId('connect-token')).not.toContainText(h.token);
  await expect(byId('connect-token')).toContainText(`•${h.token.slice(-4)}`);
  await snap(page, '08-connect-masked');

  await byId('connect-token-reveal').click();
  await expect(byId('connect-token')).toHaveText(h.token);
  for (const id of ['claude-desktop', 'cursor', 'vscode', 'claude-code']) await expect(byId(`snippet-${id}`)).not.toContainText(h.token);
  await byId('connect-token-reveal').click();
  await expect(byId('connect-token')).not.toContainText(h.token);
});

test('the control API refuses missing tokens and foreign origins', async ({ browser }) => {
  const api = `${h.base}/api/getStatus`;
  const body = JSON.stringify({ args: [] });
  const json = { 'content-type': 'application/json' };
  const noToken = await fetch(api, { method: 'POST', headers: json, body });
  expect(noToken.status).toBe(401);
  const wrongToken = await fetch(api, { method: 'POST', headers: { ...json, authorization: 'Bearer nope' }, body });
  expect(wrongToken.status).toBe(401);
  const evil = await fetch(api, {
    method: 'POST',
    headers: { ...json, authorization: `Bearer ${h.token}`, origin: 'http://evil.example' },
    body,
  });
  expect(evil.status).toBe(403);
  expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  const good = await fetch(api, { method: 'POST', headers: { ...json, authorization: `Bearer ${h.token}` }, body });
  expect(good.status).toBe(200);

  // A browser without the token sees the gate, not the data.
  const stranger = await browser.newPage();
  try {
    await stranger.goto(`${h.base}/`);
    await expect(stranger.getByTestId('token-gate')).toBeVisible();
    await expect(stranger.getByTestId('server-list')).toHaveCount(0);
  } finally {
    await stranger.close();
  }
  await openView('servers');
  await snap(page, '09-security-servers');
});
