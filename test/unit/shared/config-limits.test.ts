// The memory limits in the config: orchestrator.client_buffer_bytes and max_message_bytes (with
// a per-server override), read, checked and written back.
import { describe, expect, it } from 'vitest';
import { parseConfigText, serializeConfig } from '../../../shared/config-schema.js';

describe('config: client_buffer_bytes and max_message_bytes', () => {
  it('reads both settings and the per-server override, and writes them back', () => {
    const text = JSON.stringify({
      servers: { big: { command: 'x', max_message_bytes: 200_000_000 }, plain: { command: 'y' } },
      orchestrator: { client_buffer_bytes: 262_144, max_message_bytes: 8_388_608 },
    });
    const r = parseConfigText(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.orchestrator).toMatchObject({ clientBufferBytes: 262_144, maxMessageBytes: 8_388_608 });
    expect(r.config.servers.find((s) => s.id === 'big')?.maxMessageBytes).toBe(200_000_000);
    expect(r.config.servers.find((s) => s.id === 'plain')?.maxMessageBytes).toBeUndefined();
    const again = parseConfigText(serializeConfig(r.config));
    expect(again.ok && again.config).toEqual(r.config);
  });

  it('defaults to 1 MiB and 64 MiB and refuses sizes too small to be useful', () => {
    const r = parseConfigText('{"servers": {}}');
    expect(r.ok && r.config.orchestrator).toMatchObject({ clientBufferBytes: 1024 * 1024, maxMessageBytes: 64 * 1024 * 1024 });
    const bad = parseConfigText(
      JSON.stringify({ servers: { s: { command: 'x', max_message_bytes: 10 } }, orchestrator: { client_buffer_bytes: 100 } }),
    );
    expect(bad.ok).toBe(false);
    const paths = bad.ok ? [] : bad.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['orchestrator.client_buffer_bytes', 'servers.s.max_message_bytes']));
  });
});
