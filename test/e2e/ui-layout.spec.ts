// Every page at 1280×860 and 420×860, in light and dark: an axe scan (0 serious/critical), no
// horizontal overflow, the nav folding behind "Menu" when narrow, Send on screen. Also takes the
// screenshots README shows.
import AxeBuilder from '@axe-core/playwright';
import { test, expect, type Page } from '@playwright/test';
import { tempDir, type ServeHandle } from '../helpers/serve-process.js';
import { snap, startWorld, type UiWorld } from './ui-setup.js';

test.describe.configure({ mode: process.env.E2E_DEV ? 'default' : 'serial' });

const VIEWS = ['chat', 'weather', 'servers', 'tools', 'config', 'connect'] as const;
const WIDTHS = [1280, 420] as const;
const THEMES = ['light', 'dark'] as const;

let world: UiWorld;
let h: ServeHandle;
let page: Page;
const byId = (id: string) => page.getByTestId(id);

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  world = await startWorld(await tempDir('mcp-orch-e2e-layout-'));
  h = world.h;
  // axe-core/playwright needs a page from an explicit context.
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
  page.on('pageerror', (err) => console.log(`[page error] ${err.message}`));
  await page.goto(h.uiUrl);
  await expect(byId('connection-state')).toHaveAttribute('data-state', 'open');
  // Something on each page worth scanning: a chat turn, a tool picked, a server expanded.
  await byId('chat-input').fill('Say **hello** with `code`');
  await byId('chat-send').click();
  await expect(byId('chat-answer')).toHaveAttribute('data-done', 'true', { timeout: 30_000 });
});

test.afterAll(async () => {
  await page?.context().close();
  await world?.close();
});

async function goTo(view: string, narrow: boolean): Promise<void> {
  if (narrow && !(await byId(`nav-${view}`).isVisible())) await byId('nav-toggle').click();
  await byId(`nav-${view}`).click();
  await expect(byId(`view-${view}`)).toBeVisible();
  if (narrow) await expect(byId(`nav-${view}`)).toBeHidden();
}

async function prepare(view: string): Promise<void> {
  if (view === 'servers' && (await byId('server-expand-groq').getAttribute('aria-expanded')) === 'false') {
    await byId('server-expand-groq').click();
  }
  if (view === 'servers') await expect(byId('server-state-everything')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  if (view === 'tools' && (await byId('tool-item-everything__echo').getAttribute('aria-pressed')) !== 'true') {
    await byId('tool-item-everything__echo').click();
  }
  if (view === 'config') await expect(byId('config-issues')).toHaveAttribute('data-valid', 'true');
  if (view === 'connect') await expect(byId('connect-url')).toHaveText(h.url);
}

async function noHorizontalOverflow(view: string): Promise<void> {
  const sizes = await page.evaluate(() => {
    const main = document.querySelector('main.content') as HTMLElement;
    return { doc: document.documentElement.scrollWidth, win: window.innerWidth, main: main.scrollWidth, mainClient: main.clientWidth };
  });
  expect.soft(sizes.doc, `${view}: page width`).toBeLessThanOrEqual(sizes.win);
  expect.soft(sizes.main, `${view}: content width`).toBeLessThanOrEqual(sizes.mainClient + 1);
}

async function axe(view: string, label: string): Promise<void> {
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
  expect.soft(bad, `axe on ${view} ${label}`).toEqual([]);
}

for (const theme of THEMES) {
  for (const width of WIDTHS) {
    test(`every page at ${width}×860 in ${theme}: axe clean, nothing overflows`, async () => {
      test.setTimeout(120_000);
      await page.setViewportSize({ width, height: 860 });
      await byId('theme-select').selectOption(theme);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      const narrow = width <= 480;
      await expect(byId('nav-toggle')).toBeVisible({ visible: narrow });
      for (const view of VIEWS) {
        await goTo(view, narrow);
        await prepare(view);
        await noHorizontalOverflow(view);
        if (view === 'chat') {
          const send = await byId('chat-send').boundingBox();
          expect.soft(send && send.y + send.height <= 860 && send.x + send.width <= width, 'Send on screen').toBe(true);
        }
        await axe(view, `${width}px ${theme}`);
        if (width === 1280 && theme === 'light') await snap(page, `ui-${view}`);
        if (narrow && (view === 'chat' || view === 'tools' || view === 'connect')) await snap(page, `ui-${view}-${width}-${theme}`);
        if (!narrow && theme === 'dark' && view === 'servers') await snap(page, `ui-${view}-dark`);
      }
    });
  }
}

test('the theme choice survives a reload', async () => {
  await page.setViewportSize({ width: 1280, height: 860 });
  await byId('theme-select').selectOption('dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(byId('theme-select')).toHaveValue('dark');
  await byId('theme-select').selectOption('system');
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
});

test('"System" follows the OS colour scheme, and a picked theme overrides it', async () => {
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await byId('theme-select').selectOption('system');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(background).toBe('rgb(15, 18, 22)');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(background).toBe('rgb(246, 247, 249)');
  await byId('theme-select').selectOption('dark');
  await expect.poll(background).toBe('rgb(15, 18, 22)');
  await page.emulateMedia({ colorScheme: 'dark' });
  await byId('theme-select').selectOption('light');
  await expect.poll(background).toBe('rgb(246, 247, 249)');
  await byId('theme-select').selectOption('system');
});
