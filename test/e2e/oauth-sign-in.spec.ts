// The Servers page's Sign in button (issue 21 item 6): a remote server behind OAuth shows "needs-sign-in"
// with the reason; Sign in opens the authorization server in a new tab (under serve the page opens it),
// which comes back to the orchestrator's loopback listener, and the server turns running. Real `serve`,
// a test authorization server on 127.0.0.1, tokens in the keychain (run under /tmp/notes/in-test-env.sh).
import { test, expect, type Page } from '@playwright/test';
import type { OrchestratorStatus } from '../../shared/types.js';
import { OAuthTestServer } from '../helpers/oauth-test-server.js';
import { control, startServe, waitFor, type ServeHandle } from '../helpers/serve-process.js';

test.describe.configure({ mode: 'serial' });

let as: OAuthTestServer;
let h: ServeHandle;
let page: Page;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  as = await new OAuthTestServer().start();
  h = await startServe({ servers: { linear: { name: 'Linear (hosted)', url: as.mcpUrl, oauth: true } } });
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page?.close();
  await h?.stop();
  await as?.close();
});

test('Sign in on a server that needs it: the browser tab signs in and the server runs', async () => {
  await waitFor(
    async () => (await control<OrchestratorStatus>(h, 'getStatus')).value?.servers[0]?.state === 'needs-sign-in',
    'needs-sign-in',
    30_000,
  );
  await page.goto(h.uiUrl);
  await page.getByTestId('nav-servers').click();
  await expect(page.getByTestId('server-state-linear')).toHaveText('needs-sign-in');
  await expect(page.getByTestId('server-sign-in-linear')).toContainText('requires an OAuth sign-in');
  await expect(page.getByTestId('server-error-linear')).toHaveCount(0); // said once, by the notice
  await page.screenshot({ path: 'test-results/oauth-needs-sign-in.png' });

  const popup = page.context().waitForEvent('page');
  await page.getByTestId('server-sign-in-button-linear').click();
  const tab = await popup;
  // The authorization server approves at once and redirects to the orchestrator's loopback listener.
  await tab.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
  await expect(tab.locator('h1')).toHaveText('Signed in');
  await tab.close();

  await expect(page.getByTestId('server-state-linear')).toHaveText('running', { timeout: 20_000 });
  await expect(page.getByTestId('server-sign-in-linear')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/oauth-signed-in.png' });
  const body = await page.content();
  for (const token of as.issued) expect(body).not.toContain(token);
});
