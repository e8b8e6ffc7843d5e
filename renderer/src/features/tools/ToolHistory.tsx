import { useAppStore } from '../../store-context.js';
import { formatMs, formatTime } from '../../format.js';
import type { ToolCallState } from '../../store.js';

/** Recent calls; Re-run loads the tool with the same arguments and calls it again. */
export function ToolHistory({ onRerun }: { onRerun: (call: ToolCallState) => void }) {
  const history = useAppStore((s) => s.toolHistory);
  const pending = useAppStore((s) => !!s.toolCall?.pending);
  if (history.length === 0) return null;
  return (
    <div className="card history">
      <h3>History</h3>
      <ol className="history-list" data-testid="tool-history">
        {history.map((h) => {
          const failed = !!h.error || !!h.outcome?.isError;
          return (
            <li key={h.id} className="history-item">
              <span className={failed ? 'badge state-failed' : 'badge state-running'}>{failed ? 'error' : 'ok'}</span>
              <code className="history-name">{h.name}</code>
              <span className="muted small">
                {formatTime(h.startedAt)} · {formatMs(h.durationMs)}
              </span>
              <code className="muted small history-args">{JSON.stringify(h.args)}</code>
              <button type="button" className="btn btn-small" data-testid="tool-rerun" disabled={pending} onClick={() => onRerun(h)}>
                Re-run
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
