// Function tools through the router: only vendors whose chat tool takes them are tried, the tools
// reach the vendor, and the model's tool calls come back in the response.
import { afterEach, describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../../../shared/errors.js';
import type { ChatTool } from '../../../../shared/types.js';
import { Router } from '../../../../electron/core/router/router.js';
import { silentLogger } from '../../../../electron/core/env.js';
import { FakeClock, TestUpstreams } from '../../../helpers/fake-upstreams.js';
import { routerSettings } from '../../../helpers/test-settings.js';
import { startFakeVendor, type FakeVendor, type FakeVendorOptions } from '../../../helpers/fake-vendors.js';

let vendors: FakeVendor[] = [];
let router: Router | undefined;

async function setup(specs: FakeVendorOptions[], chatPreference: string[]) {
  const source = new TestUpstreams();
  vendors = await Promise.all(specs.map(startFakeVendor));
  for (const v of vendors) source.add(v.upstream);
  const settings = routerSettings({ chatPreference });
  router = new Router({ upstreams: source, settings: () => settings, logger: silentLogger, clock: new FakeClock() });
  return { router, byId: Object.fromEntries(vendors.map((v) => [v.id, v])) };
}

afterEach(async () => {
  router?.dispose();
  router = undefined;
  await Promise.all(vendors.map((v) => v.close()));
  vendors = [];
});

const TOOLS: ChatTool[] = [{ type: 'function', function: { name: 'weather__get_weather', parameters: { type: 'object' } } }];
const CALL = { id: 'c1', type: 'function' as const, function: { name: 'weather__get_weather', arguments: '{"location":"Paris"}' } };

describe('Router.chat with function tools', () => {
  it('skips a vendor that takes no tools (without counting it as a failure) and returns the tool calls', async () => {
    const { router, byId } = await setup(
      [
        { id: 'local_llama', models: ['m'] },
        { id: 'openai', tools: true },
      ],
      ['local_llama', 'openai'],
    );
    byId.openai.behavior.toolCalls = [CALL];
    const res = await router.chat({ message: 'weather?', tools: TOOLS });
    expect(res.vendor).toBe('openai');
    expect(res.tool_calls).toEqual([CALL]);
    expect(res.failover).toEqual([]);
    expect(byId.local_llama.calls.filter((c) => c.tool === 'local_llama_chat')).toEqual([]);
    expect(byId.openai.calls.at(-1)?.args.tools).toEqual(TOOLS);
    // Without tools, the preferred vendor answers as before.
    expect((await router.chat({ message: 'hi' })).vendor).toBe('local_llama');
  });

  it('fails over between vendors that take tools', async () => {
    const { router, byId } = await setup(
      [
        { id: 'openai', tools: true },
        { id: 'groq', tools: true },
      ],
      ['openai', 'groq'],
    );
    byId.openai.behavior.fail = 'isError';
    byId.groq.behavior.toolCalls = [CALL];
    const res = await router.chat({ message: 'weather?', tools: TOOLS });
    expect(res.vendor).toBe('groq');
    expect(res.failover.map((f) => f.vendor)).toEqual(['openai']);
    expect(res.tool_calls).toEqual([CALL]);
  });

  it('says so when no running vendor takes tools', async () => {
    const { router } = await setup([{ id: 'local_llama', models: ['m'] }], ['local_llama']);
    const err = await router.chat({ message: 'x', tools: TOOLS }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: ErrorCode.VENDOR_UNAVAILABLE, message: 'no running vendor takes function tools' });
  });
});
