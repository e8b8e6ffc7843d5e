// The shared validator compiles each distinct schema once and validates like the SDK's own.
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport, Server } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { sharedSchemaValidator } from '../../../../electron/core/runtime/schema-validator.js';

const schema = { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] } as const;

describe('sharedSchemaValidator', () => {
  it('returns one compiled validator per distinct schema text, and it validates', () => {
    const v = sharedSchemaValidator();
    const a = v.getValidator<{ n: number }>(structuredClone(schema));
    const b = v.getValidator<{ n: number }>(structuredClone(schema));
    expect(a).toBe(b);
    expect(sharedSchemaValidator()).toBe(v);
    expect(a({ n: 1 })).toEqual({ valid: true, data: { n: 1 }, errorMessage: undefined });
    const bad = a({ n: 'one' });
    expect(bad.valid).toBe(false);
    expect(bad.errorMessage).toMatch(/number/);
  });

  it('does not grow when a client lists the same tools again, and still checks structured output', async () => {
    // A low-level server, so a bad structured result reaches the client unchecked.
    const server = new Server({ name: 's', version: '1' }, { capabilities: { tools: {} } });
    let payload: Record<string, unknown> = { n: 2 };
    server.setRequestHandler('tools/list', () => ({
      tools: [{ name: 't', inputSchema: { type: 'object' }, outputSchema: { ...schema, properties: { ...schema.properties } } }],
    }));
    server.setRequestHandler('tools/call', () => ({ content: [{ type: 'text', text: 'x' }], structuredContent: payload }));
    const [c, s] = InMemoryTransport.createLinkedPair();
    await server.connect(s);
    const client = new Client({ name: 'c', version: '1' }, { jsonSchemaValidator: sharedSchemaValidator() });
    await client.connect(c);
    await client.listTools();
    const size = sharedSchemaValidator().size;
    for (let i = 0; i < 20; i++) await client.listTools();
    expect(sharedSchemaValidator().size).toBe(size);
    expect((await client.callTool({ name: 't', arguments: {} })).structuredContent).toEqual({ n: 2 });
    payload = { n: 'two' };
    await expect(client.callTool({ name: 't', arguments: {} })).rejects.toThrow(/structured content does not match/i);
    await client.close();
    await server.close();
  });
});
