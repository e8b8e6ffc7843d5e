import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../shared/config-schema.js';
import { planImport } from '../../../shared/import-plan.js';
import type { AppConfig } from '../../../shared/types.js';

const base = (servers: unknown = {}): AppConfig => {
  const r = parseConfigText(JSON.stringify({ servers }));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
};
const plan = (b: AppConfig, file: unknown) => {
  const r = planImport(b, JSON.stringify(file), { home: '/home/u', sep: '/' });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.plan;
};

describe('planImport', () => {
  it('replaces key literals (by value shape or by name) with ${NAME}, leaving settings alone', () => {
    const p = plan(base(), {
      mcpServers: {
        a: {
          command: 'x',
          env: { OPENAI_API_KEY: 'sk-abcdefgh12345678', DB_PASSWORD: 'short', MODE: 'fast', URL: 'https://x.example', REF: '${ALREADY}' },
        },
      },
    });
    expect(p.config.servers[0].env).toEqual({
      OPENAI_API_KEY: '${OPENAI_API_KEY}',
      DB_PASSWORD: '${DB_PASSWORD}',
      MODE: 'fast',
      URL: 'https://x.example',
      REF: '${ALREADY}',
    });
    expect(p.moves.map((m) => [m.serverId, m.envKey, m.name])).toEqual([
      ['a', 'OPENAI_API_KEY', 'OPENAI_API_KEY'],
      ['a', 'DB_PASSWORD', 'DB_PASSWORD'],
    ]);
    expect(p.entries[0].secrets).toEqual(['ALREADY', 'DB_PASSWORD', 'OPENAI_API_KEY']);
  });

  it('gives a second server with the same key name but another value its own name', () => {
    const p = plan(base(), {
      mcpServers: {
        one: { command: 'x', env: { GITHUB_TOKEN: 'ghp_first000000000000' } },
        two: { command: 'y', env: { GITHUB_TOKEN: 'ghp_second00000000000' } },
        three: { command: 'z', env: { GITHUB_TOKEN: 'ghp_first000000000000' } },
      },
    });
    expect(p.moves.map((m) => m.name)).toEqual(['GITHUB_TOKEN', 'TWO_GITHUB_TOKEN', 'GITHUB_TOKEN']);
    expect(p.config.servers.find((s) => s.id === 'two')?.env.GITHUB_TOKEN).toBe('${TWO_GITHUB_TOKEN}');
  });

  it('skips an entry already imported (after its key moved) and renames an id that is taken', () => {
    const file = { mcpServers: { a: { command: 'x', env: { API_TOKEN: 'tok-value-123456' } } } };
    const first = plan(base(), file);
    const again = plan(first.config, file);
    expect(again.imported).toEqual([]);
    expect(again.moves).toEqual([]);
    const other = plan(first.config, { mcpServers: { a: { command: 'other' } } });
    expect(other.imported).toEqual(['a-2']);
  });

  it('masks key-shaped args in the shown command line and warns about them', () => {
    const p = plan(base(), { mcpServers: { a: { command: 'npx', args: ['srv', '--key', 'sk-abcdefgh12345678'] } } });
    expect(p.entries[0].target).toBe('npx srv --key [redacted]');
    expect(p.entries[0].warnings[0]).toMatch(/args\[2\] looks like a key/);
  });

  it('makes every ${NAME} an entry uses in env or headers required, so a missing one keeps it waiting', () => {
    const p = plan(base(), {
      mcpServers: {
        docs: { url: 'http://127.0.0.1:9100/mcp', headers: { Authorization: 'Bearer ${DOCS_TOKEN}' } },
        gh: { command: 'gh', args: ['--home', '${HOME}'], env: { GH_TOKEN: 'ghp_literal00000000000000', MODE: 'fast' } },
      },
    });
    expect(p.added.find((s) => s.id === 'docs')?.requiredEnv).toEqual(['DOCS_TOKEN']);
    // The moved literal is required too; a name only in args is not (declared names in args are a config error).
    expect(p.added.find((s) => s.id === 'gh')?.requiredEnv).toEqual(['GH_TOKEN']);
  });
});
