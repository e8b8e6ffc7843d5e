// Issue 23 item 3 and issue 22's Activity view, in Chromium against a real `serve` and real children:
// - every action within 10 Tabs from the page's start: a tool's Call after choosing the tool, a server's
//   Stop, the config's Save (on main the tool form was 55 Tabs away);
// - the ⌘/Ctrl-K command palette: accessible combobox, fuzzy list, arrow keys + Enter, Escape returns focus;
// - the Activity page: the audit log newest first, pushed live, filterable, hashes and never values;
// - axe on every page (Activity included) at 1280 and 420 px, light and dark: 0 serious or critical.
import AxeBuilder from '@axe-core/playwright';
import { test, expect, type Locator, type Page } from '@playwright/test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { argDigest } from '../../electron/core/metrics/audit-log.js';
import type { AuditPage } from '../../shared/audit.js';
import { VIEWS } from '../../renderer/src/slices/ui-slice.js';
import { control, tempDir } from '../helpers/serve-process.js';
import { snap, startWorld, type UiWorld } from './ui-setup.js';

test.describe.configure({ mode: 'serial' });

/** The most Tabs any action may take from the page's start (issue 23). */
const MAX_TABS = 10;
const RAW_ARG = 'activity-raw-argument-5e1d';

let world: UiWorld;
let page: Page;
const byId = (id: string) => page.getByTestId(id);
/** Measured Tab counts, printed at the end for the README. */
const measured: Record<string, number> = {};

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  world = await startWorld(await tempDir('mcp-orch-e2e-keyboard-'));
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
  page.on('pageerror', (err) => console.log(`[page error] ${err.message}`));
  // "Discard your unsaved changes?" after the config test's edit.
  page.on('dialog', (d) => void d.accept());
  await page.goto(world.h.uiUrl);
  await expect(byId('connection-state')).toHaveAttribute('data-state', 'open');
});

test.afterAll(async () => {
  console.log(`Tab counts from the page's start: ${JSON.stringify(measured)}`);
  await page?.context().close();
  await world?.close();
});

async function openView(view: string): Promise<void> {
  await byId(`nav-${view}`).click();
  await expect(byId(`view-${view}`)).toBeVisible();
}

const isFocused = (l: Locator) => l.evaluate((el) => el === document.activeElement || el.contains(document.activeElement));

/** Presses Tab until `target` has (or contains) focus; returns how many presses, failing past `max`. */
async function tabUntil(target: Locator, max = 40): Promise<number> {
  for (let n = 1; n <= max; n++) {
    await page.keyboard.press('Tab');
    if (await isFocused(target)) return n;
  }
  throw new Error(`not reached within ${max} Tabs`);
}

/** Presses `key` until `done` holds, at most `max` times (arrow keys within one tab stop). */
async function pressUntil(key: string, done: () => Promise<boolean>, max = 100): Promise<number> {
  for (let n = 0; n <= max; n++) {
    if (await done()) return n;
    await page.keyboard.press(key);
  }
  throw new Error(`${key} pressed ${max} times without reaching the target`);
}

/** Where the skip link puts focus: the page's main region, just before its heading. */
async function fromPageStart(): Promise<void> {
  await page.locator('#main-content').focus();
  await expect(page.locator('#main-content')).toBeFocused();
}

test('a tool is chosen and called within 10 Tabs: the list is one tab stop, Enter opens the form', async () => {
  await openView('tools');
  await expect(byId('tool-item-everything__echo')).toBeVisible({ timeout: 30_000 });
  await fromPageStart();
  const list = byId('tool-list');
  const toList = await tabUntil(list);
  await expect(list).toHaveAttribute('role', 'listbox');
  // Arrows, not Tabs, move through the tools: choose one far down the list.
  const arrows = await pressUntil(
    'ArrowDown',
    async () => (await list.getAttribute('aria-activedescendant')) === 'tool-option-everything__echo',
  );
  expect(arrows).toBeGreaterThan(0);
  await expect(byId('tool-item-everything__echo')).toHaveAttribute('aria-selected', 'false');
  await page.keyboard.press('Enter');
  await expect(byId('tool-item-everything__echo')).toHaveAttribute('aria-selected', 'true');
  // Enter moved focus into the form: the first argument field.
  await expect(byId('tool-fields').locator('input, textarea').first()).toBeFocused();
  await page.keyboard.type('typed by keyboard');
  const toCall = await tabUntil(byId('tool-call'));
  measured.toolCall = toList + toCall;
  expect(toList + toCall, `Tabs to Call (${toList} to the list, ${toCall} from the form)`).toBeLessThanOrEqual(MAX_TABS);
  await page.keyboard.press('Enter');
  await expect(byId('tool-result')).toContainText('typed by keyboard', { timeout: 30_000 });
});

test('the Tools/Resources/Prompts tabs are one tab stop, moved with the arrow keys', async () => {
  await fromPageStart();
  await tabUntil(byId('tools-tab-tools'));
  await page.keyboard.press('ArrowRight');
  await expect(byId('tools-tab-resources')).toBeFocused();
  await expect(byId('tools-tab-resources')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Tab');
  await expect(byId('tools-tab-prompts')).not.toBeFocused();
  await byId('tools-tab-tools').click();
});

test("a server's Stop is within 10 Tabs: one server row is in the tab order, Up/Down move between rows", async () => {
  await openView('servers');
  await expect(byId('server-state-weather')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  await fromPageStart();
  const toList = await tabUntil(byId('server-list'));
  const arrows = await pressUntil('ArrowDown', () => isFocused(byId('server-row-weather')), 10);
  expect(arrows).toBeGreaterThan(0);
  const toStop = await tabUntil(byId('server-stop-weather'), 5);
  measured.serverStop = toList + toStop;
  expect(toList + toStop, `Tabs to Stop (${toList} to the list, ${toStop} within the row)`).toBeLessThanOrEqual(MAX_TABS);
  // Focus after the action stays sensible: Stop becomes disabled, focus moves to Start, and back.
  await page.keyboard.press('Enter');
  await expect(byId('server-state-weather')).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
  await expect(byId('server-start-weather')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(byId('server-state-weather')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  await expect(byId('server-stop-weather')).toBeFocused();
  // Up from the last row returns to the first; Shift+Tab leaves the list rather than walking every row.
  await pressUntil('ArrowUp', () => isFocused(byId('server-row-memory')), 10);
});

test('the config Save is within 10 Tabs', async () => {
  await openView('config');
  await expect(byId('config-issues')).toHaveAttribute('data-valid', 'true');
  await byId('config-editor').focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n');
  await expect(byId('config-save')).toBeEnabled();
  await fromPageStart();
  const toSave = await tabUntil(byId('config-save'));
  measured.configSave = toSave;
  expect(toSave).toBeLessThanOrEqual(MAX_TABS);
  await byId('config-revert').click();
  await expect(byId('config-save')).toBeDisabled();
});

test('Ctrl-K opens an accessible command palette; Escape closes it and gives focus back', async () => {
  await openView('servers');
  await expect(byId('palette-open')).toContainText(/Ctrl K|⌘K/);
  await byId('theme-select').focus();
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Command palette' });
  await expect(dialog).toBeVisible();
  const input = byId('palette-input');
  await expect(input).toBeFocused();
  await expect(input).toHaveAttribute('role', 'combobox');
  await expect(input).toHaveAttribute('aria-controls', 'palette-list');
  await expect(byId('palette-list')).toHaveAttribute('role', 'listbox');
  const first = await input.getAttribute('aria-activedescendant');
  await expect(page.locator(`#${first}`)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  const second = await input.getAttribute('aria-activedescendant');
  expect(second).not.toBe(first);
  await expect(page.locator(`#${second}`)).toHaveAttribute('aria-selected', 'true');
  // Tab does not leave the modal.
  await page.keyboard.press('Tab');
  await expect(input).toBeFocused();
  await page.keyboard.type('call echo');
  await expect(byId('palette-option').first()).toHaveAttribute('data-action', 'tool:everything__echo');
  await snap(page, 'palette');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(byId('theme-select')).toBeFocused();
  await expect(byId('view-servers')).toBeVisible();
});

test('the palette goes to a page, stops and starts a server, and opens a tool focused', async () => {
  const run = async (query: string, action: string) => {
    await page.keyboard.press('Control+k');
    await byId('palette-input').fill(query);
    await expect(byId('palette-option').first()).toHaveAttribute('data-action', action);
    await page.keyboard.press('Enter');
    await expect(byId('palette')).toHaveCount(0);
  };
  await run('go activ', 'view:activity');
  await expect(byId('view-activity')).toBeVisible();
  await expect(page.locator('#main-content')).toBeFocused();
  await run('stop memory', 'stop:memory');
  await expect(byId('server-state-memory')).toHaveCount(0); // still on Activity
  await openView('servers');
  await expect(byId('server-state-memory')).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
  await run('start memory', 'start:memory');
  await expect(byId('server-state-memory')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  await run('call get-sum', 'tool:everything__get-sum');
  await expect(byId('view-tools')).toBeVisible();
  await expect(byId('tool-item-everything__get-sum')).toHaveAttribute('aria-selected', 'true');
  await expect(byId('tool-fields').locator('input, textarea').first()).toBeFocused();
  // From another tab of the Tools page too: the form is shown, not chosen out of sight.
  await byId('tools-tab-resources').click();
  await run('call echo', 'tool:everything__echo');
  await expect(byId('tools-tab-tools')).toHaveAttribute('aria-selected', 'true');
  await expect(byId('tool-item-everything__echo')).toHaveAttribute('aria-selected', 'true');
  await expect(byId('tool-fields').locator('input, textarea').first()).toBeFocused();
  await run('config editor', 'config-editor');
  await expect(byId('config-editor')).toBeFocused();
});

async function ideCall(client: Client, message: string): Promise<void> {
  const r = await client.callTool({ name: 'everything__echo', arguments: { message } });
  expect(r.isError).toBeFalsy();
}

test('Activity: the audit log newest first, live, filterable, with argument hashes and never values', async () => {
  const added = await control<{ token: string }>(world.h, 'addClient', 'cursor-e2e', null);
  expect(added.ok).toBe(true);
  const ide = new Client({ name: 'ide', version: '1.0.0' });
  await ide.connect(
    new StreamableHTTPClientTransport(new URL(`${world.h.url}`), {
      requestInit: { headers: { Authorization: `Bearer ${added.value!.token}` } },
    }),
  );
  try {
    await openView('activity');
    // The UI's own calls above are there already (the admin credential), newest first.
    const rows = byId('activity-row');
    await expect(rows.first()).toBeVisible();
    await expect(rows.first()).toHaveAttribute('data-tool', 'echo');
    const before = await rows.count();
    // A call by an IDE appears without a reload: pushed as an `audit` event once on disk.
    await ideCall(ide, RAW_ARG);
    await expect(rows).toHaveCount(before + 1);
    await expect(rows.first()).toContainText('cursor-e2e');
    const hash = argDigest({ message: RAW_ARG }).argSha256;
    await expect(rows.first().getByTestId('activity-args')).toContainText(hash.slice(0, 12));
    await expect(rows.first().getByTestId('activity-args')).toHaveAttribute('title', new RegExp(hash));
    await expect(byId('view-activity')).not.toContainText(RAW_ARG);
    // Filters: by client (typed), live lines still arrive when they match.
    await byId('activity-client').fill('cursor-e2e');
    await expect(rows).toHaveCount(1);
    await ideCall(ide, `${RAW_ARG}-2`);
    await expect(rows).toHaveCount(2);
    await expect(byId('activity-count')).toHaveText('2 calls shown, newest first');
    // ...and by server and outcome: nothing from this client on memory, nothing failed.
    await byId('activity-server').selectOption('memory');
    await expect(byId('activity-empty')).toBeVisible();
    await byId('activity-server').selectOption('everything');
    await expect(rows).toHaveCount(2);
    await byId('activity-outcome').selectOption('error');
    await expect(byId('activity-empty')).toBeVisible();
    await byId('activity-outcome').selectOption('');
    await byId('activity-range').selectOption('15m');
    await expect(rows).toHaveCount(2);
    await snap(page, 'activity');
    await byId('activity-client').fill('');
    await byId('activity-server').selectOption('');
    await byId('activity-range').selectOption('all');
    await expect(rows).toHaveCount(before + 2);
    // The control API behind it reads the file through the core: newest first, filtered, bounded.
    const listed = await control<AuditPage>(world.h, 'listAudit', { client: 'cursor-e2e', limit: 1 });
    expect(listed.ok).toBe(true);
    expect(listed.value!.entries).toHaveLength(1);
    expect(listed.value!.entries[0]).toMatchObject({ client: 'cursor-e2e', server: 'everything', tool: 'echo', outcome: 'ok' });
    expect(listed.value!.entries[0].argSha256).toBe(argDigest({ message: `${RAW_ARG}-2` }).argSha256);
    expect(listed.value!.more).toBe(true);
    expect(JSON.stringify(listed.value)).not.toContain(RAW_ARG);
    // A client token (what IDE config files hold) cannot read the log: /api/* is the admin's.
    const asClient = await fetch(`${world.h.base}/api/listAudit`, {
      method: 'POST',
      headers: { authorization: `Bearer ${added.value!.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ args: [{}] }),
    });
    expect(asClient.status).toBe(403);
    expect(await asClient.text()).not.toContain('cursor-e2e');
  } finally {
    await ide.close();
  }
});

async function axe(label: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
  expect.soft(bad, `axe on ${label}`).toEqual([]);
}

for (const theme of ['light', 'dark'] as const) {
  for (const width of [1280, 420] as const) {
    test(`axe: every page, Activity and the palette included, at ${width} px in ${theme}`, async () => {
      test.setTimeout(120_000);
      await page.setViewportSize({ width, height: 860 });
      await byId('theme-select').selectOption(theme);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      const narrow = width <= 480;
      for (const view of VIEWS) {
        if (narrow && !(await byId(`nav-${view}`).isVisible())) await byId('nav-toggle').click();
        await openView(view);
        if (view === 'activity') await expect(byId('activity-row').first()).toBeVisible();
        if (view === 'tools') await expect(byId('tool-description')).toBeVisible();
        await axe(`${view} at ${width}px ${theme}`);
      }
      await page.keyboard.press('Control+k');
      await expect(byId('palette')).toBeVisible();
      await axe(`the palette at ${width}px ${theme}`);
      if (narrow) await snap(page, `palette-${width}-${theme}`);
      await page.keyboard.press('Escape');
      await expect(byId('palette')).toHaveCount(0);
    });
  }
}
