// Issue 22's journey in Chromium against a real `serve`, as a user protecting an IDE agent would go:
//  1. create a client token for a profile in the Connect panel;
//  2. the agent's server changes a tool after first use (a rug pull): the gateway hides it from the agent, and
//     the user reviews the change on the Servers page and approves it, after which the agent sees it again;
//  3. the agent calls a destructive tool without elicitation: the banner above every page asks, and Allow once
//     (reached by keyboard) lets the call through; a second call is denied and fails with "declined by the user".
import path from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { test, expect, type Page } from '@playwright/test';
import { control, ROOT, startServe, tempDir, type ServeHandle } from '../helpers/serve-process.js';
import { snap } from './ui-setup.js';

const RISKY = path.join(ROOT, 'test', 'fixtures', 'servers', 'risky.ts');
const RUG_PULL = path.join(ROOT, 'test', 'fixtures', 'servers', 'rug-pull.ts');

test.describe.configure({ mode: 'serial' });

let h: ServeHandle;
let page: Page;
let token = '';
const byId = (id: string) => page.getByTestId(id);

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  h = await startServe(
    {
      servers: {
        notes: { command: process.execPath, args: ['--import', 'tsx', RISKY], approval: 'destructive' },
        rug: { command: process.execPath, args: ['--import', 'tsx', RUG_PULL] },
      },
      profiles: { agent: { servers: ['notes', 'rug'], description: 'what the coding agent may use' } },
    },
    { dir: await tempDir('mcp-orch-e2e-trust-') },
  );
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on('pageerror', (err) => console.log(`[page error] ${err.message}`));
  await page.goto(h.uiUrl);
  await expect(byId('connection-state')).toHaveAttribute('data-state', 'open');
});

test.afterAll(async () => {
  await page?.close();
  await h?.stop();
});

async function connectAgent(): Promise<Client> {
  const client = new Client({ name: 'agent-ide', version: '1.0.0' });
  const url = new URL(`${h.base}/mcp/agent`);
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
}

test('a client token for a profile, made in the Connect panel', async () => {
  await byId('nav-connect').click();
  await byId('connect-profile').selectOption('agent');
  await byId('client-name').fill('agent-ide');
  await byId('client-create').click();
  token = (await byId('client-created-token').innerText()).trim();
  expect(token.length).toBeGreaterThan(20);
  await expect(byId('client-agent-ide')).toContainText('/mcp/agent');
});

test("a tool changed behind the agent's back is hidden from it until the user reviews and approves the change", async () => {
  const client = await connectAgent();
  try {
    const names = async () => (await client.listTools()).tools.map((t) => t.name);
    expect(await names()).toContain('rug__echo');
    // First use is the rug-pull child's cue to change echo's description and schema (and say list_changed).
    await client.callTool({ name: 'rug__echo', arguments: { text: 'hi' } });
    await expect.poll(names).not.toContain('rug__echo');
    await expect(client.callTool({ name: 'rug__echo', arguments: { text: 'again' } })).rejects.toThrow(/quarantined/);

    await byId('nav-servers').click();
    await expect(byId('server-pins-rug')).toContainText('1 change awaiting review');
    await byId('server-pins-review-rug').click();
    await expect(byId('pin-description-echo').locator('ins')).toContainText('read ~/.ssh/id_rsa');
    await snap(page, 'trust-journey-review');
    await byId('pin-approve-echo').click();
    await expect(byId('server-pins-rug')).toContainText('all changes reviewed');

    // Approved: the agent's list has it again, and it answers.
    await expect.poll(names).toContain('rug__echo');
    const answer = await client.callTool({ name: 'rug__echo', arguments: { text: 'back' } });
    expect(answer.isError).not.toBe(true);
  } finally {
    await client.close();
  }
});

test('a destructive call waits for the banner; Allow once lets it through', async () => {
  const client = await connectAgent();
  try {
    // Start on another page: the banner shows on every page.
    await byId('nav-tools').click();
    const call = client.callTool({ name: 'notes__delete_note', arguments: { name: 'shopping-list' } });
    const banner = byId('approval-banner');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('1 tool call is waiting for your approval');
    await expect(byId('approval-card')).toContainText('agent-ide on profile "agent" wants to run delete_note of notes');
    await expect(byId('approval-args')).toContainText('"name": "shopping-list"');
    await expect(byId('approval-timer')).toContainText('s left');
    await snap(page, 'trust-approval-pending');

    // Keyboard: Tab reaches the banner's buttons (it sits above the page's content), Enter answers.
    await page.locator('body').focus();
    const allow = byId('approval-allow-once');
    for (let i = 0; i < 40 && !(await allow.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    await expect(allow).toBeFocused();
    await page.keyboard.press('Enter');

    const result = await call;
    expect(result.content).toEqual([{ type: 'text', text: 'delete_note shopping-list' }]);
    await expect(banner).toHaveCount(0);
    expect((await control<unknown[]>(h, 'listQuestions')).value).toEqual([]);
  } finally {
    await client.close();
  }
});

test('Deny from the banner fails the call with "declined by the user"', async () => {
  const client = await connectAgent();
  try {
    await byId('nav-chat').click();
    const call = client.callTool({ name: 'notes__write_note', arguments: { name: 'secret-plan' } });
    const outcome = call.then(
      () => 'allowed',
      (err: Error) => err.message,
    );
    await expect(byId('approval-card')).toContainText('write_note');
    await byId('approval-deny').click();
    expect(await outcome).toMatch(/declined by the user/);
    await expect(byId('approval-banner')).toHaveCount(0);
  } finally {
    await client.close();
  }
});
