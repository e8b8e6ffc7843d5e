// Which tools a chat gets (a profile's, named ones, never disabled ones, bounded), how names are
// mapped for the model, and the approval board's bookkeeping.
import { describe, expect, it } from 'vitest';
import type { ChatResponse, ToolInfo } from '../../../../shared/types.js';
import { AgentService, MAX_AGENT_TOOLS } from '../../../../electron/core/agent/agent-service.js';
import { ApprovalBoard } from '../../../../electron/core/agent/approvals.js';
import { mapToolNames } from '../../../../electron/core/agent/tool-names.js';
import { outcomeText, MAX_RESULT_CHARS } from '../../../../electron/core/agent/tool-outcome.js';
import { FakeClock } from '../../../helpers/fake-upstreams.js';

const info = (name: string, extra: Partial<ToolInfo> = {}): ToolInfo => ({
  name,
  serverId: name.split('__')[0],
  originalName: name,
  inputSchema: { type: 'object' },
  enabled: true,
  readOnly: true,
  ...extra,
});

function service(all: ToolInfo[], profile: ToolInfo[]) {
  const sent: string[][] = [];
  const calls: Array<{ name: string; caller: unknown }> = [];
  const svc = new AgentService({
    chat: async (req) => {
      sent.push((req.tools ?? []).map((t) => t.function.name));
      const first = sent.length === 1 && req.tools?.length;
      return {
        message: first ? '' : 'done',
        vendor: 'openai',
        model: 'm',
        usage: null,
        latency_ms: 1,
        failover: [],
        ...(first ? { tool_calls: [{ id: 'c', type: 'function', function: { name: req.tools![0].function.name, arguments: '{}' } }] } : {}),
      } satisfies ChatResponse;
    },
    listTools: async () => all,
    profileTools: async () => profile,
    callTool: async (name, _args, opts) => (calls.push({ name, caller: opts.caller }), { content: [{ type: 'text', text: 'ok' }] }),
    onStep: () => undefined,
    clock: new FakeClock(),
  });
  return { svc, sent, calls };
}
const run = (svc: AgentService, req: Parameters<AgentService['chat']>[1]) => svc.chat('r', req, { signal: new AbortController().signal });

describe('AgentService', () => {
  it('gives the model the profile’s enabled tools plus named ones, and calls them as the chat', async () => {
    const all = [info('a__x'), info('b__y'), info('c__off', { enabled: false })];
    const { svc, sent, calls } = service(all, [info('a__x'), info('c__off', { enabled: false })]);
    await run(svc, { message: 'q', profile: 'p', toolNames: ['b__y'] });
    expect(sent[0]).toEqual(['a__x', 'b__y']);
    expect(calls).toEqual([{ name: 'a__x', caller: { client: 'chat', profile: 'p' } }]);
  });

  it('refuses unknown tool names and more tools than a model takes', async () => {
    const { svc } = service([info('a__x')], []);
    await expect(run(svc, { message: 'q', toolNames: ['a__x', 'z__z'] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'no such tool: z__z',
    });
    const many = Array.from({ length: MAX_AGENT_TOOLS + 1 }, (_, i) => info(`s__t${i}`));
    const { svc: big } = service(many, many);
    await expect(run(big, { message: 'q', profile: 'all' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('tool names for the model', () => {
  it('keeps legal names, cleans the rest, and never lets two tools share a name', () => {
    const long = `s__${'x'.repeat(80)}`;
    const m = mapToolNames(['a__b', 'a.b__c', 'a_b__c', long]);
    expect(m.toFunction.get('a__b')).toBe('a__b');
    expect(m.toFunction.get('a_b__c')).toBe('a_b__c');
    expect(m.toFunction.get('a.b__c')).toBe('a_b__c_2');
    expect(m.toFunction.get(long)).toHaveLength(64);
    for (const [fn, pub] of m.toPublic) expect(m.toFunction.get(pub)).toBe(fn);
    expect(new Set(m.toPublic.keys()).size).toBe(4);
  });
});

describe('tool results for the model', () => {
  it('joins text, describes other blocks, falls back to structured content, and bounds the size', () => {
    expect(
      outcomeText({
        content: [
          { type: 'text', text: 'a' },
          { type: 'image', mimeType: 'image/png', data: 'x' },
        ],
      }),
    ).toBe('a\n[image image/png]');
    expect(outcomeText({ content: [], structuredContent: { t: 1 } })).toBe('{"t":1}');
    const big = outcomeText({ content: [{ type: 'text', text: 'y'.repeat(MAX_RESULT_CHARS + 10) }] });
    expect(big).toMatch(/… \(10 more characters cut\)$/);
  });
});

describe('ApprovalBoard', () => {
  it('answers only calls that wait, once', async () => {
    const board = new ApprovalBoard();
    expect(board.decide('r', 'c', true)).toBe(false);
    const wait = board.wait('r', 'c', new AbortController().signal);
    expect(board.decide('other', 'c', true)).toBe(false);
    expect(board.decide('r', 'c', false)).toBe(true);
    expect(board.decide('r', 'c', true)).toBe(false);
    await expect(wait).resolves.toBe(false);
  });
});
