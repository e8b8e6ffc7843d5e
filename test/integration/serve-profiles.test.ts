// Profiles through the product: `serve` as a real process with profiles in its config, the
// CLI's `profiles` and `tools --profile`, the control API's saveProfile (atomic config write)
// and a hot reload that names a bad profile with its JSON path.
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { OrchestratorStatus, ProfileSummary } from '../../shared/types.js';
import { referenceServers, control, runCli, startServe, tempDir, waitFor, type ServeHandle } from '../helpers/serve-process.js';

const config = (dir: string) => ({
  servers: referenceServers(dir),
  orchestrator: { port: 8000 },
  profiles: {
    mem: { servers: ['memory'], description: 'knowledge graph only' },
    finder: { discovery: true, pinned: ['everything__echo'] },
    typo: { tools: ['memroy__*'] },
  },
});

async function connect(h: ServeHandle, path: string): Promise<Client> {
  const client = new Client({ name: 'ide-under-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(h.url + path), { requestInit: { headers: { Authorization: `Bearer ${h.token}` } } }),
  );
  return client;
}

describe('serve with profiles', () => {
  let h: ServeHandle;
  let env: Record<string, string>;

  beforeAll(async () => {
    const dir = await tempDir();
    h = await startServe(config(dir), { dir, ui: false });
    env = { ...h.env, MCP_ORCHESTRATOR_URL: h.url, MCP_ORCHESTRATOR_TOKEN: h.token };
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('reports every profile with its URL, size and warnings in status and `profiles list`', async () => {
    const status = (await control<OrchestratorStatus>(h, 'getStatus')).value!;
    const byName = new Map(status.profiles!.map((p) => [p.name, p]));
    expect(byName.get('mem')).toMatchObject({ url: `${h.url}/mem`, tools: 9, listed: 9, discovery: false });
    expect(byName.get('finder')).toMatchObject({ discovery: true, listed: 4 });
    expect(byName.get('finder')!.tools).toBeGreaterThan(20);
    expect(byName.get('finder')!.estimatedTokens).toBeLessThan(byName.get('mem')!.estimatedTokens * 2);
    expect(byName.get('typo')!.warnings).toEqual(['profiles.typo.tools[0]: "memroy__*" matches no tool', 'profiles.typo: matches no tool']);
    // Warnings are judged once the children's first start settled: the typo is logged, while
    // mem and finder (whose servers were still starting when profiles were applied) never are.
    await waitFor(() => h.stdout().includes('Servers after start:'), 'the children to settle', 30_000);
    await waitFor(() => h.stderr().includes('profile: profiles.typo.tools[0]: "memroy__*" matches no tool'), 'the typo warning');
    expect(h.stderr()).not.toMatch(/profiles\.(mem|finder)\b/);
    const list = await runCli(['profiles', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`mem  ${h.url}/mem  9 tools`);
    expect(list.stdout).toMatch(/finder .* lists 4, .*\[discovery\]/);
    expect(list.stdout).toContain('warning: profiles.typo.tools[0]');
  });

  it('`profiles show` and `tools --profile` show one profile', async () => {
    const show = await runCli(['profiles', 'show', 'mem'], env);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('knowledge graph only');
    expect(show.stdout).toContain('  memory__read_graph');
    expect(show.stdout).not.toContain('everything__');
    const tools = await runCli(['tools', '--profile', 'finder'], env);
    expect(tools.code).toBe(0);
    expect(
      tools.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(/\s/)[0])
        .sort(),
    ).toEqual(['call_tool', 'describe_tool', 'everything__echo', 'search_tools']);
    const missing = await runCli(['profiles', 'show', 'nope'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('unknown profile "nope"; configured: mem, finder, typo');
  });

  it('saveProfile writes the config atomically and serves the new profile at once', async () => {
    const saved = await control<ProfileSummary[]>(h, 'saveProfile', 'readers', {
      servers: ['memory'],
      exclude: [],
      readOnly: true,
      discovery: false,
      pinned: [],
    });
    expect(saved.ok).toBe(true);
    expect(saved.value!.find((p) => p.name === 'readers')).toMatchObject({ tools: 3, url: `${h.url}/readers` });
    const file = JSON.parse(await readFile(h.configPath, 'utf8'));
    expect(file.profiles.readers).toEqual({ servers: ['memory'], read_only: true });
    expect(file.profiles.mem).toEqual({ servers: ['memory'], description: 'knowledge graph only' });
    const client = await connect(h, '/readers');
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual([
      'memory__open_nodes',
      'memory__read_graph',
      'memory__search_nodes',
    ]);
    await client.close();
    const bad = await control(h, 'saveProfile', 'bad', { servers: ['ghost'], exclude: [], readOnly: false, discovery: false, pinned: [] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'CONFIG_INVALID' } });
    expect(bad.error!.message).toContain('profiles.bad.servers[0]: unknown server "ghost"');
    const removed = await control<ProfileSummary[]>(h, 'saveProfile', 'readers', null);
    expect(removed.value!.map((p) => p.name)).not.toContain('readers');
  });

  it('a hot reload with a bad profile is refused with its JSON path; profiles keep serving', async () => {
    const good = await readFile(h.configPath, 'utf8');
    const cfg = JSON.parse(good);
    cfg.profiles.mem.servers = ['memory', 'nowhere'];
    await writeFile(h.configPath, JSON.stringify(cfg, null, 2));
    await waitFor(
      () => /config change rejected.*profiles\.mem\.servers\[1\]: unknown server/.test(h.stderr()),
      'the rejection to be logged',
      30_000,
    );
    const client = await connect(h, '/mem');
    expect((await client.listTools()).tools).toHaveLength(9);
    await client.close();
    await writeFile(h.configPath, good);
  });
});
