// Pending tool-call approvals, above every page: what is asked (tool, server, caller, arguments with
// secrets redacted), how long is left, and Allow once / Allow for this session / Deny. Announced
// politely and reachable by Tab; it never takes the focus from what the user is doing.
import { useState } from 'react';
import type { PendingQuestion } from '../../../../shared/types.js';
import { useNow } from '../../components/use-now.js';
import { useAppStore } from '../../store-context.js';
import { selectQuestions } from '../../store.js';

/** The ticking clock may be up to a tick older than the question: never show more than its whole timeout. */
function secondsLeft(q: PendingQuestion, now: number): number {
  return Math.max(0, Math.ceil((q.expiresAt - Math.max(now, q.askedAt)) / 1000));
}

function who(q: PendingQuestion): string {
  const client = typeof q.details.client === 'string' ? q.details.client : 'a client';
  const profile = typeof q.details.profile === 'string' ? ` on profile "${q.details.profile}"` : '';
  return `${client}${profile}`;
}

function QuestionCard({ q, now }: { q: PendingQuestion; now: number }) {
  const answer = useAppStore((s) => s.answerQuestion);
  const [busy, setBusy] = useState(false);
  const choose = (value: string) => {
    setBusy(true);
    void answer(q.id, value).finally(() => setBusy(false));
  };
  const [, ...rest] = q.message.split('\n');
  const titleId = `approval-title-${q.id}`;
  return (
    <section className="approval-card" aria-labelledby={titleId} data-testid="approval-card" data-question-id={q.id}>
      <div className="approval-head">
        <strong id={titleId}>{q.title}</strong>
        <span className="approval-timer" data-testid="approval-timer">
          {secondsLeft(q, now)} s left
        </span>
      </div>
      <p className="approval-who">
        {who(q)} wants to run <code>{String(q.details.tool ?? '')}</code> of <code>{String(q.details.server ?? '')}</code>.
      </p>
      <pre className="approval-args mono" data-testid="approval-args">
        {rest.join('\n').replace(/^Arguments:\n/, '')}
      </pre>
      <div className="approval-actions">
        {q.choices.map((c) => (
          <button
            key={c.value}
            type="button"
            disabled={busy}
            className={`btn btn-small${c.value === 'deny' ? ' btn-danger' : c.value === 'allow-once' ? ' btn-primary' : ''}`}
            data-testid={`approval-${c.value}`}
            onClick={() => choose(c.value)}
          >
            {c.label}
          </button>
        ))}
      </div>
    </section>
  );
}

export function ApprovalBanner() {
  const questions = useAppStore(selectQuestions);
  const now = useNow(1000);
  if (questions.length === 0) return null;
  return (
    <div className="approval-banner" role="region" aria-label="Pending approvals" aria-live="polite" data-testid="approval-banner">
      <p className="approval-count">
        {questions.length === 1
          ? '1 tool call is waiting for your approval'
          : `${questions.length} tool calls are waiting for your approval`}
      </p>
      {questions.map((q) => (
        <QuestionCard key={q.id} q={q} now={now} />
      ))}
    </div>
  );
}
