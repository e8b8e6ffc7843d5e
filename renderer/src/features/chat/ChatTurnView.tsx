import type { ChatTurn } from '../../store.js';
import { formatMs } from '../../format.js';
import { Markdown } from './Markdown.js';
import { errorText } from '../../error-text.js';
import { ToolSteps } from './ToolSteps.js';
import { TurnActions } from './TurnActions.js';

function Usage({ usage }: { usage: NonNullable<ChatTurn['response']>['usage'] }) {
  if (!usage) return null;
  const parts = [
    usage.prompt_tokens !== undefined ? `${usage.prompt_tokens} in` : null,
    usage.completion_tokens !== undefined ? `${usage.completion_tokens} out` : null,
    usage.total_tokens !== undefined ? `${usage.total_tokens} total` : null,
  ].filter(Boolean);
  return parts.length ? <span data-testid="chat-tokens">{parts.join(' · ')} tokens</span> : null;
}

export function ChatTurnView({ turn }: { turn: ChatTurn }) {
  const r = turn.response;
  const stopped = turn.error?.code === 'CANCELLED';
  return (
    <article className="turn" data-request-id={turn.requestId}>
      <div className="bubble bubble-user" data-testid="chat-prompt">
        {turn.prompt}
      </div>
      {turn.steps && <ToolSteps requestId={turn.requestId} steps={turn.steps} />}
      <div className={turn.error && !stopped ? 'bubble bubble-answer bubble-error' : 'bubble bubble-answer'}>
        {(!turn.error || stopped) && (
          <div className="answer-text" data-testid="chat-answer" data-done={turn.pending ? 'false' : 'true'}>
            {turn.text ? <Markdown text={turn.text} /> : turn.pending ? '…' : ''}
          </div>
        )}
        {turn.error && (
          <div data-testid="chat-error" className={stopped ? 'muted small' : undefined}>
            {stopped ? `Stopped${turn.text ? '; the partial answer is kept' : ''}.` : errorText(turn.error)}
            {turn.vendorNote && (
              <div className="small" data-testid="chat-vendor-note">
                {turn.vendorNote} Start them or add their keys on the Servers page.
              </div>
            )}
          </div>
        )}
        {turn.pending && !turn.error && <span className="spinner" role="status" aria-label="Waiting for the answer" />}
      </div>
      {r && (
        <div className="turn-meta">
          <span className="pill" data-testid="chat-vendor">
            {r.vendor}
          </span>
          <span className="muted">{r.model}</span>
          <span data-testid="chat-latency">{formatMs(r.latency_ms)}</span>
          <Usage usage={r.usage} />
        </div>
      )}
      {!turn.pending && <TurnActions turn={turn} />}
      {r && r.failover.length > 0 && (
        <ul className="failover" data-testid="chat-failover">
          {r.failover.map((f, i) => (
            <li key={`${f.vendor}-${i}`}>
              <strong>{f.vendor}</strong> failed: {f.error}
            </li>
          ))}
        </ul>
      )}
      {r?.notes && r.notes.length > 0 && (
        <ul className="notes" data-testid="chat-notes">
          {r.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
    </article>
  );
}
