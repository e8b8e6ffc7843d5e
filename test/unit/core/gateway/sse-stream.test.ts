// SSE frames are encoded once per notification: the SDK spreads only the envelope per session,
// so sessions share the params object, and every stream writes the same Buffer.
import { describe, expect, it } from 'vitest';
import { sseFrame } from '../../../../electron/core/gateway/sse-stream.js';

describe('sseFrame', () => {
  it('encodes a notification fanned out to many sessions once', () => {
    const params = { level: 'info', data: 'x'.repeat(1000) };
    const notification = { method: 'notifications/message', params };
    const perSession = Array.from({ length: 5 }, () => sseFrame({ ...notification, jsonrpc: '2.0' as const }));
    expect(new Set(perSession).size).toBe(1);
    expect(perSession[0].toString()).toBe(`event: message\ndata: ${JSON.stringify({ ...notification, jsonrpc: '2.0' })}\n\n`);
  });

  it('never shares frames between different methods or with requests and replies', () => {
    const params = { uri: 'a' };
    const a = sseFrame({ jsonrpc: '2.0', method: 'notifications/resources/updated', params });
    const b = sseFrame({ jsonrpc: '2.0', method: 'notifications/other', params });
    expect(b).not.toBe(a);
    expect(b.toString()).toContain('notifications/other');
    const r1 = sseFrame({ jsonrpc: '2.0', id: 1, method: 'sampling/createMessage', params });
    const r2 = sseFrame({ jsonrpc: '2.0', id: 2, method: 'sampling/createMessage', params });
    expect(r2.toString()).toContain('"id":2');
    expect(r1).not.toBe(r2);
  });
});
