// The supervisor's side of child isolation with real children and no keyring: a keychain secret named in
// args refuses the start; the child's environment holds only what the entry declares.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '../../electron/core/env.js';
import type { Supervisor } from '../../electron/core/supervisor/supervisor.js';
import { REPO_ROOT, createTestSupervisor, stdioConfig, waitForStatus } from '../fixtures/servers/supervisor-harness.js';

const EVERYTHING = join(REPO_ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const up = (s: { state: string }) => s.state === 'running' || s.state === 'degraded';

describe('supervisor: child environment', () => {
  let sup: Supervisor | undefined;
  afterEach(async () => {
    await sup?.stopAll();
    sup = undefined;
  });

  it('refuses to start a server whose args name a keychain secret, and says to use env', async () => {
    const values: Record<string, string> = { ACME_ACCOUNT: 'acme-account-value-99' };
    sup = createTestSupervisor({
      resolveEnv: async (names) => Object.fromEntries(names.map((n) => [n, values[n]])),
      storedSecrets: async () => ['ACME_ACCOUNT'],
    });
    await sup.setServers([stdioConfig('acme', process.execPath, [EVERYTHING, 'stdio', '--account=${ACME_ACCOUNT}'])]);
    const s = await waitForStatus(sup, 'acme', (x) => x.state === 'failed');
    expect(s.pid).toBeNull();
    expect(s.lastError).toMatch(/ACME_ACCOUNT.*pass it through "env"/);
    expect(JSON.stringify(s)).not.toContain('acme-account-value-99');
    expect(
      sup
        .logs('acme')
        .map((l) => l.text)
        .join('\n'),
    ).toMatch(/not started: .*ACME_ACCOUNT/);
  });

  it('a child gets the base, its declared names and its env, not the rest of the orchestrator environment', async () => {
    const processEnv = { PATH: process.env.PATH, HOME: '/home/tester', OPENAI_API_KEY: 'sk-not-for-children-1', EXTRA_SETTING: 'extra' };
    sup = createTestSupervisor({
      env: { logger: silentLogger, clock: systemClock, dataDir: REPO_ROOT, processEnv },
      resolveEnv: async (names) => Object.fromEntries(names.map((n) => [n, processEnv[n as keyof typeof processEnv]])),
    });
    await sup.setServers([
      stdioConfig('plain', process.execPath, [EVERYTHING, 'stdio'], { env: { OWN: 'mine' } }),
      stdioConfig('all', process.execPath, [EVERYTHING, 'stdio'], { envPassthrough: ['*'] }),
    ]);
    await waitForStatus(sup, 'plain', up);
    const all = await waitForStatus(sup, 'all', up);
    expect(all.envWarning).toMatch(/whole environment/);
    const envOf = async (id: string) => {
      const r = await sup!.get(id)!.client.callTool({ name: 'get-env', arguments: {} });
      return JSON.parse((r.content as Array<{ text: string }>)[0].text) as Record<string, string>;
    };
    const plain = await envOf('plain');
    expect(plain).toMatchObject({ HOME: '/home/tester', OWN: 'mine' });
    expect(plain).not.toHaveProperty('OPENAI_API_KEY');
    expect(plain).not.toHaveProperty('EXTRA_SETTING');
    expect(await envOf('all')).toMatchObject({ OPENAI_API_KEY: 'sk-not-for-children-1', EXTRA_SETTING: 'extra' });
    expect(sup.status('plain').envWarning).toBeUndefined();
  });
});
