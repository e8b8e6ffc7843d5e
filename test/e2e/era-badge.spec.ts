// The Servers page's era badge (issue 21): a remote 2026-07-28 child (the conformance fixture, negotiated with
// "auto") shows "MCP 2026-07-28", a stdio server-everything "MCP 2025-11-25". Its own small `serve`.
import { test, expect, type Page } from '@playwright/test';
import type { OrchestratorStatus } from '../../shared/types.js';
import { startConformanceFixture, type ConformanceFixture } from '../helpers/conformance-fixture.js';
import { EVERYTHING_SERVER, control, startServe, waitFor, type ServeHandle } from '../helpers/serve-process.js';

test.describe.configure({ mode: 'serial' });

let fixture: ConformanceFixture;
let h: ServeHandle;
let page: Page;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  fixture = await startConformanceFixture();
  const config = {
    servers: {
      modern: { url: fixture.url },
      classic: { command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'] },
    },
    orchestrator: { port: 8000 },
  };
  h = await startServe(config);
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page?.close();
  await h?.stop();
  await fixture?.close();
});

test('each running server shows the protocol version it negotiated', async () => {
  await waitFor(
    async () => {
      const s = (await control<OrchestratorStatus>(h, 'getStatus')).value?.servers ?? [];
      return s.length === 2 && s.every((x) => x.state === 'running');
    },
    'both servers running',
    60_000,
  );
  await page.goto(h.uiUrl);
  await page.getByTestId('nav-servers').click();
  await expect(page.getByTestId('server-state-modern')).toHaveText('running');
  await expect(page.getByTestId('server-era-modern')).toHaveText('MCP 2026-07-28');
  await expect(page.getByTestId('server-era-modern')).toHaveAttribute('data-era', 'modern');
  await expect(page.getByTestId('server-era-classic')).toHaveText('MCP 2025-11-25');
  await expect(page.getByTestId('server-era-classic')).toHaveAttribute('data-era', 'legacy');
  await page.screenshot({ path: 'test-results/era-badge.png' });
});
