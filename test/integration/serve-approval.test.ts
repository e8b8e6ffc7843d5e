// Approval before risky calls through a real `serve` and a real child whose tools are annotated (risky.ts):
// an SDK client that declared elicitation is asked with elicitation/create; a client that did not waits while
// the control API lists the question, and the answer (allow once / for the session / deny) or the timeout
// decides. Both reply kinds of the one pipeline: a plain call gets a JSON reply, a call asking for progress SSE.
// The audit log carries each decision; the admin's own calls through the control API are never held.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Client, StreamableHTTPClientTransport, type ElicitRequest, type ElicitResult } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientTokenInfo, PendingQuestion } from '../../shared/types.js';
import { AUDIT_FILE, type AuditEntry } from '../../electron/core/metrics/audit-log.js';
import { control, ROOT, startServe, tempDir, waitFor, type ServeHandle } from '../helpers/serve-process.js';

const RISKY = path.join(ROOT, 'test', 'fixtures', 'servers', 'risky.ts');
type Path = 'fast' | 'sdk';
const PATHS: Path[] = ['fast', 'sdk'];

let h: ServeHandle;
let cursorToken: string;
/** A client token bound to the "strict" profile's endpoint. */
let agentToken: string;

function config(approvalTimeout: number) {
  return {
    servers: { notes: { command: process.execPath, args: ['--import', 'tsx', RISKY], approval: 'destructive' } },
    profiles: { strict: { servers: ['notes'], approval: 'always' } },
    orchestrator: { approval_timeout: approvalTimeout },
  };
}

async function connect(opts: { elicit?: (req: ElicitRequest) => ElicitResult; urlPath?: string; token?: string } = {}): Promise<Client> {
  const client = new Client({ name: 'ide', version: '1.0.0' }, { capabilities: opts.elicit ? { elicitation: {} } : {} });
  const elicit = opts.elicit;
  if (elicit) client.setRequestHandler('elicitation/create', (req) => elicit(req));
  const url = new URL(h.base + (opts.urlPath ?? '/mcp'));
  await client.connect(
    new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${opts.token ?? cursorToken}` } } }),
  );
  return client;
}

/** A call with the chosen reply kind: asking for progress puts a _meta in the request, and the reply is an SSE stream. */
function call(client: Client, via: Path, name: string, args: Record<string, unknown> = { name: 'n1' }) {
  const opts = via === 'sdk' ? { onprogress: () => undefined } : undefined;
  return client.callTool({ name, arguments: args }, opts);
}

const textOf = (r: unknown) => ((r as { content?: Array<{ text?: string }> }).content ?? [])[0]?.text ?? '';

async function questions(): Promise<PendingQuestion[]> {
  const r = await control<PendingQuestion[]>(h, 'listQuestions');
  expect(r.ok).toBe(true);
  return r.value ?? [];
}

/** The one question for `tool`, once the call is waiting on it. */
function questionFor(tool: string): Promise<PendingQuestion> {
  // waitFor resolves only with a found question.
  const found = async () => (await questions()).find((q) => q.details.tool === tool) as PendingQuestion;
  return waitFor(found, `a pending question for ${tool}`, 20_000);
}

async function serverCount(client: Client, tool: string): Promise<number> {
  return Number(textOf(await client.callTool({ name: 'notes__count', arguments: { tool } })));
}

async function auditLines(): Promise<AuditEntry[]> {
  const text = await readFile(path.join(h.dir, AUDIT_FILE), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as AuditEntry);
}

beforeAll(async () => {
  h = await startServe(config(60), { dir: await tempDir(), ui: false });
  const added = await control<{ token: string; client: ClientTokenInfo }>(h, 'addClient', 'cursor', null);
  cursorToken = added.value!.token;
  const agent = await control<{ token: string; client: ClientTokenInfo }>(h, 'addClient', 'agent', 'strict');
  agentToken = agent.value!.token;
}, 60_000);

afterAll(async () => {
  await h?.stop();
});

describe('approval with a client that declared elicitation', () => {
  for (const via of PATHS) {
    it(`asks that client with elicitation/create; accept forwards, decline refuses (${via} path)`, async () => {
      const asked: ElicitRequest[] = [];
      let answer: ElicitResult = { action: 'accept', content: { decision: 'allow-once' } };
      const client = await connect({ elicit: (req) => (asked.push(req), answer) });
      try {
        const ok = await call(client, via, 'notes__delete_note', { name: `accepted-${via}` });
        expect(textOf(ok)).toBe(`delete_note accepted-${via}`);
        const params = asked[0]?.params as { message: string; requestedSchema: { properties: Record<string, { enum?: string[] }> } };
        expect(params.message).toContain('"delete_note" of the server "notes"');
        expect(params.message).toContain(`accepted-${via}`);
        expect(params.requestedSchema.properties.decision?.enum).toEqual(['allow-once', 'allow-session', 'deny']);
        // A read-only tool under "destructive" asks nothing.
        await call(client, via, 'notes__read_note');
        expect(asked).toHaveLength(1);

        const before = await serverCount(client, 'write_note');
        answer = { action: 'decline' };
        await expect(call(client, via, 'notes__write_note')).rejects.toThrow(/declined by the user/);
        answer = { action: 'cancel' };
        await expect(call(client, via, 'notes__write_note')).rejects.toThrow(/declined by the user/);
        expect(await serverCount(client, 'write_note')).toBe(before);
        // No question ever reached the app: the client answered them all.
        expect(await questions()).toEqual([]);
      } finally {
        await client.close();
      }
    }, 60_000);
  }
});

describe('approval with a client that did not declare elicitation', () => {
  for (const via of PATHS) {
    it(`waits for the answer in the app: allow once, deny, allow for this session (${via} path)`, async () => {
      const client = await connect();
      try {
        const allowed = call(client, via, 'notes__delete_note', { name: `ui-${via}` });
        const q = await questionFor('delete_note');
        expect(q).toMatchObject({ kind: 'tool-approval', details: { server: 'notes', client: 'cursor', profile: null } });
        expect(q.choices.map((c) => c.label)).toEqual(['Allow once', 'Allow for this session', 'Deny']);
        expect(await control(h, 'answerQuestion', q.id, 'allow-once')).toEqual({ ok: true, value: null });
        expect(textOf(await allowed)).toBe(`delete_note ui-${via}`);
        // Answering twice: the question is gone.
        expect((await control(h, 'answerQuestion', q.id, 'deny')).error?.code).toBe('QUESTION_NOT_FOUND');

        const before = await serverCount(client, 'write_note');
        const denied = call(client, via, 'notes__write_note');
        const q2 = await questionFor('write_note');
        await control(h, 'answerQuestion', q2.id, 'deny');
        await expect(denied).rejects.toThrow(/declined by the user/);
        expect(await serverCount(client, 'write_note')).toBe(before);

        const first = call(client, via, 'notes__write_note', { name: 'session-1' });
        await control(h, 'answerQuestion', (await questionFor('write_note')).id, 'allow-session');
        expect(textOf(await first)).toBe('write_note session-1');
        // Remembered for this session and tool: no question this time.
        expect(textOf(await call(client, via, 'notes__write_note', { name: 'session-2' }))).toBe('write_note session-2');
        expect(await questions()).toEqual([]);
      } finally {
        await client.close();
      }
    }, 60_000);
  }

  it('asks on a profile whose preset is always, even for a read-only tool', async () => {
    const client = await connect({ urlPath: '/mcp/strict', token: agentToken });
    try {
      const waiting = call(client, 'fast', 'notes__read_note', { name: 'strict' });
      const q = await questionFor('read_note');
      expect(q.details).toMatchObject({ client: 'agent', profile: 'strict' });
      await control(h, 'answerQuestion', q.id, 'allow-once');
      expect(textOf(await waiting)).toBe('read_note strict');
    } finally {
      await client.close();
    }
  }, 60_000);

  it('keeps the questions from client tokens: /api/listQuestions and /api/answerQuestion are admin only', async () => {
    for (const method of ['listQuestions', 'answerQuestion']) {
      const res = await fetch(`${h.base}/api/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${cursorToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ args: method === 'listQuestions' ? [] : ['q', 'allow-once'] }),
      });
      expect(res.status).toBe(403);
    }
  });

  it("runs the admin user's own calls through the control API unasked", async () => {
    const r = await control<{ content: Array<{ text: string }> }>(h, 'callTool', 'notes__delete_note', { name: 'by-admin' });
    expect(r.ok).toBe(true);
    expect(r.value?.content[0]?.text).toBe('delete_note by-admin');
    expect(await questions()).toEqual([]);
  });

  it('records each decision in the audit log', async () => {
    await waitFor(
      async () => (await auditLines()).some((l) => l.client === 'admin' && l.tool === 'delete_note'),
      'the admin call in the audit log',
    );
    const lines = await auditLines();
    const decisions = (tool: string) => lines.filter((l) => l.tool === tool).map((l) => [l.outcome, l.approval]);
    // Two paths each: elicitation accepted, then the app's "allow once"; the admin's call last.
    expect(decisions('delete_note')).toEqual([
      ['ok', 'client'],
      ['ok', 'client'],
      ['ok', 'ui'],
      ['ok', 'ui'],
      ['ok', 'user'],
    ]);
    expect(lines.filter((l) => l.tool === 'read_note').map((l) => l.approval)).toEqual(['not-needed', 'not-needed', 'ui']);
    expect(decisions('write_note')).toEqual(
      expect.arrayContaining([
        ['error', 'denied'],
        ['ok', 'ui'],
        ['ok', 'session'],
      ]),
    );
    expect(lines.filter((l) => l.approval === 'denied')).toHaveLength(6);
    expect(lines.filter((l) => l.approval === 'denied').every((l) => /declined by the user/.test(l.error ?? ''))).toBe(true);
  });

  it('gives up after orchestrator.approval_timeout with a clear error (the setting applies live)', async () => {
    const saved = await control(h, 'saveConfig', JSON.stringify(config(1)));
    expect(saved.ok).toBe(true);
    const client = await connect();
    try {
      await expect(call(client, 'fast', 'notes__delete_note', { name: 'late' })).rejects.toThrow(
        /nobody answered the approval request for notes__delete_note within 1 s/,
      );
      expect(await questions()).toEqual([]);
      const line = await waitFor(async () => (await auditLines()).find((l) => l.approval === 'timeout'), 'the timeout audit line');
      expect(line).toMatchObject({ tool: 'delete_note', outcome: 'error' });
    } finally {
      await client.close();
    }
  }, 60_000);
});
