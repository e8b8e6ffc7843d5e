// An `npx -y <pkg>` server under "sandbox": "auto" (the default for imported entries) still works: npx
// installs the package before the start, outside the sandbox, and the server then runs sandboxed from the
// npm cache, which it may read but not write. The registry is the tests' own on 127.0.0.1; npm is real.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '../../electron/core/env.js';
import type { Supervisor } from '../../electron/core/supervisor/supervisor.js';
import { npxCacheDir } from '../../electron/core/supervisor/npx-resolve.js';
import { startFakeRegistry, type FakeRegistry } from '../helpers/fake-npm-registry.js';
import { tempDir } from '../helpers/serve-process.js';
import { createTestSupervisor, stdioConfig, waitForStatus } from '../fixtures/servers/supervisor-harness.js';

const PKG = 'mcp-fixture-pkg@1.0.0';
const bwrap = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v bwrap'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
})();
const SKIP = process.platform !== 'linux' ? 'not Linux' : bwrap === null ? 'bwrap (bubblewrap) is not installed' : null;
if (SKIP) console.warn(`[sandbox-npx.test] SKIPPED: ${SKIP}; sandboxed npx servers are not tested on this machine`);

let registry: FakeRegistry;
let sup: Supervisor;
let cache: string;

beforeAll(async () => {
  if (SKIP) return;
  registry = await startFakeRegistry(['mcp-fixture-pkg', 'mcp-fixture-dep']);
  const dir = await tempDir();
  cache = path.join(dir, 'npm-cache');
  const env = {
    npm_config_registry: registry.url,
    npm_config_cache: cache,
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
  const processEnv = { ...process.env, HOME: path.join(dir, 'home') };
  sup = createTestSupervisor({ env: { logger: silentLogger, clock: systemClock, dataDir: path.join(dir, 'data'), processEnv } });
  await sup.setServers([stdioConfig('pkg', 'npx', ['-y', PKG], { env, cwd: dir, sandbox: 'auto' })]);
}, 60_000);

afterAll(async () => {
  await sup?.stopAll();
  await registry?.close();
});

describe.skipIf(SKIP !== null)('npx servers in the sandbox', () => {
  it('installs outside, then runs the bin sandboxed from the npm cache', async () => {
    const s = await waitForStatus(sup, 'pkg', (x) => x.state === 'running', 120_000);
    expect(s.sandboxed).toBe(true);
    const bin = path.join(
      npxCacheDir(PKG, { env: { npm_config_cache: cache }, homedir: '', platform: 'linux' }),
      'node_modules',
      'mcp-fixture-pkg',
      'server.js',
    );
    const cmdline = readFileSync(`/proc/${s.pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
    expect(cmdline[0]).toBe(bwrap);
    // The cache is bound read-only for a package that is run directly (it cannot plant code for later runs).
    expect(cmdline.join(' ')).toContain(`--ro-bind ${cache} ${cache}`);
    expect(cmdline.slice(-3)).toEqual(['--', process.execPath, bin]);
    const logs = sup
      .logs('pkg')
      .map((l) => l.text)
      .join('\n');
    expect(logs).toMatch(/installed mcp-fixture-pkg@1\.0\.0/);
    expect(logs).toMatch(/sandboxed with bubblewrap \(network on/);
    const r = await sup.get('pkg')!.client.callTool({ name: 'hello', arguments: {} });
    expect(r.content).toEqual([{ type: 'text', text: 'hello from a package npx installed' }]);
  }, 150_000);
});
