// What a stdio child is spawned as: built-ins with this executable and their compiled file, and
// `npx -y <pkg>` as its installed bin when (and only when) npx's own lookup would find it.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveLaunchTarget, withVendorRetries, type LaunchHost } from '../../../../electron/core/supervisor/launch-command.js';
import type { LaunchSpec } from '../../../../electron/core/supervisor/launch-env.js';
import { npxCacheDir, parseNpxArgs, resolveNpxBin } from '../../../../electron/core/supervisor/npx-resolve.js';
import type { ServerConfig } from '../../../../shared/types.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'mcp-orch-npx-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function installPackage(
  root: string,
  name: string,
  version: string,
  bin: string | Record<string, string>,
  script = '#!/usr/bin/env node\n',
): string {
  const dir = path.join(root, 'node_modules', name);
  mkdirSync(path.join(dir, 'dist'), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version, bin }));
  for (const rel of typeof bin === 'string' ? [bin] : Object.values(bin)) {
    writeFileSync(path.join(dir, rel), script);
    chmodSync(path.join(dir, rel), 0o755);
  }
  return dir;
}

const spec = (args: string[], env: Record<string, string> = {}): LaunchSpec => ({
  args,
  env,
  headers: {},
  presence: {},
  missingRequired: [],
  unresolved: [],
  inheritsAll: false,
});
const server = (over: Partial<ServerConfig>): ServerConfig => ({
  id: 's',
  name: 's',
  description: '',
  transport: 'stdio',
  args: [],
  env: {},
  headers: {},
  requiredEnv: [],
  enabled: true,
  autostart: true,
  disabledTools: [],
  ...over,
});

describe('npx resolution', () => {
  const home = path.join(tmp, 'home');
  const cache = path.join(tmp, 'npm-cache');
  const host = { cwd: path.join(tmp, 'nowhere'), env: { npm_config_cache: cache }, homedir: home, platform: 'linux' as const };
  mkdirSync(host.cwd, { recursive: true });

  it('computes the same cache folder as npm 11 (observed: server-memory → 15b07286cbcc3329)', () => {
    expect(path.basename(npxCacheDir('@modelcontextprotocol/server-memory', host))).toBe('15b07286cbcc3329');
    expect(npxCacheDir('x', { env: {}, homedir: '/home/u', platform: 'linux' })).toMatch(/^\/home\/u\/\.npm\/_npx\/[0-9a-f]{16}$/);
  });

  it('parses only the forms it is sure about', () => {
    expect(parseNpxArgs(['-y', '@scope/pkg', 'stdio'])).toMatchObject({ spec: { name: '@scope/pkg', version: null }, rest: ['stdio'] });
    expect(parseNpxArgs(['--yes', 'pkg@1.2.3'])).toMatchObject({ spec: { name: 'pkg', version: '1.2.3' }, rest: [] });
    expect(parseNpxArgs(['-y', 'pkg@latest'])).toBeNull();
    expect(parseNpxArgs(['-y', 'pkg@^1'])).toBeNull();
    expect(parseNpxArgs(['-p', 'pkg', 'cmd'])).toBeNull();
    expect(parseNpxArgs(['-y', './local-dir'])).toBeNull();
    expect(parseNpxArgs(['-y', 'github:user/repo'])).toBeNull();
  });

  it("runs the bin from npx's cache once npx has installed the package", async () => {
    const dir = installPackage(npxCacheDir('@acme/mcp-thing', host), '@acme/mcp-thing', '2.0.1', { 'mcp-thing': 'dist/index.js' });
    const bin = await resolveNpxBin(['-y', '@acme/mcp-thing', '--flag'], host);
    expect(bin).toEqual({ name: '@acme/mcp-thing', version: '2.0.1', file: path.join(dir, 'dist/index.js'), args: ['--flag'] });
  });

  it('prefers the project npx would use, like npx does', async () => {
    const project = path.join(tmp, 'project');
    mkdirSync(path.join(project, 'sub'), { recursive: true });
    writeFileSync(path.join(project, 'package.json'), '{}');
    const dir = installPackage(project, 'local-mcp', '1.0.0', 'dist/cli.mjs');
    const bin = await resolveNpxBin(['-y', 'local-mcp'], { ...host, cwd: path.join(project, 'sub') });
    expect(bin?.file).toBe(path.join(dir, 'dist/cli.mjs'));
  });

  it('falls back (null) for an uninstalled package, another version, several bins, or a non-Node bin', async () => {
    expect(await resolveNpxBin(['-y', 'never-installed'], host)).toBeNull();
    installPackage(npxCacheDir('pinned@3.0.0', host), 'pinned', '2.9.0', 'dist/index.js');
    expect(await resolveNpxBin(['-y', 'pinned@3.0.0'], host)).toBeNull();
    installPackage(npxCacheDir('multi', host), 'multi', '1.0.0', { a: 'dist/a.js', b: 'dist/b.js' });
    expect(await resolveNpxBin(['-y', 'multi'], host)).toBeNull();
    installPackage(npxCacheDir('shelly', host), 'shelly', '1.0.0', 'dist/run', '#!/bin/sh\necho hi\n');
    expect(await resolveNpxBin(['-y', 'shelly'], host)).toBeNull();
  });

  it('picks the bin named after the package when there are several', async () => {
    const dir = installPackage(npxCacheDir('@x/tool', host), '@x/tool', '1.0.0', { tool: 'dist/tool.js', other: 'dist/other.js' });
    expect((await resolveNpxBin(['-y', '@x/tool'], host))?.file).toBe(path.join(dir, 'dist/tool.js'));
  });
});

describe('launch targets', () => {
  const host: LaunchHost = {
    execPath: '/opt/app/app-binary',
    electron: false,
    builtinServersDir: '/opt/app/servers',
    cwd: tmp,
    homedir: tmp,
    platform: 'linux',
  };

  it('starts a built-in as this executable plus its compiled file', async () => {
    const t = await resolveLaunchTarget(server({ builtin: 'weather' }), spec([], { A: '1' }), host);
    expect(t).toMatchObject({ command: '/opt/app/app-binary', args: ['/opt/app/servers/weather.mjs'], env: { A: '1' } });
    expect(t.env.ELECTRON_RUN_AS_NODE).toBeUndefined();
  });

  it('sets ELECTRON_RUN_AS_NODE=1 for a built-in inside Electron', async () => {
    const t = await resolveLaunchTarget(server({ builtin: 'groq' }), spec([]), { ...host, electron: true });
    expect(t.env).toEqual({ ELECTRON_RUN_AS_NODE: '1' });
  });

  it('leaves other commands, and npx it cannot resolve, as configured', async () => {
    expect(await resolveLaunchTarget(server({ command: 'uvx' }), spec(['mcp-x']), host)).toMatchObject({ command: 'uvx', args: ['mcp-x'] });
    const npx = await resolveLaunchTarget(server({ command: 'npx' }), spec(['-y', 'not-installed-anywhere-xyz']), {
      ...host,
      cwd: path.join(tmp, 'nowhere'),
    });
    expect(npx).toMatchObject({ command: 'npx', args: ['-y', 'not-installed-anywhere-xyz'] });
  });
});

describe('withVendorRetries (orchestrator.retry_attempts reaches the built-ins)', () => {
  const builtin = { id: 'openai', builtin: 'openai' } as ServerConfig;
  it('gives a built-in retry_attempts + 1 vendor attempts', () => {
    expect(withVendorRetries(builtin, spec([]), 3).env.HTTP_MAX_ATTEMPTS).toBe('4');
    expect(withVendorRetries(builtin, spec([]), 0).env.HTTP_MAX_ATTEMPTS).toBe('1');
  });
  it("leaves the entry's own HTTP_MAX_ATTEMPTS and third-party servers alone", () => {
    expect(withVendorRetries(builtin, spec([], { HTTP_MAX_ATTEMPTS: '9' }), 3).env.HTTP_MAX_ATTEMPTS).toBe('9');
    expect(withVendorRetries({ id: 'x', command: 'node' } as ServerConfig, spec([]), 3).env.HTTP_MAX_ATTEMPTS).toBeUndefined();
  });
});
