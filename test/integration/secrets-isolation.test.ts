// Issue 7 items 1-3 against a real `serve`: what a child's environment holds (server-everything's
// get-env through the gateway), reserved names, secrets in args, and redaction of inherited secrets.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import type { LogLine, OrchestratorStatus, ServerStatus } from '../../shared/types.js';
import { startOpenAiFake, type OpenAiFake } from '../fixtures/vendors/index.js';
import { EVERYTHING_SERVER, ROOT, control, runCli, startServe, tempDir, waitFor, type ServeHandle } from '../helpers/serve-process.js';
import { connectClient } from '../helpers/connect-client.js';

// Values chosen so no key *pattern* matches them: only exact-value redaction can mask them.
const OPENAI_KEY = 'sk-isolation-openai-0123456789';
const GITHUB_TOKEN = 'plain-github-value-7788';
const DB_PASSWORD = 'hunter2-db-value-4455';
const LATER = 'later-stored-value-3141';
const everything = (extra: Record<string, unknown> = {}) => ({ command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'], ...extra });
// Prints an inherited secret to stderr and exits: its log must come out redacted.
const LEAKER = "console.error('leaking DB_PASSWORD=' + process.env.DB_PASSWORD); setTimeout(() => process.exit(3), 50)";

async function envOf(client: Client, tool: string): Promise<Record<string, string>> {
  const r = await client.callTool({ name: tool, arguments: {} });
  const text = (r.content as Array<{ type: string; text?: string }>)[0]?.text ?? '';
  return JSON.parse(text) as Record<string, string>;
}

describe('child environment isolation and redaction (serve)', () => {
  let h: ServeHandle;
  let client: Client;
  let fake: OpenAiFake;

  beforeAll(async () => {
    fake = await startOpenAiFake({ apiKey: OPENAI_KEY });
    const dir = await tempDir();
    const config = {
      servers: {
        everything: everything(),
        declared: everything({ required_env: ['OPENAI_API_KEY'], env_passthrough: ['GITHUB_TOKEN'] }),
        // A built-in gets its optional names (OPENAI_BASE_URL here, exported to serve) without declaring them.
        openai: {
          command: process.execPath,
          args: [path.join(ROOT, 'bin/mcp-orchestrator.mjs'), 'server', 'openai'],
          required_env: ['OPENAI_API_KEY'],
          env: { HTTP_MAX_ATTEMPTS: '1' },
        },
        leaker: { command: process.execPath, args: ['-e', LEAKER], env_passthrough: ['*'], autostart: true },
        // Prints a value that only later becomes a stored secret.
        later: {
          command: process.execPath,
          args: ['-e', "console.error('note=' + process.env.NOTE); process.exit(3)"],
          env: { NOTE: LATER },
        },
      },
      orchestrator: { port: 8000, routing: { chat_preference: ['openai'] } },
    };
    h = await startServe(config, {
      dir,
      ui: false,
      env: { OPENAI_API_KEY: OPENAI_KEY, GITHUB_TOKEN, DB_PASSWORD, OPENAI_BASE_URL: fake.baseUrl },
    });
    client = await connectClient(h.url, h.token, { name: 'isolation-test' });
  }, 90_000);

  afterAll(async () => {
    await client?.close().catch(() => undefined);
    await h?.stop();
    await fake?.close();
  });

  it("a third-party server sees none of the orchestrator's keys, only a small base", async () => {
    const env = await envOf(client, 'everything__get-env');
    for (const name of ['OPENAI_API_KEY', 'GITHUB_TOKEN', 'DB_PASSWORD', 'OPENAI_BASE_URL', 'MCP_ORCHESTRATOR_KEYCHAIN_SERVICE']) {
      expect(env).not.toHaveProperty(name);
    }
    const text = JSON.stringify(env);
    for (const secret of [OPENAI_KEY, GITHUB_TOKEN, DB_PASSWORD, h.token]) expect(text).not.toContain(secret);
    expect(env.PATH).toBeTruthy();
    expect(env.HOME).toBeTruthy();
  });

  it('a server that declares a key (required_env or env_passthrough) gets exactly those', async () => {
    const env = await envOf(client, 'declared__get-env');
    expect(env.OPENAI_API_KEY).toBe(OPENAI_KEY);
    expect(env.GITHUB_TOKEN).toBe(GITHUB_TOKEN);
    expect(env).not.toHaveProperty('DB_PASSWORD');
    expect(JSON.stringify(env)).not.toContain(h.token);
  });

  it('a built-in receives its optional variables (base URL) from the environment automatically', async () => {
    const r = await client.callTool({ name: 'chat', arguments: { message: 'isolated', vendor: 'openai' } });
    expect(r.isError).toBeFalsy();
    expect(JSON.stringify(r.content)).toContain('echo: isolated');
  });

  it('"*" inherits everything but shows a warning in status and the log, and the log is redacted', async () => {
    const status = await waitFor(
      async () => {
        const s = (await control<OrchestratorStatus>(h, 'getStatus')).value?.servers.find((x) => x.id === 'leaker');
        return s && s.restarts >= 1 ? s : undefined;
      },
      'leaker to have crashed and restarted',
      30_000,
    );
    expect((status as ServerStatus).envWarning).toMatch(/whole environment/);
    const logs = (await control<LogLine[]>(h, 'getLogs', 'leaker')).value ?? [];
    const text = logs.map((l) => l.text).join('\n');
    expect(text).toContain('leaking DB_PASSWORD=[redacted]');
    expect(text).toMatch(/warning: env_passthrough "\*"/);
    expect(text).not.toContain(DB_PASSWORD);
    expect(h.stderr()).not.toContain(DB_PASSWORD);
  });

  it('log lines printed before a value became a secret are redacted once it is stored', async () => {
    await waitFor(
      async () => {
        const logs = (await control<LogLine[]>(h, 'getLogs', 'later')).value ?? [];
        return logs.some((l) => l.text.includes(`note=${LATER}`));
      },
      'the later child to print its note',
      30_000,
    );
    const status = (await control<OrchestratorStatus>(h, 'getStatus')).value as OrchestratorStatus;
    if (status.secretStore !== 'keychain') {
      expect(process.env.MCP_ORCH_REQUIRE_KEYRING).not.toBe('1');
      return;
    }
    expect((await control(h, 'setSecret', 'LATER_NOTE', LATER)).ok).toBe(true);
    const text = ((await control<LogLine[]>(h, 'getLogs', 'later')).value ?? []).map((l) => l.text).join('\n');
    expect(text).toContain('note=[redacted]');
    expect(text).not.toContain(LATER);
    await control(h, 'deleteSecret', 'LATER_NOTE');
  });

  it('reserved names cannot be set or deleted, over the control API or the CLI', async () => {
    for (const [method, args] of [
      ['setSecret', ['GATEWAY_TOKEN', 'stolen-token-value']],
      ['deleteSecret', ['GATEWAY_TOKEN']],
    ] as const) {
      const r = await control(h, method, ...args);
      expect(r.ok).toBe(false);
      expect(r.error?.code).toBe('SECRET_NAME_INVALID');
      expect(r.error?.message).toMatch(/reserved/);
    }
    const set = await runCli(['secrets', 'set', 'GATEWAY_TOKEN'], h.env, 'stolen-token-value\n');
    expect(set.code).toBe(1);
    expect(set.stderr).toMatch(/GATEWAY_TOKEN is reserved/);
    const del = await runCli(['secrets', 'delete', 'MCP_ORCHESTRATOR_TOKEN'], h.env);
    expect(del.code).toBe(1);
    // The token still authenticates: nothing was replaced.
    expect((await control(h, 'getStatus')).ok).toBe(true);
  }, 90_000); // two CLI runs, each a cold Node + tsx start

  it('a config that uses ${GATEWAY_TOKEN} or puts a secret in args is refused with its JSON path; the running set is kept', async () => {
    const before = (await control<OrchestratorStatus>(h, 'getStatus')).value?.servers.length;
    const reserved = JSON.stringify({
      servers: { r: { url: 'https://example.com/mcp', headers: { Authorization: 'Bearer ${GATEWAY_TOKEN}' } } },
    });
    const r1 = await control(h, 'saveConfig', reserved);
    expect(r1.error?.code).toBe('CONFIG_INVALID');
    expect(r1.error?.message).toContain('servers.r.headers.Authorization');
    const inArgs = JSON.stringify({ servers: { gh: { command: 'npx', args: ['-y', 'server-github', '--token=${GITHUB_TOKEN}'] } } });
    const r2 = await control(h, 'saveConfig', inArgs);
    expect(r2.error?.code).toBe('CONFIG_INVALID');
    expect(r2.error?.message).toContain('servers.gh.args[2]');
    expect(r2.error?.message).toMatch(/pass it through "env"/);
    expect((await control<OrchestratorStatus>(h, 'getStatus')).value?.servers.length).toBe(before);
  });
});
