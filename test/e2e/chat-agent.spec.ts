// Issue 23, item 1: the agent chat journey in Chromium. A real `serve`; the openai built-in against the
// loopback OpenAI fake scripted to call tools by turn; the built-in weather server and the reference memory
// server as real children. The user picks a profile, asks a question that needs a weather lookup and a
// memory write, sees both calls inline, allows the memory write, gets the answer, and exports the chat.
import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { EVERYTHING_SERVER, MEMORY_SERVER, ROOT, startServe, tempDir, type ServeHandle } from '../helpers/serve-process.js';
import { DEFAULT_PLACES, startOpenAiFake, startOpenMeteoFake, type OpenAiFake, type OpenMeteoFake } from '../fixtures/vendors/index.js';
import { snap } from './ui-setup.js';

test.describe.configure({ mode: 'serial' });

const KEY = 'sk-agent-e2e-000111222333';
type Msg = { role: string; content: string };

/** Weather first, then remember it, then answer with what the tools said. */
function script(messages: Msg[], body: Record<string, unknown>) {
  if (!body.tools) return null;
  const tools = messages.filter((m) => m.role === 'tool');
  const question = messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  if (question.includes('slow')) {
    return tools.length
      ? null
      : [{ id: 'call_slow', name: 'everything__trigger-long-running-operation', arguments: { duration: 60, steps: 60 } }];
  }
  if (tools.length === 0) return [{ id: 'call_weather', name: 'weather__get_weather', arguments: { location: 'Berlin' } }];
  if (tools.length === 1) {
    const weather = JSON.parse(tools[0].content) as { temperature: number; description: string };
    const observation = `${weather.temperature} °C, ${weather.description}`;
    return [
      {
        id: 'call_memory',
        name: 'memory__create_entities',
        arguments: { entities: [{ name: 'Berlin', entityType: 'city', observations: [observation] }] },
      },
    ];
  }
  return null;
}
function reply(messages: Msg[]): string {
  const tools = messages.filter((m) => m.role === 'tool');
  if (tools.length < 2) return 'No tools were used.';
  const weather = JSON.parse(tools[0].content) as { temperature: number; description: string };
  return `It is **${weather.temperature} °C** in Berlin (${weather.description}). I saved that to memory.`;
}

let h: ServeHandle;
let openai: OpenAiFake;
let meteo: OpenMeteoFake;
let page: Page;
const byId = (id: string) => page.getByTestId(id);
const stepOf = (tool: string) => page.locator(`[data-testid="tool-step"][data-tool="${tool}"]`);
const builtin = (name: string, env: Record<string, string>) => ({
  command: process.execPath,
  args: [path.join(ROOT, 'bin', 'mcp-orchestrator.mjs'), 'server', name],
  env,
});

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  openai = await startOpenAiFake({ apiKey: KEY, toolCalls: script, reply });
  meteo = await startOpenMeteoFake(DEFAULT_PLACES);
  const dir = await tempDir('mcp-orch-e2e-agent-');
  const config = {
    servers: {
      openai: builtin('openai', { OPENAI_BASE_URL: openai.baseUrl, HTTP_MAX_ATTEMPTS: '1' }),
      weather: builtin('weather', { OPEN_METEO_URL: meteo.baseUrl, OPEN_METEO_GEOCODING_URL: meteo.baseUrl }),
      memory: { command: process.execPath, args: [MEMORY_SERVER], env: { MEMORY_FILE_PATH: path.join(dir, 'memory.jsonl') } },
      everything: { command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'] },
    },
    profiles: { research: { description: 'Weather and memory', servers: ['weather', 'memory'] } },
  };
  h = await startServe(config, { dir, env: { OPENAI_API_KEY: KEY } });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage();
  page.on('pageerror', (err) => console.log(`[page error] ${err.message}`));
  await page.goto(h.uiUrl);
  await expect(byId('connection-state')).toHaveAttribute('data-state', 'open');
});

async function axeClean(label: string): Promise<void> {
  const scan = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = scan.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  expect(serious, `axe at ${label}`).toEqual([]);
}

test.afterAll(async () => {
  await page?.close();
  await h?.stop();
  await Promise.all([openai?.close(), meteo?.close()]);
});

test('agent chat: a profile’s tools, two calls on two servers, one approval, the answer, export', async () => {
  await byId('nav-chat').click();
  await page.locator('[data-testid="chat-settings"] > summary').click();
  await expect(byId('chat-profile-select').locator('option[value="research"]')).toHaveCount(1);
  await byId('chat-profile-select').selectOption('research');
  await byId('chat-system-prompt').fill('Answer briefly.');
  await expect(page.locator('[data-testid="chat-settings"] > summary')).toContainText('agent mode');
  await page.locator('[data-testid="chat-settings"] > summary').click();

  await byId('chat-input').fill('What is the weather in Berlin? Remember it.');
  await byId('chat-send').click();

  // The weather tool is read-only: it runs at once. Memory's create_entities waits for Allow in the chat.
  await expect(stepOf('weather__get_weather')).toHaveAttribute('data-status', 'ok', { timeout: 30_000 });
  await expect(stepOf('memory__create_entities')).toHaveAttribute('data-status', 'awaiting-approval', { timeout: 30_000 });
  await expect(byId('tool-approval')).toContainText('memory__create_entities');
  await snap(page, 'chat-agent-approval');
  await byId('tool-allow').click();
  // The buttons go away once answered; focus stays on the step rather than falling to the page.
  await expect(stepOf('memory__create_entities').locator('summary')).toBeFocused();

  await expect(stepOf('memory__create_entities')).toHaveAttribute('data-status', 'ok', { timeout: 30_000 });
  const answer = page.locator('[data-testid="chat-answer"][data-done="true"]');
  await expect(answer).toContainText('in Berlin', { timeout: 30_000 });
  await expect(answer.locator('strong')).toHaveText(/°C$/);
  await expect(byId('tool-approval')).toHaveCount(0);
  await snap(page, 'chat-agent');

  // Each step opens to its arguments, result and timing.
  await stepOf('weather__get_weather').locator('summary').click();
  await expect(stepOf('weather__get_weather').getByTestId('tool-step-args')).toContainText('"location": "Berlin"');
  await expect(stepOf('weather__get_weather').getByTestId('tool-step-result')).toContainText('"temperature"');
  await expect(stepOf('weather__get_weather').getByTestId('tool-step-status')).toContainText(/done · \d/);
  await stepOf('memory__create_entities').locator('summary').click();
  await expect(stepOf('memory__create_entities').getByTestId('tool-step-args')).toContainText('"entityType": "city"');

  await axeClean('1280 px');
  await page.setViewportSize({ width: 420, height: 900 });
  await axeClean('420 px');
  await snap(page, 'chat-agent-420');
  await page.setViewportSize({ width: 1280, height: 900 });

  // Export: the Markdown holds both tool steps and the answer; the JSON the whole conversation.
  const [md] = await Promise.all([page.waitForEvent('download'), byId('chat-export-md').click()]);
  expect(md.suggestedFilename()).toBe('what-is-the-weather-in-berlin-remember-it.md');
  const mdText = await readFile(await md.path(), 'utf8');
  expect(mdText).toContain('### Tool call: `weather__get_weather` on weather — ok');
  expect(mdText).toContain('### Tool call: `memory__create_entities` on memory — ok');
  expect(mdText).toContain('**System prompt:**\n\nAnswer briefly.');
  expect(mdText).toMatch(/## Assistant \(openai · gpt-4o-mini\)\n\nIt is \*\*[\d.]+ °C\*\* in Berlin/);
  const [json] = await Promise.all([page.waitForEvent('download'), byId('chat-export-json').click()]);
  const data = JSON.parse(await readFile(await json.path(), 'utf8')) as { turns: Array<{ steps: Array<{ tool: string }> }> };
  expect(data.turns[0].steps.map((s) => s.tool)).toEqual(['weather__get_weather', 'memory__create_entities']);

  // The conversation, its tool steps and its settings survive a reload.
  await page.reload();
  await byId('nav-chat').click();
  await expect(stepOf('memory__create_entities')).toHaveAttribute('data-status', 'ok');
  await expect(page.locator('[data-testid="chat-answer"]')).toContainText('in Berlin');
  await expect(byId('chat-profile-select')).toHaveValue('research');
});

test('Stop during a running tool call stops it and the turn', async () => {
  await byId('chat-new').click();
  const settings = page.locator('[data-testid="chat-settings"] > summary');
  await settings.click();
  await byId('chat-profile-select').selectOption('');
  await byId('chat-tools-summary').click();
  const option = page.getByRole('checkbox', { name: 'everything__trigger-long-running-operation' });
  await option.check({ timeout: 30_000 });
  await expect(byId('chat-tools-summary')).toHaveText('1 tool picked');
  await settings.click();

  await byId('chat-input').fill('Run something slow.');
  await byId('chat-send').click();
  // Read-only: it runs without asking. Stop while it runs.
  const slow = stepOf('everything__trigger-long-running-operation');
  await expect(slow).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
  await byId('chat-stop').click();
  await expect(slow).toHaveAttribute('data-status', 'cancelled', { timeout: 10_000 });
  await expect(slow.getByTestId('tool-step-status')).toHaveText(/^stopped/);
  await expect(byId('chat-error').last()).toContainText('Stopped');
  await expect(byId('chat-send')).toBeVisible();
});
