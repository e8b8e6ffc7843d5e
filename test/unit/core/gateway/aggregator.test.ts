// Aggregator over real SDK clients and in-process McpServers (InMemoryTransport).
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ResourceTemplate, completable, type Progress } from '@modelcontextprotocol/server';
import { McpErrorCode as ErrorCode, ProtocolError as McpError } from '../../../../electron/core/sdk/types.js';
import type { McpServer } from '@modelcontextprotocol/server';
import { TOOL_NAME_PATTERN } from '../../../../shared/contract.js';
import { AppError, ErrorCode as AppErrorCode } from '../../../../shared/errors.js';
import { Aggregator } from '../../../../electron/core/gateway/aggregator.js';
import { toAppError } from '../../../../electron/core/wire/errors.js';
import type { Upstream } from '../../../../electron/core/upstream/upstream.js';
import { connectInProcess, RecordingRecorder, TestUpstreams, type InProcess } from '../../../helpers/fake-upstreams.js';
import { waitFor } from '../../../helpers/wait.js';

const opened: InProcess[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

function echoServer(tag: string, names: string[] = ['echo']) {
  return (s: McpServer) => {
    for (const name of names) {
      s.registerTool(name, { description: `${tag} ${name}`, inputSchema: z.object({ text: z.string().optional() }) }, async ({ text }) => ({
        content: [{ type: 'text', text: `${tag}:${name}:${text ?? ''}` }],
      }));
    }
  };
}

async function setup(servers: { id: string; setup: (s: McpServer) => void; extra?: Partial<Upstream> }[]) {
  const source = new TestUpstreams();
  for (const spec of servers) {
    const conn = await connectInProcess(spec.id, spec.setup, spec.extra);
    opened.push(conn);
    source.add(conn.upstream);
    source.watch(spec.id, conn.upstream.client);
  }
  const recorder = new RecordingRecorder();
  return { source, recorder, agg: new Aggregator(source, { recorder }) };
}

function text(result: { content: unknown[] }): string {
  return (result.content[0] as { text: string }).text;
}

describe('Aggregator tools', () => {
  it('namespaces same-named tools from two servers and routes each to its owner', async () => {
    const { agg, recorder } = await setup([
      { id: 'alpha', setup: echoServer('A') },
      { id: 'beta', setup: echoServer('B') },
    ]);
    const names = (await agg.listPublicTools()).map((t) => t.name);
    expect(names).toEqual(['alpha__echo', 'beta__echo']);
    expect(text(await agg.callTool('alpha__echo', { text: 'x' }))).toBe('A:echo:x');
    expect(text(await agg.callTool('beta__echo', { text: 'y' }))).toBe('B:echo:y');
    expect(recorder.calls.map((c) => [c.serverId, c.ok])).toEqual([
      ['alpha', true],
      ['beta', true],
    ]);
  });

  it('resolves namespaces that collide after sanitising, deterministically', async () => {
    const { agg } = await setup([
      { id: 'x_y', setup: echoServer('underscore') },
      { id: 'x.y', setup: echoServer('dot') },
    ]);
    const infos = await agg.listTools();
    // 'x.y' sorts before 'x_y', so it keeps the plain name regardless of connect order.
    expect(infos.find((t) => t.serverId === 'x.y')?.name).toBe('x_y__echo');
    expect(infos.find((t) => t.serverId === 'x_y')?.name).toBe('x_y__echo_2');
    expect(text(await agg.callTool('x_y__echo'))).toBe('dot:echo:');
    expect(text(await agg.callTool('x_y__echo_2'))).toBe('underscore:echo:');
  });

  it('sanitises invalid and over-long names and keeps them callable', async () => {
    const long = 'a_very_long_tool_name_'.repeat(4);
    const { agg } = await setup([{ id: 'odd', setup: echoServer('O', ['do.thing now', long]) }]);
    const infos = await agg.listTools();
    for (const info of infos) expect(info.name).toMatch(TOOL_NAME_PATTERN);
    const dotted = infos.find((t) => t.originalName === 'do.thing now');
    const shortened = infos.find((t) => t.originalName === long);
    expect(dotted?.name).toBe('odd__do_thing_now');
    expect(shortened?.name.length).toBe(64);
    expect(text(await agg.callTool(dotted!.name))).toBe('O:do.thing now:');
    expect(text(await agg.callTool(shortened!.name, { text: 'z' }))).toBe(`O:${long}:z`);
  });

  it('lists disabled tools as enabled:false, hides them from tools/list and refuses calls', async () => {
    const { agg } = await setup([{ id: 'svc', setup: echoServer('S', ['open', 'secret']), extra: { disabledTools: new Set(['secret']) } }]);
    expect((await agg.listTools()).map((t) => [t.name, t.enabled])).toEqual([
      ['svc__open', true],
      ['svc__secret', false],
    ]);
    expect((await agg.listPublicTools()).map((t) => t.name)).toEqual(['svc__open']);
    await expect(agg.callTool('svc__secret')).rejects.toThrow(/svc__secret is disabled/);
  });

  it('rejects an unknown tool with InvalidParams naming it', async () => {
    const { agg } = await setup([{ id: 'svc', setup: echoServer('S') }]);
    const err = await agg.callTool('svc__nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(McpError);
    expect((err as McpError).code).toBe(ErrorCode.InvalidParams);
    expect((err as McpError).message).toContain('svc__nope');
  });

  it('honours the upstream timeout and names the server in the error', async () => {
    const slow = (s: McpServer) =>
      s.registerTool('wait', {}, async (ctx) => {
        await new Promise((resolve) => ctx.mcpReq.signal.addEventListener('abort', resolve));
        return { content: [] };
      });
    const { agg, recorder } = await setup([{ id: 'slow', setup: slow, extra: { timeoutMs: 100 } }]);
    const err = (await agg.callTool('slow__wait').catch((e: unknown) => e)) as McpError;
    expect(err.code).toBe(ErrorCode.RequestTimeout);
    expect(err.message).toContain('[slow]');
    expect(recorder.calls).toEqual([expect.objectContaining({ serverId: 'slow', ok: false })]);
  });

  it('passes progress through and aborts the upstream call on cancel', async () => {
    let sawAbort = false;
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const worker = (s: McpServer) =>
      s.registerTool('work', {}, async (ctx) => {
        const token = ctx.mcpReq._meta?.progressToken;
        if (token !== undefined) {
          await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken: token, progress: 1, total: 2 } });
        }
        started();
        await new Promise<void>((resolve) => ctx.mcpReq.signal.addEventListener('abort', () => resolve()));
        sawAbort = true;
        return { content: [] };
      });
    const { agg } = await setup([{ id: 'w', setup: worker }]);
    const progress: Progress[] = [];
    const controller = new AbortController();
    const call = agg.callTool('w__work', {}, { signal: controller.signal, onProgress: (p) => progress.push(p) });
    await running;
    controller.abort(new Error('client cancelled'));
    await expect(call).rejects.toThrow(/\[w\].*client cancelled/);
    await waitFor(() => sawAbort, 2_000, 'upstream abort');
    expect(progress).toEqual([{ progress: 1, total: 2 }]);
  });

  it('rebuilds lists when an upstream reports list_changed', async () => {
    let server!: McpServer;
    const { agg } = await setup([
      {
        id: 'dyn',
        setup: (s) => {
          server = s;
          echoServer('D')(s);
        },
      },
    ]);
    expect((await agg.listPublicTools()).map((t) => t.name)).toEqual(['dyn__echo']);
    let changed = 0;
    agg.onChange(() => changed++);
    echoServer('D', ['added'])(server);
    await waitFor(() => changed > 0, 2_000, 'change event');
    expect((await agg.listPublicTools()).map((t) => t.name)).toEqual(['dyn__echo', 'dyn__added']);
  });

  it('serves a cached list of 1,000 tools in under 5 ms', async () => {
    const names = Array.from({ length: 1000 }, (_, i) => `tool_${i}`);
    const { agg } = await setup([{ id: 'big', setup: echoServer('B', names) }]);
    expect((await agg.listPublicTools()).length).toBe(1000);
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) await agg.listPublicTools();
    expect((performance.now() - t0) / 10).toBeLessThan(5);
  });
});

function resourceServer(tag: string) {
  return (s: McpServer) => {
    s.registerResource('shared', 'file:///shared.txt', {}, async (uri) => ({ contents: [{ uri: uri.href, text: `${tag} shared` }] }));
    s.registerResource(`own-${tag}`, `mem://${tag}/own`, {}, async (uri) => ({ contents: [{ uri: uri.href, text: `${tag} own` }] }));
    s.registerResource(
      'item',
      new ResourceTemplate(`item://${tag}/{id}`, { list: undefined, complete: { id: (v) => ['1', '2'].filter((x) => x.startsWith(v)) } }),
      {},
      async (uri, vars) => ({ contents: [{ uri: uri.href, text: `${tag} item ${String(vars.id)}` }] }),
    );
    s.registerPrompt(
      'greet',
      { argsSchema: z.object({ who: completable(z.string(), (v) => ['world', 'wide'].filter((x) => x.startsWith(v))) }) },
      ({ who }) => ({
        messages: [{ role: 'user', content: { type: 'text', text: `${tag} hello ${who}` } }],
      }),
    );
  };
}

describe('Aggregator resources, prompts, completions', () => {
  it('keeps unique URIs, prefixes colliding ones with <serverId>+, and routes reads', async () => {
    const { agg } = await setup([
      { id: 'one', setup: resourceServer('one') },
      { id: 'two', setup: resourceServer('two') },
    ]);
    const uris = (await agg.listResources()).map((r) => r.uri).sort();
    expect(uris).toEqual(['mem://one/own', 'mem://two/own', 'one+file:///shared.txt', 'two+file:///shared.txt']);
    const read = async (uri: string) => (await agg.readResource(uri)).contents[0] as { uri: string; text: string };
    expect(await read('two+file:///shared.txt')).toEqual({ uri: 'two+file:///shared.txt', text: 'two shared' });
    expect((await read('mem://one/own')).text).toBe('one own');
    expect((await read('item://two/7')).text).toBe('two item 7');
    expect((await agg.listResourceTemplates()).map((t) => t.uriTemplate).sort()).toEqual(['item://one/{id}', 'item://two/{id}']);
    await expect(agg.readResource('nowhere://x')).rejects.toThrow(/Unknown resource/);
    await expect(agg.readResource('one+file:///missing')).rejects.toThrow(/\[one\]/);
  });

  it('namespaces prompts, routes prompts/get and completion', async () => {
    const { agg } = await setup([
      { id: 'one', setup: resourceServer('one') },
      { id: 'two', setup: resourceServer('two') },
    ]);
    expect((await agg.listPrompts()).map((p) => p.name)).toEqual(['one__greet', 'two__greet']);
    const got = await agg.getPrompt('two__greet', { who: 'you' });
    expect(got.messages[0].content).toEqual({ type: 'text', text: 'two hello you' });
    const byPrompt = await agg.complete({ ref: { type: 'ref/prompt', name: 'one__greet' }, argument: { name: 'who', value: 'w' } });
    expect(byPrompt.completion.values).toEqual(['world', 'wide']);
    const byTemplate = await agg.complete({ ref: { type: 'ref/resource', uri: 'item://two/{id}' }, argument: { name: 'id', value: '2' } });
    expect(byTemplate.completion.values).toEqual(['2']);
    await expect(agg.getPrompt('greet')).rejects.toThrow(/Unknown prompt: greet/);
  });
});

describe('toAppError', () => {
  it('maps routing and upstream failures to AppError codes for the control API', async () => {
    const slow = (s: McpServer) =>
      s.registerTool('wait', {}, async (ctx) => {
        await new Promise((resolve) => ctx.mcpReq.signal.addEventListener('abort', resolve));
        return { content: [] };
      });
    const { agg } = await setup([{ id: 'svc', setup: slow, extra: { timeoutMs: 50, disabledTools: new Set() } }]);
    const codeOf = async (p: Promise<unknown>) => (toAppError(await p.catch((e: unknown) => e)) as AppError).code;
    expect(await codeOf(agg.callTool('svc__missing'))).toBe(AppErrorCode.TOOL_NOT_FOUND);
    expect(await codeOf(agg.callTool('svc__wait'))).toBe(AppErrorCode.TIMEOUT);
    const controller = new AbortController();
    controller.abort('stop');
    expect(await codeOf(agg.callTool('svc__wait', {}, { signal: controller.signal }))).toBe(AppErrorCode.CANCELLED);
    expect(toAppError(new McpError(ErrorCode.InternalError, '[x] boom'))).toMatchObject({
      code: AppErrorCode.UPSTREAM_ERROR,
      message: '[x] boom',
    });
  });

  it('maps a disabled tool to TOOL_DISABLED', async () => {
    const { agg } = await setup([{ id: 'svc', setup: echoServer('S'), extra: { disabledTools: new Set(['echo']) } }]);
    const err = toAppError(await agg.callTool('svc__echo').catch((e: unknown) => e));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(AppErrorCode.TOOL_DISABLED);
  });
});
