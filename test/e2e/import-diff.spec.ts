// Import review in the browser (issue 19): before anything is written the UI shows the diff of the config file,
// a field per VS Code input and each collision; confirming edits the file (other settings stay) and an input left
// empty is named as a missing key that keeps its server waiting. Its own small `serve`, as import.spec.ts.
import { readFile } from 'node:fs/promises';
import { test, expect, type Page } from '@playwright/test';
import type { OrchestratorStatus } from '../../shared/types.js';
import { EVERYTHING_SERVER, control, startServe, waitFor, type ServeHandle } from '../helpers/serve-process.js';

test.describe.configure({ mode: 'serial' });

let h: ServeHandle;
let page: Page;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  const config = {
    servers: { open: { command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'], disabled_tools: ['echo'] } },
    orchestrator: { port: 8000, retry_attempts: 6, routing: { chat_preference: ['groq', 'openai'] } },
  };
  h = await startServe(config);
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page?.close();
  await h?.stop();
});

const byId = (id: string) => page.getByTestId(id);

const VSCODE = JSON.stringify({
  inputs: [{ type: 'promptString', id: 'api-key', description: 'Everything API key', password: true }],
  servers: {
    open: { type: 'http', url: 'http://127.0.0.1:9/mcp', disabled: true },
    keyed: { type: 'stdio', command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'], env: { API_KEY: '${input:api-key}' } },
  },
});

test('the import review shows the diff, the input field and the collision, and writes nothing until confirmed', async () => {
  const before = await readFile(h.configPath, 'utf8');
  await page.goto(h.uiUrl);
  await byId('nav-config').click();
  await byId('import-text').fill(VSCODE);
  await byId('import-submit').click();

  const diff = byId('import-diff');
  await expect(diff).toContainText('"keyed": {');
  await expect(diff).toContainText('"open-2": {');
  await expect(diff.locator('[data-kind="add"]').first()).toBeVisible();
  await expect(byId('import-collision-open-2')).toContainText('server id "open" is already configured');
  await expect(byId('import-input-api-key')).toHaveAttribute('type', 'password');
  expect(await readFile(h.configPath, 'utf8')).toBe(before);

  await byId('import-confirm').click();
  await expect(byId('import-result')).toContainText('keyed');
  await expect(byId('import-missing')).toContainText('API_KEY');
  const after = JSON.parse(await readFile(h.configPath, 'utf8')) as {
    servers: Record<string, { env?: Record<string, string>; required_env?: string[]; disabled_tools?: string[] }>;
    orchestrator: unknown;
  };
  expect(after.orchestrator).toEqual({ port: 8000, retry_attempts: 6, routing: { chat_preference: ['groq', 'openai'] } });
  expect(after.servers.open.disabled_tools).toEqual(['echo']);
  expect(after.servers.keyed).toMatchObject({ env: { API_KEY: '${API_KEY}' }, required_env: ['API_KEY'] });
  await waitFor(
    async () => {
      const s = (await control<OrchestratorStatus>(h, 'getStatus')).value?.servers.find((x) => x.id === 'keyed');
      return s?.missingEnv.includes('API_KEY') && s.state === 'stopped';
    },
    'the imported server to wait for its missing key',
    30_000,
  );
});
