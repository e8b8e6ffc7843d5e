// Issue 23, Inspector parity (first half), in Chromium against a real `serve` with real children:
// the reference `everything` server and a fixture whose tool has an enum, a nested object and arrays
// (and another that breaks its own outputSchema). Forms, badges, structured output, a resource
// template with completion, a prompt with completion, a live subscription, the negotiated protocol.
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test, expect, type Page } from '@playwright/test';
import { FIXTURE_DIR } from '../fixtures/servers/supervisor-harness.js';
import { EVERYTHING_SERVER, control, startServe, tempDir, type ServeHandle } from '../helpers/serve-process.js';
import { snap } from './ui-setup.js';

test.describe.configure({ mode: 'serial' });

let h: ServeHandle;
let page: Page;
const byId = (id: string) => page.getByTestId(id);

async function openView(view: string): Promise<void> {
  await byId(`nav-${view}`).click();
  await expect(byId(`view-${view}`)).toBeVisible();
}

/** Serious or critical axe findings on the page as it is now, at its current width. */
async function axeFindings(): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** axe at 1280 px and at 420 px (with a screenshot there when named), then back to 1280. */
async function axeClean(narrowShot?: string): Promise<void> {
  expect(await axeFindings()).toEqual([]);
  await page.setViewportSize({ width: 420, height: 860 });
  expect(await axeFindings()).toEqual([]);
  if (narrowShot) await snap(page, narrowShot);
  await page.setViewportSize({ width: 1280, height: 860 });
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  const config = {
    servers: {
      everything: { name: 'Everything', command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'] },
      inspector: {
        name: 'Inspector fixture',
        command: process.execPath,
        args: ['--import', 'tsx', path.join(FIXTURE_DIR, 'inspector.ts')],
      },
    },
    orchestrator: { port: 8000 },
  };
  h = await startServe(config, { dir: await tempDir('mcp-orch-e2e-inspector-') });
  // axe-core/playwright needs a page from an explicit context.
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
  page.on('pageerror', (err) => console.log(`[page error] ${err.message}`));
  await page.goto(h.uiUrl);
  await expect(byId('connection-state')).toHaveAttribute('data-state', 'open');
  await openView('servers');
  for (const id of ['everything', 'inspector']) {
    await expect(byId(`server-state-${id}`)).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  }
});

test.afterAll(async () => {
  await page?.context().close();
  await h?.stop();
});

test('a generated form: enum, nested object, arrays, bounded numbers, free-form JSON; title and badges', async () => {
  await openView('tools');
  await byId('tool-item-inspector__configure').click();
  await expect(byId('tool-title')).toHaveText('Configure a target');
  await expect(byId('tool-badge-destructive')).toBeVisible();
  await expect(byId('tool-badge-open-world')).toBeVisible();
  await expect(byId('tool-badge-read-only')).toHaveCount(0);

  // Defaults are filled in; the enum is a select.
  await expect(byId('arg-mode')).toHaveValue('safe');
  await byId('arg-mode').selectOption('paranoid');
  await expect(byId('arg-target-group')).toBeVisible();
  await expect(byId('arg-target-host')).toHaveValue('localhost');
  await expect(byId('arg-target-port')).toHaveValue('8080');
  await byId('arg-target-host').fill('db.local');
  // Out of bounds blocks the call, with the reason next to the field.
  await byId('arg-target-port').fill('70000');
  await expect(byId('arg-target-port-error')).toHaveText('Must be at most 65535.');
  await expect(byId('tool-call')).toBeDisabled();
  await byId('arg-target-port').fill('5432');
  await byId('arg-target-tls').check();

  // An array of typed items: add three, remove the first.
  for (const t of ['drop', 'blue', 'green']) {
    await byId('arg-tags-add').click();
    await page
      .getByTestId(/^arg-tags-\d+$/)
      .last()
      .fill(t);
  }
  await byId('arg-tags-0-remove').click();
  await expect(byId('arg-tags-0')).toHaveValue('blue');
  await expect(byId('arg-tags-1')).toHaveValue('green');
  await expect(byId('arg-tags-2')).toHaveCount(0);
  await byId('arg-weights-add').click();
  await byId('arg-weights-0').fill('0.25');

  // Free-form is the one JSON field; it must parse before anything is sent.
  await byId('arg-extra').fill('{"note": ');
  await expect(byId('arg-extra-error')).toContainText('Not valid JSON');
  await expect(byId('tool-call')).toBeDisabled();
  await byId('arg-extra').fill('{"note": "x"}');
  await expect(byId('tool-call')).toBeEnabled();
  await snap(page, 'inspector-form');

  await byId('tool-call').click();
  await expect(byId('tool-result')).toHaveAttribute('data-is-error', 'false', { timeout: 30_000 });
  const sent = JSON.parse(await byId('content-text').innerText()) as unknown;
  expect(sent).toEqual({
    mode: 'paranoid',
    target: { host: 'db.local', port: 5432, tls: true },
    tags: ['blue', 'green'],
    weights: [0.25],
    extra: { note: 'x' },
  });
  await byId('arg-target-group').scrollIntoViewIfNeeded();
  await axeClean('inspector-form-420');
});

test('structured output is shown and validated against the output schema', async () => {
  await byId('tool-item-everything__get-structured-content').click();
  await expect(byId('tool-badge-read-only')).toBeVisible();
  await expect(byId('tool-badge-idempotent')).toBeVisible();
  await byId('arg-location').selectOption('Chicago');
  await byId('tool-call').click();
  await expect(byId('output-validation')).toHaveAttribute('data-valid', 'true', { timeout: 30_000 });
  await expect(byId('content-structured')).toContainText('"temperature": 36');

  await byId('tool-item-inspector__bad_weather').click();
  await byId('tool-call').click();
  await expect(byId('output-validation')).toHaveAttribute('data-valid', 'false', { timeout: 30_000 });
  await expect(byId('output-validation')).toContainText('temperature must be number');
  await expect(byId('output-validation')).toContainText("required property 'conditions'");
  await snap(page, 'inspector-structured-invalid');
  await axeClean();
});

test('a prompt with arguments completes each one, the second narrowed by the first', async () => {
  await byId('tools-tab-prompts').click();
  await byId('prompt-item-everything__completable-prompt').click();
  await byId('prompt-arg-department').fill('E');
  await byId('prompt-arg-department-suggestions').getByRole('button', { name: 'Engineering' }).click();
  await expect(byId('prompt-arg-department')).toHaveValue('Engineering');
  await byId('prompt-arg-name').focus();
  await expect(byId('prompt-arg-name-suggestions').getByRole('button')).toHaveText(['Alice', 'Bob', 'Charlie']);
  await byId('prompt-arg-name-suggestions').getByRole('button', { name: 'Bob' }).click();
  await byId('prompt-get').click();
  await expect(byId('prompt-result')).toContainText('Please promote Bob to the head of the Engineering team');
  await axeClean();
});

test('a resource template with completion is read, then a subscription receives a live update', async () => {
  await byId('tools-tab-resources').click();
  await byId('template-item-Dynamic Text Resource').click();
  await byId('template-var-resourceId').fill('4');
  await byId('template-var-resourceId-suggestions').getByRole('button', { name: '4' }).click();
  await expect(byId('template-uri')).toHaveText('demo://resource/dynamic/text/4');
  await byId('template-read').click();
  await expect(byId('resource-result')).toContainText('Resource 4: This is a plaintext resource');

  await byId('resource-subscribe').click();
  await expect(byId('resource-subscribe')).toHaveAttribute('aria-pressed', 'true');
  const sub = page.locator('[data-testid="subscription"][data-uri="demo://resource/dynamic/text/4"]');
  await expect(sub.getByTestId('subscription-updated')).toHaveText('Subscribed; no update yet.');
  // everything sends an update at once when its simulated updates are switched on (then every 5 s).
  await control(h, 'callTool', 'everything__toggle-subscriber-updates', {});
  try {
    await expect(sub.getByTestId('subscription-updated')).toContainText(/\d+ updates? · last at \d\d:\d\d:\d\d/, { timeout: 20_000 });
    await expect(sub).toContainText('Resource 4: This is a plaintext resource');
    await snap(page, 'inspector-template-subscription');
    await axeClean();
  } finally {
    await control(h, 'callTool', 'everything__toggle-subscriber-updates', {});
  }
  await byId('resource-subscribe').click();
  await expect(page.getByTestId('subscription')).toHaveCount(0);
});

test('the Servers page shows the negotiated protocol version, server info and capabilities', async () => {
  await openView('servers');
  await byId('server-expand-everything').click();
  await expect(byId('server-protocol-version-everything')).toHaveText('2025-11-25');
  await expect(byId('server-info-everything')).toContainText('2.0.0');
  await expect(byId('server-capabilities-everything')).toContainText('resources (subscribe');
  await expect(byId('server-capabilities-everything')).toContainText('completions');
  await byId('server-expand-inspector').click();
  await expect(byId('server-info-inspector')).toHaveText('inspector-fixture 0.3.1');
  await snap(page, 'inspector-server-protocol');
  await axeClean();
});
