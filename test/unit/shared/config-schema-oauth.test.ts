// A remote entry's "oauth" (issue 21 item 6): true or an object, each mistake at its JSON path, saved back.
import { describe, expect, it } from 'vitest';
import { parseConfigText, serializeConfig } from '../../../shared/config-schema.js';

const parse = (servers: Record<string, unknown>) => parseConfigText(JSON.stringify({ servers }));
const issues = (r: ReturnType<typeof parse>) => (r.ok ? '' : r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));

describe('"oauth" in a server entry', () => {
  it('accepts true and an object, normalises scopes, and saves them back', () => {
    const r = parse({
      plain: { url: 'https://mcp.example/mcp' },
      on: { url: 'https://mcp.example/mcp', oauth: true },
      full: {
        url: 'https://mcp.example/mcp',
        oauth: { scopes: 'read write', client_id: 'abc', client_metadata_url: 'https://me.example/client.json', redirect_port: 33418 },
      },
      list: { type: 'http', url: 'https://mcp.example/mcp', oauth: { scopes: ['read'] } },
    });
    expect(issues(r)).toBe('');
    if (!r.ok) return;
    const by = Object.fromEntries(r.config.servers.map((s) => [s.id, s.oauth]));
    expect(by).toEqual({
      plain: undefined,
      on: {},
      full: { scopes: ['read', 'write'], clientId: 'abc', clientMetadataUrl: 'https://me.example/client.json', redirectPort: 33418 },
      list: { scopes: ['read'] },
    });
    const saved = JSON.parse(serializeConfig(r.config)).servers;
    expect(saved.on.oauth).toBe(true);
    expect(saved.plain.oauth).toBeUndefined();
    expect(saved.full.oauth).toEqual({
      scopes: ['read', 'write'],
      client_id: 'abc',
      client_metadata_url: 'https://me.example/client.json',
      redirect_port: 33418,
    });
    const again = parseConfigText(serializeConfig(r.config));
    expect(again.ok && again.config.servers).toEqual(r.config.servers);
  });

  it('names each mistake at its path, and has no place for a secret', () => {
    const text = issues(
      parse({
        local: { command: 'x', oauth: true },
        port: { url: 'https://a.example/mcp', oauth: { redirect_port: 70000 } },
        cimd: { url: 'https://a.example/mcp', oauth: { client_metadata_url: 'http://me.example/c.json' } },
        secret: { url: 'https://a.example/mcp', oauth: { client_secret: 'hunter2' } },
        kind: { url: 'https://a.example/mcp', oauth: 'yes' },
      }),
    );
    expect(text).toContain('servers.local.oauth: applies only to remote ("url") servers');
    expect(text).toContain('servers.port.oauth.redirect_port: must be at most 65535');
    expect(text).toContain('servers.cimd.oauth.client_metadata_url: must be an https:// URL with a path');
    expect(text).toContain('servers.secret.oauth: unknown key "client_secret"');
    expect(text).toMatch(/servers\.kind\.oauth: expected an object, got (a )?string/);
  });
});
