import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePaths } from '../../../../electron/core/config/paths.js';
import { cliPaths } from '../../../../electron/cli/context.js';

// POSIX hosts only: path.resolve works with the running OS's paths (Windows defaults are tested in diff-paths).
const linux = (env: Record<string, string | undefined> = {}) => ({ platform: 'linux', env, homedir: '/home/u' });

describe('resolvePaths', () => {
  it('uses the OS defaults when nothing is named, and says so', () => {
    expect(resolvePaths(linux({ XDG_CONFIG_HOME: '/x/cfg' }))).toEqual({
      configPath: '/x/cfg/mcp-orchestrator/config.json',
      dataDir: '/home/u/.local/share/mcp-orchestrator',
      keychainService: 'mcp-orchestrator',
      configIsDefault: true,
    });
  });

  it('takes the environment over the defaults, and flags over the environment', () => {
    const env = {
      MCP_ORCHESTRATOR_CONFIG: '/env/config.json',
      MCP_ORCHESTRATOR_DATA: '/env/data',
      MCP_ORCHESTRATOR_KEYCHAIN_SERVICE: 'mcpo-test',
    };
    expect(resolvePaths(linux(env))).toEqual({
      configPath: '/env/config.json',
      dataDir: '/env/data',
      keychainService: 'mcpo-test',
      configIsDefault: false,
    });
    expect(resolvePaths(linux(env), { config: '/flag/c.json', dataDir: '/flag/data' })).toMatchObject({
      configPath: '/flag/c.json',
      dataDir: '/flag/data',
      configIsDefault: false,
    });
    expect(resolvePaths(linux(), { config: '/flag/c.json' }).configIsDefault).toBe(false);
  });

  it('resolves relative paths against the working folder and treats empty values as unset', () => {
    expect(resolvePaths(linux(), { config: 'rel/c.json', dataDir: 'd' })).toMatchObject({
      configPath: path.resolve('rel/c.json'),
      dataDir: path.resolve('d'),
    });
    const empty = resolvePaths(linux({ MCP_ORCHESTRATOR_CONFIG: '', MCP_ORCHESTRATOR_DATA: '', MCP_ORCHESTRATOR_KEYCHAIN_SERVICE: '' }), {
      config: '',
    });
    expect(empty).toEqual(resolvePaths(linux()));
  });

  // The XDG rules are Linux's.
  it.skipIf(process.platform !== 'linux')('is what the CLI uses, with --config/--data-dir and its own environment (XDG included)', () => {
    const env = { XDG_CONFIG_HOME: '/xdg/cfg', XDG_DATA_HOME: '/xdg/data', MCP_ORCHESTRATOR_KEYCHAIN_SERVICE: 'svc' };
    expect(cliPaths({}, env)).toMatchObject({
      configPath: '/xdg/cfg/mcp-orchestrator/config.json',
      dataDir: '/xdg/data/mcp-orchestrator',
      keychainService: 'svc',
      configIsDefault: true,
    });
    expect(cliPaths({ config: '/c.json', 'data-dir': '/d' }, env)).toMatchObject({ configPath: '/c.json', dataDir: '/d' });
  });
});
