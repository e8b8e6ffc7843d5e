// The `builtin` server kind, and the migration of the older `node …/mcp-orchestrator.mjs server <name>` form.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importClientConfig, parseConfigText, serializeConfig } from '../../../shared/config-schema.js';

const parse = (servers: Record<string, unknown>) => parseConfigText(JSON.stringify({ servers }));

describe('builtin servers in the config', () => {
  it('loads {"builtin": name} as a stdio server with the vendor key required by default', () => {
    const r = parse({ openai: { builtin: 'openai', name: 'OpenAI', tools: ['openai_chat'] }, weather: { builtin: 'weather' } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [openai, weather] = r.config.servers;
    expect(openai).toMatchObject({ id: 'openai', builtin: 'openai', transport: 'stdio', args: [], requiredEnv: ['OPENAI_API_KEY'] });
    expect(openai?.command).toBeUndefined();
    expect(weather).toMatchObject({ builtin: 'weather', requiredEnv: [] });
    // Saved back in the short form; the default required_env is not written out.
    const saved = JSON.parse(serializeConfig(r.config)).servers;
    expect(saved.openai).toEqual({ name: 'OpenAI', builtin: 'openai' });
    expect(saved.weather).toEqual({ builtin: 'weather' });
  });

  it('keeps an explicit required_env', () => {
    const r = parse({ groq: { builtin: 'groq', required_env: ['GROQ_API_KEY', 'EXTRA'] } });
    expect(r.ok && r.config.servers[0]?.requiredEnv).toEqual(['GROQ_API_KEY', 'EXTRA']);
    if (r.ok) expect(JSON.parse(serializeConfig(r.config)).servers.groq.required_env).toEqual(['GROQ_API_KEY', 'EXTRA']);
  });

  it('names the problem for an unknown builtin or one mixed with command/url', () => {
    const bad = parse({
      a: { builtin: 'nope' },
      b: { builtin: 'groq', command: 'node' },
      c: { builtin: 'weather', url: 'http://127.0.0.1:1/mcp' },
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    const text = bad.issues.map((i) => `${i.path}: ${i.message}`).join('\n');
    expect(text).toMatch(/servers\.a\.builtin.*openai, groq, local_llama, weather, web_search/);
    expect(text).toMatch(/servers\.b.*"builtin" and "command"/);
    expect(text).toMatch(/servers\.c.*"builtin" and "url"/);
  });

  it('migrates the old node …/bin/mcp-orchestrator.mjs server <name> form on load', () => {
    const r = parse({
      openai: {
        command: 'node',
        args: ['${MCP_ORCHESTRATOR_ROOT}/bin/mcp-orchestrator.mjs', 'server', 'openai'],
        required_env: ['OPENAI_API_KEY'],
      },
      abs: { command: '/usr/local/bin/node', args: ['/opt/app/bin/mcp-orchestrator.mjs', 'server', 'web_search'] },
      cli: { command: 'mcp-orchestrator', args: ['server', 'local_llama'], env: { LOCAL_LLM_MODEL: 'm' } },
      // Not ours: left alone.
      other: { command: 'node', args: ['/opt/app/bin/mcp-orchestrator.mjs', 'server', 'nope'] },
      script: { command: 'node', args: ['server.js', 'server', 'openai'] },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const byId = Object.fromEntries(r.config.servers.map((s) => [s.id, s]));
    expect(byId.openai).toMatchObject({ builtin: 'openai', args: [], requiredEnv: ['OPENAI_API_KEY'] });
    expect(byId.abs).toMatchObject({ builtin: 'web_search', args: [] });
    expect(byId.cli).toMatchObject({ builtin: 'local_llama', env: { LOCAL_LLM_MODEL: 'm' } });
    expect(byId.other?.builtin).toBeUndefined();
    expect(byId.script?.builtin).toBeUndefined();
    expect(JSON.parse(serializeConfig(r.config)).servers.openai).toEqual({ builtin: 'openai' });
  });

  it('migrates the old form on import from a client config', () => {
    const r = importClientConfig(
      JSON.stringify({ mcpServers: { groq: { command: 'node', args: ['C:\\app\\bin\\mcp-orchestrator.mjs', 'server', 'groq'] } } }),
    );
    expect(r.ok && r.servers[0]).toMatchObject({ id: 'groq', builtin: 'groq', requiredEnv: ['GROQ_API_KEY'] });
  });

  it('the shipped example config uses the builtin kind for all five built-ins', () => {
    const r = parseConfigText(readFileSync(new URL('../../../examples/config.json', import.meta.url), 'utf8'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const builtins = r.config.servers.filter((s) => s.builtin).map((s) => s.builtin);
    expect(builtins.sort()).toEqual(['groq', 'local_llama', 'openai', 'weather', 'web_search']);
    expect(r.config.servers.every((s) => !s.args.some((a) => a.includes('mcp-orchestrator.mjs')))).toBe(true);
  });
});
