// Import in the browser (issue 7 item 2): the UI shows what an import adds and writes or starts nothing until
// the user confirms; a literal key moves to the keychain. Also the Servers page's env_passthrough "*" warning.
// Its own small `serve` so it does not depend on the order of ui.spec.ts.
import { readFile } from 'node:fs/promises';
import { test, expect, type Page } from '@playwright/test';
import type { OrchestratorStatus } from '../../shared/types.js';
import { EVERYTHING_SERVER, control, startServe, waitFor, type ServeHandle } from '../helpers/serve-process.js';

test.describe.configure({ mode: 'serial' });

const PAT = 'ghp_e2eImportLiteral0123456789abc';
let h: ServeHandle;
let page: Page;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  const config = {
    servers: { open: { command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'], env_passthrough: ['*'] } },
    orchestrator: { port: 8000 },
  };
  h = await startServe(config);
  page = await browser.newPage();
});

test.afterAll(async () => {
  if (h) await control(h, 'deleteSecret', 'GITHUB_PERSONAL_ACCESS_TOKEN').catch(() => undefined);
  await page?.close();
  await h?.stop();
});

const byId = (id: string) => page.getByTestId(id);

test('a server inheriting the whole environment carries a warning on the Servers page', async () => {
  await page.goto(h.uiUrl);
  await byId('nav-servers').click();
  await expect(byId('server-env-warning-open')).toContainText('whole environment');
});

test('import previews the entry and writes nothing until confirmed', async () => {
  const status = (await control<OrchestratorStatus>(h, 'getStatus')).value as OrchestratorStatus;
  test.skip(status.secretStore !== 'keychain' && process.env.MCP_ORCH_REQUIRE_KEYRING !== '1', 'needs a keychain to move the key');
  const before = await readFile(h.configPath, 'utf8');
  await byId('nav-config').click();
  const file = {
    mcpServers: { gh: { command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: PAT } } },
  };
  await byId('import-text').fill(JSON.stringify(file));
  await byId('import-submit').click();

  const entry = byId('import-entry-gh');
  await expect(entry).toContainText(EVERYTHING_SERVER);
  await expect(entry).toContainText('Secrets: GITHUB_PERSONAL_ACCESS_TOKEN');
  await expect(entry).toContainText('moves to the OS keychain');
  await expect(byId('import-preview')).not.toContainText(PAT);
  expect(await readFile(h.configPath, 'utf8')).toBe(before);
  expect((await control<OrchestratorStatus>(h, 'getStatus')).value?.servers.map((s) => s.id)).toEqual(['open']);

  await byId('import-confirm').click();
  await expect(byId('import-result')).toContainText('gh');
  const text = await readFile(h.configPath, 'utf8');
  expect(text).not.toContain(PAT);
  expect(text).toContain('${GITHUB_PERSONAL_ACCESS_TOKEN}');
  await waitFor(
    async () => {
      const s = (await control<OrchestratorStatus>(h, 'getStatus')).value?.servers.find((x) => x.id === 'gh');
      return s?.state === 'running';
    },
    'the imported server to run',
    30_000,
  );
});
