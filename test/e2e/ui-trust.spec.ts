// Issue 9, one test per reported bug plus the new behaviour: a real `serve` with real children and
// loopback vendor fakes, driven in Chromium. The tests run in order on one serve and leave it as
// they found it (servers running, config unchanged) unless a later test says otherwise.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test, expect, type Page, type Request } from '@playwright/test';
import { control, ROOT, startServe, tempDir, type ServeHandle } from '../helpers/serve-process.js';
import { snap, startWorld, type UiWorld } from './ui-setup.js';

test.describe.configure({ mode: process.env.E2E_DEV ? 'default' : 'serial' });

let world: UiWorld;
let h: ServeHandle;
let page: Page;
const byId = (id: string) => page.getByTestId(id);

interface Status {
  servers: Array<{ id: string; state: string; calls: number; probes?: number; errors: number; restarts: number; toolCount: number }>;
  totals: { tools: number };
}
const status = async () => (await control<Status>(h, 'getStatus')).value!;
const server = async (id: string) => (await status()).servers.find((s) => s.id === id)!;

async function openView(view: string): Promise<void> {
  await byId(`nav-${view}`).click();
  await expect(byId(`view-${view}`)).toBeVisible();
}

async function waitState(id: string, state: string): Promise<void> {
  await expect(byId(`server-state-${id}`)).toHaveAttribute('data-state', state, { timeout: 30_000 });
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  world = await startWorld(await tempDir('mcp-orch-e2e-trust-'));
  h = world.h;
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on('pageerror', (err) => console.log(`[page error] ${err.message}`));
  await page.goto(h.uiUrl);
  await expect(byId('connection-state')).toHaveAttribute('data-state', 'open');
  await openView('servers');
  for (const id of ['memory', 'everything', 'openai', 'local_llama', 'weather']) await waitState(id, 'running');
});

test.afterAll(async () => {
  if (h) await control(h, 'deleteSecret', 'GROQ_API_KEY').catch(() => undefined);
  await page?.close();
  await world?.close();
});

test('bug 7: without a token the sign-in page sends no request; a wrong token is called rejected', async ({ browser }) => {
  const stranger = await browser.newPage();
  const api: Request[] = [];
  stranger.on('request', (r) => {
    if (r.url().includes('/api/')) api.push(r);
  });
  try {
    await stranger.goto(`${h.base}/`);
    await expect(stranger.getByTestId('token-gate')).toHaveAttribute('data-reason', 'missing');
    await expect(stranger.getByTestId('token-gate-reason')).toContainText('needs');
    expect(api).toHaveLength(0);

    // A fresh load (not a same-document hash change) with a wrong token in the fragment.
    await stranger.goto('about:blank');
    await stranger.goto(`${h.base}/#token=not-the-token`);
    await expect(stranger.getByTestId('token-gate')).toHaveAttribute('data-reason', 'rejected');
    await expect(stranger.getByTestId('token-gate-reason')).toContainText('rejected');
    await snap(stranger, '10-sign-in-rejected');
  } finally {
    await stranger.close();
  }
});

test('bug 1: stopping a server drops its tools everywhere and the counts agree', async () => {
  await openView('tools');
  await expect(byId('tool-item-memory__read_graph')).toBeVisible();
  const listed = async () => Number((await byId('tools-count').innerText()).match(/\d+/)![0]);
  await expect(byId('header-tools')).toHaveText(String(await listed()));

  await control(h, 'stopServer', 'memory');
  await expect(byId('tool-item-memory__read_graph')).toHaveCount(0);
  await expect(byId('tool-item-everything__echo')).toBeVisible();
  const after = await listed();
  await expect(byId('header-tools')).toHaveText(String(after));
  // stopServer answers once the stop is under way: wait for it to finish.
  await expect.poll(async () => (await server('memory')).state).toBe('stopped');
  // The core's own total no longer counts the stopped server's tools either.
  const st = await status();
  expect(st.servers.find((s) => s.id === 'memory')!.state).toBe('stopped');
  expect(st.totals.tools).toBe(st.servers.filter((s) => s.state === 'running').reduce((n, s) => n + s.toolCount, 0));

  await control(h, 'startServer', 'memory');
  await expect(byId('tool-item-memory__read_graph')).toBeVisible({ timeout: 30_000 });
  await expect(byId('header-tools')).toHaveText(String(await listed()));
});

test('bug 1: starting a vendor while on Chat adds it to the vendor list', async () => {
  await control(h, 'stopServer', 'openai');
  await openView('chat');
  const option = byId('chat-vendor-select').locator('option[value="openai"]');
  await expect(option).toHaveAttribute('data-usable', 'false');
  await expect(option).toBeDisabled();
  await control(h, 'startServer', 'openai');
  await expect(option).toHaveAttribute('data-usable', 'true', { timeout: 30_000 });
  await expect(option).toBeEnabled();
});

test('bug 2: a picked vendor that stops stays picked, shown as unavailable, and Send says why', async () => {
  await openView('chat');
  await byId('chat-vendor-select').selectOption('openai');
  await control(h, 'stopServer', 'openai');
  await openView('servers');
  await waitState('openai', 'stopped');
  await openView('chat');
  await expect(byId('chat-vendor-select')).toHaveValue('openai');
  await expect(byId('chat-blocker')).toContainText('openai');
  await expect(byId('chat-blocker')).toContainText('stopped');
  await byId('chat-input').fill('are you there?');
  await expect(byId('chat-send')).toBeDisabled();
  await expect(byId('chat-send')).toHaveAttribute('title', /openai can’t answer/);

  await control(h, 'startServer', 'openai');
  await expect(byId('chat-blocker')).toHaveCount(0, { timeout: 30_000 });
  await expect(byId('chat-send')).toBeEnabled();
  await byId('chat-vendor-select').selectOption('auto');
  await byId('chat-input').fill('');
});

test('bug 8: "no vendor" says which vendors are stopped or missing a key', async () => {
  await control(h, 'stopServer', 'openai');
  await control(h, 'stopServer', 'local_llama');
  await openView('chat');
  const blocker = byId('chat-blocker');
  await expect(blocker).toContainText('No vendor can answer');
  await expect(blocker).toContainText('groq (missing GROQ_API_KEY)');
  await expect(blocker).toContainText('openai (stopped)');
  await expect(blocker).toContainText('local_llama (stopped)');
  await control(h, 'startServer', 'openai');
  await control(h, 'startServer', 'local_llama');
  await expect(blocker).toHaveCount(0, { timeout: 30_000 });
});

test('bug 8: Stop keeps the partial answer; markdown renders without raw HTML; code blocks copy', async () => {
  await openView('chat');
  await byId('chat-new').click();
  const turns = byId('chat-conversation').locator('article.turn');
  world.openai.setMode('stall');
  try {
    await byId('chat-input').fill('one two three four five six seven eight');
    await byId('chat-send').click();
    await expect(turns.nth(0).getByTestId('chat-answer')).toContainText('echo: one', { timeout: 30_000 });
    await byId('chat-stop').click();
    await expect(turns.nth(0).getByTestId('chat-error')).toContainText('Stopped');
    await expect(turns.nth(0).getByTestId('chat-answer')).toContainText('echo: one');
  } finally {
    world.openai.setMode('ok');
  }
  // Focus is back in the message box after Send (bug list: "focus returns to the message box").
  await byId('chat-input').fill('**bold** and <img src=x onerror="window.__xss=1"> then\n```\nconst x = 1;\n```');
  await byId('chat-send').click();
  await expect(byId('chat-input')).toBeFocused();
  const answer = turns.nth(1).getByTestId('chat-answer');
  await expect(answer).toHaveAttribute('data-done', 'true', { timeout: 30_000 });
  await expect(answer.locator('strong')).toHaveText('bold');
  await expect(answer.locator('img')).toHaveCount(0);
  await expect(answer).toContainText('<img src=x');
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  await expect(answer.locator('pre code')).toContainText('const x = 1;');
  await expect(answer.getByTestId('code-copy')).toBeVisible();
  await snap(page, '11-chat-markdown');
});

test('chat conversations survive a reload, several of them, and can be deleted', async () => {
  await openView('chat');
  const select = byId('chat-conversation-select');
  const turns = byId('chat-conversation').locator('article.turn');
  await byId('chat-new').click();
  await expect(turns).toHaveCount(0);
  await byId('chat-input').fill('second conversation');
  await byId('chat-send').click();
  await expect(turns.nth(0).getByTestId('chat-answer')).toHaveAttribute('data-done', 'true', { timeout: 30_000 });
  const count = await select.locator('option').count();
  expect(count).toBeGreaterThanOrEqual(2);

  await page.reload();
  await expect(byId('view-chat')).toBeVisible();
  await expect(select.locator('option')).toHaveCount(count);
  await expect(byId('chat-conversation')).toContainText('echo: second conversation');
  await select.selectOption({ label: 'one two three four five six seven eight (2)' });
  await expect(turns).toHaveCount(2);
  await expect(byId('chat-conversation')).toContainText('echo: one');

  page.once('dialog', (d) => void d.accept());
  await byId('chat-delete').click();
  await expect(select.locator('option')).toHaveCount(count - 1);
  await expect(byId('chat-conversation')).toContainText('echo: second conversation');
});

test('bug 7: the health tooltip counts, and Start on a server without its key says why', async () => {
  await openView('servers');
  await expect(byId('health-dot')).toHaveAttribute('title', '5 of 6 running');
  await expect(byId('server-start-groq')).toBeDisabled();
  await expect(byId('server-start-groq')).toHaveAttribute('title', 'missing GROQ_API_KEY: set it below');
  await expect(byId('server-restart-groq')).toBeDisabled();
  await expect(byId('server-start-why-groq')).toContainText('Missing: GROQ_API_KEY');
});

test('bug 9: model probes are counted apart, errors and error rate show, Stop+Start counts like Restart', async () => {
  // Page loads listed models; none of that is a user call.
  const openai = await server('openai');
  expect(openai.probes ?? 0).toBeGreaterThan(0);
  const chatsSent = world.openai.requests.filter((r) => r.path.endsWith('/chat/completions')).length;
  expect(openai.calls).toBe(chatsSent);

  await control(h, 'callTool', 'everything__get-sum', { a: 'not a number' });
  await openView('servers');
  await expect(byId('server-errors-everything')).toContainText(/^[1-9]\d* \(\d+%\)/);

  const r0 = (await server('memory')).restarts;
  await byId('server-restart-memory').click();
  await expect(byId('server-restarts-memory')).toHaveText(String(r0 + 1), { timeout: 30_000 });
  await waitState('memory', 'running');
  await byId('server-stop-memory').click();
  await waitState('memory', 'stopped');
  await byId('server-start-memory').click();
  await waitState('memory', 'running');
  await expect(byId('server-restarts-memory')).toHaveText(String(r0 + 2));
});

test('bug 5: clearing a key turns the badge missing and stops its server with the reason', async () => {
  await openView('servers');
  await byId('server-expand-groq').click();
  await byId('env-input-groq-GROQ_API_KEY').fill(world.groqKey);
  await byId('env-save-groq-GROQ_API_KEY').click();
  await waitState('groq', 'running');
  await expect(byId('env-status-groq-GROQ_API_KEY')).toHaveAttribute('data-present', 'true');

  await byId('env-clear-groq-GROQ_API_KEY').click();
  await expect(byId('env-status-groq-GROQ_API_KEY')).toHaveAttribute('data-present', 'false');
  await expect(byId('env-status-groq-GROQ_API_KEY')).toHaveText('missing');
  await waitState('groq', 'stopped');
  await expect(byId('server-start-why-groq')).toContainText('stopped: required GROQ_API_KEY was removed');
  await byId('server-expand-groq').click();
});

test('bug 3: a hand-added // comment is accepted, and form edits keep the rest of the file as written', async () => {
  const original = await readFile(h.configPath, 'utf8');
  const commented = original.replace('{\n', '{\n  // kept by the editor\n');
  await writeFile(h.configPath, commented);
  await openView('config');
  const editor = byId('config-editor');
  await expect(editor).toHaveValue(/kept by the editor/, { timeout: 15_000 });
  await expect(byId('config-issues')).toHaveAttribute('data-valid', 'true');

  await byId('server-form-pick').selectOption('memory');
  await byId('server-form-name').fill('Memory store');
  await byId('server-form-apply').click();
  await expect(byId('server-form-message')).toContainText('Updated');
  const edited = await editor.inputValue();
  expect(edited).toContain('// kept by the editor');
  // Only the name line changed: every other line is byte-for-byte the same.
  const a = commented.split('\n');
  const b = edited.split('\n');
  expect(b.length).toBe(a.length);
  expect(a.filter((line, i) => line !== b[i])).toEqual(['      "name": "Memory",']);

  await expect(byId('config-save')).toBeEnabled();
  await byId('config-save').click();
  await expect(byId('config-diff')).toBeVisible();
  await expect(byId('config-diff').locator('[data-kind="del"]')).toHaveText(/"name": "Memory",/);
  await expect(byId('config-diff').locator('[data-kind="add"]')).toHaveText(/"name": "Memory store",/);
  await snap(page, '12-config-diff');
  await byId('config-diff-confirm').click();
  await expect(byId('config-path')).not.toContainText('unsaved');
  const saved = await readFile(h.configPath, 'utf8');
  expect(saved).toContain('// kept by the editor');
  expect(saved).toContain('"name": "Memory store"');
});

test('bug 4: a rejected hand edit shows the JSON path and the problem', async () => {
  const good = await readFile(h.configPath, 'utf8');
  await openView('config');
  await writeFile(h.configPath, good.replace(/("everything": \{\n\s+"name": "Everything",\n\s+"command": )"[^"]*"/, '$142'));
  const rejected = byId('config-reload-rejected');
  await expect(rejected).toBeVisible({ timeout: 15_000 });
  await expect(rejected).toContainText('servers.everything.command');
  await expect(rejected).toContainText(/string/i);
  await snap(page, '13-config-rejected');
  await writeFile(h.configPath, good);
  await expect(rejected).toHaveCount(0, { timeout: 15_000 });
});

test('config editor: line numbers, and "Go to" selects the problem', async () => {
  await openView('config');
  const editor = byId('config-editor');
  const text = await editor.inputValue();
  await expect(byId('config-gutter')).toContainText(String(text.split('\n').length));
  await editor.fill(text.replace('"servers": {', '"servers": {,'));
  await expect(byId('config-issues')).toHaveAttribute('data-valid', 'false');
  await expect(byId('config-issues')).toContainText(/line \d+, column \d+/);
  await byId('config-jump').first().click();
  await expect(editor).toBeFocused();
  const sel = await editor.evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd + 1));
  expect(sel.startsWith(',')).toBe(true);
  // Revert asks first (issue 23): accept the browser's confirm.
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Revert' }).click();
  await expect(byId('config-issues')).toHaveAttribute('data-valid', 'true');
});

test('tool runner: schema form, raw JSON, results by type, progress, history with re-run', async () => {
  await openView('tools');
  await byId('tool-item-everything__get-sum').click();
  await byId('arg-a').fill('2');
  await byId('arg-b').fill('40');
  await byId('tool-call').click();
  await expect(byId('tool-result')).toContainText('42', { timeout: 30_000 });

  await byId('tool-item-everything__get-tiny-image').click();
  await byId('tool-call').click();
  await expect(byId('tool-result').getByTestId('content-image')).toBeVisible({ timeout: 30_000 });

  await byId('tool-item-everything__trigger-long-running-operation').click();
  await byId('arg-duration').fill('3');
  await byId('arg-steps').fill('3');
  await byId('tool-call').click();
  await expect(byId('tool-running')).toBeVisible();
  await expect(byId('tool-progress')).toBeVisible({ timeout: 30_000 });
  await expect(byId('tool-result')).toBeVisible({ timeout: 30_000 });

  // A long call can be cancelled from the runner; the child is told (notifications/cancelled).
  await byId('arg-duration').fill('60');
  await byId('arg-steps').fill('60');
  await byId('tool-call').click();
  await expect(byId('tool-progress')).toBeVisible({ timeout: 30_000 });
  await byId('tool-cancel').click();
  // The code stays on the element for tools; people read its words (issue 23).
  await expect(byId('tool-error').locator('[data-code="CANCELLED"]')).toContainText('Cancelled', { timeout: 30_000 });

  const history = byId('tool-history');
  await expect(history.locator('li')).toHaveCount(4);
  await history.locator('li').filter({ hasText: 'get-sum' }).getByTestId('tool-rerun').click();
  await expect(history.locator('li')).toHaveCount(5, { timeout: 30_000 });
  await expect(byId('tool-result')).toContainText('42');
  await snap(page, '14-tools-runner');
});

test('resources and prompts are browsable', async () => {
  await openView('tools');
  await byId('tools-tab-resources').click();
  const first = byId('resource-list').locator('button').first();
  await expect(first).toBeVisible({ timeout: 30_000 });
  await first.click();
  await expect(byId('resource-result')).toBeVisible({ timeout: 30_000 });
  await byId('tools-tab-prompts').click();
  const prompt = byId('prompt-list').locator('button').first();
  await expect(prompt).toBeVisible();
  await prompt.click();
  await byId('prompt-get').click();
  await expect(byId('prompt-result').or(byId('prompt-error'))).toBeVisible({ timeout: 30_000 });
  await snap(page, '15-prompts');
});

test('the page is in the URL: reload keeps it; Stop all asks first', async () => {
  await openView('tools');
  expect(new URL(page.url()).hash).toBe('#/tools');
  await page.reload();
  await expect(byId('view-tools')).toBeVisible();
  await page.goBack();
  await page.goForward();
  await expect(byId('view-tools')).toBeVisible();

  page.once('dialog', (d) => void d.dismiss());
  await byId('stop-all').click();
  await openView('servers');
  await expect(byId('server-state-everything')).toHaveAttribute('data-state', 'running');
});

test('bug 7: without a keychain the key field explains how to get one or use the environment', async ({ browser }) => {
  // No session bus: keytar cannot reach a Secret Service, so serve runs with secretStore "unavailable".
  const config = { servers: { needs_key: { command: process.execPath, args: ['-e', '0'], required_env: ['SOME_API_KEY'] } } };
  const bare = await startServe(config, { env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', SOME_API_KEY: '' } });
  const other = await browser.newPage();
  try {
    await other.goto(bare.uiUrl);
    await other.getByTestId('nav-servers').click();
    await other.getByTestId('server-expand-needs_key').click();
    await expect(other.getByTestId('env-input-needs_key-SOME_API_KEY')).toBeDisabled();
    const help = other.getByTestId('no-keychain-help');
    // This installation by absolute path, never `npx mcp-orchestrator` (a registry name).
    // (The keychain service this serve uses travels along as an environment prefix.)
    const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const command = `${escape(process.execPath)} ${escape(path.join(ROOT, 'bin', 'mcp-orchestrator.mjs'))} serve`;
    await expect(help).toContainText(new RegExp(`SOME_API_KEY=… (\\S+=\\S+ )*${command}`));
    await expect(help).toContainText('gnome-keyring');
    await snap(other, '16-no-keychain');
  } finally {
    await other.close();
    await bare.stop();
  }
});
