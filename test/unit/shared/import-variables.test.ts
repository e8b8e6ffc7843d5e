// VS Code's variables in an imported file: translated to what the orchestrator fills in, or refused with the path.
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../shared/config-schema.js';
import { planImport } from '../../../shared/import-plan.js';
import type { AppConfig } from '../../../shared/types.js';

const VARS = { home: '/home/ada', sep: '/' };
const empty = (): AppConfig => {
  const r = parseConfigText('{"servers": {}}');
  if (!r.ok) throw new Error('bad base');
  return r.config;
};
const plan = (file: unknown) => planImport(empty(), typeof file === 'string' ? file : JSON.stringify(file), VARS);
const ok = (file: unknown) => {
  const r = plan(file);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.plan;
};
const issues = (file: unknown) => {
  const r = plan(file);
  if (r.ok) throw new Error('expected the import to be refused');
  return r.issues;
};

describe('VS Code variables on import', () => {
  it('turns ${env:X} into ${X} and expands ${userHome} and ${pathSeparator}', () => {
    const p = ok({
      servers: {
        fs: {
          type: 'stdio',
          command: '${userHome}/bin/fs-server',
          args: ['--root', '${userHome}${pathSeparator}notes', '--mode=${env:FS_MODE}'],
          env: { GITHUB_TOKEN: '${env:GITHUB_TOKEN}', PLAIN: '${ALREADY_OURS}' },
          cwd: '${userHome}',
        },
      },
    });
    const fs = p.added[0];
    expect(fs.command).toBe('/home/ada/bin/fs-server');
    expect(fs.args).toEqual(['--root', '/home/ada/notes', '--mode=${FS_MODE}']);
    expect(fs.env).toEqual({ GITHUB_TOKEN: '${GITHUB_TOKEN}', PLAIN: '${ALREADY_OURS}' });
    expect(fs.cwd).toBe('/home/ada');
    expect(JSON.stringify(fs)).not.toMatch(/\$\{(env:|userHome|pathSeparator)/);
  });

  it('refuses ${workspaceFolder}, naming the JSON path where it occurs', () => {
    const found = issues({ servers: { fs: { command: 'npx', args: ['-y', 'fs-server', '${workspaceFolder}/docs'] } } });
    expect(found).toHaveLength(1);
    expect(found[0].path).toBe('servers.fs.args[2]');
    expect(found[0].message).toContain('${workspaceFolder}');
    expect(found[0].message).toContain('servers.fs.args[2]');
    expect(found[0].message).toMatch(/absolute path/);
  });

  it('refuses the other editor-only and unknown variables rather than leaving them empty', () => {
    const found = issues({
      servers: {
        a: { command: 'x', cwd: '${fileDirname}', env: { A: '${config:editor.fontSize}', B: '${command:pick}', C: '${X:-dflt}' } },
      },
    });
    expect(found.map((i) => i.path).sort()).toEqual(['servers.a.cwd', 'servers.a.env.A', 'servers.a.env.B', 'servers.a.env.C']);
  });

  it('refuses ${env:X} and ${input:id} where the orchestrator fills in nothing (url, command, cwd)', () => {
    const found = issues({ servers: { r: { type: 'http', url: 'https://example.com/${env:TENANT}/mcp' } } });
    expect(found[0]).toMatchObject({ path: 'servers.r.url' });
    expect(found[0].message).toMatch(/args, env and headers only/);
  });

  it('turns inputs into keychain secrets the entry requires, so a missing one is a missing key', () => {
    const p = ok(`{
      // VS Code .vscode/mcp.json
      "inputs": [
        { "type": "promptString", "id": "github-token", "description": "GitHub PAT", "password": true },
        { "type": "promptString", "id": "unused", "description": "never referenced" }
      ],
      "servers": {
        "github": { "type": "http", "url": "https://api.githubcopilot.com/mcp/", "headers": { "Authorization": "Bearer \${input:github-token}" } },
        "gh-local": { "command": "gh-mcp", "env": { "GH_TOKEN": "\${input:github-token}", "EXTRA": "\${input:undeclared}" } }
      }
    }`);
    expect(p.added.find((s) => s.id === 'github')?.headers).toEqual({ Authorization: 'Bearer ${GITHUB_TOKEN}' });
    expect(p.added.find((s) => s.id === 'gh-local')?.env).toEqual({ GH_TOKEN: '${GITHUB_TOKEN}', EXTRA: '${UNDECLARED}' });
    expect(p.inputs).toEqual([
      { id: 'github-token', name: 'GITHUB_TOKEN', description: 'GitHub PAT', password: true, usedBy: ['github', 'gh-local'] },
      { id: 'undeclared', name: 'UNDECLARED', description: '', password: true, usedBy: ['gh-local'] },
    ]);
    // Required, so a server whose input was not given waits with "missing key" instead of starting with "".
    expect(p.added.find((s) => s.id === 'github')?.requiredEnv).toEqual(['GITHUB_TOKEN']);
    expect(p.added.find((s) => s.id === 'gh-local')?.requiredEnv).toEqual(['GITHUB_TOKEN', 'UNDECLARED']);
    expect(p.entries.find((e) => e.id === 'github')?.secrets).toEqual(['GITHUB_TOKEN']);
  });

  it('refuses an input in args, where every local user could read it', () => {
    const found = issues({ inputs: [{ id: 'k', password: true }], servers: { a: { command: 'x', args: ['--key', '${input:k}'] } } });
    expect(found[0].path).toBe('servers.a.args[1]');
    expect(found[0].message).toMatch(/visible to every local user/);
  });

  it('reads inputs from VS Code settings.json (mcp.inputs) too', () => {
    const p = ok({
      mcp: { inputs: [{ id: 'api', description: 'API key' }], servers: { a: { command: 'x', env: { K: '${input:api}' } } } },
    });
    expect(p.inputs).toMatchObject([{ id: 'api', name: 'API', description: 'API key', usedBy: ['a'] }]);
  });
});
