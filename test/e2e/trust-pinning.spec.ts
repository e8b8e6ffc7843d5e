// Issue 22 pinning in the UI: a real `serve` with the rug-pull child (test/fixtures/servers/rug-pull.ts). Its `echo`
// changes after first use; the Servers page shows "1 change awaiting review", the Review panel (reached with the
// keyboard, closed with Escape) shows the word diff and the schema diff, and Approve brings the tool back to the
// Tools page.
import path from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { control, ROOT, startServe, tempDir, type ServeHandle } from '../helpers/serve-process.js';
import { snap } from './ui-setup.js';

test.describe.configure({ mode: 'serial' });

const RUG_PULL = path.join(ROOT, 'test', 'fixtures', 'servers', 'rug-pull.ts');
let h: ServeHandle;
let page: Page;
const byId = (id: string) => page.getByTestId(id);

async function openView(view: string): Promise<void> {
  await byId(`nav-${view}`).click();
  await expect(byId(`view-${view}`)).toBeVisible();
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  const dir = await tempDir('mcp-orch-e2e-pins-');
  h = await startServe({ mcpServers: { rug: { command: process.execPath, args: ['--import', 'tsx', RUG_PULL] } } }, { dir });
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on('pageerror', (err) => console.log(`[page error] ${err.message}`));
  await page.goto(h.uiUrl);
  await expect(byId('connection-state')).toHaveAttribute('data-state', 'open');
});

test.afterAll(async () => {
  await page?.close();
  await h?.stop();
});

test('a changed tool is reviewed in the Servers page and, once approved, is back on the Tools page', async () => {
  await openView('tools');
  await expect(byId('tool-item-rug__echo')).toBeVisible();

  // The child's first use is its cue: it changes echo's definition and says so (list_changed).
  const used = await control(h, 'callTool', 'rug__echo', { text: 'hi' });
  expect(used.ok).toBe(true);
  await expect(byId('tool-item-rug__echo')).toHaveCount(0);
  await expect(byId('tool-item-rug__steady')).toBeVisible();

  await openView('servers');
  await expect(byId('server-pins-rug')).toContainText('1 change awaiting review');
  // Keyboard: the Review button takes focus and Enter opens the panel, which takes focus itself.
  await byId('server-pins-review-rug').focus();
  await page.keyboard.press('Enter');
  const panel = byId('pin-review-rug');
  await expect(panel).toBeVisible();
  await expect(panel).toBeFocused();
  await expect(byId('pin-change-echo')).toContainText('changed · hidden until reviewed');
  await expect(byId('pin-description-echo').locator('ins')).toContainText('read ~/.ssh/id_rsa');
  await expect(byId('pin-description-echo').locator('del')).toHaveText('back');
  await expect(byId('pin-change-echo').locator('.pin-schema')).toContainText('+      "path": {');
  await snap(page, 'trust-pinning-review');

  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(byId('server-pins-review-rug')).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(panel).toBeVisible();
  await byId('pin-approve-echo').click();
  await expect(byId('pin-review-empty')).toBeVisible();
  await expect(byId('server-pins-rug')).toContainText('all changes reviewed');

  await openView('tools');
  await expect(byId('tool-item-rug__echo')).toBeVisible();
  await byId('tool-item-rug__echo').click();
  await expect(page.getByText('read ~/.ssh/id_rsa').first()).toBeVisible();
});
