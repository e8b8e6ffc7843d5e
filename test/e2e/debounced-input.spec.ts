// Typing in the UI is debounced by the one helper (shared/debounce.ts through renderer/src/use-debounced.ts):
// a burst of keystrokes in the config editor is validated once, with the whole text, and a burst in the
// Activity filter asks the audit log once, with the whole word. No request carries a half-typed word.
import { test, expect, type Page, type Request } from '@playwright/test';
import { startServe, type ServeHandle } from '../helpers/serve-process.js';

test.describe.configure({ mode: 'serial' });

let h: ServeHandle;
let page: Page;
/** Bodies of the control API calls the page made, by method. */
const calls = new Map<string, string[]>();
const byId = (id: string) => page.getByTestId(id);

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  h = await startServe({ servers: {}, orchestrator: { port: 8000 } });
  page = await browser.newPage();
  page.on('dialog', (d) => void d.accept());
  page.on('request', (r) => {
    const method = /\/api\/(\w+)$/.exec(new URL(r.url()).pathname)?.[1];
    if (method && r.method() === 'POST') calls.set(method, [...(calls.get(method) ?? []), r.postData() ?? '']);
  });
  await page.goto(h.uiUrl);
  await expect(byId('connection-state')).toHaveAttribute('data-state', 'open');
});

test.afterAll(async () => {
  await page?.close();
  await h?.stop();
});

/** Resolves with the first POST to /api/<method> whose body contains `text`. */
const requestWith = (method: string, text: string) =>
  page.waitForRequest((r: Request) => r.url().endsWith(`/api/${method}`) && (r.postData() ?? '').includes(text));

/** Every proper non-empty prefix of `word` (what a request made mid-burst would carry). */
const prefixes = (word: string) => Array.from({ length: word.length - 1 }, (_, i) => word.slice(0, i + 1));

test('a burst of typing in the config editor is validated once, with the whole text', async () => {
  const word = 'zqxjdebounce';
  await byId('nav-config').click();
  const editor = byId('config-editor');
  await expect(editor).toBeVisible();
  // Every text on the way stays valid JSON (the word grows inside a string), so each would reach the
  // server if it were not debounced: a syntax error is answered in the page without a request.
  await editor.fill('{"servers":{},"orchestrator":{"port":8000},"note":""}');
  await editor.press('End');
  await editor.press('ArrowLeft');
  await editor.press('ArrowLeft');
  // In the request the text is one JSON string argument, so the word is followed by an escaped quote.
  const validated = requestWith('validateConfig', `${word}\\"`);
  await page.keyboard.type(word);
  await validated;
  const bodies = calls.get('validateConfig') ?? [];
  expect(bodies.filter((b) => b.includes(`${word}\\"`))).toHaveLength(1);
  for (const p of prefixes(word)) expect(bodies.some((b) => b.includes(`:\\"${p}\\"`))).toBe(false);
});

test('a burst of typing in the Activity filter asks the audit log once, with the whole word', async () => {
  const word = 'vwkclient';
  await byId('nav-activity').click();
  const field = byId('activity-client');
  await expect(field).toBeVisible();
  const asked = requestWith('listAudit', `"client":"${word}"`);
  await field.fill('');
  await field.pressSequentially(word);
  await asked;
  const withClient = (calls.get('listAudit') ?? []).filter((b) => b.includes('"client":"'));
  expect(withClient).toEqual([expect.stringContaining(`"client":"${word}"`)]);
  for (const p of prefixes(word)) expect(withClient.some((b) => b.includes(`"client":"${p}"`))).toBe(false);
});
