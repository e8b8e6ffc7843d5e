// What the sandbox plan binds back for a launch, from real folders: the command's own install when it lives in a
// blanked folder, package caches (writable only for the runner), and the config file alone when its folder holds
// the working folder.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planSandbox, sandboxHost } from '../../../../electron/core/supervisor/sandbox-host.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'sandbox-host-'));
const home = path.join(root, 'home');
const prefix = path.join(home, '.nvm', 'v22');
const exe = (file: string) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
};
for (const d of ['.npm', '.cache/uv', '.ssh', 'project', '.config/mcp-orchestrator', 'data', path.join(prefix, 'lib', 'node_modules')]) {
  mkdirSync(path.resolve(home, d), { recursive: true });
}
exe(path.join(prefix, 'bin', 'node'));
exe(path.join(home, '.local', 'bin', 'uvx'));
writeFileSync(path.join(home, '.config', 'mcp-orchestrator', 'config.json'), '{}');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const host = (configPath = path.join(home, '.config', 'mcp-orchestrator', 'config.json')) => ({
  ...sandboxHost({
    processEnv: { HOME: home },
    dataDir: path.join(home, 'data'),
    configPath,
    bwrapPath: '/usr/bin/bwrap',
    platform: 'linux',
  }),
  bwrap: '/usr/bin/bwrap',
});
const policy = { network: true, read: ['~/docs'], write: [] };
const env = { PATH: [path.join(prefix, 'bin'), path.join(home, '.local', 'bin')].join(':') };

describe('planSandbox', () => {
  it('binds back a node installed under the home folder (its bin and lib), and reads the npm cache only', () => {
    const p = planSandbox({ command: 'node', args: ['server.js'], env }, policy, host());
    expect(p.command).toBe(path.join(prefix, 'bin', 'node'));
    expect(p.exec).toEqual(expect.arrayContaining([path.join(prefix, 'bin', 'node'), path.join(prefix, 'bin'), path.join(prefix, 'lib')]));
    expect(p.caches).toEqual([
      { path: path.join(home, '.npm'), writable: false },
      { path: path.join(home, '.cache', 'uv'), writable: false },
    ]);
    expect(p.read).toEqual([path.join(home, 'docs')]);
    expect(p.blank).toContain(home);
    expect(p.hideDirs).toEqual(
      expect.arrayContaining([path.join(home, 'data'), path.join(home, '.config', 'mcp-orchestrator'), path.join(home, '.ssh')]),
    );
    expect(p.hideFiles).toEqual([]);
  });

  it('binds back, read-only, the package of a script named by path under a blanked folder (never the home itself)', () => {
    mkdirSync(path.join(home, 'servers', 'notes', 'lib'), { recursive: true });
    writeFileSync(path.join(home, 'servers', 'notes', 'package.json'), '{}');
    writeFileSync(path.join(home, 'servers', 'notes', 'lib', 'index.js'), '');
    writeFileSync(path.join(home, 'loose.js'), '');
    const p = planSandbox(
      { command: 'node', args: ['--import', 'tsx', '~/servers/notes/lib/index.js', path.join(home, 'loose.js'), '--flag'], env },
      policy,
      host(),
    );
    expect(p.exec).toContain(path.join(home, 'servers', 'notes'));
    // An installed package brings the project whose node_modules it is in (its dependencies are hoisted there).
    mkdirSync(path.join(home, 'app', 'node_modules', 'srv', 'dist'), { recursive: true });
    writeFileSync(path.join(home, 'app', 'node_modules', 'srv', 'dist', 'index.js'), '');
    const installed = planSandbox(
      { command: 'node', args: [path.join(home, 'app', 'node_modules', 'srv', 'dist', 'index.js')], env },
      policy,
      host(),
    );
    expect(installed.exec).toContain(path.join(home, 'app'));
    // A project folder that holds a blanked one (here the home) is never bound: the script's own folder is, with the
    // project's package.json, where Node reads the module type.
    mkdirSync(path.join(root, 'proj', 'fixtures'), { recursive: true });
    writeFileSync(path.join(root, 'proj', 'package.json'), '{"type":"module"}');
    writeFileSync(path.join(root, 'proj', 'fixtures', 'srv.js'), '');
    const inner = { ...host(), homedir: path.join(root, 'proj', 'home') };
    mkdirSync(inner.homedir, { recursive: true });
    const narrow = planSandbox({ command: 'node', args: [path.join(root, 'proj', 'fixtures', 'srv.js')], env }, policy, inner);
    expect(narrow.exec).toEqual(expect.arrayContaining([path.join(root, 'proj', 'fixtures'), path.join(root, 'proj', 'package.json')]));
    expect(narrow.exec).not.toContain(path.join(root, 'proj'));
    // A script straight in the home folder is bound alone: binding its folder would expose the whole home.
    expect(p.exec).toContain(path.join(home, 'loose.js'));
    expect(p.exec).not.toContain(home);
    expect(p.hideDirs).toContain(path.join(home, '.ssh'));
  });

  it('gives uvx its cache writable', () => {
    const p = planSandbox({ command: 'uvx', args: ['some-server'], env }, policy, host());
    expect(p.caches).toContainEqual({ path: path.join(home, '.cache', 'uv'), writable: true });
    expect(p.caches).toContainEqual({ path: path.join(home, '.npm'), writable: false });
  });

  it('hides only the config file when its folder holds the working folder', () => {
    const configPath = path.join(home, 'project', 'orchestrator.json');
    writeFileSync(configPath, '{}');
    const p = planSandbox({ command: 'node', args: [], env, cwd: path.join(home, 'project', 'sub') }, policy, host(configPath));
    expect(p.hideDirs).not.toContain(path.join(home, 'project'));
    expect(p.hideFiles).toEqual([configPath]);
  });

  it('refuses a command that is not on the child PATH', () => {
    expect(() => planSandbox({ command: 'no-such-server', args: [], env }, policy, host())).toThrow(/no-such-server was not found/);
  });
});
