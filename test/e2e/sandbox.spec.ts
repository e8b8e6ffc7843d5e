// The Servers page's sandbox badge (issue 22 item 6), with real bubblewrap: a server with "sandbox": "auto" shows
// "sandboxed", one without shows nothing. Its own small `serve`. Skipped, with the reason, without Linux + bwrap.
import { execFileSync } from 'node:child_process';
import { test, expect, type Page } from '@playwright/test';
import type { OrchestratorStatus } from '../../shared/types.js';
import { EVERYTHING_SERVER, control, startServe, waitFor, type ServeHandle } from '../helpers/serve-process.js';

test.describe.configure({ mode: 'serial' });

const hasBwrap = (() => {
  try {
    return process.platform === 'linux' && execFileSync('sh', ['-c', 'command -v bwrap'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
})();

let h: ServeHandle;
let page: Page;

test.beforeAll(async ({ browser }) => {
  if (!hasBwrap) return;
  test.setTimeout(90_000);
  const config = {
    servers: {
      boxed: { command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'], sandbox: 'auto' },
      open: { command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'] },
    },
    orchestrator: { port: 8000 },
  };
  h = await startServe(config);
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page?.close();
  await h?.stop();
});

test('a sandboxed server carries a "sandboxed" badge; an unsandboxed one none', async () => {
  test.skip(!hasBwrap, 'needs Linux with bwrap (bubblewrap) installed');
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
  await expect(page.getByTestId('server-state-boxed')).toHaveText('running');
  await expect(page.getByTestId('server-sandboxed-boxed')).toHaveText('sandboxed');
  await expect(page.getByTestId('server-row-open')).toBeVisible();
  await expect(page.getByTestId('server-sandboxed-open')).toHaveCount(0);
  await expect(page.getByTestId('server-unsandboxed-open')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/sandbox-badge.png' });
});
