// Issue 22 pinning: a server's changed (or new) tool, prompt and template definitions, with a word diff of the
// description and a diff of the rest, and Approve / Reject for each. Focus moves in when it opens; Escape closes it.
import { useEffect, useRef, useState } from 'react';
import type { PinChange, ServerStatus } from '../../../../shared/types.js';
import { useAppStore } from '../../store-context.js';

const NO_CHANGES: PinChange[] = [];

function WordDiff({ change }: { change: PinChange }) {
  return (
    <p className="pin-words" data-testid={`pin-description-${change.name}`}>
      {change.description.map((p, i) =>
        p.op === 'same' ? (
          <span key={i}>{p.text}</span>
        ) : p.op === 'add' ? (
          <ins key={i} className="diff-add">
            {p.text}
          </ins>
        ) : (
          <del key={i} className="diff-del">
            {p.text}
          </del>
        ),
      )}
    </p>
  );
}

function SchemaDiff({ text }: { text: string }) {
  const lines = text.trimEnd().split('\n').slice(2); // the --- / +++ labels say nothing here
  return (
    <pre className="diff-body pin-schema">
      {lines.map((l, i) => (
        <div key={i} className={`diff-line ${l.startsWith('+') ? 'diff-add' : l.startsWith('-') ? 'diff-del' : ''}`}>
          {l}
        </div>
      ))}
    </pre>
  );
}

function ChangeCard({ server, change }: { server: string; change: PinChange }) {
  const review = useAppStore((s) => s.reviewPinChange);
  const state = change.status === 'rejected' ? 'rejected, hidden' : change.served ? 'served ("warn")' : 'hidden until reviewed';
  return (
    <li className="pin-change" data-testid={`pin-change-${change.name}`}>
      <div className="panel-head">
        <strong>
          {change.kind} {change.name}
        </strong>
        <span className="muted small">
          {change.change} · {state}
        </span>
        <button
          type="button"
          className="btn btn-small btn-primary"
          data-testid={`pin-approve-${change.name}`}
          onClick={() => void review(server, change.name, 'approve')}
        >
          Approve
        </button>
        {change.status === 'pending' && (
          <button
            type="button"
            className="btn btn-small"
            data-testid={`pin-reject-${change.name}`}
            onClick={() => void review(server, change.name, 'reject')}
          >
            Reject
          </button>
        )}
      </div>
      <WordDiff change={change} />
      {change.schemaDiff && <SchemaDiff text={change.schemaDiff} />}
    </li>
  );
}

function PinReview({ server, onClose }: { server: string; onClose: () => void }) {
  const changes = useAppStore((s) => s.pinChanges[server] ?? NO_CHANGES);
  const load = useAppStore((s) => s.loadPinChanges);
  const review = useAppStore((s) => s.reviewPinChange);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    void load(server);
    box.current?.focus();
  }, [load, server]);
  const pending = changes.filter((c) => c.status === 'pending').length;
  return (
    <div
      className="card pin-review"
      data-testid={`pin-review-${server}`}
      role="region"
      aria-label={`Changes awaiting review on ${server}`}
      ref={box}
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="panel-head">
        <h3>Review changed definitions</h3>
        <span className="muted small">Approved definitions are served again; rejected ones stay hidden from clients.</span>
        {pending > 1 && (
          <button
            type="button"
            className="btn btn-small"
            data-testid="pin-approve-all"
            onClick={() => void review(server, null, 'approve')}
          >
            Approve all
          </button>
        )}
        <button type="button" className="btn btn-small" data-testid="pin-review-close" onClick={onClose}>
          Close
        </button>
      </div>
      {changes.length === 0 ? (
        <p className="muted" data-testid="pin-review-empty">
          Nothing awaits review.
        </p>
      ) : (
        <ul className="pin-changes">
          {changes.map((c) => (
            <ChangeCard key={`${c.kind}:${c.name}`} server={server} change={c} />
          ))}
        </ul>
      )}
    </div>
  );
}

/** Issue 22 pinning: the badge that says what waits for review, and the button that opens the review. */
export function PinNotice({ server }: { server: ServerStatus }) {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const count = server.pinChanges ?? 0;
  if (!count && !server.awaitingApproval && !open) return null;
  const close = () => {
    setOpen(false);
    // Back to the button that opened it (it may be gone once nothing waits).
    requestAnimationFrame(() => opener.current?.focus());
  };
  const what = server.awaitingApproval
    ? 'imported: nothing is served until you approve its tools'
    : count
      ? `${count} change${count === 1 ? '' : 's'} awaiting review`
      : 'all changes reviewed';
  return (
    <>
      <div className="server-warn small" data-testid={`server-pins-${server.id}`}>
        <span className="badge state-degraded">{what}</span>{' '}
        <button
          type="button"
          className="link-btn"
          ref={opener}
          aria-expanded={open}
          data-testid={`server-pins-review-${server.id}`}
          onClick={() => setOpen(!open)}
        >
          Review
        </button>
      </div>
      {open && <PinReview server={server.id} onClose={close} />}
    </>
  );
}
