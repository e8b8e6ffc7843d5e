// Approval on both reply kinds of the pipeline's JSON entry: a Gateway with the approval gate over the real
// risky.ts child, and the entry's own counter. A plain call gets a JSON reply and a call asking for progress an
// SSE reply; on both, a client that declared elicitation is asked with elicitation/create, and one that did not
// waits for the question broker. One hook (the pipeline's approval hook, forward-hooks.ts) serves both, and
// the SDK Server entry (a second gateway with the direct entry off) as well.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Gateway } from '../../electron/core/gateway/gateway.js';
import { destructiveApproval } from '../helpers/approval.js';
import { QuestionBroker } from '../../electron/core/trust/questions.js';
import { systemClock } from '../../electron/core/env.js';
import type { PendingQuestion } from '../../shared/types.js';
import { FIXTURE_DIR } from '../fixtures/servers/supervisor-harness.js';
import { connectStdio, RecordingRecorder, TEST_TOKEN, TestUpstreams, testEnv, testSettings, type Connected } from './gateway-helpers.js';

let child: Connected;
let gateway: Gateway;
let url: string;
/** The same gate behind a gateway whose requests all enter the pipeline through the SDK Server. */
let sdkGateway: Gateway;
let sdkUrl: string;
const asked: string[] = [];
let onQuestions: (p: PendingQuestion[]) => void = () => undefined;
const broker = new QuestionBroker({
  clock: systemClock,
  onChange: (p) => onQuestions(p),
});

beforeAll(async () => {
  child = await connectStdio('notes', ['--import', 'tsx', path.join(FIXTURE_DIR, 'risky.ts')]);
  const upstreams = new TestUpstreams();
  upstreams.add(child.upstream);
  const settings = testSettings();
  const approval = destructiveApproval(broker, 'notes');
  const options = {
    env: testEnv(),
    upstreams,
    recorder: new RecordingRecorder(),
    settings: () => settings,
    getToken: () => TEST_TOKEN,
    approval,
  };
  gateway = new Gateway({ ...options, jsonEntry: true });
  sdkGateway = new Gateway({ ...options, jsonEntry: false });
  ({ url } = await gateway.start());
  ({ url: sdkUrl } = await sdkGateway.start());
}, 30_000);

afterAll(async () => {
  await gateway?.stop();
  await sdkGateway?.stop();
  await child?.close();
});

async function connect(elicits: boolean, target = url): Promise<Client> {
  const client = new Client({ name: 'ide', version: '1.0.0' }, { capabilities: elicits ? { elicitation: {} } : {} });
  if (elicits) {
    client.setRequestHandler('elicitation/create', (req) => {
      asked.push(req.params.message);
      return { action: 'accept', content: { decision: 'allow-once' } };
    });
  }
  await client.connect(
    new StreamableHTTPClientTransport(new URL(target), { requestInit: { headers: { Authorization: `Bearer ${TEST_TOKEN}` } } }),
  );
  return client;
}

const call = (client: Client, withProgress: boolean, name: string) =>
  client.callTool({ name: 'notes__delete_note', arguments: { name } }, withProgress ? { onprogress: () => undefined } : undefined);

/** Answers the next question as soon as the broker lists it (from its push, no polling). */
function allowNext(): Promise<PendingQuestion> {
  return new Promise((resolve) => {
    onQuestions = (p) => {
      const q = p[0];
      if (!q) return;
      onQuestions = () => undefined;
      // After the push returns: the broker is mid-change while it calls us.
      queueMicrotask(() => {
        broker.answer(q.id, 'allow-once');
        resolve(q);
      });
    };
  });
}

describe('approval on both reply kinds', () => {
  for (const withProgress of [false, true]) {
    const label = withProgress ? 'an SSE reply' : 'a JSON reply';
    it(`asks an eliciting client on ${label}`, async () => {
      const client = await connect(true);
      try {
        const before = gateway.jsonEntry!.stats.answered;
        const result = await call(client, withProgress, `e-${label}`);
        expect(result.content).toEqual([{ type: 'text', text: `delete_note e-${label}` }]);
        expect(asked.at(-1)).toContain(`e-${label}`);
        expect(gateway.jsonEntry!.stats.answered - before).toBe(1);
      } finally {
        await client.close();
      }
    }, 30_000);

    it(`holds a non-eliciting client's call for the broker on ${label}`, async () => {
      const client = await connect(false);
      try {
        const before = gateway.jsonEntry!.stats.answered;
        const answered = allowNext();
        const result = await call(client, withProgress, `b-${label}`);
        expect((await answered).message).toContain(`b-${label}`);
        expect(result.content).toEqual([{ type: 'text', text: `delete_note b-${label}` }]);
        expect(gateway.jsonEntry!.stats.answered - before).toBe(1);
      } finally {
        await client.close();
      }
    }, 30_000);
  }

  it("asks an eliciting client, and holds a non-eliciting client's call, on the SDK Server entry too", async () => {
    expect(sdkGateway.jsonEntry).toBeUndefined();
    const eliciting = await connect(true, sdkUrl);
    const plain = await connect(false, sdkUrl);
    try {
      const result = await call(eliciting, false, 'e-sdk-entry');
      expect(result.content).toEqual([{ type: 'text', text: 'delete_note e-sdk-entry' }]);
      expect(asked.at(-1)).toContain('e-sdk-entry');
      const answered = allowNext();
      const held = await call(plain, false, 'b-sdk-entry');
      expect((await answered).message).toContain('b-sdk-entry');
      expect(held.content).toEqual([{ type: 'text', text: 'delete_note b-sdk-entry' }]);
    } finally {
      await eliciting.close();
      await plain.close();
    }
  }, 30_000);
});
