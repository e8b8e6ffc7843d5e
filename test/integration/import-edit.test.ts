// Import as an edit (issue 19), through the real CLI and a real `serve`: a commented config keeps its comments,
// unknown keys and settings; a diff is printed before anything is written; VS Code variables are translated or
// refused with the path; an input left out becomes a missing key that keeps its server waiting, never "".
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../shared/config-schema.js';
import type { ImportPreview, OrchestratorStatus } from '../../shared/types.js';
import { EVERYTHING_SERVER, control, runCli, startServe, tempDir, waitFor } from '../helpers/serve-process.js';

const COMMENTED = `// my orchestrator config; hand-edited, please keep the comments
{
  "servers": {
    "memory": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-memory"], // pinned by hand
      "required_env": ["MEMORY_FILE_PATH"],
      "tools": ["read_graph"],
      "autoApprove": ["read_graph"]
    }
  },
  "orchestrator": {
    "port": 8000,
    "retry_attempts": 5,
    /* groq first: it is cheaper */
    "routing": { "chat_preference": ["groq", "openai", "local_llama"] }
  }
}
`;

const VSCODE = `{
  // .vscode/mcp.json
  "inputs": [{ "type": "promptString", "id": "api-key", "description": "Everything API key", "password": true }],
  "servers": {
    "everything": {
      "type": "stdio",
      "command": ${JSON.stringify(process.execPath)},
      "args": [${JSON.stringify(EVERYTHING_SERVER)}, "stdio"],
      "cwd": "\${userHome}",
      "env": { "API_KEY": "\${input:api-key}", "MODE": "\${env:EVERYTHING_MODE}" }
    }
  }
}`;

async function setup(configText: string) {
  const dir = await tempDir();
  const target = path.join(dir, 'config.json');
  await writeFile(target, configText);
  const env = {
    ...(process.env as Record<string, string>),
    HOME: dir,
    USERPROFILE: dir,
    MCP_ORCHESTRATOR_CONFIG: target,
    MCP_ORCHESTRATOR_KEYCHAIN_SERVICE: `mcp-orchestrator-import-edit-${process.pid}-${Date.now()}`,
  };
  return { dir, target, env };
}

describe('config import on the CLI edits the file', () => {
  it('prints the diff and writes nothing without --yes; with --yes only inserts the new entries', async () => {
    const { dir, target, env } = await setup(COMMENTED);
    const source = path.join(dir, 'mcp.json');
    await writeFile(source, VSCODE);

    const dry = await runCli(['config', 'import', source], env);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain(`--- ${target}\n+++ ${target} (after import)\n@@ `);
    expect(dry.stdout).toMatch(/^\+ {4}"everything": \{$/m);
    expect(dry.stdout).toMatch(/input api-key -> \$\{API_KEY\} {2}"Everything API key" {2}used by everything/);
    expect(dry.stderr).toMatch(/nothing written: re-run with --yes/);
    expect(await readFile(target, 'utf8')).toBe(COMMENTED);

    const yes = await runCli(['config', 'import', source, '--yes'], env);
    expect(yes.stderr).toBe('');
    expect(yes.code).toBe(0);
    expect(yes.stdout).toMatch(/missing key API_KEY: the servers using it wait for it; store it with `secrets set API_KEY`/);
    const text = await readFile(target, 'utf8');
    // Every line of the old file is still there, in order: comments, unknown keys, settings.
    const kept = COMMENTED.split('\n').filter((l) => l.trim() !== '}' && l.trim() !== '},');
    let at = 0;
    for (const line of kept) {
      const found = text.indexOf(line, at);
      expect(found, `kept: ${line}`).toBeGreaterThanOrEqual(0);
      at = found + line.length;
    }
    const parsed = parseConfigText(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.config.orchestrator.retryAttempts).toBe(5);
    expect(parsed.config.orchestrator.routing.chatPreference).toEqual(['groq', 'openai', 'local_llama']);
    const everything = parsed.config.servers.find((s) => s.id === 'everything');
    expect(everything).toMatchObject({
      cwd: dir,
      env: { API_KEY: '${API_KEY}', MODE: '${EVERYTHING_MODE}' },
      requiredEnv: ['API_KEY', 'EVERYTHING_MODE'],
    });
    expect(text).not.toMatch(/\$\{(input|env):|\$\{userHome\}/);
    expect((await runCli(['config', 'validate'], env)).code).toBe(0);
  }, 60_000);

  it('stores a --secret input in the OS keychain, never in the file (without a keychain: refuses, writes nothing)', async () => {
    const { dir, target, env } = await setup(COMMENTED);
    const source = path.join(dir, 'mcp.json');
    await writeFile(source, VSCODE);
    const value = 'everything-key-0123456789';
    const r = await runCli(['config', 'import', source, '--yes', '--secret', `api-key=${value}`], env);
    if (r.code !== 0) {
      expect(process.env.MCP_ORCH_REQUIRE_KEYRING === '1').toBe(false);
      expect(r.stderr).toMatch(/input "api-key" holds a key that must go into the OS keychain, and no keychain is reachable/);
      expect(await readFile(target, 'utf8')).toBe(COMMENTED);
      return;
    }
    expect(r.stdout).toContain('stored input API_KEY in the OS keychain');
    expect(r.stdout).not.toContain('missing key API_KEY');
    expect(await readFile(target, 'utf8')).not.toContain(value);
    expect((await runCli(['secrets', 'list'], env)).stdout).toContain('API_KEY');
    await runCli(['secrets', 'delete', 'API_KEY'], env);
  }, 60_000);

  it('refuses ${workspaceFolder} with the path in the imported file, and leaves the config untouched', async () => {
    const { dir, target, env } = await setup(COMMENTED);
    const source = path.join(dir, 'mcp.json');
    await writeFile(source, JSON.stringify({ servers: { fs: { command: 'fs-server', args: ['${workspaceFolder}'] } } }));
    const r = await runCli(['config', 'import', source, '--yes'], env);
    expect(r.code).toBe(5); // EXIT.CONFIG_INVALID
    expect(r.stderr).toContain(source);
    expect(r.stderr).toContain('at servers.fs.args[0]: ${workspaceFolder}');
    expect(await readFile(target, 'utf8')).toBe(COMMENTED);
  }, 30_000);
});

describe('import through the control API (the UI flow)', () => {
  it('previews the diff of the file, then imports an entry whose input was left out as a missing key', async () => {
    const h = await startServe({ servers: {}, orchestrator: { port: 8000, retry_attempts: 4 } }, { ui: false });
    try {
      const before = await readFile(h.configPath, 'utf8');
      const preview = await control<ImportPreview>(h, 'previewImport', VSCODE);
      expect(preview.ok).toBe(true);
      expect(preview.value?.inputs).toEqual([
        { id: 'api-key', name: 'API_KEY', description: 'Everything API key', password: true, usedBy: ['everything'], stored: false },
      ]);
      expect(preview.value?.diff).toContain(`+++ ${h.configPath} (after import)`);
      expect(preview.value?.diff).toContain('+    "everything": {');
      expect(await readFile(h.configPath, 'utf8')).toBe(before);

      const r = await control<{ imported: string[]; missingSecrets: string[] }>(h, 'importConfig', VSCODE, {});
      expect(r.value).toMatchObject({ imported: ['everything'], missingSecrets: ['API_KEY'] });
      expect(JSON.parse(await readFile(h.configPath, 'utf8')).orchestrator).toEqual({ port: 8000, retry_attempts: 4 });
      // Waiting for its key, not started with API_KEY="".
      const s = await waitFor(async () => {
        const st = (await control<OrchestratorStatus>(h, 'getStatus')).value?.servers.find((x) => x.id === 'everything');
        return st?.missingEnv.includes('API_KEY') ? st : undefined;
      }, 'the imported server to report its missing key');
      expect(s?.state).toBe('stopped');
      expect(s?.pid).toBeNull();
    } finally {
      await h.stop();
    }
  }, 60_000);
});
