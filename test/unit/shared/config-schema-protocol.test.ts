// A server's `protocol` key (issue 21): how its era is negotiated. "auto" is the default and is left out; "legacy"
// and a pinned version survive a round trip; anything else is refused at the key's path.
import { describe, expect, it } from 'vitest';
import { parseConfigText, serializeConfig } from '../../../shared/config-schema.js';

const withProtocol = (protocol: unknown) => JSON.stringify({ servers: { r: { url: 'http://127.0.0.1:9/mcp', protocol } } });

describe('servers.<id>.protocol', () => {
  it('keeps "legacy" and a pinned version, and leaves the default "auto" out', () => {
    for (const protocol of ['legacy', '2026-07-28']) {
      const r = parseConfigText(withProtocol(protocol));
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      expect(r.config.servers[0].protocol).toBe(protocol);
      expect(JSON.parse(serializeConfig(r.config)).servers.r.protocol).toBe(protocol);
    }
    const auto = parseConfigText(withProtocol('auto'));
    if (!auto.ok) throw new Error('auto should parse');
    expect(auto.config.servers[0].protocol).toBeUndefined();
    expect(JSON.parse(serializeConfig(auto.config)).servers.r).not.toHaveProperty('protocol');
  });

  it('refuses anything else, at its path', () => {
    const r = parseConfigText(withProtocol('newest'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.find((i) => i.path === 'servers.r.protocol')?.message).toContain('"auto", "legacy" or a protocol version');
  });
});
