// The pipeline's direct requests to a 2025-era stdio child (gateway/child-lane.ts): a real SDK Client on a
// linked in-memory pair marked as a stdio pipe, a hand-driven child on the other end, and virtual time. Each
// failure must reach the caller as the SDK Client reports it, since the gateway maps both the same way.
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport, ProtocolError, SdkError, SdkErrorCode, type JSONRPCMessage } from '@modelcontextprotocol/server';
import { ChildLane } from '../../../../electron/core/gateway/child-lane.js';
import { LEAN_TOOL_RESULT } from '../../../../electron/core/gateway/forward-results.js';
import { TestClock } from '../../../helpers/test-clock.js';

type Msg = { id?: number; method?: string; params?: Record<string, unknown> };

interface Child {
  client: Client;
  lane: ChildLane;
  clock: TestClock;
  /** Every message the child received after the handshake. */
  seen: Msg[];
  /** Requests the child has not answered yet, by id. */
  held: Map<number, Msg>;
  reply(message: object): Promise<void>;
  close(): Promise<void>;
}

const open: Child[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

/** A child that answers initialize itself and holds every other request for the test to answer. */
async function child(): Promise<Child> {
  const [clientSide, childSide] = InMemoryTransport.createLinkedPair();
  // What gateway/stdio-pipe.ts looks for on our stdio transport.
  Object.assign(clientSide, { stdioPipe: true });
  const seen: Msg[] = [];
  const held = new Map<number, Msg>();
  childSide.onmessage = (m: JSONRPCMessage) => {
    const msg = m as Msg;
    if (msg.method === 'initialize') {
      void childSide.send({
        jsonrpc: '2.0',
        id: msg.id!,
        result: { protocolVersion: '2025-11-25', capabilities: { tools: {} }, serverInfo: { name: 'child', version: '1' } },
      });
      return;
    }
    if (msg.method === 'notifications/initialized' || msg.method === 'server/discover') return;
    seen.push(msg);
    if (msg.id !== undefined) held.set(msg.id, msg);
  };
  await childSide.start();
  const client = new Client({ name: 'gateway', version: '1' }, { versionNegotiation: { mode: 'legacy' } });
  await client.connect(clientSide);
  const clock = new TestClock();
  const lane = ChildLane.attach(client, clock)!;
  const c: Child = {
    client,
    lane,
    clock,
    seen,
    held,
    reply: (message) => childSide.send({ jsonrpc: '2.0', ...message } as JSONRPCMessage),
    close: () => client.close(),
  };
  open.push(c);
  return c;
}

const call = (c: Child, text: string, opts: { timeout?: number; signal?: AbortSignal } = {}) =>
  c.lane.request('tools/call', { name: 'echo', arguments: { text } }, LEAN_TOOL_RESULT, opts.timeout ?? 1000, opts);

describe('ChildLane', () => {
  it('sends with ids of its own, far from the SDK Client’s, and resolves with the checked result', async () => {
    const c = await child();
    expect(c.lane.usable()).toBe(true);
    const pending = call(c, 'hi');
    await c.clock.advance(0);
    const [req] = [...c.held.values()];
    expect(req).toMatchObject({ method: 'tools/call', params: { name: 'echo', arguments: { text: 'hi' } } });
    expect(req.id).toBeGreaterThanOrEqual(2 ** 40);
    await c.reply({ id: req.id, result: { content: [{ type: 'text', text: 'hi' }] } });
    await expect(pending).resolves.toEqual({ content: [{ type: 'text', text: 'hi' }] });
    expect(c.lane.inFlight).toBe(0);
    // The Client's own requests still work beside it, with its own ids.
    const ping = c.client.ping();
    await c.clock.advance(0);
    const sdkReq = [...c.held.values()].find((m) => m.method === 'ping')!;
    expect(sdkReq.id).toBeLessThan(2 ** 40);
    await c.reply({ id: sdkReq.id, result: {} });
    await expect(ping).resolves.toEqual({});
  });

  it('drops a stray resultType and the 2026 envelope keys, as a 2025 session does', async () => {
    const c = await child();
    const pending = c.lane.request(
      'tools/call',
      { name: 'echo', arguments: {}, _meta: { 'io.modelcontextprotocol/clientInfo': { name: 'x' }, trace: 't' } },
      LEAN_TOOL_RESULT,
      1000,
    );
    await c.clock.advance(0);
    const [req] = [...c.held.values()];
    expect(req.params?._meta).toEqual({ trace: 't' });
    await c.reply({ id: req.id, result: { resultType: 'complete', content: [] } });
    await expect(pending).resolves.toEqual({ content: [] });
  });

  it('rejects with the child’s error as a ProtocolError, data kept', async () => {
    const c = await child();
    const pending = call(c, 'x');
    await c.clock.advance(0);
    const [req] = [...c.held.values()];
    await c.reply({ id: req.id, error: { code: -32602, message: 'bad arguments', data: { field: 'text' } } });
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err).toMatchObject({ code: -32602, data: { field: 'text' } });
    expect((err as Error).message).toContain('bad arguments');
  });

  it('rejects a result its schema refuses, worded as the SDK Client words it', async () => {
    const c = await child();
    const pending = call(c, 'x');
    await c.clock.advance(0);
    const [req] = [...c.held.values()];
    await c.reply({ id: req.id, result: { content: 'not a list' } });
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SdkError);
    expect((err as SdkError).code).toBe(SdkErrorCode.InvalidResult);
    expect((err as Error).message).toMatch(/^Invalid result for tools\/call: content: /);
  });

  it('times out each request at its own deadline on one shared timer, and tells the child', async () => {
    const c = await child();
    const first = call(c, 'a', { timeout: 1000 }).catch((e: unknown) => e);
    await c.clock.advance(400);
    const second = call(c, 'b', { timeout: 1000 }).catch((e: unknown) => e);
    await c.clock.advance(0);
    expect(c.clock.pending()).toEqual([600]);
    await c.clock.advance(600);
    const err = await first;
    expect(err).toBeInstanceOf(SdkError);
    expect(err).toMatchObject({ code: SdkErrorCode.RequestTimeout, data: { timeout: 1000 } });
    const [a, b] = [...c.held.values()];
    expect(c.seen.find((m) => m.method === 'notifications/cancelled')?.params).toMatchObject({ requestId: a.id });
    expect(c.lane.inFlight).toBe(1);
    // The second still waits for its own deadline, then goes the same way.
    expect(c.clock.pending()).toEqual([400]);
    await c.clock.advance(399);
    expect(c.lane.inFlight).toBe(1);
    await c.clock.advance(1);
    expect(await second).toMatchObject({ code: SdkErrorCode.RequestTimeout });
    expect(c.seen.filter((m) => m.method === 'notifications/cancelled').map((m) => m.params?.requestId)).toEqual([a.id, b.id]);
    // A reply that comes too late is dropped, not handed to the SDK Client (which would call it unknown).
    const errors: Error[] = [];
    c.client.onerror = (e) => errors.push(e);
    await c.reply({ id: a.id, result: { content: [] } });
    await c.clock.advance(0);
    expect(errors).toEqual([]);
    expect(c.clock.pending()).toEqual([]);
  });

  it('a shorter timeout set after a longer one still fires first', async () => {
    const c = await child();
    const long = call(c, 'a', { timeout: 5000 }).catch((e: unknown) => e);
    const short = call(c, 'b', { timeout: 100 }).catch((e: unknown) => e);
    await c.clock.advance(100);
    expect(await short).toMatchObject({ code: SdkErrorCode.RequestTimeout, data: { timeout: 100 } });
    expect(c.lane.inFlight).toBe(1);
    await c.clock.advance(4900);
    expect(await long).toMatchObject({ code: SdkErrorCode.RequestTimeout, data: { timeout: 5000 } });
  });

  it('a caller’s abort cancels the request at the child and rejects with the reason', async () => {
    const c = await child();
    const ac = new AbortController();
    const pending = call(c, 'a', { signal: ac.signal }).catch((e: unknown) => e);
    await c.clock.advance(0);
    const [req] = [...c.held.values()];
    ac.abort('client went away');
    const err = await pending;
    expect(err).toBeInstanceOf(SdkError);
    expect((err as Error).message).toBe('client went away');
    await c.clock.advance(0);
    expect(c.seen.at(-1)).toMatchObject({ method: 'notifications/cancelled', params: { requestId: req.id, reason: 'client went away' } });
    // Already aborted: nothing is sent.
    const before = c.seen.length;
    await expect(call(c, 'b', { signal: ac.signal })).rejects.toThrow('client went away');
    expect(c.seen.length).toBe(before);
  });

  it('hears of an abort through onAbort when the caller has it, without reading its signal', async () => {
    const c = await child();
    const listeners: ((reason: unknown) => void)[] = [];
    let aborted: unknown;
    const cancel = {
      get signal(): AbortSignal {
        throw new Error('the signal was read');
      },
      onAbort(listener: (reason: unknown) => void) {
        if (aborted !== undefined) listener(aborted);
        else listeners.push(listener);
        return () => listeners.splice(listeners.indexOf(listener), 1);
      },
    };
    const pending = c.lane.request('tools/call', { name: 'echo', arguments: {} }, LEAN_TOOL_RESULT, 1000, cancel).catch((e: unknown) => e);
    await c.clock.advance(0);
    const [req] = [...c.held.values()];
    aborted = 'stop';
    for (const l of [...listeners]) l('stop');
    expect(await pending).toMatchObject({ code: SdkErrorCode.RequestTimeout, message: 'stop' });
    await c.clock.advance(0);
    expect(c.seen.at(-1)).toMatchObject({ method: 'notifications/cancelled', params: { requestId: req.id, reason: 'stop' } });
    expect(listeners).toEqual([]);
    // Aborted before it was sent: rejected, and the child hears nothing of it.
    const before = c.seen.length;
    await expect(c.lane.request('tools/call', { name: 'echo' }, LEAN_TOOL_RESULT, 1000, cancel)).rejects.toThrow('stop');
    await c.clock.advance(0);
    expect(c.seen.length).toBe(before);
    expect(c.lane.inFlight).toBe(0);
  });

  it('rejects every request in flight when the connection closes, and is no longer usable', async () => {
    const c = await child();
    const a = call(c, 'a').catch((e: unknown) => e);
    const b = call(c, 'b').catch((e: unknown) => e);
    await c.clock.advance(0);
    await c.client.close();
    for (const err of [await a, await b]) {
      expect(err).toBeInstanceOf(SdkError);
      expect(err).toMatchObject({ code: SdkErrorCode.ConnectionClosed, message: 'Connection closed' });
    }
    expect(c.lane.usable()).toBe(false);
    expect(c.clock.pending()).toEqual([]);
  });

  it('is not used for a 2026-07-28 child, whose input rounds are the SDK Client’s', async () => {
    const c = await child();
    let era: 'legacy' | 'modern' = 'legacy';
    const client = c.client as unknown as { getProtocolEra(): string };
    const own = client.getProtocolEra.bind(client);
    client.getProtocolEra = () => (era === 'modern' ? era : own());
    expect(c.lane.usable()).toBe(true);
    era = 'modern';
    expect(c.lane.usable()).toBe(false);
  });

  it('is not made for a child that is not a stdio pipe', async () => {
    const [clientSide, childSide] = InMemoryTransport.createLinkedPair();
    childSide.onmessage = (m: JSONRPCMessage) => {
      const msg = m as Msg;
      if (msg.method === 'initialize')
        void childSide.send({
          jsonrpc: '2.0',
          id: msg.id!,
          result: { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { name: 'c', version: '1' } },
        });
    };
    await childSide.start();
    const client = new Client({ name: 'g', version: '1' }, { versionNegotiation: { mode: 'legacy' } });
    await client.connect(clientSide);
    expect(ChildLane.attach(client, new TestClock())).toBeUndefined();
    await client.close();
  });
});
