// The core as an embedding program uses it (`mcp-orchestrator/core`): the seed's orchestrator API,
// discoverCapabilities and routeRequest, against a real child server; and the package export itself.
import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, MemorySecretStore, type MCPOrchestrator } from '../../electron/core/index.js';
import { MEMORY_SERVER, ROOT } from '../helpers/serve-process.js';

let core: MCPOrchestrator;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-orch-embed-'));
  const configPath = path.join(dir, 'config.json');
  await writeFile(configPath, JSON.stringify({ servers: { memory: { command: process.execPath, args: [MEMORY_SERVER] } } }));
  core = createCore({ configPath, dataDir: dir, secretStore: new MemorySecretStore(), port: 0 });
  await core.start();
  await core.childrenStarted();
}, 60_000);
afterAll(async () => {
  await core?.stop();
});

describe('embedding the core', () => {
  it("discoverCapabilities lists the children's tools as the gateway names them", async () => {
    const { tools } = await core.discoverCapabilities();
    expect(tools.map((t) => t.name)).toContain('memory__read_graph');
  });

  it('routeRequest calls a child tool by its own name and counts the call', async () => {
    const result = await core.routeRequest('memory', 'read_graph');
    expect(result.isError).toBeFalsy();
    expect(JSON.stringify(result.content)).toContain('entities');
    expect(core.getServerStatus().servers.find((s) => s.id === 'memory')?.calls).toBeGreaterThanOrEqual(1);
    await expect(core.routeRequest('nope', 'x')).rejects.toMatchObject({ code: 'SERVER_NOT_RUNNING' });
  });

  it('is what the package exports as mcp-orchestrator/core (compiled)', () => {
    // Self-reference through package.json "exports", as a dependent project would resolve it.
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const m = await import('mcp-orchestrator/core'); console.log(typeof m.createCore, typeof m.createControlApi)",
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(out.trim()).toBe('function function');
  });
});
