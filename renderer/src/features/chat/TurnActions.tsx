import { useState } from 'react';
import { CopyButton } from '../../components/CopyButton.js';
import { useAppStore } from '../../store-context.js';
import type { ChatTurn } from '../../store.js';

/** Copy the answer, regenerate it, or edit the question and send it again (later turns are dropped). */
export function TurnActions({ turn }: { turn: ChatTurn }) {
  const resendFrom = useAppStore((s) => s.resendFrom);
  const busy = useAppStore((s) => s.chatTurns.some((t) => t.pending));
  const [editing, setEditing] = useState<string | null>(null);
  const answer = turn.response?.message ?? turn.text;
  if (editing !== null) {
    return (
      <form
        className="turn-edit"
        onSubmit={(e) => {
          e.preventDefault();
          if (!editing.trim()) return;
          setEditing(null);
          void resendFrom(turn.requestId, editing.trim());
        }}
      >
        <textarea
          aria-label="Edit message"
          data-testid="chat-edit-input"
          rows={2}
          value={editing}
          onChange={(e) => setEditing(e.target.value)}
          autoFocus
        />
        <button type="submit" className="btn btn-small btn-primary" data-testid="chat-edit-send" disabled={busy || !editing.trim()}>
          Send
        </button>
        <button type="button" className="btn btn-small" onClick={() => setEditing(null)}>
          Cancel
        </button>
      </form>
    );
  }
  return (
    <div className="turn-actions">
      {answer && <CopyButton text={answer} label="Copy answer" testId="chat-copy" />}
      <button
        type="button"
        className="btn btn-small btn-ghost"
        data-testid="chat-regenerate"
        disabled={busy}
        onClick={() => void resendFrom(turn.requestId, turn.prompt)}
      >
        Regenerate
      </button>
      <button
        type="button"
        className="btn btn-small btn-ghost"
        data-testid="chat-edit"
        disabled={busy}
        onClick={() => setEditing(turn.prompt)}
      >
        Edit
      </button>
    </div>
  );
}
