// The UI as the client of its own tool calls: requests become events, answers settle them, a timeout
// or the end of the tool call cancels them, roots come from the settings, and sampling goes to the
// router only when the UI says so (with the request mapped to a chat).
import { describe, expect, it } from 'vitest';
import { ANY_RESULT as ResultSchema } from '../../../../electron/core/sdk/validation.js';
import type { PeerRequestDoneEvent, PeerRequestEvent } from '../../../../shared/contract.js';
import type { RootEntry } from '../../../../shared/types.js';
import { UiPeer } from '../../../../electron/core/control/ui-peer.js';
import { chatToSamplingResult, pickModel, samplingToChat } from '../../../../electron/core/control/sampling-map.js';

function setup(roots: RootEntry[] = []) {
  const asked: PeerRequestEvent[] = [];
  const done: PeerRequestDoneEvent[] = [];
  const timers: Array<() => void> = [];
  const sampled: Array<Record<string, unknown>> = [];
  const peer = new UiPeer({
    emitRequest: (e) => asked.push(e),
    emitDone: (e) => done.push(e),
    roots: () => roots,
    sample: async (params) => (sampled.push(params), { role: 'assistant', content: { type: 'text', text: 'from router' }, model: 'm' }),
    setTimer: (fn) => (timers.push(fn), () => timers.splice(timers.indexOf(fn), 1)),
  });
  return { peer, asked, done, timers, sampled };
}
const SAMPLE = { method: 'sampling/createMessage', params: { messages: [], maxTokens: 5 } };

describe('UiPeer', () => {
  it('pushes a request and settles it with the answer', async () => {
    const { peer, asked, done, timers } = setup();
    const { link } = peer.open('everything__trigger-sampling-request', 'r1');
    const pending = link.sendRequest(SAMPLE, ResultSchema);
    expect(asked).toEqual([
      { id: asked[0].id, tool: 'everything__trigger-sampling-request', server: 'everything', callRequestId: 'r1', ...SAMPLE },
    ]);
    const result = { role: 'assistant', content: { type: 'text', text: 'hi' }, model: 'me' };
    expect(await peer.answer(asked[0].id, { result })).toEqual(result);
    expect(await pending).toEqual(result);
    expect(done).toEqual([{ id: asked[0].id, outcome: 'answered' }]);
    expect(timers).toHaveLength(0);
    await expect(peer.answer(asked[0].id, { result })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('times out, and cancels what a finished tool call still waits for', async () => {
    const { peer, asked, done, timers } = setup();
    const first = peer.open('t');
    const late = first.link.sendRequest(SAMPLE, ResultSchema);
    timers[0]();
    await expect(late).rejects.toThrow(/was not answered in time/);
    const second = peer.open('t');
    const orphan = second.link.sendRequest({ method: 'elicitation/create', params: {} }, ResultSchema);
    second.close();
    await expect(orphan).rejects.toThrow(/cancelled: its tool call ended/);
    expect(done.map((d) => d.outcome)).toEqual(['timeout', 'cancelled']);
    expect(peer.waiting()).toEqual([]);
    expect(asked).toHaveLength(2);
  });

  it('declines with an error, and answers with the router only for sampling', async () => {
    const { peer, asked, sampled } = setup();
    const { link } = peer.open('t');
    const declined = link.sendRequest(SAMPLE, ResultSchema);
    await peer.answer(asked[0].id, { error: { message: 'no thanks' } });
    await expect(declined).rejects.toThrow(/no thanks/);

    const form = link.sendRequest({ method: 'elicitation/create', params: {} }, ResultSchema);
    await expect(peer.answer(asked[1].id, { router: true })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await peer.answer(asked[1].id, { result: { action: 'decline' } });
    expect(await form).toEqual({ action: 'decline' });

    const routed = link.sendRequest(SAMPLE, ResultSchema);
    await peer.answer(asked[2].id, { router: true });
    expect(await routed).toMatchObject({ content: { text: 'from router' } });
    expect(sampled).toEqual([SAMPLE.params]);
  });

  it('answers roots from the settings without asking, and declares roots only when there are some', async () => {
    const none = setup();
    expect(none.peer.capabilities().roots).toBeUndefined();
    const { peer, asked } = setup([{ uri: 'file:///p', name: 'p' }]);
    expect(peer.capabilities()).toMatchObject({ sampling: {}, elicitation: { form: {} }, roots: {} });
    expect(await peer.open('t').link.sendRequest({ method: 'roots/list' }, ResultSchema)).toEqual({
      roots: [{ uri: 'file:///p', name: 'p' }],
    });
    expect(asked).toEqual([]);
  });
});

describe('sampling-map', () => {
  const params = {
    systemPrompt: 'Be brief.',
    messages: [
      { role: 'user', content: { type: 'text', text: 'Hello' } },
      { role: 'assistant', content: { type: 'image', data: 'xx', mimeType: 'image/png' } },
    ],
    maxTokens: 100,
    temperature: 0.2,
    modelPreferences: { hints: [{ name: 'nothing-like-it' }, { name: 'mini' }] },
  };
  it('maps messages, system prompt, limits and a model hint that some vendor lists', () => {
    const model = pickModel(params, [
      { vendor: 'groq', id: 'llama-3' },
      { vendor: 'openai', id: 'gpt-4o-mini' },
    ]);
    expect(model).toEqual({ vendor: 'openai', id: 'gpt-4o-mini' });
    expect(samplingToChat(params, model)).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: '[image content]' },
      ],
      max_tokens: 100,
      temperature: 0.2,
      vendor: 'openai',
      model: 'gpt-4o-mini',
    });
    expect(pickModel(params, [{ vendor: 'groq', id: 'llama-3' }])).toBeUndefined();
    const res = { message: 'Hi!', vendor: 'openai', model: 'gpt-4o-mini', usage: null, latency_ms: 1, failover: [] };
    expect(chatToSamplingResult(res)).toEqual({
      role: 'assistant',
      content: { type: 'text', text: 'Hi!' },
      model: 'gpt-4o-mini',
      stopReason: 'endTurn',
    });
  });
});
