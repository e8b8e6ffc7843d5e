// The approval gate at Aggregator.recordToolCall over an in-process server with annotated tools: which calls
// ask, who is asked (the calling client by elicitation, else the question broker), what each answer does, what
// the audit line says, and that a refused call never reaches the child.
import { afterEach, describe, expect, it } from 'vitest';
import type { McpServer } from '@modelcontextprotocol/server';
import { Aggregator } from '../../../../electron/core/gateway/aggregator.js';
import type { DownstreamLink } from '../../../../electron/core/wire/downstream-link.js';
import type { AuditedCall, Caller } from '../../../../electron/core/metrics/audit-log.js';
import { ApprovalGate } from '../../../../electron/core/trust/approval-gate.js';
import { QuestionBroker } from '../../../../electron/core/trust/questions.js';
import type { PendingQuestion, ProfileConfig, ServerConfig } from '../../../../shared/types.js';
import { silentLogger } from '../../../../electron/core/env.js';
import { connectInProcess, RecordingRecorder, TestUpstreams, type InProcess } from '../../../helpers/fake-upstreams.js';
import { TestClock } from '../../../helpers/test-clock.js';
import { z } from 'zod';

const opened: InProcess[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

function tools(ran: string[]) {
  return (s: McpServer) => {
    const tool = (name: string, annotations: Record<string, boolean>) =>
      s.registerTool(name, { inputSchema: z.object({}), annotations }, async () => {
        ran.push(name);
        return { content: [{ type: 'text', text: name }] };
      });
    tool('delete_all', { destructiveHint: true });
    tool('read', { readOnlyHint: true });
    tool('write', {});
  };
}

async function setup(approval: ServerConfig['approval'], profiles: ProfileConfig[] = []) {
  const ran: string[] = [];
  const source = new TestUpstreams();
  const conn = await connectInProcess('srv', tools(ran));
  opened.push(conn);
  source.add(conn.upstream);
  const pushes: PendingQuestion[][] = [];
  const listeners: Array<(p: PendingQuestion[]) => void> = [];
  let n = 0;
  const onChange = (p: PendingQuestion[]) => {
    pushes.push(p);
    for (const l of [...listeners]) l(p);
  };
  const broker = new QuestionBroker({ clock: new TestClock(0), onChange, newId: () => `q${++n}` });
  /** The next question asked, from the broker's push (no polling). */
  const nextQuestion = () =>
    new Promise<PendingQuestion>((resolve) => {
      const l = (p: PendingQuestion[]) => {
        const q = p.at(-1);
        if (!q) return;
        listeners.splice(listeners.indexOf(l), 1);
        resolve(q);
      };
      listeners.push(l);
    });
  const gate = new ApprovalGate({
    broker,
    servers: () => [{ id: 'srv', approval } as ServerConfig],
    profiles: () => profiles,
    settings: () => ({ approvalTimeoutMs: 60_000 }),
    redact: (t) => t.replaceAll('hunter2', '[REDACTED]'),
    logger: silentLogger,
  });
  const audited: AuditedCall[] = [];
  const agg = new Aggregator(source, { recorder: new RecordingRecorder(), audit: { record: (c) => audited.push(c) }, approval: gate });
  /** Answers the next question once it is asked. */
  const answerNext = async (value: string) => {
    const q = await nextQuestion();
    broker.answer(q.id, value);
    return q;
  };
  return { agg, ran, audited, broker, pushes, answerNext, nextQuestion };
}

const cursor: Caller = { client: 'cursor', profile: null };

/** A downstream link whose client declared elicitation and answers with `reply`. */
function elicitingLink(reply: unknown, seen: unknown[] = []): DownstreamLink {
  const server = { getClientCapabilities: () => ({ elicitation: {} }) } as unknown as DownstreamLink['server'];
  return {
    server,
    sendRequest: async (req) => (seen.push(req), reply as never),
    sendNotification: async () => undefined,
  };
}

describe('ApprovalGate', () => {
  it('asks nothing under never, and only for tools not marked read-only under destructive', async () => {
    const never = await setup('never');
    await never.agg.callTool('srv__delete_all', {}, { caller: cursor });
    expect(never.audited.map((a) => a.approval)).toEqual(['not-needed']);
    const destructive = await setup('destructive');
    await destructive.agg.callTool('srv__read', {}, { caller: cursor });
    expect(destructive.broker.pending()).toEqual([]);
    expect(destructive.audited.map((a) => a.approval)).toEqual(['not-needed']);
  });

  it('holds a destructive call until the user allows it, with the arguments redacted in the question', async () => {
    const { agg, ran, audited, answerNext } = await setup('destructive');
    const answered = answerNext('allow-once');
    const result = await agg.callTool('srv__write', { password: 'hunter2' }, { caller: cursor });
    const q = await answered;
    expect(result.content).toEqual([{ type: 'text', text: 'write' }]);
    expect(q.message).toContain('[REDACTED]');
    expect(q.message).not.toContain('hunter2');
    expect(q.details).toMatchObject({ server: 'srv', tool: 'write', client: 'cursor' });
    expect(ran).toEqual(['write']);
    expect(audited.map((a) => [a.outcome, a.approval])).toEqual([['ok', 'ui']]);
  });

  it('refuses a denied call with "declined by the user" and never sends it', async () => {
    const { agg, ran, audited, answerNext } = await setup('always');
    const answered = answerNext('deny');
    await expect(agg.callTool('srv__read', {}, { caller: cursor })).rejects.toThrow(/declined by the user/);
    await answered;
    expect(ran).toEqual([]);
    expect(audited.map((a) => [a.outcome, a.approval])).toEqual([['error', 'denied']]);
  });

  it('remembers "allow for this session" per (session, server, tool)', async () => {
    const { agg, broker, audited, answerNext } = await setup('always');
    const session = elicitingLink(undefined);
    // Not eliciting: a link whose client declared nothing.
    const link = { ...session, server: { getClientCapabilities: () => ({}) } as unknown as DownstreamLink['server'] };
    const answered = answerNext('allow-session');
    await agg.callTool('srv__write', {}, { caller: cursor, link });
    await answered;
    await agg.callTool('srv__write', {}, { caller: cursor, link });
    expect(broker.pending()).toEqual([]);
    // Another tool of the same session asks again.
    const again = answerNext('allow-once');
    await agg.callTool('srv__read', {}, { caller: cursor, link });
    await again;
    // Another session asks again for the same tool.
    const other = { ...link, server: { getClientCapabilities: () => ({}) } as unknown as DownstreamLink['server'] };
    const third = answerNext('allow-once');
    await agg.callTool('srv__write', {}, { caller: cursor, link: other });
    await third;
    expect(audited.map((a) => a.approval)).toEqual(['ui', 'session', 'ui', 'ui']);
  });

  it('asks a client that declared elicitation, and its decline refuses the call', async () => {
    const { agg, ran, broker, audited } = await setup('always');
    type Seen = {
      method: string;
      params: { message: string; requestedSchema: { properties: Record<string, unknown>; required: string[] } };
    };
    const seen: Seen[] = [];
    const declining = elicitingLink({ action: 'decline' }, seen);
    await expect(agg.callTool('srv__read', { token: 'hunter2' }, { caller: cursor, link: declining })).rejects.toThrow(
      /declined by the user/,
    );
    // The client sees the arguments with secrets redacted, and must pick a decision.
    expect(seen[0]?.params.message).toContain('[REDACTED]');
    expect(seen[0]?.params.message).not.toContain('hunter2');
    expect(seen[0]?.params.requestedSchema.required).toEqual(['decision']);
    expect(seen[0]?.method).toBe('elicitation/create');
    expect(seen[0]?.params.message).toMatch(/"read" of the server "srv"/);
    expect(seen[0]?.params.requestedSchema.properties.decision).toMatchObject({ enum: ['allow-once', 'allow-session', 'deny'] });
    await agg.callTool('srv__read', {}, { caller: cursor, link: elicitingLink({ action: 'accept', content: { decision: 'allow-once' } }) });
    // An accept without a decision is no approval.
    await expect(agg.callTool('srv__read', {}, { caller: cursor, link: elicitingLink({ action: 'accept', content: {} }) })).rejects.toThrow(
      /declined/,
    );
    expect(broker.pending()).toEqual([]);
    expect(ran).toEqual(['read']);
    expect(audited.map((a) => a.approval)).toEqual(['denied', 'client', 'denied']);
  });

  it("applies a profile's preset to sessions on its endpoint", async () => {
    const profile = { name: 'agent', exclude: [], readOnly: false, discovery: false, pinned: [], approval: 'never' } as ProfileConfig;
    const { agg, audited } = await setup('always', [profile]);
    await agg.callTool('srv__write', {}, { caller: { client: 'cursor', profile: 'agent' } });
    expect(audited.map((a) => a.approval)).toEqual(['not-needed']);
  });

  it('asks nothing of the admin acting through the control API', async () => {
    const { agg, audited } = await setup('always');
    await agg.callTool('srv__delete_all', {}, { byUser: true });
    expect(audited.map((a) => [a.caller.client, a.approval])).toEqual([['admin', 'user']]);
  });

  it('withdraws the question when the call is cancelled, and records it as cancelled', async () => {
    const { agg, pushes, audited, ran, nextQuestion } = await setup('always');
    const controller = new AbortController();
    const asked = nextQuestion();
    const call = agg.callTool('srv__write', {}, { caller: cursor, signal: controller.signal });
    await asked;
    controller.abort();
    await expect(call).rejects.toThrow(/cancelled while waiting for approval/);
    expect(pushes.at(-1)).toEqual([]);
    expect(ran).toEqual([]);
    expect(audited.map((a) => [a.outcome, a.approval])).toEqual([['cancelled', 'cancelled']]);
  });
});
