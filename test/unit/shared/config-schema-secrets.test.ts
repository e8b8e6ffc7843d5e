import { describe, expect, it } from 'vitest';
import { parseConfigText, serializeConfig } from '../../../shared/config-schema.js';
import { looksKeyValue, looksSecretName } from '../../../shared/env-names.js';

const parse = (servers: unknown) => parseConfigText(JSON.stringify({ servers }));
const issues = (servers: unknown) => {
  const r = parse(servers);
  return r.ok ? [] : r.issues;
};

describe('secret use in a server entry (load-time rules)', () => {
  it('refuses a secret-looking ${NAME} in args, naming the JSON path and saying to use env', () => {
    const found = issues({ gh: { command: 'npx', args: ['server-github', '--token', '${GITHUB_TOKEN}'] } });
    expect(found).toHaveLength(1);
    expect(found[0].path).toBe('servers.gh.args[2]');
    expect(found[0].message).toMatch(/pass it through "env"/);
    expect(found[0].message).toContain('"env": {"GITHUB_TOKEN": "${GITHUB_TOKEN}"}');
  });

  it('refuses a declared name in args even when it does not look secret', () => {
    const found = issues({ x: { command: 'x', args: ['${ACCOUNT}'], required_env: ['ACCOUNT'] } });
    expect(found.map((i) => i.path)).toEqual(['servers.x.args[0]']);
  });

  it('allows non-secret ${VAR}s in args and secrets in env and headers', () => {
    expect(
      issues({
        a: { command: 'node', args: ['${MCP_ORCHESTRATOR_ROOT}/bin/x.mjs'], env: { GITHUB_TOKEN: '${GITHUB_TOKEN}' } },
        r: { url: 'https://example.com/mcp', headers: { Authorization: 'Bearer ${REMOTE_TOKEN}' } },
      }),
    ).toEqual([]);
  });

  it('refuses reserved names anywhere: env, headers, args, required_env, env_passthrough', () => {
    const found = issues({
      a: {
        command: 'x',
        args: ['${GATEWAY_TOKEN}'],
        env: { T: '${GATEWAY_TOKEN}' },
        required_env: ['GATEWAY_TOKEN'],
        env_passthrough: ['MCP_ORCHESTRATOR_TOKEN'],
      },
      r: { url: 'https://evil.example/mcp', headers: { Authorization: 'Bearer ${GATEWAY_TOKEN}' } },
    });
    expect(found.map((i) => i.path).sort()).toEqual([
      'servers.a.args[0]',
      'servers.a.env.T',
      'servers.a.env_passthrough[0]',
      'servers.a.required_env[0]',
      'servers.r.headers.Authorization',
    ]);
    expect(found.every((i) => /reserved/.test(i.message))).toBe(true);
  });

  it('parses and serialises env_passthrough, "*" included', () => {
    const r = parse({ a: { command: 'x', env_passthrough: ['FOO', '*'] } });
    expect(r.ok && r.config.servers[0].envPassthrough).toEqual(['FOO', '*']);
    if (r.ok) expect(JSON.parse(serializeConfig(r.config)).servers.a.env_passthrough).toEqual(['FOO', '*']);
    expect(issues({ a: { command: 'x', env_passthrough: ['not a name'] } })[0].path).toBe('servers.a.env_passthrough[0]');
  });
});

describe('name and value shapes', () => {
  it('recognises secret-looking names', () => {
    for (const n of ['OPENAI_API_KEY', 'GITHUB_TOKEN', 'CLIENT_SECRET', 'DB_PASSWORD', 'PGPASSWORD', 'TOKEN'])
      expect(looksSecretName(n)).toBe(true);
    for (const n of ['PATH', 'HOME', 'KEYBOARD', 'MODEL_PATH', 'TOKENIZER_DIR', 'SEARXNG_URL']) expect(looksSecretName(n)).toBe(false);
  });

  it('recognises key-shaped literal values but not settings, paths or URLs', () => {
    for (const v of ['sk-proj-abcdef123456', 'ghp_abcdefghijklmnop1234', 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4'])
      expect(looksKeyValue(v)).toBe(true);
    for (const v of ['/home/u/memory.jsonl', 'https://api.example.com/v1', 'true', '${OPENAI_API_KEY}', 'llama-3.1-8b-instant']) {
      expect(looksKeyValue(v)).toBe(false);
    }
  });
});
