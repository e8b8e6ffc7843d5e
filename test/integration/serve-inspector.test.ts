// The control API's Inspector-parity methods against real `serve` with real children: the reference
// `everything` server (templates, completions, subscriptions, structured output) and a fixture whose
// tool breaks its own outputSchema. Each addition is proven through HTTP, as the web UI calls it.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ToolCallOutcome } from '../../shared/contract.js';
import type { CompletionOutcome, ResourceTemplateInfo, ServerProtocolInfo } from '../../shared/inspector.js';
import type { ToolInfo } from '../../shared/types.js';
import { FIXTURE_DIR } from '../fixtures/servers/supervisor-harness.js';
import { EVERYTHING_SERVER, control, startServe, tempDir, type ServeHandle } from '../helpers/serve-process.js';

/** The control API's event stream, parsed; `next(name, match)` resolves with the first matching event. */
async function openEvents(h: ServeHandle) {
  const controller = new AbortController();
  const res = await fetch(`${h.base}/api/events`, { headers: { authorization: `Bearer ${h.token}` }, signal: controller.signal });
  const seen: Array<{ name: string; data: unknown }> = [];
  const waiters: Array<() => void> = [];
  void (async () => {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buf += decoder.decode(value, { stream: true });
      let end;
      while ((end = buf.indexOf('\n\n')) >= 0) {
        const frame = buf.slice(0, end);
        buf = buf.slice(end + 2);
        const name = /^event: (.*)$/m.exec(frame)?.[1] ?? '';
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        seen.push({ name, data: data ? JSON.parse(data) : null });
        waiters.splice(0).forEach((w) => w());
      }
    }
  })();
  const next = (name: string, match: (data: unknown) => boolean, from = 0, timeoutMs = 20_000) =>
    new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${name} event within ${timeoutMs} ms`)), timeoutMs);
      const check = () => {
        const hit = seen.slice(from).find((e) => e.name === name && match(e.data));
        if (hit) {
          clearTimeout(timer);
          resolve(hit.data);
        } else waiters.push(check);
      };
      check();
    });
  return { next, count: () => seen.length, close: () => controller.abort() };
}

describe('control API: Inspector parity (serve + everything + a fixture)', () => {
  let h: ServeHandle;

  beforeAll(async () => {
    const dir = await tempDir();
    const config = {
      servers: {
        everything: { command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'] },
        inspector: { command: process.execPath, args: ['--import', 'tsx', path.join(FIXTURE_DIR, 'inspector.ts')] },
      },
      orchestrator: { port: 8000 },
    };
    h = await startServe(config, { dir, ui: false });
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('lists tools with their annotations and outputSchema', async () => {
    const tools = (await control<ToolInfo[]>(h, 'listTools')).value!;
    const structured = tools.find((t) => t.name === 'everything__get-structured-content')!;
    expect(structured.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true, openWorldHint: false });
    expect(structured.outputSchema).toMatchObject({ type: 'object', properties: { temperature: { type: 'number' } } });
    const configure = tools.find((t) => t.name === 'inspector__configure')!;
    expect(configure.title).toBe('Configure a target');
    expect(configure.annotations).toMatchObject({ destructiveHint: true, openWorldHint: true });
    expect(configure.outputSchema).toBeUndefined();
  });

  it('checks structuredContent against the outputSchema: valid, invalid with the reasons, and absent when not declared', async () => {
    const good = await control<ToolCallOutcome>(h, 'callTool', 'everything__get-structured-content', { location: 'Chicago' });
    expect(good.value).toMatchObject({
      isError: false,
      structuredContent: { temperature: 36 },
      outputValidation: { valid: true, errors: [] },
    });
    const bad = await control<ToolCallOutcome>(h, 'callTool', 'inspector__bad_weather', {});
    expect(bad.ok).toBe(true);
    expect(bad.value!.structuredContent).toEqual({ temperature: 'hot' });
    expect(bad.value!.outputValidation!.valid).toBe(false);
    expect(bad.value!.outputValidation!.errors.join('\n')).toMatch(/temperature must be number/);
    expect(bad.value!.outputValidation!.errors.join('\n')).toMatch(/required property 'conditions'/);
    const plain = await control<ToolCallOutcome>(h, 'callTool', 'inspector__configure', { mode: 'fast', target: { host: 'h' } });
    expect(plain.value!.outputValidation).toBeUndefined();
  });

  it('lists resource templates, completes a template variable, and reads the expanded URI', async () => {
    const templates = (await control<ResourceTemplateInfo[]>(h, 'listResourceTemplates')).value!;
    const text = templates.find((t) => t.uriTemplate === 'demo://resource/dynamic/text/{resourceId}');
    expect(text).toMatchObject({ name: 'Dynamic Text Resource', mimeType: 'text/plain' });
    const done = await control<CompletionOutcome>(
      h,
      'complete',
      { type: 'ref/resource', uri: text!.uriTemplate },
      { name: 'resourceId', value: '7' },
    );
    expect(done.value!.values).toEqual(['7']);
    const none = await control<CompletionOutcome>(
      h,
      'complete',
      { type: 'ref/resource', uri: text!.uriTemplate },
      { name: 'resourceId', value: 'x' },
    );
    expect(none.value!.values).toEqual([]);
    const read = await control<{ contents: Array<{ uri: string; text?: string }> }>(h, 'readResource', 'demo://resource/dynamic/text/7');
    expect(read.value!.contents[0]).toMatchObject({ uri: 'demo://resource/dynamic/text/7', text: expect.stringContaining('Resource 7') });
  });

  it('completes a prompt argument by its namespaced name, with the other arguments as context', async () => {
    const ref = { type: 'ref/prompt', name: 'everything__completable-prompt' };
    const dept = await control<CompletionOutcome>(h, 'complete', ref, { name: 'department', value: 'S' });
    expect(dept.value!.values.sort()).toEqual(['Sales', 'Support']);
    const lead = await control<CompletionOutcome>(h, 'complete', ref, { name: 'name', value: '' }, { department: 'Engineering' });
    expect(lead.value!.values).toEqual(['Alice', 'Bob', 'Charlie']);
    const unknown = await control(h, 'complete', { type: 'ref/prompt', name: 'nope' }, { name: 'a', value: '' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const bad = await control(h, 'complete', { type: 'ref/tool', name: 'x' }, { name: 'a', value: '' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('args[0]') } });
  });

  it('pushes notifications/resources/updated for a subscribed resource as a resourceUpdated event, until unsubscribed', async () => {
    const events = await openEvents(h);
    try {
      const uri = 'demo://resource/dynamic/text/1';
      expect(await control(h, 'subscribeResource', uri)).toEqual({ ok: true, value: null });
      const from = events.count();
      // everything sends an update at once when its simulated updates are switched on, then every 5 s.
      await control(h, 'callTool', 'everything__toggle-subscriber-updates', {});
      expect(await events.next('resourceUpdated', (d) => (d as { uri: string }).uri === uri, from)).toEqual({ uri });
      expect(await control(h, 'unsubscribeResource', uri)).toEqual({ ok: true, value: null });
      await control(h, 'callTool', 'everything__toggle-subscriber-updates', {});
      const unknown = await control(h, 'subscribeResource', 'nowhere://x');
      expect(unknown).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    } finally {
      events.close();
    }
  });

  it("reports a child's negotiated protocol version, server info and capabilities", async () => {
    const info = (await control<ServerProtocolInfo>(h, 'getServerInfo', 'everything')).value!;
    expect(info.protocolVersion).toBe('2025-11-25');
    expect(info.serverInfo).toMatchObject({ name: 'mcp-servers/everything', version: '2.0.0' });
    expect(info.capabilities).toMatchObject({ tools: {}, prompts: {}, resources: { subscribe: true }, completions: {} });
    const fixture = (await control<ServerProtocolInfo>(h, 'getServerInfo', 'inspector')).value!;
    expect(fixture).toMatchObject({
      protocolVersion: '2025-11-25',
      serverInfo: { name: 'inspector-fixture', version: '0.3.1' },
      capabilities: { tools: {} },
    });
    expect(await control(h, 'getServerInfo', 'ghost')).toMatchObject({ ok: false, error: { code: 'SERVER_NOT_RUNNING' } });
  });
});
