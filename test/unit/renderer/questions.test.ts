// The store's pending approvals: fetched once at start, then replaced by each `questions` push; answering calls
// answerQuestion, and a refused answer (the question timed out meanwhile) shows a toast.
import { describe, expect, it } from 'vitest';
import { fail, ErrorCode } from '../../../shared/errors.js';
import type { PendingQuestion } from '../../../shared/types.js';
import { connectedStore, MemoryCore, until } from './memory-client.js';
import { connectStore, createAppStore } from '../../../renderer/src/store.js';

const question = (id: string): PendingQuestion => ({
  id,
  kind: 'tool-approval',
  title: `Approve notes__delete_note?`,
  message: 'Allow cursor to run the tool "delete_note" of the server "notes"?\nArguments:\n{}',
  details: { server: 'notes', tool: 'delete_note', client: 'cursor', profile: null },
  choices: [{ value: 'allow-once', label: 'Allow once' }],
  askedAt: 0,
  expiresAt: 120_000,
});

describe('questions in the store', () => {
  it('starts from listQuestions, then follows the pushes', async () => {
    const core = new MemoryCore();
    core.questions = [question('q1')];
    const client = core.client();
    const store = createAppStore(client);
    const disconnect = connectStore(store, client);
    await until(() => store.getState().questions.length === 1);
    core.emit('questions', [question('q1'), question('q2')]);
    expect(store.getState().questions.map((q) => q.id)).toEqual(['q1', 'q2']);
    core.emit('questions', []);
    expect(store.getState().questions).toEqual([]);
    disconnect();
  });

  it('answers through the control API, and a late answer becomes a toast', async () => {
    const { core, store, disconnect } = await connectedStore();
    await store.getState().answerQuestion('q1', 'allow-once');
    expect(core.callsOf('answerQuestion')).toEqual([['q1', 'allow-once']]);
    core.api.answerQuestion = async () => fail(ErrorCode.QUESTION_NOT_FOUND, 'no pending question "q2"');
    await store.getState().answerQuestion('q2', 'deny');
    expect(store.getState().toasts.at(-1)?.message).toContain('no pending question "q2"');
    disconnect();
  });
});
