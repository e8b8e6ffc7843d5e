// Reload says what it did: an edited orchestrator section applies live (default_timeout bounds the next
// call, retry_attempts restarts the built-ins that took it at spawn) or is reported as waiting for a
// restart (port) in the log, in status and by the CLI.
import { readFile, writeFile } from 'node:fs/promises';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrchestratorStatus } from '../../shared/types.js';
import { EVERYTHING_SERVER, control, runCli, startServe, waitFor, type ServeHandle } from '../helpers/serve-process.js';
import { connectClient } from '../helpers/connect-client.js';

describe('config reload: live settings and settings that need a restart', () => {
  let h: ServeHandle;
  let client: Client;
  const status = async () => (await control<OrchestratorStatus>(h, 'getStatus')).value!;
  const pid = async (id: string) => (await status()).servers.find((s) => s.id === id)!.pid;

  beforeAll(async () => {
    const config = {
      servers: { everything: { command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'] }, weather: { builtin: 'weather' } },
      orchestrator: { port: 8000, default_timeout: 30, retry_attempts: 3 },
    };
    h = await startServe(config, { ui: false });
    client = await connectClient(h.url, h.token, { name: 'reload-test' });
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await h?.stop();
  });

  it('applies default_timeout and retry_attempts at once and says port needs a restart', async () => {
    const everythingPid = await pid('everything');
    const weatherPid = await pid('weather');
    expect(weatherPid).toBeTruthy();
    const cfg = JSON.parse(await readFile(h.configPath, 'utf8'));
    cfg.orchestrator = { port: 8123, default_timeout: 1, retry_attempts: 0 };
    await writeFile(h.configPath, JSON.stringify(cfg, null, 2));

    const s = await waitFor(async () => {
      const now = await status();
      return now.needsRestart ? now : null;
    }, 'status to report the restart-only setting');
    expect(s!.needsRestart).toEqual(['orchestrator.port']);
    await waitFor(
      () => /settings applied live.*orchestrator\.default_timeout, orchestrator\.retry_attempts/.test(h.stderr()),
      'the log line',
    );
    expect(h.stderr()).toMatch(/settings need a restart.*orchestrator\.port/);

    // retry_attempts reaches a built-in's vendor retries through its environment: it was restarted.
    await waitFor(
      async () => {
        const w = (await status()).servers.find((x) => x.id === 'weather')!;
        return w.state === 'running' && w.pid !== weatherPid;
      },
      'the built-in to restart with the new retry count',
      30_000,
    );
    expect(await pid('everything')).toBe(everythingPid);

    // default_timeout bounds the next call: 3 s of work no longer fits in 1 s (it did in 30 s).
    const t0 = Date.now();
    await expect(
      client.callTool({ name: 'everything__trigger-long-running-operation', arguments: { duration: 3, steps: 1 } }),
    ).rejects.toThrow(/time(d)? ?out/i);
    expect(Date.now() - t0).toBeLessThan(2_900);

    const cli = await runCli(['status'], { ...h.env, MCP_ORCHESTRATOR_URL: h.url, MCP_ORCHESTRATOR_TOKEN: h.token });
    expect(cli.stdout).toContain('needs restart: orchestrator.port');
  }, 90_000);
});
