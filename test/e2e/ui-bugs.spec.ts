// Issue 23, the bugs a new user found: one test per bug, each failing on the code before its fix.
// A real `serve` with real children (memory, everything) and built-ins on loopback fakes, driven in
// Chromium. Tests run in order on one world and leave it as they found it.
import { readFile, writeFile } from 'node:fs/promises';
import { test, expect, type Page } from '@playwright/test';
import { control, tempDir } from '../helpers/serve-process.js';
import { RUNNING_IDS, openSignedIn, startBugsWorld, type BugsWorld } from './bugs-world.js';
import { snap } from './ui-setup.js';

test.describe.configure({ mode: 'serial' });

let world: BugsWorld;
let page: Page;
const byId = (id: string) => page.getByTestId(id);

interface Status {
  servers: Array<{ id: string; state: string; calls: number; errors: number }>;
}
const serverStatus = async (id: string) => (await control<Status>(world.h, 'getStatus')).value!.servers.find((s) => s.id === id)!;

async function openView(view: string): Promise<void> {
  await byId(`nav-${view}`).click();
  await expect(byId(`view-${view}`)).toBeVisible();
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  world = await startBugsWorld(await tempDir('mcp-orch-e2e-bugs-'));
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on('pageerror', (err) => console.log(`[page error] ${err.message}`));
  await openSignedIn(page, world.h);
});

test.afterAll(async () => {
  await page?.close();
  await world?.close();
});

test('bug 1: invalid JSON in an array field is a field error and nothing is sent', async () => {
  await openView('tools');
  await byId('tool-item-memory__create_entities').click();
  // An array of objects is a list of fieldsets now; its JSON switch is where typed JSON goes.
  await byId('arg-entities-json').click();
  const field = byId('arg-entities');
  const before = (await serverStatus('memory')).calls;

  await field.fill('[{"name": "x"');
  await expect(byId('arg-entities-error')).toContainText('Not valid JSON');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(byId('tool-call')).toBeDisabled();
  await expect(byId('tool-args-error')).toContainText('entities');
  // Valid JSON of the wrong kind is refused too: the schema asks for an array.
  await field.fill('{"name": "x"}');
  await expect(byId('arg-entities-error')).toContainText('array');
  await expect(byId('tool-call')).toBeDisabled();
  expect((await serverStatus('memory')).calls).toBe(before);

  // Fixed text goes out exactly as typed.
  await field.fill('[{"name": "ada", "entityType": "person", "observations": ["wrote notes"]}]');
  await expect(byId('arg-entities-error')).toHaveCount(0);
  await byId('tool-call').click();
  await expect(byId('tool-result')).toHaveAttribute('data-is-error', 'false', { timeout: 30_000 });
  await expect(byId('tool-result')).toContainText('ada');
  expect((await serverStatus('memory')).calls).toBe(before + 1);
});

test('bug 3: a stopped orchestrator shows disconnected, disables actions, and reconnects when back', async () => {
  test.setTimeout(120_000);
  await openView('tools');
  await byId('tool-item-everything__echo').click();
  await openView('servers');
  await expect(byId('server-stop-memory')).toBeEnabled();
  await world.stopServe();

  await expect(byId('disconnected-banner')).toBeVisible();
  await expect(byId('connection-state')).toHaveAttribute('data-lost', 'true');
  await expect(byId('connection-state')).toContainText('disconnected');
  for (const id of RUNNING_IDS) {
    await expect(byId(`server-state-${id}`)).toHaveAttribute('data-state', 'unknown');
    await expect(byId(`server-stop-${id}`)).toBeDisabled();
    await expect(byId(`server-restart-${id}`)).toBeDisabled();
  }
  await expect(byId('start-all')).toBeDisabled();
  await expect(byId('stop-all')).toBeDisabled();
  await expect(byId('health-dot')).toHaveAttribute('data-health', 'unknown');
  await snap(page, 'disconnected'); // README shows a copy in resources/screenshots/
  // The whole page is off, not only the Servers page: Call cannot be pressed either.
  await openView('tools');
  await expect(byId('tool-call')).toBeDisabled();

  await world.restartServe();
  await expect(byId('disconnected-banner')).toHaveCount(0, { timeout: 30_000 });
  await expect(byId('connection-state')).toHaveAttribute('data-state', 'open');
  await expect(byId('tool-call')).toBeEnabled();
  await openView('servers');
  // The state shown is the new orchestrator's: its children have new pids.
  for (const id of RUNNING_IDS) {
    await expect(byId(`server-state-${id}`)).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  }
  const pid = (await control<{ servers: Array<{ id: string; pid?: number }> }>(world.h, 'getStatus')).value!.servers.find(
    (s) => s.id === 'memory',
  )!.pid;
  await expect(byId('server-row-memory')).toContainText(`pid ${pid}`);
  await expect(byId('server-stop-memory')).toBeEnabled();
});

/** The config file as the test world wrote it, with the memory server renamed. */
function renamed(text: string, name: string): string {
  const doc = JSON.parse(text) as { servers: Record<string, Record<string, unknown>> };
  doc.servers.memory.name = name;
  return JSON.stringify(doc, null, 2);
}

test('bug 2: a save over a file changed on disk meanwhile shows the conflict; overwrite and reload both work', async () => {
  const original = await readFile(world.h.configPath, 'utf8');
  await openView('config');
  const editor = byId('config-editor');
  await expect(editor).toHaveValue(original);

  await editor.fill(renamed(original, 'Memory (mine)'));
  await writeFile(world.h.configPath, renamed(original, 'Memory (disk)'));
  await byId('config-save').click();
  await byId('config-diff-confirm').click();
  const conflict = byId('config-conflict');
  await expect(conflict).toBeVisible();
  await expect(conflict).toBeFocused();
  await expect(conflict.locator('[data-kind="del"]')).toContainText('Memory (disk)');
  await expect(conflict.locator('[data-kind="add"]')).toContainText('Memory (mine)');
  // Nothing was written: the hand edit is still there, and the editor still holds the user's text.
  expect(await readFile(world.h.configPath, 'utf8')).toBe(renamed(original, 'Memory (disk)'));
  await expect(editor).toHaveValue(renamed(original, 'Memory (mine)'));
  await snap(page, 'config-conflict'); // README shows a copy in resources/screenshots/

  await byId('config-conflict-overwrite').click();
  await expect(conflict).toHaveCount(0);
  expect(await readFile(world.h.configPath, 'utf8')).toBe(renamed(original, 'Memory (mine)'));

  // Again, this time taking the disk version.
  await editor.fill(renamed(original, 'Memory (mine, 2)'));
  await writeFile(world.h.configPath, original);
  await byId('config-save').click();
  await byId('config-diff-confirm').click();
  await byId('config-conflict-reload').click();
  await expect(conflict).toHaveCount(0);
  await expect(editor).toHaveValue(original);
  expect(await readFile(world.h.configPath, 'utf8')).toBe(original);
});

test('bug 6: Revert asks before discarding edits', async () => {
  await openView('config');
  const editor = byId('config-editor');
  const original = await editor.inputValue();
  await editor.fill(renamed(original, 'Memory (draft)'));
  page.once('dialog', (d) => void d.dismiss());
  await byId('config-revert').click();
  await expect(editor).toHaveValue(renamed(original, 'Memory (draft)'));
  page.once('dialog', (d) => {
    expect(d.message()).toContain('Discard');
    void d.accept();
  });
  await byId('config-revert').click();
  await expect(editor).toHaveValue(original);
});

test('bug 5: Escape closes the config review; focus lands on the editor after Save', async () => {
  await openView('config');
  const editor = byId('config-editor');
  const original = await editor.inputValue();
  await editor.fill(renamed(original, 'Memory (kbd)'));
  await expect(byId('config-save')).toBeEnabled();
  await byId('config-save').click();
  await expect(byId('config-diff')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(byId('config-diff')).toHaveCount(0);
  await expect(byId('config-save')).toBeFocused();
  await page.keyboard.press('Enter');
  await byId('config-diff-confirm').focus();
  await page.keyboard.press('Enter');
  await expect(byId('config-path')).not.toContainText('unsaved');
  await expect(editor).toBeFocused();
  // Leave the file as the world wrote it.
  await editor.fill(original);
  await byId('config-save').click();
  await byId('config-diff-confirm').click();
  await expect(byId('config-path')).not.toContainText('unsaved');
  await openView('servers');
  await expect(byId('server-state-memory')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
});
