// Issue 23, the smaller bugs and keyboard use: one test each, failing on the code before its fix.
// Same world as ui-bugs.spec.ts (real serve, memory and everything as children, built-ins on fakes).
import AxeBuilder from '@axe-core/playwright';
import { test, expect, type Page } from '@playwright/test';
import { control, tempDir } from '../helpers/serve-process.js';
import { openSignedIn, startBugsWorld, type BugsWorld } from './bugs-world.js';

test.describe.configure({ mode: 'serial' });

let world: BugsWorld;
let page: Page;
const byId = (id: string) => page.getByTestId(id);

async function openView(view: string): Promise<void> {
  await byId(`nav-${view}`).click();
  await expect(byId(`view-${view}`)).toBeVisible();
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  world = await startBugsWorld(await tempDir('mcp-orch-e2e-bugs-small-'));
  // axe-core/playwright needs a page from an explicit context.
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
  page.on('pageerror', (err) => console.log(`[page error] ${err.message}`));
  await openSignedIn(page, world.h);
});

test.afterAll(async () => {
  await page?.context().close();
  await world?.close();
});

test('bug 6: the tool counts agree: header, Tools page and its tab count the same callable tools', async () => {
  await openView('tools');
  await expect(byId('tool-item-everything__get-env')).toBeVisible();
  const pageCount = Number((await byId('tools-count').innerText()).match(/^\d+/)![0]);
  await expect(byId('header-tools')).toHaveText(String(pageCount));
  await expect(byId('tools-tab-tools')).toHaveText(`Tools (${pageCount})`);
  // The disabled one is still listed, and said apart rather than counted in.
  await expect(byId('tools-count')).toContainText('(and 1 disabled)');
  const listed = await byId('tool-list').locator('li').count();
  expect(listed).toBe(pageCount + 1);
});

test('bug 6: °F after a °C report shows the same place in °F', async () => {
  await openView('weather');
  await byId('weather-input').fill('London');
  await byId('weather-submit').click();
  await expect(byId('weather-temp')).toHaveText('17.4°C', { timeout: 30_000 });
  await byId('weather-units-imperial').click();
  await expect(byId('weather-temp')).toHaveText('63.3°F', { timeout: 30_000 });
  await expect(byId('weather-wind')).toContainText('mph');
  await byId('weather-units-metric').click();
  await expect(byId('weather-temp')).toHaveText('17.4°C', { timeout: 30_000 });
});

test('bug 6: error codes are said in words, the code kept only as data', async () => {
  await openView('weather');
  await byId('weather-input').fill('Atlantis-that-is-not');
  await byId('weather-submit').click();
  const error = byId('weather-error');
  await expect(error).toBeVisible({ timeout: 30_000 });
  const code = await error.getAttribute('data-code');
  expect(code).toMatch(/^[A-Z_]+$/);
  await expect(error).not.toContainText(code!);
});

test('bug 6: "New server" with an id that exists is refused and the editor is unchanged', async () => {
  await openView('config');
  const editor = byId('config-editor');
  const before = await editor.inputValue();
  await byId('server-form-pick').selectOption('');
  await byId('server-form-id').fill('memory');
  await byId('server-form-command').fill('some-other-command');
  await byId('server-form-apply').click();
  await expect(byId('server-form-message')).toContainText('already exists');
  await expect(editor).toHaveValue(before);
  await expect(byId('config-path')).not.toContainText('unsaved');
});

test('bug 6: each page has its own title', async () => {
  const titles = new Set<string>();
  for (const [view, word] of [
    ['chat', 'Chat'],
    ['servers', 'Servers'],
    ['tools', 'Tools'],
    ['config', 'Config'],
  ] as const) {
    await openView(view);
    await expect(page).toHaveTitle(new RegExp(`^${word} · MCP Orchestrator$`));
    titles.add(await page.title());
  }
  expect(titles.size).toBe(4);
});

test('bug 6: a 20 px image in a result keeps its size', async () => {
  await openView('tools');
  await byId('tool-item-everything__get-tiny-image').click();
  await byId('tool-call').click();
  const img = byId('tool-result').getByTestId('content-image');
  await expect(img).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(20);
  const box = await img.boundingBox();
  expect(box!.width).toBe(20);
  expect(box!.height).toBe(20);
});

test('bug 6: a call stopped by the user is not counted as the server’s error', async () => {
  const status = async () =>
    (await control<{ servers: Array<{ id: string; errors: number }>; totals: { errors: number } }>(world.h, 'getStatus')).value!;
  const errorsOf = async () => (await status()).servers.find((s) => s.id === 'everything')!.errors;
  const before = await errorsOf();
  const totalBefore = (await status()).totals.errors;
  await openView('tools');
  await byId('tool-item-everything__trigger-long-running-operation').click();
  await byId('arg-duration').fill('60');
  await byId('arg-steps').fill('60');
  await byId('tool-call').click();
  await expect(byId('tool-progress')).toBeVisible({ timeout: 30_000 });
  await byId('tool-cancel').click();
  await expect(byId('tool-error').locator('[data-code="CANCELLED"]')).toBeVisible({ timeout: 30_000 });
  expect(await errorsOf()).toBe(before);
  expect((await status()).totals.errors).toBe(totalBefore);
});

test('bug 6: the server log view has no serious axe finding, also once it scrolls', async () => {
  // axe flags a scrollable region nobody can reach by keyboard, so the log must be long enough to scroll.
  await openView('servers');
  await byId('server-expand-memory').click();
  const log = byId('server-log-memory');
  const scrolls = () => log.evaluate((el) => el.scrollHeight > el.clientHeight);
  for (let i = 0; i < 10 && !(await scrolls()); i++) {
    await control(world.h, 'restartServer', 'memory');
    await expect(byId('server-state-memory')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  }
  await expect.poll(scrolls).toBe(true);
  const result = await new AxeBuilder({ page })
    .include('[data-testid="server-row-memory"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  expect(bad).toEqual([]);
  await byId('server-expand-memory').click();
});

test('bug 6: a Markdown table in a chat answer renders as a table', async () => {
  await openView('chat');
  await byId('chat-input').fill('Counts:\n\n| Tool | Calls |\n|:--|--:|\n| `echo` | 2 |');
  await byId('chat-send').click();
  const answer = byId('chat-answer').last();
  await expect(answer).toHaveAttribute('data-done', 'true', { timeout: 30_000 });
  const table = answer.getByTestId('markdown-table');
  await expect(table.locator('th')).toHaveText(['Tool', 'Calls']);
  await expect(table.locator('tbody td code')).toHaveText('echo');
  await expect(table.locator('tbody td').nth(1)).toHaveCSS('text-align', 'right');
  await expect(answer).not.toContainText('|--');
});

test('bug 5: the first Tab reaches a skip link that moves focus to the page', async () => {
  // A fresh load, so Tab starts from the top of the document.
  await page.goto('about:blank');
  await page.goto(world.h.uiUrl);
  await expect(byId('connection-state')).toHaveAttribute('data-state', 'open');
  await page.keyboard.press('Tab');
  await expect(byId('skip-link')).toBeFocused();
  const url = page.url();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main-content')).toBeFocused();
  // The hash is the router's: skipping must not change the page.
  expect(page.url()).toBe(url);
});

test('bug 5: after Stop, focus moves to Start (not lost to the page); after Start, back to Stop', async () => {
  await openView('servers');
  await expect(byId('server-state-everything')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  await byId('server-stop-everything').focus();
  await page.keyboard.press('Enter');
  await expect(byId('server-state-everything')).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
  await expect(byId('server-start-everything')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(byId('server-state-everything')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  await expect(byId('server-stop-everything')).toBeFocused();
});

test('bug 5: Escape closes the narrow-screen menu and returns focus to its toggle', async () => {
  await page.setViewportSize({ width: 420, height: 860 });
  try {
    await byId('nav-toggle').click();
    await expect(byId('nav-servers')).toBeVisible();
    await byId('nav-servers').focus();
    await page.keyboard.press('Escape');
    await expect(byId('nav-servers')).toBeHidden();
    await expect(byId('nav-toggle')).toHaveAttribute('aria-expanded', 'false');
    await expect(byId('nav-toggle')).toBeFocused();
  } finally {
    await page.setViewportSize({ width: 1280, height: 860 });
  }
});
