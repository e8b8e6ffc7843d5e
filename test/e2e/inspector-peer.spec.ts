// Issue 23, Inspector parity (second half) and bug 4: a tool called from the Tools page whose child
// asks back. `everything`'s sampling request is answered by hand, its elicitation through a form
// built from the requested schema, its roots from orchestrator.roots; then the protocol log of that
// server shows those messages, filters them and exports them. Real serve, real child, Chromium.
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { test, expect, type Page } from '@playwright/test';
import { control, EVERYTHING_SERVER, startServe, tempDir, type ServeHandle } from '../helpers/serve-process.js';
import { snap } from './ui-setup.js';

test.describe.configure({ mode: 'serial' });

const ROOT_URI = 'file:///work/e2e-project';
let h: ServeHandle;
let page: Page;
const byId = (id: string) => page.getByTestId(id);

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  const config = {
    servers: { everything: { name: 'Everything', command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'] } },
    orchestrator: { port: 8000 },
  };
  h = await startServe(config, { dir: await tempDir('mcp-orch-e2e-peer-') });
  // axe-core/playwright needs a page from an explicit context.
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('pageerror', (err) => console.log(`[page error] ${err.message}`));
  await page.goto(h.uiUrl);
  await expect(byId('connection-state')).toHaveAttribute('data-state', 'open');
});

test.afterAll(async () => {
  await page?.close();
  await h?.stop();
});

/** No serious or critical axe finding on the page as it is now. */
async function axeClean(what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`);
  expect(bad, `axe on ${what}`).toEqual([]);
}

async function callTool(name: string, args: Record<string, string> = {}): Promise<void> {
  await byId(`tool-item-${name}`).click();
  for (const [k, v] of Object.entries(args)) await byId(`arg-${k}`).fill(v);
  await byId('tool-call').click();
}

test('bug 4: a sampling request from a tool called on the Tools page is shown and answered by hand', async () => {
  await byId('nav-tools').click();
  await callTool('everything__trigger-sampling-request', { prompt: 'What is the capital of France?' });
  const card = byId('peer-request');
  await expect(card).toHaveAttribute('data-method', 'sampling/createMessage', { timeout: 30_000 });
  await expect(card.getByTestId('peer-messages')).toContainText('What is the capital of France?');
  await expect(card).toContainText('You are a helpful test server.');
  await card.getByTestId('peer-answer-text').fill('Paris, answered by a person.');
  await snap(page, 'inspector-01-sampling');
  await axeClean('the sampling request');
  await card.getByTestId('peer-answer-hand').click();
  await expect(byId('tool-result')).toContainText('Paris, answered by a person.', { timeout: 30_000 });
  await expect(byId('peer-request')).toHaveCount(0);
});

test('bug 4: an elicitation request gets a form built from its schema; Accept sends what was filled', async () => {
  await callTool('everything__trigger-elicitation-request');
  const card = byId('peer-request');
  await expect(card).toHaveAttribute('data-method', 'elicitation/create', { timeout: 30_000 });
  await expect(card.getByTestId('peer-elicit-message')).toContainText('Please provide inputs');
  // Required and empty: Accept waits for it. Defaults from the schema are filled in.
  await expect(card.getByTestId('peer-accept')).toBeDisabled();
  await expect(card.getByTestId('arg-integer')).toHaveValue('42');
  await card.getByTestId('arg-name').fill('Ada Lovelace');
  await snap(page, 'inspector-02-elicitation');
  await axeClean('the elicitation form');
  await card.getByTestId('peer-accept').click();
  await expect(byId('tool-result')).toContainText('Ada Lovelace', { timeout: 30_000 });
});

test('roots come from the configured list, read when the child asks', async () => {
  // Configured after start (as the Config page would save it): the setting is read at the moment of asking.
  const { text } = (await control<{ text: string }>(h, 'getConfig')).value!;
  const config = JSON.parse(text) as { orchestrator: Record<string, unknown> };
  config.orchestrator.roots = [{ uri: ROOT_URI, name: 'e2e project' }];
  expect((await control(h, 'saveConfig', JSON.stringify(config, null, 2), text)).ok).toBe(true);
  await callTool('everything__get-roots-list');
  await expect(byId('tool-result')).toContainText(ROOT_URI, { timeout: 30_000 });
  await expect(byId('peer-request')).toHaveCount(0);
});

test('the protocol log shows those messages both ways, filters them, and exports them as JSON', async () => {
  await byId('nav-servers').click();
  await byId('server-expand-everything').click();
  await byId('protocol-open-everything').click();
  const log = byId('protocol-log-everything');
  const entry = (method: string) => log.locator(`[data-testid="protocol-entry"][data-method="${method}"]`);
  await expect(entry('sampling/createMessage').first()).toBeVisible({ timeout: 30_000 });
  await expect(entry('response to sampling/createMessage').first()).toBeVisible();
  await expect(entry('elicitation/create').first()).toBeVisible();
  await expect(entry('response to roots/list').first()).toBeVisible();
  await entry('response to sampling/createMessage').first().locator('summary').click();
  await expect(entry('response to sampling/createMessage').first()).toContainText('Paris, answered by a person.');

  // Live: a call made now (by another client of the control API, while this page stays open) appears as it happens.
  const before = await log.getByTestId('protocol-entry').count();
  expect((await control(h, 'callTool', 'everything__echo', { message: 'live one' })).ok).toBe(true);
  // The call and its reply (a health ping may come with them).
  await expect.poll(() => log.getByTestId('protocol-entry').count()).toBeGreaterThanOrEqual(before + 2);
  await expect(entry('response to tools/call').last()).toBeAttached();

  await byId('protocol-method').fill('elicitation');
  await byId('protocol-direction').selectOption('from-server');
  const shown = byId('protocol-log-everything').getByTestId('protocol-entry');
  await expect(shown).toHaveCount(1);
  await expect(shown.first()).toHaveAttribute('data-method', 'elicitation/create');
  await byId('protocol-method').fill('');
  await byId('protocol-direction').selectOption('all');
  await byId('protocol-text').fill('Ada Lovelace');
  await expect(shown.first()).toBeVisible();
  await byId('protocol-text').fill('');
  await byId('protocol-method').fill('sampling');
  await shown.first().locator('summary').click();
  await byId('protocol-log-everything').scrollIntoViewIfNeeded();
  await snap(page, 'inspector-03-protocol-log');
  await axeClean('the protocol log');
  await byId('protocol-method').fill('');

  const [download] = await Promise.all([page.waitForEvent('download'), byId('protocol-export').click()]);
  const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as {
    serverId: string;
    entries: Array<{ method: string; direction: string; size: number }>;
  };
  expect(exported.serverId).toBe('everything');
  const methods = exported.entries.map((e) => e.method);
  expect(methods).toEqual(
    expect.arrayContaining(['initialize', 'tools/call', 'sampling/createMessage', 'elicitation/create', 'roots/list']),
  );
  expect(exported.entries.every((e) => e.size > 0 && (e.direction === 'to-server' || e.direction === 'from-server'))).toBe(true);
});
