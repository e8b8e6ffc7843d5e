import { useAppStore } from '../../store-context.js';

/** Saved conversations (kept across reloads): switch, start a new one, delete. */
export function Conversations() {
  const conversations = useAppStore((s) => s.conversations);
  const currentId = useAppStore((s) => s.conversationId);
  const pending = useAppStore((s) => s.chatTurns.some((t) => t.pending));
  const switchTo = useAppStore((s) => s.switchConversation);
  const create = useAppStore((s) => s.newConversation);
  const remove = useAppStore((s) => s.deleteConversation);
  return (
    <div className="conversations">
      <label className="conv-pick">
        <span className="sr-only">Conversation</span>
        <select
          data-testid="chat-conversation-select"
          aria-label="Conversation"
          value={currentId}
          disabled={pending}
          onChange={(e) => switchTo(e.target.value)}
        >
          {conversations.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title} ({c.turns.length})
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="btn btn-small" data-testid="chat-new" disabled={pending} onClick={create}>
        New chat
      </button>
      <button
        type="button"
        className="btn btn-small btn-ghost"
        data-testid="chat-delete"
        disabled={pending}
        onClick={() => {
          if (window.confirm('Delete this conversation?')) remove(currentId);
        }}
      >
        Delete
      </button>
    </div>
  );
}
