// The vendor side of the CLI against a real `serve`: `chat --vendor auto` failing over when the
// first vendor is down, weather, search, models, and `secrets` through the real keychain.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_PLACES,
  startBraveFake,
  startOpenAiFake,
  startOpenMeteoFake,
  type BraveFake,
  type OpenAiFake,
  type OpenMeteoFake,
} from '../fixtures/vendors/index.js';
import { ROOT, control, runCli, startServe, tempDir, waitFor, type ServeHandle } from '../helpers/serve-process.js';
import type { OrchestratorStatus } from '../../shared/types.js';

const OPENAI_KEY = 'sk-cli-openai-0123456789';
const GROQ_KEY = 'gsk_cliGroqKey0123456789';
const builtin = (name: string, extra: Record<string, unknown>) => ({
  command: process.execPath,
  args: [path.join(ROOT, 'bin/mcp-orchestrator.mjs'), 'server', name],
  ...extra,
});
const requireKeyring = process.env.MCP_ORCH_REQUIRE_KEYRING === '1';

describe('CLI against vendors', () => {
  let h: ServeHandle;
  let openai: OpenAiFake;
  let groq: OpenAiFake;
  let meteo: OpenMeteoFake;
  let brave: BraveFake;
  let env: Record<string, string>;

  beforeAll(async () => {
    openai = await startOpenAiFake({ apiKey: OPENAI_KEY });
    groq = await startOpenAiFake({ apiKey: GROQ_KEY, pathPrefix: '/openai/v1', models: ['llama-3.1-8b-instant'] });
    meteo = await startOpenMeteoFake(DEFAULT_PLACES);
    brave = await startBraveFake({ apiKey: 'brave-key-123456' });
    const fast = { HTTP_MAX_ATTEMPTS: '1' };
    const config = {
      servers: {
        openai: builtin('openai', { required_env: ['OPENAI_API_KEY'], env: { ...fast, OPENAI_BASE_URL: openai.baseUrl } }),
        groq: builtin('groq', { required_env: ['GROQ_API_KEY'], env: { ...fast, GROQ_BASE_URL: groq.baseUrl } }),
        weather: builtin('weather', { env: { OPEN_METEO_URL: meteo.baseUrl, OPEN_METEO_GEOCODING_URL: meteo.baseUrl } }),
        web_search: builtin('web_search', { required_env: ['BRAVE_API_KEY'], env: { BRAVE_BASE_URL: brave.baseUrl } }),
      },
      orchestrator: { port: 8000 },
    };
    const dir = await tempDir();
    h = await startServe(config, {
      dir,
      ui: false,
      env: { OPENAI_API_KEY: OPENAI_KEY, GROQ_API_KEY: GROQ_KEY, BRAVE_API_KEY: 'brave-key-123456' },
    });
    env = { ...h.env, MCP_ORCHESTRATOR_URL: h.url, MCP_ORCHESTRATOR_TOKEN: h.token };
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
    await Promise.all([openai?.close(), groq?.close(), meteo?.close(), brave?.close()]);
  });

  it('chat "hi" --vendor auto answers from openai, and fails over to groq when openai is down', async () => {
    const ok = await runCli(['chat', 'hi', '--vendor', 'auto'], env);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/— openai /);
    openai.setMode('500');
    try {
      const r = await runCli(['chat', 'hi', '--vendor', 'auto'], env);
      expect(r.code).toBe(0);
      expect(r.stdout.trim().length).toBeGreaterThan(0);
      expect(r.stderr).toMatch(/— groq .*failed over from openai/);
      for (const out of [r.stdout, r.stderr]) expect(out).not.toContain(OPENAI_KEY);
    } finally {
      openai.setMode('ok');
    }
  });

  it("weather, search and models print the vendors' answers", async () => {
    const w = await runCli(['weather', DEFAULT_PLACES[0].name], env);
    expect(w.code).toBe(0);
    expect(JSON.parse(w.stdout)).toMatchObject({ source: expect.stringMatching(/open-meteo/i) });
    const s = await runCli(['search', 'model context protocol', '--num', '2'], env);
    expect(s.code).toBe(0);
    expect(JSON.parse(s.stdout).length).toBeGreaterThan(0);
    const m = await runCli(['models'], env);
    expect(m.code).toBe(0);
    const vendors = new Set((JSON.parse(m.stdout) as { vendor: string }[]).map((x) => x.vendor));
    expect(vendors).toEqual(new Set(['openai', 'groq']));
  });

  it('the per-server figures count routed vendor calls', async () => {
    const s = await waitFor(async () => {
      const st = (await control<OrchestratorStatus>(h, 'getStatus')).value!;
      const o = st.servers.find((x) => x.id === 'openai')!;
      return o.calls > 0 ? st : null;
    }, 'openai calls to be counted');
    expect(s!.servers.find((x) => x.id === 'groq')!.calls).toBeGreaterThan(0);
    expect(JSON.stringify(s!)).not.toContain(OPENAI_KEY);
  });

  it.skipIf(!requireKeyring)('secrets set reads stdin, stores in the keychain, and never prints the value', async () => {
    const value = 'sk-secret-from-stdin-98765';
    const set = await runCli(['secrets', 'set', 'CLI_TEST_KEY'], env, value + '\n');
    expect(set.code).toBe(0);
    const list = await runCli(['secrets', 'list'], env);
    expect(list.stdout).toContain('CLI_TEST_KEY');
    for (const out of [set.stdout, set.stderr, list.stdout, list.stderr]) expect(out).not.toContain(value);
    const del = await runCli(['secrets', 'delete', 'CLI_TEST_KEY'], env);
    expect(del.stdout).toContain('deleted CLI_TEST_KEY');
  });
});
