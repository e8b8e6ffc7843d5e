import { useEffect, useRef } from 'react';
import { hunks, lineDiff } from '../../../../shared/line-diff.js';

const SIGN = { add: '+', del: '−', same: ' ' };

/** What Save will change on disk, shown before it happens. */
export function DiffView({
  before,
  after,
  onConfirm,
  onCancel,
}: {
  before: string;
  after: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  // Focus moves into the review so Tab reaches its buttons next; Escape backs out like "Keep editing".
  useEffect(() => box.current?.focus(), []);
  return (
    <div
      className="card diff"
      data-testid="config-diff"
      role="region"
      aria-label="Changes to save"
      ref={box}
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <div className="panel-head">
        <h3>Review changes</h3>
        <button type="button" className="btn btn-small" data-testid="config-diff-cancel" onClick={onCancel}>
          Keep editing
        </button>
        <button type="button" className="btn btn-small btn-primary" data-testid="config-diff-confirm" onClick={onConfirm}>
          Save to disk
        </button>
      </div>
      <DiffLines before={before} after={after} />
    </div>
  );
}

/** The changed lines between two texts, with a little context around each change. */
export function DiffLines({ before, after }: { before: string; after: string }) {
  const shown = hunks(lineDiff(before, after));
  return (
    <pre className="diff-body">
      {shown.length === 0 && <span className="muted">No changes.</span>}
      {shown.map((d, i) =>
        d === null ? (
          <div key={i} className="diff-gap">
            …
          </div>
        ) : (
          <div key={i} className={`diff-line diff-${d.kind}`} data-kind={d.kind}>
            <span className="diff-no">{d.line}</span>
            <span className="diff-sign">{SIGN[d.kind]}</span>
            {d.text}
          </div>
        ),
      )}
    </pre>
  );
}
