// `config path|validate|import` work on files directly, with no orchestrator running.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../shared/config-schema.js';
import { ROOT, runCli, tempDir } from '../helpers/serve-process.js';

describe('config commands', () => {
  it('imports a Claude Desktop config into ours, keeping existing servers and the previous file as .bak', async () => {
    const dir = await tempDir();
    const target = path.join(dir, 'config.json');
    await writeFile(
      target,
      JSON.stringify({ servers: { memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] } } }),
    );
    const env = { ...(process.env as Record<string, string>), MCP_ORCHESTRATOR_CONFIG: target };
    expect((await runCli(['config', 'path'], env)).stdout.trim()).toBe(target);

    const r = await runCli(['config', 'import', path.join(ROOT, 'examples', 'claude_desktop_config.json'), '--yes'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/imported \d+ server/);
    const parsed = parseConfigText(await readFile(target, 'utf8'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const ids = parsed.config.servers.map((s) => s.id);
    expect(ids[0]).toBe('memory');
    expect(ids.length).toBeGreaterThan(1);
    expect(await readFile(target + '.bak', 'utf8')).toContain('server-memory');

    const valid = await runCli(['config', 'validate'], env);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toContain('valid');
  });

  it('refuses to import a file that is not an MCP client config, and leaves ours untouched', async () => {
    const dir = await tempDir();
    const target = path.join(dir, 'config.json');
    const original = JSON.stringify({ servers: {} });
    await writeFile(target, original);
    const junk = path.join(dir, 'junk.json');
    await writeFile(junk, '{"hello": "world"}');
    const r = await runCli(['config', 'import', junk], { ...(process.env as Record<string, string>), MCP_ORCHESTRATOR_CONFIG: target });
    expect(r.code).toBe(5); // EXIT.CONFIG_INVALID
    expect(r.stderr).toContain(junk);
    expect(await readFile(target, 'utf8')).toBe(original);
  });
});
