// Importing a client config with a literal key, against a real `serve` (control API, as the UI does) and the
// CLI: nothing is written or started before confirmation; the key moves to the keychain; files are 0600.
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportPreviewEntry, OrchestratorStatus, SecretInfo } from '../../shared/types.js';
import { EVERYTHING_SERVER, control, runCli, startServe, tempDir, waitFor, type ServeHandle } from '../helpers/serve-process.js';
import { connectClient } from '../helpers/connect-client.js';

const requireKeyring = process.env.MCP_ORCH_REQUIRE_KEYRING === '1';
const PAT = 'ghp_importLiteral0123456789abcdef';
const clientFile = (id: string) =>
  JSON.stringify({
    mcpServers: {
      [id]: { command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: PAT, MODE: 'fast' } },
      remote: { url: 'http://127.0.0.1:9/mcp', headers: { Authorization: 'Bearer ${REMOTE_TOKEN}' }, disabled: true },
    },
  });
const mode = async (file: string) => (await stat(file)).mode & 0o777;
const statusOf = async (h: ServeHandle) => (await control<OrchestratorStatus>(h, 'getStatus')).value as OrchestratorStatus;

describe('import through the control API (the UI flow)', () => {
  let h: ServeHandle;

  beforeAll(async () => {
    h = await startServe({ servers: {}, orchestrator: { port: 8000 } }, { ui: false });
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('previews the entries, their targets and secrets, and writes or starts nothing', async () => {
    const before = await readFile(h.configPath, 'utf8');
    const r = await control<{ entries: ImportPreviewEntry[] }>(h, 'previewImport', clientFile('gh'));
    expect(r.ok).toBe(true);
    const [gh, remote] = r.value!.entries;
    expect(gh).toMatchObject({ id: 'gh', transport: 'stdio', autostart: true, secrets: ['GITHUB_PERSONAL_ACCESS_TOKEN'] });
    expect(gh.target).toContain(EVERYTHING_SERVER);
    expect(gh.movedToKeychain).toEqual([{ envKey: 'GITHUB_PERSONAL_ACCESS_TOKEN', name: 'GITHUB_PERSONAL_ACCESS_TOKEN' }]);
    expect(remote).toMatchObject({ id: 'remote', target: 'http://127.0.0.1:9/mcp', secrets: ['REMOTE_TOKEN'], autostart: false });
    expect(JSON.stringify(r.value)).not.toContain(PAT);
    expect(await readFile(h.configPath, 'utf8')).toBe(before);
    expect((await statusOf(h)).servers).toEqual([]);
    const secrets = (await control<SecretInfo[]>(h, 'listSecrets')).value ?? [];
    expect(secrets.map((s) => s.name)).not.toContain('GITHUB_PERSONAL_ACCESS_TOKEN');
  });

  it('on confirmation moves the literal key into the keychain, writes 0600 files and starts the entry with the key in its env', async () => {
    const keychain = (await statusOf(h)).secretStore === 'keychain';
    const r = await control<{ imported: string[] }>(h, 'importConfig', clientFile('gh'));
    if (!keychain) {
      // Without a keychain the key must not land in the file instead: the import is refused, nothing written.
      expect(requireKeyring).toBe(false);
      expect(r.error?.code).toBe('SECRET_STORE_UNAVAILABLE');
      expect(r.error?.message).toContain('gh.env.GITHUB_PERSONAL_ACCESS_TOKEN');
      expect(await readFile(h.configPath, 'utf8')).not.toContain(PAT);
      expect((await statusOf(h)).servers).toEqual([]);
      return;
    }
    expect(r.value?.imported).toEqual(['gh', 'remote']);
    const text = await readFile(h.configPath, 'utf8');
    expect(text).not.toContain(PAT);
    expect(JSON.parse(text).servers.gh.env).toEqual({ GITHUB_PERSONAL_ACCESS_TOKEN: '${GITHUB_PERSONAL_ACCESS_TOKEN}', MODE: 'fast' });
    // startServe wrote the original with the default umask (0644); the save and its backup are owner-only.
    expect(await mode(h.configPath)).toBe(0o600);
    expect(await mode(`${h.configPath}.bak`)).toBe(0o600);
    const secrets = (await control<SecretInfo[]>(h, 'listSecrets')).value ?? [];
    expect(secrets).toContainEqual({ name: 'GITHUB_PERSONAL_ACCESS_TOKEN', source: 'keychain' });

    await waitFor(async () => (await statusOf(h)).servers.find((s) => s.id === 'gh')?.state === 'running', 'gh to run', 30_000);
    // An imported server exposes nothing until the user approves its definitions (pinning); this test is about the key.
    await waitFor(async () => (await statusOf(h)).servers.find((s) => s.id === 'gh')?.awaitingApproval === true, 'gh to await approval');
    expect((await control(h, 'reviewPinChange', 'gh', null, 'approve')).ok).toBe(true);
    const client = await connectClient(h.url, h.token, { name: 'import-test' });
    try {
      const res = await client.callTool({ name: 'gh__get-env', arguments: {} });
      const env = JSON.parse((res.content as Array<{ text: string }>)[0].text) as Record<string, string>;
      expect(env.GITHUB_PERSONAL_ACCESS_TOKEN).toBe(PAT);
    } finally {
      await client.close();
    }
  });
});

describe('config import on the CLI', () => {
  it('lists what it adds and writes nothing without --yes; with --yes moves the key and writes 0600', async () => {
    const dir = await tempDir();
    const target = path.join(dir, 'config.json');
    const original = JSON.stringify({ servers: {} });
    await writeFile(target, original, { mode: 0o644 });
    const source = path.join(dir, 'claude.json');
    await writeFile(source, clientFile('gh'));
    const env = {
      ...(process.env as Record<string, string>),
      MCP_ORCHESTRATOR_CONFIG: target,
      MCP_ORCHESTRATOR_KEYCHAIN_SERVICE: `mcp-orchestrator-import-${process.pid}-${Date.now()}`,
    };

    const dry = await runCli(['config', 'import', source], env);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain(EVERYTHING_SERVER);
    expect(dry.stdout).toMatch(/secrets referenced: GITHUB_PERSONAL_ACCESS_TOKEN/);
    expect(dry.stdout).toMatch(/env GITHUB_PERSONAL_ACCESS_TOKEN: literal key moves to the OS keychain/);
    expect(dry.stdout).toContain('http://127.0.0.1:9/mcp');
    expect(dry.stdout + dry.stderr).not.toContain(PAT);
    expect(dry.stderr).toMatch(/nothing written: re-run with --yes/);
    expect(await readFile(target, 'utf8')).toBe(original);

    const yes = await runCli(['config', 'import', source, '--yes'], env);
    const listed = await runCli(['secrets', 'list'], env);
    if (listed.code !== 0 || yes.code !== 0) {
      // No keychain: the import is refused rather than leaving the key in the file.
      expect(requireKeyring).toBe(false);
      expect(yes.stderr).toMatch(/no keychain is reachable/);
      expect(await readFile(target, 'utf8')).toBe(original);
      return;
    }
    expect(yes.stdout).toMatch(/stored gh.env.GITHUB_PERSONAL_ACCESS_TOKEN in the OS keychain/);
    expect(listed.stdout).toContain('GITHUB_PERSONAL_ACCESS_TOKEN');
    const text = await readFile(target, 'utf8');
    expect(text).not.toContain(PAT);
    expect(text).toContain('${GITHUB_PERSONAL_ACCESS_TOKEN}');
    expect(await mode(target)).toBe(0o600);
    expect(await mode(`${target}.bak`)).toBe(0o600);
    await runCli(['secrets', 'delete', 'GITHUB_PERSONAL_ACCESS_TOKEN'], env);
  }, 120_000); // four CLI runs, each a cold Node + tsx start
});
