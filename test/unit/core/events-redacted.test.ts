import { describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/create-core.js';

describe('core events', () => {
  it('pass the redactor before any listener (the UI) sees them', () => {
    const core = createCore({ configPath: '/nonexistent/config.json', dataDir: '/nonexistent' });
    core.redactor.add('known-secret-value');
    const seen: unknown[] = [];
    core.subscribe((name, payload) => seen.push([name, payload]));
    core.emit('log', { serverId: 's', at: 1, stream: 'stderr', text: 'got known-secret-value' });
    core.emit('chatChunk', { requestId: 'r', delta: 'known-secret-value' });
    const status = core.getServerStatus();
    core.emit('status', status);
    expect(seen).toEqual([
      ['log', { serverId: 's', at: 1, stream: 'stderr', text: 'got [redacted]' }],
      ['chatChunk', { requestId: 'r', delta: '[redacted]' }],
      // Field names are not masked in our own payloads: `secretStore` stays readable.
      ['status', status],
    ]);
  });

  it('cost no redaction while nobody listens (an audit event per tools/call)', () => {
    const core = createCore({ configPath: '/nonexistent/config.json', dataDir: '/nonexistent' });
    const redactDeep = core.redactor.redactDeep.bind(core.redactor);
    let redactions = 0;
    core.redactor.redactDeep = ((value: unknown, opts?: { byFieldName?: boolean }) => {
      redactions++;
      return redactDeep(value, opts);
    }) as typeof core.redactor.redactDeep;
    const line = { serverId: 's', at: 1, stream: 'stderr', text: 'x' } as const;
    core.emit('log', line);
    expect(redactions).toBe(0);
    const stop = core.subscribe(() => undefined);
    core.emit('log', line);
    expect(redactions).toBe(1);
    stop();
  });
});
