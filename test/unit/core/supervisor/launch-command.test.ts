// What a stdio child is spawned as: built-ins with this executable and their compiled file, and
// `npx -y <pkg>` as its installed bin when (and only when) npx's own lookup would find it.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveLaunchTarget, withVendorRetries, type LaunchHost } from '../../../../electron/core/supervisor/launch-command.js';
import type { LaunchSpec } from '../../../../electron/core/supervisor/launch-env.js';
import { npxCacheDir, npxPackageState, parseNpxArgs, resolveNpxBin } from '../../../../electron/core/supervisor/npx-resolve.js';
import type { ServerConfig } from '../../../../shared/types.js';
import { LOCAL_MODELS_ENV } from '../../../../shared/builtins.js';
import { packagedLocalModelsDir } from '../../../../electron/core/app-root.js';

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

  it('does not run a package whose dependencies are missing (an install cut short) and says it is broken', async () => {
    const root = npxCacheDir('half-done', host);
    const dir = installPackage(root, 'half-done', '1.0.0', 'dist/index.js');
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: 'half-done',
        version: '1.0.0',
        bin: 'dist/index.js',
        dependencies: { dep: '1', nested: '1' },
        optionalDependencies: { nested: '1' },
      }),
    );
    expect(await resolveNpxBin(['-y', 'half-done'], host)).toBeNull();
    expect(await npxPackageState(['-y', 'half-done'], host)).toEqual({ state: 'broken', pkg: 'half-done', root });
    // Present hoisted (or nested) it is complete; the optional one may stay absent.
    installPackage(root, 'dep', '1.0.0', 'dist/index.js');
    expect((await resolveNpxBin(['-y', 'half-done'], host))?.file).toBe(path.join(dir, 'dist/index.js'));
    expect(await npxPackageState(['-y', 'half-done'], host)).toEqual({ state: 'installed' });
    // While npm holds the folder's lock it is being installed: not run, not removed.
    mkdirSync(path.join(root, 'concurrency.lock'));
    expect(await resolveNpxBin(['-y', 'half-done'], host)).toBeNull();
    expect(await npxPackageState(['-y', 'half-done'], host)).toEqual({ state: 'absent', pkg: 'half-done' });
  });

  it('tells absent packages and forms it does not parse apart', async () => {
    expect(await npxPackageState(['-y', 'never-installed@1.2.3'], host)).toEqual({ state: 'absent', pkg: 'never-installed@1.2.3' });
    expect(await npxPackageState(['-y', 'pkg@latest'], host)).toEqual({ state: 'unsure' });
    installPackage(npxCacheDir('shell-bin', host), 'shell-bin', '1.0.0', 'dist/run', '#!/bin/sh\n');
    expect(await npxPackageState(['-y', 'shell-bin'], host)).toEqual({ state: 'installed' });
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
    expect(t).toMatchObject({
      command: '/opt/app/app-binary',
      args: ['--no-opt', '--max-semi-space-size=1', '/opt/app/servers/weather.mjs'],
      env: { A: '1' },
    });
    expect(t.env.ELECTRON_RUN_AS_NODE).toBeUndefined();
  });

  it('sets ELECTRON_RUN_AS_NODE=1 for a built-in inside Electron', async () => {
    const t = await resolveLaunchTarget(server({ builtin: 'groq' }), spec([]), { ...host, electron: true });
    expect(t.env).toEqual({ ELECTRON_RUN_AS_NODE: '1' });
  });

  it("tells local_llama (only) where the packaged app's node-llama-cpp is, unless its env already says", async () => {
    const packaged = { ...host, electron: true, localModelsDir: '/opt/app/resources/local-models' };
    const llama = await resolveLaunchTarget(server({ builtin: 'local_llama' }), spec([], { MODEL_PATH: '/m.gguf' }), packaged);
    expect(llama.env).toEqual({ MODEL_PATH: '/m.gguf', ELECTRON_RUN_AS_NODE: '1', [LOCAL_MODELS_ENV]: '/opt/app/resources/local-models' });
    expect((await resolveLaunchTarget(server({ builtin: 'openai' }), spec([]), packaged)).env[LOCAL_MODELS_ENV]).toBeUndefined();
    const own = await resolveLaunchTarget(server({ builtin: 'local_llama' }), spec([], { [LOCAL_MODELS_ENV]: '/mine' }), packaged);
    expect(own.env[LOCAL_MODELS_ENV]).toBe('/mine');
    expect((await resolveLaunchTarget(server({ builtin: 'local_llama' }), spec([]), host)).env[LOCAL_MODELS_ENV]).toBeUndefined();
  });

  it('finds the local-models folder only beside app.asar.unpacked, and only with node-llama-cpp in it', () => {
    const resources = path.join(tmp, 'resources');
    const servers = path.join(resources, 'app.asar.unpacked', 'dist', 'servers');
    mkdirSync(servers, { recursive: true });
    expect(packagedLocalModelsDir(servers)).toBeUndefined();
    const pkg = path.join(resources, 'local-models', 'node_modules', 'node-llama-cpp');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(path.join(pkg, 'package.json'), '{}');
    expect(packagedLocalModelsDir(servers)).toBe(path.join(resources, 'local-models'));
    // A checkout or the npm package: dist/servers is not under app.asar.unpacked.
    mkdirSync(path.join(tmp, 'checkout', 'local-models', 'node_modules', 'node-llama-cpp'), { recursive: true });
    expect(packagedLocalModelsDir(path.join(tmp, 'checkout', 'x', 'dist', 'servers'))).toBeUndefined();
  });

  it('leaves other commands, and npx it cannot resolve, as configured', async () => {
    expect(await resolveLaunchTarget(server({ command: 'uvx' }), spec(['mcp-x']), host)).toMatchObject({ command: 'uvx', args: ['mcp-x'] });
    const npx = await resolveLaunchTarget(server({ command: 'npx' }), spec(['-y', 'not-installed-anywhere-xyz']), {
      ...host,
      cwd: path.join(tmp, 'nowhere'),
    });
    expect(npx).toMatchObject({ command: 'npx', args: ['-y', 'not-installed-anywhere-xyz'] });
  });

  it('installs an absent npx package first, then runs its bin directly', async () => {
    const cwd = path.join(tmp, 'nowhere');
    const cache = path.join(tmp, 'install-cache');
    const calls: string[][] = [];
    const install = async (command: string, pkg: string) => {
      calls.push([command, pkg]);
      installPackage(
        npxCacheDir(pkg, { env: { npm_config_cache: cache }, homedir: tmp, platform: 'linux' }),
        'fresh-mcp',
        '1.0.0',
        'dist/index.js',
      );
    };
    const cfg = server({ command: 'npx', cwd });
    const t = await resolveLaunchTarget(cfg, spec(['-y', 'fresh-mcp@1.0.0', 'stdio'], { npm_config_cache: cache }), host, install);
    expect(calls).toEqual([['npx', 'fresh-mcp@1.0.0']]);
    expect(t).toMatchObject({
      command: '/opt/app/app-binary',
      args: [expect.stringContaining(path.join('fresh-mcp', 'dist', 'index.js')), 'stdio'],
    });
    // Installed now: no second install.
    await resolveLaunchTarget(cfg, spec(['-y', 'fresh-mcp@1.0.0'], { npm_config_cache: cache }), host, install);
    expect(calls).toHaveLength(1);
    // A failed install fails the launch: nothing half-installed is started.
    const failing = async () => Promise.reject(new Error('npx could not install'));
    await expect(resolveLaunchTarget(cfg, spec(['-y', 'other-mcp@1.0.0'], { npm_config_cache: cache }), host, failing)).rejects.toThrow(
      /could not install/,
    );
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
