// The forwarding pipeline (forward.ts) over a real Aggregator and real in-process SDK servers:
// route() is the one routing decision (refusals worded per view), hooks run in order around the
// send and can refuse before the child sees anything, progress is relabelled to the client's
// token on its link, and a profile's tools/list is one frozen array per tool index (pre-encoded).
import type { McpServer } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Aggregator } from '../../../../electron/core/gateway/aggregator.js';
import type { ForwardHook, HookCall } from '../../../../electron/core/gateway/forward.js';
import type { DownstreamLink } from '../../../../electron/core/gateway/peer-bridge.js';
import { ProfileView } from '../../../../electron/core/profiles/profile-view.js';
import { connectInProcess, RecordingRecorder, TestUpstreams, type InProcess } from '../../../helpers/fake-upstreams.js';
import { testProfile } from '../../../helpers/test-settings.js';
import { pollFor } from '../../../helpers/wait.js';

const opened: InProcess[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

let seen = 0;
let cancelledAtChild = 0;
let waitingAtChild = 0;
const tools = (s: McpServer) => {
  s.registerTool('echo', { inputSchema: z.object({ text: z.string() }) }, async ({ text }) => {
    seen++;
    return { content: [{ type: 'text', text }] };
  });
  s.registerTool('steps', { inputSchema: z.object({}) }, async (_args, ctx) => {
    const token = ctx.mcpReq._meta?.progressToken;
    if (token !== undefined) {
      await ctx.mcpReq.notify({
        method: 'notifications/progress',
        params: { progressToken: token, progress: 1, total: 2, message: 'half' },
      });
    }
    return { content: [{ type: 'text', text: 'done' }] };
  });
  s.registerTool('wait', { inputSchema: z.object({}) }, async (_args, ctx) => {
    waitingAtChild++;
    // Until the caller cancels: the child's own signal says so.
    await new Promise<void>((resolve) => ctx.mcpReq.signal.addEventListener('abort', () => resolve(), { once: true }));
    cancelledAtChild++;
    return { content: [{ type: 'text', text: 'stopped' }] };
  });
  s.registerPrompt('greet', { argsSchema: z.object({ who: z.string() }) }, ({ who }) => ({
    messages: [{ role: 'user', content: { type: 'text', text: `hi ${who}` } }],
  }));
};

async function setup(hooks: ForwardHook[] = []) {
  const source = new TestUpstreams();
  const conn = await connectInProcess('srv', tools);
  opened.push(conn);
  source.add(conn.upstream);
  const aggregator = new Aggregator(source, { recorder: new RecordingRecorder(), hooks });
  return { aggregator, pipeline: aggregator.pipeline };
}

const echo = (text: string) => ({ method: 'tools/call', params: { name: 'srv__echo', arguments: { text } } });

describe('forward()', () => {
  it('routes through the view: the child gets its own name, and what the view does not serve is refused', async () => {
    const { aggregator, pipeline } = await setup();
    expect(await aggregator.route('tool', 'srv__echo')).toEqual({ serverId: 'srv', originalName: 'echo' });
    expect(await pipeline.forward(echo('hi'), { view: aggregator })).toEqual({ content: [{ type: 'text', text: 'hi' }] });
    await expect(pipeline.forward({ method: 'tools/call', params: { name: 'nope' } }, { view: aggregator })).rejects.toThrow(
      'Unknown tool: nope',
    );
    // A missing resource's error names it in data.uri (SEP-2164), on every front.
    await expect(pipeline.forward({ method: 'resources/read', params: { uri: 'nope://x' } }, { view: aggregator })).rejects.toMatchObject({
      message: expect.stringContaining('Unknown resource: nope://x') as unknown,
      data: { uri: 'nope://x' },
    });
    const profile = new ProfileView(aggregator, testProfile('only', { tools: ['srv__steps'] }));
    const refused = await profile.route('tool', 'srv__echo');
    expect('refusal' in refused && refused.refusal.message).toContain('Tool srv__echo is not available on profile "only"');
    const before = seen;
    await expect(pipeline.forward(echo('x'), { view: profile })).rejects.toThrow('not available on profile "only"');
    expect(seen).toBe(before);
  });

  it('runs the hooks in order around the send; a hook that throws stops the call before the child', async () => {
    const order: string[] = [];
    const hook = (name: string, refuse = false, wait = false): ForwardHook => ({
      name,
      methods: ['tools/call'],
      before(call: HookCall) {
        order.push(`${name}:${call.serverId}/${call.originalName}<-${call.publicName}`);
        if (refuse && (call.args as { text: string }).text === 'stop') throw new Error(`${name} refused`);
        // A hook may wait (approval does): the call goes on once it is done.
        if (wait) return new Promise<void>((r) => setImmediate(r)).then(() => void order.push(`${name}:waited`));
      },
      after(call: HookCall, failed: boolean, outcome: unknown) {
        order.push(`${name}:${failed ? `failed ${(outcome as Error).message}` : 'done'} sent=${call.sentAt !== undefined}`);
      },
    });
    const { aggregator, pipeline } = await setup([hook('outer', false, true), hook('inner', true)]);
    await pipeline.forward(echo('go'), { view: aggregator });
    expect(order).toEqual([
      'outer:srv/echo<-srv__echo',
      'outer:waited',
      'inner:srv/echo<-srv__echo',
      'inner:done sent=true',
      'outer:done sent=true',
    ]);
    const before = seen;
    order.length = 0;
    await expect(pipeline.forward(echo('stop'), { view: aggregator })).rejects.toThrow('inner refused');
    expect(seen).toBe(before);
    // The outer hook sees the inner one's refusal; the inner one, whose before threw, has no after; nothing was sent.
    expect(order).toEqual([
      'outer:srv/echo<-srv__echo',
      'outer:waited',
      'inner:srv/echo<-srv__echo',
      'outer:failed inner refused sent=false',
    ]);
    // A list does not pay for tools/call's hooks.
    order.length = 0;
    await pipeline.forward({ method: 'tools/list' }, { view: aggregator });
    expect(order).toEqual([]);
  });

  it("a discovery profile's call_tool keeps the caller's abort, also from a context that makes its signal on first read", async () => {
    const { aggregator, pipeline } = await setup();
    const profile = new ProfileView(aggregator, testProfile('disc', { servers: ['srv'], discovery: true }));
    // As the JSON entry's request context: the signal is a getter, which a spread of the context does not copy.
    class Ctx {
      readonly view = profile;
      private readonly controller = new AbortController();
      get signal(): AbortSignal {
        return this.controller.signal;
      }
      abort(): void {
        this.controller.abort('client went away');
      }
    }
    const ctx = new Ctx();
    const [waiting, cancelled] = [waitingAtChild, cancelledAtChild];
    const call = pipeline.forward(
      { method: 'tools/call', params: { name: 'call_tool', arguments: { name: 'srv__wait', arguments: {} } } },
      ctx,
    );
    await pollFor(() => waitingAtChild > waiting, 'the call at the child', 5_000);
    ctx.abort();
    await expect(call).rejects.toThrow('client went away');
    await pollFor(() => cancelledAtChild > cancelled, 'the child saw the cancellation', 5_000);
  });

  it('runs a hook only for the methods it names (here prompts/get), with the route and arguments', async () => {
    const calls: string[] = [];
    const hook: ForwardHook = {
      name: 'prompts-only',
      methods: ['prompts/get'],
      before: (call) => {
        calls.push(`${call.method} ${call.publicName}->${call.serverId}/${call.originalName} ${JSON.stringify(call.args)}`);
      },
    };
    const { aggregator, pipeline } = await setup([hook]);
    await pipeline.forward(echo('x'), { view: aggregator });
    const got = await pipeline.forward(
      { method: 'prompts/get', params: { name: 'srv__greet', arguments: { who: 'ann' } } },
      { view: aggregator },
    );
    expect(got.messages).toEqual([{ role: 'user', content: { type: 'text', text: 'hi ann' } }]);
    expect(calls).toEqual(['prompts/get srv__greet->srv/greet {"who":"ann"}']);
  });

  it("relabels the child's progress with the client's token, on the request's link, before the result", async () => {
    const { aggregator, pipeline } = await setup();
    const sent: unknown[] = [];
    const link: DownstreamLink = {
      server: { getClientCapabilities: () => ({}) },
      sendRequest: () => Promise.reject(new Error('unused')),
      sendNotification: async (n) => {
        sent.push(n);
      },
    };
    const params = { name: 'srv__steps', _meta: { progressToken: 'client-7' } };
    const result = await pipeline.forward({ method: 'tools/call', params }, { view: aggregator, link });
    expect(sent).toEqual([
      { method: 'notifications/progress', params: { progress: 1, total: 2, message: 'half', progressToken: 'client-7' } },
    ]);
    expect(result).toEqual({ content: [{ type: 'text', text: 'done' }] });
  });

  it("serves a profile's tools/list as one frozen array per tool index, so the JSON path encodes it once", async () => {
    const { aggregator, pipeline } = await setup();
    const profile = new ProfileView(aggregator, testProfile('p', { tools: ['srv__*'] }));
    const a = (await pipeline.forward({ method: 'tools/list' }, { view: profile })).tools;
    const b = (await pipeline.forward({ method: 'tools/list' }, { view: profile })).tools;
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
  });
});
