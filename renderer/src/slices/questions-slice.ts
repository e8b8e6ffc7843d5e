// Questions the core waits on the user for (tool-call approvals): the pending list, pushed by the
// `questions` event after one initial fetch, and the answer action.
import type { PendingQuestion, QuestionAnswer } from '../../../shared/types.js';
import type { SliceCreator } from './helpers.js';
import { unwrap } from './helpers.js';

export interface QuestionsSlice {
  questions: PendingQuestion[];
  setQuestions(questions: PendingQuestion[]): void;
  loadQuestions(): Promise<void>;
  answerQuestion(id: string, answer: QuestionAnswer): Promise<void>;
}

export const createQuestionsSlice: SliceCreator<QuestionsSlice> = (client) => (set, get) => ({
  questions: [],
  setQuestions: (questions) => set({ questions }),
  loadQuestions: async () => {
    const questions = unwrap(get, await client.listQuestions(), 'Pending approvals');
    if (questions) set({ questions });
  },
  answerQuestion: async (id, answer) => {
    // A question that timed out meanwhile answers QUESTION_NOT_FOUND: the toast says so, and the push removes it.
    unwrap(get, await client.answerQuestion(id, answer), 'Approval');
  },
});
